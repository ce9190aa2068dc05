package returndate

import (
	"strconv"
	"strings"
	"time"
)

// numericDate reads ISO "2026-12-07", dotted day-first "7.12" or
// "07.12.2026", and unambiguous slashed dates ("12/17", "17/12/2026",
// "7/7"). An ambiguous slashed date such as 12/7 is not a date.
func numericDate(w string) (dateMatch, bool) {
	switch {
	case strings.Count(w, "-") == 2:
		p, ok := numbers(w, "-")
		if !ok || len(w) != 10 || len(strings.SplitN(w, "-", 2)[0]) != 4 {
			return dateMatch{}, false
		}
		return checked(p[0], p[1], p[2])
	case strings.Contains(w, "."):
		p, ok := numbers(w, ".")
		if !ok || len(p) > 3 || len(p) < 2 {
			return dateMatch{}, false
		}
		return checked(yearOf(p), p[1], p[0])
	case strings.Contains(w, "/"):
		return slashedDate(w)
	}
	return dateMatch{}, false
}

// slashedDate reads a/b or a/b/y when it is clear which part is the month.
func slashedDate(w string) (dateMatch, bool) {
	p, ok := numbers(w, "/")
	if !ok || len(p) > 3 || len(p) < 2 {
		return dateMatch{}, false
	}
	a, b := p[0], p[1]
	switch {
	case a == b || (b > 12 && a <= 12):
		return checked(yearOf(p), a, b)
	case a > 12 && b <= 12:
		return checked(yearOf(p), b, a)
	}
	return dateMatch{}, false
}

// yearOf returns the year part of a numeric date, 0 if absent; two digits
// mean 20yy.
func yearOf(p []int) int {
	if len(p) < 3 {
		return 0
	}
	if p[2] < 100 {
		return 2000 + p[2]
	}
	return p[2]
}

// numbers splits w at sep into non-negative integers of at most four digits.
func numbers(w, sep string) ([]int, bool) {
	parts := strings.Split(w, sep)
	out := make([]int, 0, len(parts))
	for _, s := range parts {
		if len(s) == 0 || len(s) > 4 {
			return nil, false
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

// checked builds a full date match if month and day are in range. The year
// (0 if unknown) is checked later, against the reference date.
func checked(year, month, day int) (dateMatch, bool) {
	if month < 1 || month > 12 || day < 1 || day > 31 || (year != 0 && (year < 1900 || year > 2999)) {
		return dateMatch{}, false
	}
	return dateMatch{kind: fullDate, year: year, month: time.Month(month), day: day}, true
}

// resolve turns a match into a calendar day at 00:00 UTC, using ref (the
// message's Date) for whatever the text leaves out.
func (m dateMatch) resolve(ref time.Time) (time.Time, bool) {
	if ref.IsZero() {
		if m.kind == fullDate && m.year != 0 {
			return makeDate(m.year, m.month, m.day)
		}
		return time.Time{}, false
	}
	y, mo, d := ref.Date()
	today := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	switch m.kind {
	case nextDay:
		return today.AddDate(0, 0, 1), true
	case weekdayOnly:
		days := (int(m.weekday) - int(today.Weekday()) + 7) % 7
		if days == 0 {
			days = 7
		}
		return today.AddDate(0, 0, days), true
	case dayOnly:
		return nextDayOfMonth(today, m.day)
	}
	if m.year != 0 {
		t, ok := makeDate(m.year, m.month, m.day)
		if !ok || t.Before(today.AddDate(0, 0, -1)) || t.After(today.AddDate(1, 0, 1)) {
			return time.Time{}, false
		}
		return t, true
	}
	return nextOccurrence(today, m.month, m.day)
}

// nextOccurrence returns the first month/day on or after today.
func nextOccurrence(today time.Time, month time.Month, day int) (time.Time, bool) {
	for y := today.Year(); y <= today.Year()+4; y++ {
		if t, ok := makeDate(y, month, day); ok && !t.Before(today) {
			return t, true
		}
	}
	return time.Time{}, false
}

// nextDayOfMonth returns the first day-of-month `day` on or after today.
func nextDayOfMonth(today time.Time, day int) (time.Time, bool) {
	for i := 0; i < 3; i++ {
		first := time.Date(today.Year(), today.Month()+time.Month(i), 1, 0, 0, 0, 0, time.UTC)
		if t, ok := makeDate(first.Year(), first.Month(), day); ok && !t.Before(today) {
			return t, true
		}
	}
	return time.Time{}, false
}

// makeDate returns the date at 00:00 UTC, or false if it does not exist
// (February 30).
func makeDate(y int, m time.Month, d int) (time.Time, bool) {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || t.Month() != m {
		return time.Time{}, false
	}
	return t, true
}
