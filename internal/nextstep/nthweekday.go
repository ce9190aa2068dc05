package nextstep

import (
	"time"

	"github.com/followup-dev/followup/internal/calendar"
	"github.com/followup-dev/followup/internal/commitment"
)

// matchNthWeekday reads "the first Tuesday of October", "the last Friday of
// the month", "the second Monday in January", "the first Monday of next
// month". A month named without a year whose day has passed is next year's;
// "the month" whose day has passed is next month's, and the Result says so.
func (p *parser) matchNthWeekday(i int) (candidate, bool) {
	j := p.Skip(i, "the")
	n, ok := weekOrdinals[p.Word(j)]
	if !ok {
		return candidate{}, false
	}
	wd, ok := p.WeekdayOf(j + 1)
	if !ok || !p.Is(j+2, "of", "in") {
		return candidate{}, false
	}
	first, end, ok := p.monthAt(j + 3)
	if !ok {
		return candidate{}, false
	}
	c := candidate{Start: i, End: end, Rule: commitment.RuleNthWeekday}
	d := nthWeekday(first, wd, n)
	if d.Before(p.Ref) {
		switch {
		case p.Is(j+3, "the") && p.Is(j+4, "month"):
			d = nthWeekday(first.AddMonths(1), wd, n)
			c.Reading = "read as next month's, this month's has passed"
		case p.At(j+3).Month > 0 && end == p.SkipAbbrevDot(j+3):
			d = nthWeekday(first.AddMonths(12), wd, n)
		default:
			return candidate{}, false
		}
	}
	if d.IsZero() || d.Before(p.Ref) {
		return candidate{}, false
	}
	c.Early, c.Late = d, d
	return c, true
}

// nthWeekday returns the n-th (or, for n < 0, the last) weekday wd of the
// month that starts on first; zero when the month has no such day.
func nthWeekday(first calendar.Date, wd time.Weekday, n int) calendar.Date {
	if n < 0 {
		last := calendar.Date{Year: first.Year, Month: first.Month, Day: calendar.DaysIn(first.Year, first.Month)}
		return last.AddDays(-((int(last.Weekday()) - int(wd) + 7) % 7))
	}
	d := first.AddDays((int(wd)-int(first.Weekday())+7)%7 + 7*(n-1))
	if d.Month != first.Month {
		return calendar.Date{}
	}
	return d
}

// matchWeekdaysFromNow reads "three Fridays from now", "2 Mondays from
// today": the n-th such weekday after the reference date, counting the
// first one after it as one.
func (p *parser) matchWeekdaysFromNow(i int) (candidate, bool) {
	if t := p.At(i); t.Kind != commitment.KindNum && t.Num == 0 {
		return candidate{}, false
	}
	n, k, article, ok := p.Quantity(i)
	if !ok || article || n < 1 || n > 52 {
		return candidate{}, false
	}
	wd, ok := p.WeekdayOf(k)
	if !ok || !p.Is(k+1, "from") || !p.Is(k+2, "now", "today") {
		return candidate{}, false
	}
	d := commitment.After(p.Ref, wd).AddDays(7 * (n - 1))
	return candidate{Start: i, End: k + 3, Rule: commitment.RuleWeekday, Early: d, Late: d,
		Reading: "counting the first " + wd.String() + " after the reference day as one"}, true
}
