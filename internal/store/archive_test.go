package store

import (
	"testing"

	"github.com/followup-dev/followup/internal/followup"
)

func TestDumpRestoreKeepsCalendarSequences(t *testing.T) {
	src := openTemp(t)
	if _, err := src.AddInterview(t.Context(), sample("Acme"), now); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"h1", "h2", "h3"} { // two time changes: SEQUENCE 2
		if _, err := src.CalendarSequences(t.Context(), map[string]string{"u": h}, now); err != nil {
			t.Fatal(err)
		}
	}
	d, err := src.Dump(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	dst := openTemp(t)
	for range 2 {
		if _, err := dst.Restore(t.Context(), d); err != nil {
			t.Fatalf("Restore = %v", err)
		}
	}
	got, err := dst.CalendarSequences(t.Context(), map[string]string{"u": "h3"}, now)
	if err != nil || got["u"] != 2 {
		t.Errorf("CalendarSequences after Restore = %v, %v; want u at 2", got, err)
	}
	if n, _ := dst.CountInterviews(t.Context()); n != 1 {
		t.Errorf("CountInterviews after restoring twice = %d, want 1", n)
	}
	// A restore of an older export never lowers a SEQUENCE given out since.
	dst.CalendarSequences(t.Context(), map[string]string{"u": "h4"}, now)
	if _, err := dst.Restore(t.Context(), d); err != nil {
		t.Fatal(err)
	}
	if got, _ := dst.CalendarSequences(t.Context(), map[string]string{"u": "h4"}, now); got["u"] < 3 {
		t.Errorf("SEQUENCE after restoring an older export = %d, want at least 3", got["u"])
	}
}

func TestAddInterviewsSkipsTracked(t *testing.T) {
	s := openTemp(t)
	ids, err := s.AddInterviews(t.Context(), []*followup.Interview{sample("Acme"), sample("Initech")}, now)
	if err != nil || ids[0] == "" || ids[1] == "" {
		t.Fatalf("AddInterviews = %v, %v", ids, err)
	}
	ids, err = s.AddInterviews(t.Context(), []*followup.Interview{sample("Acme"), sample("Globex")}, now)
	if err != nil || ids[0] != "" || ids[1] == "" {
		t.Errorf("AddInterviews again = %v, %v; want Acme skipped and Globex added", ids, err)
	}
	if n, _ := s.CountInterviews(t.Context()); n != 3 {
		t.Errorf("CountInterviews = %d, want 3", n)
	}
}
