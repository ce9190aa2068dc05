package commitment

import (
	"fmt"
	"strconv"
	"time"

	"github.com/followup-dev/followup/internal/calendar"
)

// Describe returns a readable line about r for a person, for example
// "by Fri 27 Nov 2026 (5 business days after Fri 20 Nov)"; ref is the
// reference time that was given to Parse. The line also says which reading
// an ambiguous phrase took and which other dates were set aside:
// `by Fri 4 Dec 2026 (2 weeks after Fri 20 Nov); set aside "January 15" (start date)`.
func (r Result) Describe(ref time.Time) string {
	if !r.Found {
		if r.SetAside != "" {
			return "no date promised; set aside " + r.SetAside
		}
		return "no date promised"
	}
	s := "by " + longDate(r.Latest)
	if r.Earliest != r.Latest {
		s += ", earliest " + shortDate(r.Earliest)
	}
	from := calendar.DateOf(ref)
	if !r.from.IsZero() {
		from = r.from
	}
	s += " (" + r.reason(from)
	if r.Reading != "" {
		s += ", " + r.Reading
	}
	s += ")"
	if r.SetAside != "" {
		s += "; set aside " + r.SetAside
	}
	return s
}

// reason explains where the date came from.
func (r Result) reason(ref calendar.Date) string {
	var unit string
	switch r.Rule {
	case RuleBusinessDays:
		unit = "business day"
	case RuleCalendarDays:
		unit = "day"
	case RuleHours:
		unit = "hour"
	case RuleWeeks:
		unit = "week"
	case RuleMonth:
		unit = "month"
	case RuleToday:
		return fmt.Sprintf("%q, the same day", r.Match)
	default:
		return strconv.Quote(r.Match)
	}
	amount := strconv.Itoa(r.lo)
	if r.hi != r.lo {
		amount += "-" + strconv.Itoa(r.hi)
	}
	if r.hi != 1 {
		unit += "s"
	}
	return fmt.Sprintf("%s %s after %s", amount, unit, shortDate(ref))
}

// shortDate formats d as "Fri 20 Nov".
func shortDate(d calendar.Date) string {
	return fmt.Sprintf("%.3s %d %.3s", d.Weekday(), d.Day, d.Month)
}

// longDate formats d as "Fri 20 Nov 2026".
func longDate(d calendar.Date) string {
	return fmt.Sprintf("%s %d", shortDate(d), d.Year)
}
