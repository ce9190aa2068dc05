package answer

import (
	_ "embed"
	"fmt"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/followup-dev/followup/internal/answer/reading"
	"github.com/followup-dev/followup/internal/calendar"
)

// Vendor is one applicant-tracking system. Its fields are documented in
// vendors.toml; configuration supplies extra vendors with the same keys.
type Vendor struct {
	Name    string   `toml:"name"`
	Domains []string `toml:"domains"`
	Headers []string `toml:"headers"`
	Slugs   []string `toml:"slugs"`
}

// Table is the set of known vendors and schedulers. It is read-only once
// built, so one Table may be used by many goroutines.
type Table struct {
	vendors []Vendor
	links   *reading.Schedulers // the schedulers whose links Read looks for
	// domains and printNames (lower-cased) index the vendors for
	// MayDetect; suffixes holds every domain's parent domains and itself
	// ("io", "greenhouse.io"), so that a domain is read from its end no
	// further than some vendor's domain could match.
	domains, printNames, suffixes map[string]bool
}

//go:embed vendors.toml
var builtinTOML string

// builtin is the embedded table, parsed once.
var builtin = mustParse(builtinTOML)

// tableFile is the shape of vendors.toml.
type tableFile struct {
	Vendor []Vendor `toml:"vendor"`
}

func mustParse(s string) tableFile {
	var f tableFile
	if _, err := toml.Decode(s, &f); err != nil {
		panic("answer: embedded vendors.toml: " + err.Error())
	}
	return f
}

// Default returns the built-in table of vendors.toml. It is built once
// and shared; a Table is never changed after it is built.
func Default() *Table { return defaultTable }

// defaultTable is the built-in table.
var defaultTable = func() *Table {
	t, _ := NewTable(nil, nil)
	return t
}()

// NewTable returns the built-in table extended with extra vendors and
// schedulers, as configuration supplies them. An extra vendor whose name is
// a built-in one's (case-insensitively) adds its domains, headers and slugs
// to it. An entry without a name, without domains or headers, or with a
// slug lacking "{slug}" is an error naming the entry; all such errors are
// reported at once.
func NewTable(extra []Vendor, schedulers []reading.Scheduler) (*Table, error) {
	t := &Table{}
	for _, v := range builtin.Vendor {
		t.vendors = append(t.vendors, normVendor(v))
	}
	var errs []string
	for i, v := range extra {
		if e := checkVendor(v); e != "" {
			errs = append(errs, fmt.Sprintf("vendor %d (%q): %s", i+1, v.Name, e))
			continue
		}
		t.addVendor(normVendor(v))
	}
	var extraSchedulers []reading.Scheduler
	for i, s := range schedulers {
		if s.Name == "" || len(s.Hosts) == 0 {
			errs = append(errs, fmt.Sprintf("scheduler %d (%q): needs a name and at least one host", i+1, s.Name))
			continue
		}
		extraSchedulers = append(extraSchedulers, reading.Scheduler{Name: s.Name, Hosts: lowerAll(s.Hosts)})
	}
	t.links = reading.NewSchedulers(extraSchedulers)
	t.indexVendors()
	if len(errs) > 0 {
		return t, fmt.Errorf("applicant-tracking table: %s", strings.Join(errs, "; "))
	}
	return t, nil
}

// checkVendor returns what is wrong with an extra vendor, or "".
func checkVendor(v Vendor) string {
	switch {
	case strings.TrimSpace(v.Name) == "":
		return "needs a name"
	case len(v.Domains) == 0 && len(v.Headers) == 0:
		return "needs at least one domain or header"
	}
	for _, s := range v.Slugs {
		if !strings.Contains(s, "{slug}") {
			return fmt.Sprintf("slug %q has no {slug}", s)
		}
	}
	return ""
}

// addVendor merges v into a vendor of the same name, or appends it.
func (t *Table) addVendor(v Vendor) {
	for i := range t.vendors {
		if strings.EqualFold(t.vendors[i].Name, v.Name) {
			o := &t.vendors[i]
			o.Domains = append(o.Domains, v.Domains...)
			o.Headers = append(o.Headers, v.Headers...)
			o.Slugs = append(o.Slugs, v.Slugs...)
			return
		}
	}
	t.vendors = append(t.vendors, v)
}

// normVendor lower-cases a vendor's domains and slugs and copies its slices.
func normVendor(v Vendor) Vendor {
	return Vendor{Name: v.Name, Domains: lowerAll(v.Domains), Headers: append([]string(nil), v.Headers...), Slugs: lowerAll(v.Slugs)}
}

// Vendors returns a copy of the table's vendors, for `followup` to list.
func (t *Table) Vendors() []Vendor {
	out := make([]Vendor, len(t.vendors))
	for i, v := range t.vendors {
		out[i] = normVendor(v)
	}
	return out
}

func lowerAll(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if s = strings.ToLower(strings.TrimSpace(s)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// indexVendors fills the indexes of MayDetect.
func (t *Table) indexVendors() {
	t.domains, t.printNames, t.suffixes = map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, v := range t.vendors {
		for _, d := range v.Domains {
			d = strings.ToLower(d)
			t.domains[d] = true
			for s := d; s != ""; {
				t.suffixes[s] = true
				_, s, _ = strings.Cut(s, ".")
			}
		}
		for _, p := range v.Headers {
			name, _, _ := strings.Cut(p, ":")
			t.printNames[strings.ToLower(strings.TrimSpace(name))] = true
		}
	}
}

// Read is reading.Read with the table's schedulers.
func (t *Table) Read(subject, text string, ref time.Time, cal *calendar.Calendar) reading.Reading {
	return t.links.Read(subject, text, ref, cal)
}
