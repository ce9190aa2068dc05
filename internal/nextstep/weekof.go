package nextstep

import (
	"time"

	"github.com/followup-dev/followup/internal/calendar"
	"github.com/followup-dev/followup/internal/commitment"
)

// weekOrdinals name a week of a month; -1 is the last one.
var weekOrdinals = map[string]int{
	"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
	"fourth": 4, "4th": 4, "last": -1, "final": -1,
}

// matchWeekOfMonth reads "the second week of December", "the first week of
// next month", "the last week of Jan". A week belongs to the month that
// holds its Thursday, as ISO weeks do, and runs from Monday to Friday; the
// dates stay inside the month and not before the reference date.
func (p *parser) matchWeekOfMonth(i int) (candidate, bool) {
	j := p.Skip(i, "the")
	n, ok := weekOrdinals[p.Word(j)]
	if !ok || !p.Is(j+1, "week") || !p.Is(j+2, "of") {
		return candidate{}, false
	}
	first, end, ok := p.monthAt(j + 3)
	if !ok {
		return candidate{}, false
	}
	last := calendar.Date{Year: first.Year, Month: first.Month, Day: calendar.DaysIn(first.Year, first.Month)}
	thursday := first.AddDays((int(time.Thursday) - int(first.Weekday()) + 7) % 7).AddDays(7 * (n - 1))
	if n < 0 {
		thursday = last.AddDays(-((int(last.Weekday()) - int(time.Thursday) + 7) % 7))
	}
	early, late := thursday.AddDays(-3), thursday.AddDays(1)
	if early.Before(first) {
		early = first
	}
	if late.After(last) {
		late = last
	}
	return candidate{Start: i, End: end, Rule: commitment.RuleMonthPart, Early: p.NotBeforeRef(early), Late: p.NotBeforeRef(late)}, true
}

// monthAt reads a month at k: a name with an optional year (the next such
// month on or after the reference date without one), "this month", "the
// month" or "next month". It returns the first day of the month.
func (p *parser) monthAt(k int) (first calendar.Date, next int, ok bool) {
	switch {
	case p.Is(k, "this", "the") && p.Is(k+1, "month"):
		return calendar.Date{Year: p.Ref.Year, Month: p.Ref.Month, Day: 1}, k + 2, true
	case p.Is(k, "next") && p.Is(k+1, "month"):
		m := p.Ref.AddMonths(1)
		return calendar.Date{Year: m.Year, Month: m.Month, Day: 1}, k + 2, true
	case p.At(k).Month == 0:
		return calendar.Date{}, 0, false
	}
	month := time.Month(p.At(k).Month)
	year, next := p.OptionalYear(p.SkipAbbrevDot(k))
	if year == 0 {
		year = p.Ref.Year + btoi(month < p.Ref.Month)
	} else if year < p.Ref.Year || year > p.Ref.Year+commitment.MaxYearsAhead {
		return calendar.Date{}, 0, false
	}
	return calendar.Date{Year: year, Month: month, Day: 1}, next, true
}

// weekOf widens a date that follows "the week of" to the Monday to Friday
// of its week, not before the reference date: "the week of the 7th". bound
// is the first token that the candidate may take.
func (p *parser) weekOf(c candidate, bound int) candidate {
	if c.Rule != commitment.RuleDate && c.Rule != commitment.RuleDayOfMonth && c.Rule != commitment.RuleHoliday || c.Early != c.Late ||
		!p.Is(c.Start-1, "of") || !p.Is(c.Start-2, "week") || c.Start-2 < bound {
		return c
	}
	c.Start -= 2
	if c.Start > bound && p.Is(c.Start-1, "the") {
		c.Start--
	}
	d := c.Early
	monday := d.AddDays(-((int(d.Weekday()) + 6) % 7))
	c.Early, c.Late = p.NotBeforeRef(monday), monday.AddDays(4)
	if c.Late.Before(d) {
		c.Late = d
	}
	return c
}

// btoi returns 1 for true and 0 for false.
func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
