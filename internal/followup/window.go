package followup

import (
	"time"

	"github.com/followup-dev/followup/internal/calendar"
)

// Window is the daily send window, in minutes after midnight of the user's
// wall clock: [Start, End). A window whose End is not after its Start is the
// whole day.
type Window struct {
	Start, End int
}

// wholeDay reports whether w does not restrict the time of day.
func (w Window) wholeDay() bool { return w.End <= w.Start }

// Placer moves due times into the send window on business days in one zone.
type Placer struct {
	Window   Window
	Calendar *calendar.Calendar // nil: calendar.Default()
	Location *time.Location     // nil: UTC
}

// Place returns the first instant at or after t that is inside the send
// window on a business day in the placer's zone: t itself when it already
// is; the window's start that day when t is before it; the next business
// day's window start when t is after the window or on a day off. A window
// start that falls in a daylight-saving gap becomes the first minute after
// the gap; one in a repeated hour is its first occurrence.
func (p Placer) Place(t time.Time) time.Time {
	loc, cal := p.Loc(), p.cal()
	lt := t.In(loc)
	day := calendar.DateOf(lt)
	if !cal.IsBusinessDay(day) {
		return p.windowStart(cal.NextBusinessDay(day))
	}
	if p.Window.wholeDay() {
		return lt
	}
	switch m := minuteOfDay(lt); {
	case m < p.Window.Start:
		start := p.windowStart(day)
		if !start.After(lt) {
			// The first occurrence of a repeated hour has passed: the
			// window opens again on the wall clock, in elapsed minutes.
			start = lt.Truncate(time.Minute).Add(time.Duration(p.Window.Start-m) * time.Minute)
		}
		return start
	case m >= p.Window.End:
		return p.windowStart(cal.NextBusinessDay(day.AddDays(1)))
	}
	return lt
}

// windowStart is the start of the send window on day.
func (p Placer) windowStart(day calendar.Date) time.Time {
	start := p.Window.Start
	if p.Window.wholeDay() {
		start = 0
	}
	return WallClock(day, start/60, start%60, p.Loc())
}

// Loc returns the placer's zone: Location, or UTC when it is nil.
func (p Placer) Loc() *time.Location {
	if p.Location == nil {
		return time.UTC
	}
	return p.Location
}

func (p Placer) cal() *calendar.Calendar {
	if p.Calendar == nil {
		return calendar.Default()
	}
	return p.Calendar
}

func minuteOfDay(t time.Time) int { return t.Hour()*60 + t.Minute() }

// WallClock returns the instant at hour:minute on day in loc. A wall time
// that does not exist (a daylight-saving gap) becomes the first valid
// minute after it; one that exists twice (the repeated hour when clocks go
// back) is its first occurrence.
func WallClock(day calendar.Date, hour, minute int, loc *time.Location) time.Time {
	want := time.Date(day.Year, day.Month, day.Day, hour, minute, 0, 0, time.UTC)
	t := time.Date(day.Year, day.Month, day.Day, hour, minute, 0, 0, loc)
	if !wall(t).Equal(want) {
		return afterGap(t, want)
	}
	// The same wall time an hour (or half an hour) earlier is its first occurrence.
	for _, back := range []time.Duration{time.Hour, 30 * time.Minute} {
		if e := t.Add(-back); wall(e).Equal(want) {
			return e
		}
	}
	return t
}

// afterGap moves t, which time.Date put on either side of a gap, to the
// first instant whose wall clock is at or after want.
func afterGap(t, want time.Time) time.Time {
	for i := 0; i < 24*60 && wall(t).Before(want); i++ {
		t = t.Add(time.Minute)
	}
	for i := 0; i < 24*60; i++ {
		prev := t.Add(-time.Minute)
		if wall(prev).Before(want) {
			return t
		}
		t = prev
	}
	return t
}

// wall is t's wall clock reading, as the same reading in UTC, so that wall
// times compare without zone rules.
func wall(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// addWall returns t moved by d on the wall clock of loc: whole days keep
// the time of day across daylight-saving changes; anything else is elapsed time.
func addWall(t time.Time, d time.Duration, loc *time.Location) time.Time {
	const day = 24 * time.Hour
	if d%day != 0 {
		return t.Add(d)
	}
	lt := t.In(loc)
	date := calendar.DateOf(lt).AddDays(int(d / day))
	return WallClock(date, lt.Hour(), lt.Minute(), loc)
}
