package answer

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/answer/reading"
)

var update = flag.Bool("update", false, "rewrite testdata/readings.golden")

// TestReadingsGolden records what Examine (ATS mail) or Read (other mail)
// says about every fixture, reasons included, so that a rule change shows
// in review as a diff of testdata/readings.golden. Run with -update to
// rewrite it.
func TestReadingsGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.eml")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m := ParseMessage(raw)
		fmt.Fprintf(&b, "%s\n", filepath.Base(f))
		if v, ok := Default().Examine(m, candidates, now, nil); ok {
			fmt.Fprintf(&b, "\t%s (%s)\n\t%s\n\tmatch: %s: %s\n", v.Vendor, v.Evidence, v.Summary(), matchString(v.Match), v.Match.Reason)
		} else {
			r := reading.Read(m.Subject, m.Text, m.Date, nil)
			fmt.Fprintf(&b, "\tnot ATS\n\t%s\n", r.Reason)
		}
	}
	golden := filepath.Join("testdata", "readings.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run Golden -update to create it)", err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("readings differ from %s; if the change is right, run go test -run Golden -update and review the diff\n%s", golden, firstDiff(got, string(want)))
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d: got %q, want %q", i+1, gl, wl)
		}
	}
	return ""
}
