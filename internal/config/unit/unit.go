// Package unit reads the values the config's settings are written in:
// durations in days and weeks as well as Go's units ("14d", "2w", "90m"),
// daily time windows ("09:00-17:00") and weekday names ("Mon").
package unit

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// MaxDuration is the longest duration a setting takes: ten years.
const MaxDuration = 10 * 365 * 24 * time.Hour

// ParseDuration reads "90m", "2h", "14d", "2w" and combinations Go accepts,
// up to ten years.
func ParseDuration(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	bad := fmt.Errorf(`%q is not a duration: write e.g. "30m", "2h", "14d" or "2w"`, s)
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(t, suffix); ok {
			v, err := strconv.ParseFloat(n, 64)
			if err != nil || v < 0 || math.IsNaN(v) || strings.ContainsAny(n, "xXpPnN_") {
				break
			}
			if v*float64(unit) > float64(MaxDuration) {
				return 0, fmt.Errorf("%q is too long: use at most ten years", s)
			}
			return time.Duration(v * float64(unit)), nil
		}
	}
	dur, err := time.ParseDuration(t)
	if err != nil || dur < 0 {
		return 0, bad
	}
	if dur > MaxDuration {
		return 0, fmt.Errorf("%q is too long: use at most ten years", s)
	}
	return dur, nil
}

// Window is a daily time-of-day range, in minutes after midnight.
type Window struct {
	Start, End int
}

// ParseWindow reads "HH:MM-HH:MM" with start before end.
func ParseWindow(s string) (Window, error) {
	bad := fmt.Errorf(`%q is not a time range: write it as "09:00-17:00" (24-hour clock, start before end)`, s)
	a, b, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return Window{}, bad
	}
	start, err1 := clockMinutes(a)
	end, err2 := clockMinutes(b)
	if err1 != nil || err2 != nil || start >= end {
		return Window{}, bad
	}
	return Window{Start: start, End: end}, nil
}

func clockMinutes(s string) (int, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		if strings.TrimSpace(s) == "24:00" {
			return 24 * 60, nil
		}
		return 0, err
	}
	return t.Hour()*60 + t.Minute(), nil
}

// String formats the window as "HH:MM-HH:MM".
func (w Window) String() string {
	return fmt.Sprintf("%02d:%02d-%02d:%02d", w.Start/60, w.Start%60, w.End/60, w.End%60)
}

var weekdayNames = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// ParseWeekday reads a weekday's name of three letters or more ("Mon",
// "monday"), in any case.
func ParseWeekday(name string) (time.Weekday, bool) {
	if len(name) < 3 {
		return 0, false
	}
	wd, ok := weekdayNames[strings.ToLower(name[:3])]
	return wd, ok
}
