package nextstep

import (
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/calendar"
)

// zone is the user's zone in the tests; a fixed offset keeps them free of tzdata.
var zone = time.FixedZone("EST", -5*3600)

// refTime is the end of an interview on date s (YYYY-MM-DD) in zone.
func refTime(s string) time.Time {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d.At(16, 30, zone)
}

func date(s string) calendar.Date {
	if s == "" {
		return calendar.Date{}
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestParseCorpus(t *testing.T) {
	if len(corpus) < 150 {
		t.Fatalf("corpus has %d phrases, want at least 150", len(corpus))
	}
	cals := testCalendars()
	for _, tt := range corpus {
		got := Parse(tt.text, refTime(tt.ref), cals[tt.cal])
		wantLate := date(tt.late)
		wantEarly := wantLate
		if tt.early != "" {
			wantEarly = date(tt.early)
		}
		if got.Found != (tt.late != "") || got.Earliest != wantEarly || got.Latest != wantLate || got.Rule != tt.rule {
			t.Errorf("Parse(%q, %s, %q) = %v..%v %s (match %q, found %v), want %v..%v %s",
				tt.text, tt.ref, tt.cal, got.Earliest, got.Latest, got.Rule, got.Match, got.Found, wantEarly, wantLate, tt.rule)
		}
	}
}
