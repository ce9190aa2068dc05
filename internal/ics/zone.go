package ics

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"
)

// resolveWall turns a wall-clock reading (parsed as UTC) with a TZID into
// an instant: in the IANA zone the TZID names (directly, as a Windows
// name, behind a vendor prefix, or through the VTIMEZONE's
// X-LIC-LOCATION), else with the offsets of the file's VTIMEZONE,
// converted into opts.Local and explained in the note, else in
// opts.Unknown when the user named a zone.
func resolveWall(wall time.Time, tzid string, cal *ical.Calendar, opts Options) (time.Time, string, error) {
	local := opts.Local
	vtz := vtimezone(cal, tzid)
	if loc := ianaZone(tzid, vtz); loc != nil {
		return inZone(wall, loc), "", nil
	}
	if vtz == nil && opts.Unknown != nil {
		return inZone(wall, opts.Unknown), fmt.Sprintf("the invitation's zone %q is unknown; its time was read in %s", shorten(tzid), opts.Unknown), nil
	}
	if vtz == nil {
		return time.Time{}, "", fmt.Errorf("%w %q and the file defines no VTIMEZONE for it: give the zone with --tz, e.g. --tz Europe/Berlin", errUnknownZone, shorten(tzid))
	}
	offset, err := offsetAt(vtz, wall)
	if err != nil {
		return time.Time{}, "", fmt.Errorf("time zone %q: %v: give the zone with --tz, e.g. --tz Europe/Berlin", shorten(tzid), err)
	}
	t := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), 0, time.FixedZone(tzid, offset)).In(local)
	return t, fmt.Sprintf("the invitation's zone %q has no IANA name; its time was converted to %s", shorten(tzid), local), nil
}

func vtimezone(cal *ical.Calendar, tzid string) *ical.Component {
	for _, c := range cal.Children {
		if c.Name == ical.CompTimezone && text(c.Props.Get(ical.PropTimezoneID)) == tzid {
			return c
		}
	}
	return nil
}

// ianaZone finds the IANA zone a TZID means, or nil.
func ianaZone(tzid string, vtz *ical.Component) *time.Location {
	candidates := []string{tzid, windowsZones[tzid]}
	// "/mozilla.org/20050126_1/Europe/Berlin", "/softwarestudio.org/Olson_20011030_5/America/New_York"
	parts := strings.Split(strings.Trim(tzid, "/"), "/")
	for n := min(3, len(parts)); n >= 1; n-- {
		candidates = append(candidates, strings.Join(parts[len(parts)-n:], "/"))
	}
	if vtz != nil {
		candidates = append(candidates, text(vtz.Props.Get("X-LIC-LOCATION")))
	}
	for _, name := range candidates {
		if loc := loadZone(name); loc != nil {
			return loc
		}
	}
	return nil
}

// loadZone loads an IANA zone by name; nil for anything else, including
// "Local" (this machine's zone is not the invitation's) and the empty name.
func loadZone(name string) *time.Location {
	if name == "" || name == "Local" || len(name) > 64 || strings.ContainsAny(name, "\\\x00\r\n") {
		return nil
	}
	if strings.EqualFold(name, "UTC") || strings.EqualFold(name, "GMT") || name == "Etc/UTC" {
		return time.UTC
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil
	}
	return loc
}

// offsetAt is the UTC offset, in seconds, in force at the wall time w
// according to a VTIMEZONE: the offset of the observance (STANDARD or
// DAYLIGHT) whose latest onset is at or before w. Onsets repeat yearly at
// most, so this is a few hundred steps whatever the file says.
func offsetAt(vtz *ical.Component, w time.Time) (int, error) {
	var best time.Time
	offset, found := 0, false
	for _, obs := range vtz.Children {
		if obs.Name != ical.CompTimezoneStandard && obs.Name != ical.CompTimezoneDaylight {
			continue
		}
		onset, to, err := latestOnset(obs, w)
		if err != nil {
			return 0, err
		}
		if !onset.IsZero() && (!found || onset.After(best)) {
			best, offset, found = onset, to, true
		}
	}
	if !found {
		return 0, fmt.Errorf("its VTIMEZONE has no STANDARD or DAYLIGHT part in force at %s", w.Format("2006-01-02 15:04"))
	}
	return offset, nil
}

func latestOnset(obs *ical.Component, w time.Time) (time.Time, int, error) {
	to, err := parseOffset(text(obs.Props.Get(ical.PropTimezoneOffsetTo)))
	if err != nil {
		return time.Time{}, 0, err
	}
	start, err := time.Parse("20060102T150405", strings.TrimSpace(text(obs.Props.Get(ical.PropDateTimeStart))))
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("its VTIMEZONE has an invalid DTSTART")
	}
	if start.Year() < 1600 || w.Year() > 2999 {
		// the recurrence library breaks before the Gregorian calendar
		return time.Time{}, 0, fmt.Errorf("its VTIMEZONE starts in %d, or the meeting is in %d: not a real zone or date", start.Year(), w.Year())
	}
	if start.After(w) {
		return time.Time{}, to, nil
	}
	rule := obs.Props.Get(ical.PropRecurrenceRule)
	if rule == nil {
		return start, to, nil
	}
	opt, err := rrule.StrToROption(rule.Value)
	if err != nil || !zoneRule(opt) {
		return time.Time{}, 0, fmt.Errorf("its VTIMEZONE has an RRULE that is not yearly (%q)", shorten(rule.Value))
	}
	opt.Dtstart = start
	rr, err := rrule.NewRRule(*opt)
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("its VTIMEZONE has an invalid RRULE (%q)", shorten(rule.Value))
	}
	return rr.Before(w, true), to, nil
}

// parseOffset reads a UTC-OFFSET such as "+0100" or "-053000".
func parseOffset(s string) (int, error) {
	s = strings.TrimSpace(s)
	if len(s) != 5 && len(s) != 7 || s[0] != '+' && s[0] != '-' {
		return 0, fmt.Errorf("its VTIMEZONE has an invalid TZOFFSETTO %q", shorten(s))
	}
	n := 0
	for i, mul := 1, 3600; i+2 <= len(s); i, mul = i+2, mul/60 {
		v, err := strconv.Atoi(s[i : i+2])
		if err != nil || v < 0 || v > 59 {
			return 0, fmt.Errorf("its VTIMEZONE has an invalid TZOFFSETTO %q", shorten(s))
		}
		n += v * mul
	}
	if n > 18*3600 {
		return 0, fmt.Errorf("its VTIMEZONE has an invalid TZOFFSETTO %q", shorten(s))
	}
	if s[0] == '-' {
		n = -n
	}
	return n, nil
}

// zoneRule reports whether a VTIMEZONE's RRULE has the shape real zones
// use ("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", perhaps with UNTIL or
// BYMONTHDAY). Anything else is refused before the recurrence library
// sees it: it iterates without bound on some rules and panics on others
// (BYDAY=20SA).
func zoneRule(o *rrule.ROption) bool {
	if o.Freq != rrule.YEARLY || o.Interval > 1 || o.Count != 0 || len(o.Bymonth) > 1 || len(o.Byweekday) > 1 ||
		len(o.Bysetpos)+len(o.Byyearday)+len(o.Byweekno)+len(o.Byhour)+len(o.Byminute)+len(o.Bysecond)+len(o.Byeaster) > 0 {
		return false
	}
	for _, m := range o.Bymonth {
		if m < 1 || m > 12 {
			return false
		}
	}
	for _, d := range o.Byweekday {
		if n := d.N(); n < -5 || n > 5 {
			return false
		}
	}
	for _, d := range o.Bymonthday {
		if d < -31 || d > 31 || d == 0 {
			return false
		}
	}
	return len(o.Bymonthday) <= 7
}
