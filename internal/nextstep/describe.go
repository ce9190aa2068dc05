package nextstep

import (
	"fmt"
	"strconv"
	"time"

	"github.com/followup-dev/followup/internal/calendar"
	"github.com/followup-dev/followup/internal/commitment"
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
	s := "by " + commitment.LongDate(r.Latest)
	if r.Earliest != r.Latest {
		s += ", earliest " + commitment.ShortDate(r.Earliest)
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
	case commitment.RuleBusinessDays:
		unit = "business day"
	case commitment.RuleCalendarDays:
		unit = "day"
	case commitment.RuleHours:
		unit = "hour"
	case commitment.RuleWeeks:
		unit = "week"
	case commitment.RuleMonth:
		unit = "month"
	case commitment.RuleToday:
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
	return fmt.Sprintf("%s %s after %s", amount, unit, commitment.ShortDate(ref))
}
