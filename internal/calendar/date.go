// Package calendar answers which civil dates are business days, from configured workdays,
// configured holidays and a country's public holidays.
package calendar

import (
	"fmt"
	"time"
)

// Date is a civil date without a time of day or a location.
// The zero Date is not a valid date; IsZero reports it.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// MakeDate returns the date for year, month and day, normalising out-of-range
// values the way time.Date does (for example 32 January becomes 1 February).
func MakeDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 12, 0, 0, 0, time.UTC))
}

// DateOf returns the date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate parses a date in the form "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("parse date %q (want YYYY-MM-DD): %w", s, err)
	}
	return DateOf(t), nil
}

// String formats d as "2006-01-02".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool {
	return d == Date{}
}

// noon is d at midday UTC, a time that is safe for calendar arithmetic.
func (d Date) noon() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	return d.noon().Weekday()
}

// AddDays returns the date n days after d (before d when n is negative).
func (d Date) AddDays(n int) Date {
	return MakeDate(d.Year, d.Month, d.Day+n)
}

// AddMonths returns the same day of the month n months after d, clamped to
// the last day of the target month (31 January plus one month is 28 or 29 February).
func (d Date) AddMonths(n int) Date {
	first := MakeDate(d.Year, d.Month+time.Month(n), 1)
	day := min(d.Day, DaysIn(first.Year, first.Month))
	return Date{Year: first.Year, Month: first.Month, Day: day}
}

// DaysIn returns the number of days in the given month of year.
func DaysIn(year int, month time.Month) int {
	return MakeDate(year, month+1, 0).Day
}

// Compare returns -1 if d is before e, +1 if d is after e and 0 if they are equal.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return sign(d.Year - e.Year)
	case d.Month != e.Month:
		return sign(int(d.Month) - int(e.Month))
	default:
		return sign(d.Day - e.Day)
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// At returns the instant at hour:minute on d in loc. Times that do not exist in
// loc (a daylight-saving gap) are normalised as time.Date does.
func (d Date) At(hour, minute int, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, loc)
}
