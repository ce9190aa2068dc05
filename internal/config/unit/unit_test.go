package unit

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for s, want := range map[string]time.Duration{"90m": 90 * time.Minute, "14d": 14 * 24 * time.Hour, "2w": 14 * 24 * time.Hour, " 1.5d ": 36 * time.Hour} {
		if got, err := ParseDuration(s); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "two weeks", "-1d", "0x10d", "NaNd", "3651d", "1e300w"} {
		if _, err := ParseDuration(s); err == nil {
			t.Errorf("ParseDuration(%q) = nil error", s)
		}
	}
	if w, err := ParseWindow("08:30-24:00"); err != nil || w != (Window{Start: 510, End: 1440}) || w.String() != "08:30-24:00" {
		t.Errorf("ParseWindow = %v, %v", w, err)
	}
	for _, s := range []string{"17:00-09:00", "9-17", "09:00"} {
		if _, err := ParseWindow(s); err == nil {
			t.Errorf("ParseWindow(%q) = nil error", s)
		}
	}
	if wd, ok := ParseWeekday("Monday"); !ok || wd != time.Monday {
		t.Errorf("ParseWeekday(Monday) = %v, %v", wd, ok)
	}
	if _, ok := ParseWeekday("Mo"); ok {
		t.Error("ParseWeekday(Mo) = ok, want a refusal")
	}
}
