package classify

import (
	"os"
	"sort"
	"testing"
)

func TestDebugDump(t *testing.T) {
	if os.Getenv("DUMP") == "" {
		t.Skip()
	}
	files := readFixtures(t)
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		r := Classify(files[n])
		t.Logf("%s: %s (%s) fr=%q rd=%v\n    %q", n, r.Class, r.Reason, r.FailedRecipient, dateString(r.ReturnDate), r.Signals)
	}
}
