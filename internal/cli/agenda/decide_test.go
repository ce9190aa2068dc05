package agenda

import (
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/calendar"
	"github.com/followup-dev/followup/internal/usage"
)

func testWhenContext(t testing.TB) whenContext {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return whenContext{now: time.Date(2026, 11, 20, 17, 0, 0, 0, berlin), cal: calendar.Default(), windowStart: 9 * 60}
}

func TestReadWhen(t *testing.T) {
	wc := testWhenContext(t)
	tests := []struct {
		text, want string // want "" for a usage error
	}{
		{"monday", "2026-11-23T09:00:00+01:00"},
		{"  Monday  ", "2026-11-23T09:00:00+01:00"},
		{"monday 14:30", "2026-11-23T14:30:00+01:00"},
		{"in 3 days", "2026-11-23T09:00:00+01:00"},
		{"2026-12-07", "2026-12-07T09:00:00+01:00"},
		{"2026-12-07 10:00", "2026-12-07T10:00:00+01:00"},
		{"2026-12-07T10:00", "2026-12-07T10:00:00+01:00"},
		{"2026-12-07T10:00:00Z", "2026-12-07T11:00:00+01:00"},
		{"today", "2026-11-20T17:00:00+01:00"}, // after the window opened: from now on
		{"today 18:00", "2026-11-20T18:00:00+01:00"},
		{"today 08:00", ""},
		{"2026-11-19", ""},
		{"2026-11-20 16:59", ""},
		{"whenever", ""},
		{"", ""},
		{"monday\nBcc: x", ""},
	}
	for _, tt := range tests {
		got, err := readWhen("until", tt.text, wc)
		switch {
		case tt.want == "" && !usage.Is(err):
			t.Errorf("readWhen(%q) = %s, %v; want a usage error", tt.text, got, err)
		case tt.want != "" && (err != nil || got.Format(time.RFC3339) != tt.want):
			t.Errorf("readWhen(%q) = %s, %v; want %s", tt.text, got.Format(time.RFC3339), err, tt.want)
		}
	}
}

func FuzzReadWhen(f *testing.F) {
	for _, s := range []string{"monday", "in 3 days", "2026-12-07 10:00", "monday 25:99", "next week 9:00", "12/7", ":"} {
		f.Add(s)
	}
	wc := testWhenContext(f)
	f.Fuzz(func(t *testing.T, text string) {
		got, err := readWhen("until", text, wc)
		if err != nil {
			if !usage.Is(err) {
				t.Errorf("readWhen(%q) = %v, want a usage error", text, err)
			}
			return
		}
		if got.Before(wc.now) {
			t.Errorf("readWhen(%q) = %s, before now %s", text, got, wc.now)
		}
	})
}
