package calendar

import (
	"strings"
	"sync"
	"testing"
	"time"
)

func mustNew(t *testing.T, workdays []time.Weekday, holidays []Date, country string) *Calendar {
	t.Helper()
	c, err := New(workdays, holidays, country)
	if err != nil {
		t.Fatalf("New(%v, %v, %q) = %v", workdays, holidays, country, err)
	}
	return c
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name     string
		workdays []time.Weekday
		holidays []Date
		country  string
		wantIn   []string // substrings of the error; nil means no error
	}{
		{"defaults", nil, nil, "", nil},
		{"lower-case country", nil, nil, "us", nil},
		{"subdivision", nil, nil, "de-by", nil},
		{"unknown country", nil, nil, "XX", []string{`"XX"`, "US", "GB", "DE"}},
		{"bad weekday", []time.Weekday{7}, nil, "", []string{"workday 7"}},
		{"bad holiday", nil, []Date{{2026, time.February, 30}}, "", []string{"2026-02-30"}},
		{"all errors at once", []time.Weekday{-1}, []Date{{2026, 13, 1}}, "ZZ", []string{"workday -1", "2026-13-01", `"ZZ"`}},
	}
	for _, tt := range tests {
		_, err := New(tt.workdays, tt.holidays, tt.country)
		if tt.wantIn == nil {
			if err != nil {
				t.Errorf("%s: New(%v, %v, %q) = %v, want no error", tt.name, tt.workdays, tt.holidays, tt.country, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: New(%v, %v, %q) = nil error, want one mentioning %q", tt.name, tt.workdays, tt.holidays, tt.country, tt.wantIn)
			continue
		}
		for _, s := range tt.wantIn {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%s: New(...) error = %q, want it to contain %q", tt.name, err, s)
			}
		}
	}
}

func TestCountries(t *testing.T) {
	got := Countries()
	for _, want := range []string{"US", "GB", "DE", "FR", "NL", "CA", "AU", "NZ", "IE", "ES", "IT", "SE", "CH", "JP", "AU-NSW", "DE-BY"} {
		found := false
		for _, c := range got {
			found = found || c == want
		}
		if !found {
			t.Errorf("Countries() = %v, want it to contain %q", got, want)
		}
	}
	for i := 1; i < len(got); i++ {
		if got[i-1] >= got[i] {
			t.Errorf("Countries() not sorted at %d: %q, %q", i, got[i-1], got[i])
		}
	}
}

func TestIsWorkday(t *testing.T) {
	sunThu := []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday}
	tests := []struct {
		workdays []time.Weekday
		date     string
		want     bool
	}{
		{nil, "2026-11-20", true},  // Friday
		{nil, "2026-11-21", false}, // Saturday
		{nil, "2026-11-22", false}, // Sunday
		{nil, "2026-11-23", true},  // Monday
		{sunThu, "2026-11-20", false},
		{sunThu, "2026-11-22", true},
		{nil, "2026-11-26", true}, // Thanksgiving is a workday, just a holiday too
	}
	for _, tt := range tests {
		c := mustNew(t, tt.workdays, nil, "US")
		if got := c.IsWorkday(d(tt.date)); got != tt.want {
			t.Errorf("IsWorkday(%s) with workdays %v = %v, want %v", tt.date, tt.workdays, got, tt.want)
		}
	}
}

func TestIsHoliday(t *testing.T) {
	configured := []Date{d("2026-12-31"), d("2027-01-01")}
	tests := []struct {
		country  string
		date     string
		wantName string // "" means not a holiday
	}{
		{"", "2026-12-25", ""},
		{"", "2026-12-31", "holiday (configured)"},
		{"US", "2026-11-26", "Thanksgiving Day"},
		{"US", "2026-11-27", ""},
		{"US", "2026-07-04", "Independence Day"}, // Saturday itself
		{"US", "2026-07-03", "Independence Day"}, // observed Friday
		{"US", "2027-12-31", "New Year's Day"},   // observed for 2028-01-01, a Saturday
		{"US", "2027-12-24", "Christmas Day"},    // observed for a Saturday
		{"GB", "2026-04-03", "Good Friday"},
		{"GB", "2026-04-06", "Easter Monday"},
		{"GB", "2026-12-28", "Boxing Day"}, // substitute for Saturday 26th
		{"GB", "2026-11-26", ""},
		{"de", "2026-10-03", "Deutschen Einheit"},
		{"US", "2026-12-31", "holiday (configured)"},
	}
	for _, tt := range tests {
		c := mustNew(t, nil, configured, tt.country)
		name, ok := c.IsHoliday(d(tt.date))
		if ok != (tt.wantName != "") || (ok && !strings.Contains(name, tt.wantName)) {
			t.Errorf("IsHoliday(%s) in %q = %q, %v, want %q", tt.date, tt.country, name, ok, tt.wantName)
		}
	}
}

func TestIsBusinessDay(t *testing.T) {
	c := mustNew(t, nil, []Date{d("2026-12-31")}, "US")
	tests := []struct {
		date string
		want bool
	}{
		{"2026-11-25", true},
		{"2026-11-26", false}, // Thanksgiving
		{"2026-11-28", false}, // Saturday
		{"2026-12-31", false}, // configured
		{"2027-01-01", false}, // New Year
		{"2027-01-04", true},
	}
	for _, tt := range tests {
		if got := c.IsBusinessDay(d(tt.date)); got != tt.want {
			t.Errorf("IsBusinessDay(%s) = %v, want %v", tt.date, got, tt.want)
		}
	}
}

func TestAddBusinessDays(t *testing.T) {
	plain := Default()
	yearEnd := mustNew(t, nil, []Date{d("2026-12-31"), d("2027-01-01")}, "")
	us := mustNew(t, nil, nil, "US")
	sunThu := mustNew(t, []time.Weekday{0, 1, 2, 3, 4}, nil, "")
	tests := []struct {
		name string
		c    *Calendar
		from string
		n    int
		want string
	}{
		{"zero", plain, "2026-11-21", 0, "2026-11-21"},
		{"fri+1", plain, "2026-11-20", 1, "2026-11-23"},
		{"fri+5", plain, "2026-11-20", 5, "2026-11-27"},
		{"sat+1", plain, "2026-11-21", 1, "2026-11-23"},
		{"sun+1", plain, "2026-11-22", 1, "2026-11-23"},
		{"wed+3", plain, "2026-11-18", 3, "2026-11-23"},
		{"mon-1", plain, "2026-11-23", -1, "2026-11-20"},
		{"year end holidays", yearEnd, "2026-12-30", 3, "2027-01-06"},
		{"thanksgiving", us, "2026-11-25", 1, "2026-11-27"},
		{"christmas observed", us, "2027-12-23", 1, "2027-12-27"},
		{"sun-thu week", sunThu, "2026-11-19", 1, "2026-11-22"},
	}
	for _, tt := range tests {
		if got := tt.c.AddBusinessDays(d(tt.from), tt.n); got != d(tt.want) {
			t.Errorf("%s: AddBusinessDays(%s, %d) = %v, want %s", tt.name, tt.from, tt.n, got, tt.want)
		}
	}
}

func TestNextBusinessDay(t *testing.T) {
	us := mustNew(t, nil, []Date{d("2026-12-31")}, "US")
	tests := []struct {
		from, want string
	}{
		{"2026-11-20", "2026-11-20"},
		{"2026-11-21", "2026-11-23"},
		{"2026-11-26", "2026-11-27"},
		{"2026-12-31", "2027-01-04"},
	}
	for _, tt := range tests {
		if got := us.NextBusinessDay(d(tt.from)); got != d(tt.want) {
			t.Errorf("NextBusinessDay(%s) = %v, want %s", tt.from, got, tt.want)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	c := mustNew(t, nil, nil, "GB")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			start := d("2026-01-01").AddDays(i * 40)
			for j := range 200 {
				c.IsBusinessDay(start.AddDays(j))
			}
		})
	}
	wg.Wait()
	if _, ok := c.IsHoliday(d("2026-12-25")); !ok {
		t.Errorf("IsHoliday(2026-12-25) in GB = false, want true")
	}
}
