package commitment

import (
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/calendar"
)

// ordinalWords are days of the month written as words ("March first", "the
// twenty-first of June"); the tens combine with the units after them.
var ordinalWords = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
	"ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
	"fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
	"twentieth": 20, "thirtieth": 30,
}

// ordinalWordAt reads a day of the month in words at k: "first",
// "twenty-first", "thirty first". It returns the day and the next token.
func (p *parser) ordinalWordAt(k int) (day, next int, ok bool) {
	if n, ok := ordinalWords[p.word(k)]; ok {
		return n, k + 1, true
	}
	if t := p.at(k); t.kind == kWord && (t.num == 20 || t.num == 30) {
		j := p.skip(k+1, "-")
		if n, ok := ordinalWords[p.word(j)]; ok && n <= 9 && int(t.num)+n <= 31 {
			return int(t.num) + n, j + 1, true
		}
	}
	return 0, 0, false
}

// weekdayOf returns the weekday named by token k, singular or plural
// ("Friday", "Fridays"), and whether it names one.
func (p *parser) weekdayOf(k int) (time.Weekday, bool) {
	t := p.at(k)
	if t.weekday > 0 && !t.ambiguous {
		return time.Weekday(t.weekday - 1), true
	}
	if w, ok := strings.CutSuffix(t.text, "s"); ok && len(w) > 5 {
		if l, ok := lexicon[w]; ok && l.weekday > 0 {
			return time.Weekday(l.weekday - 1), true
		}
	}
	return 0, false
}

// matchNthWeekday reads "the first Tuesday of October", "the last Friday of
// the month", "the second Monday in January", "the first Monday of next
// month". A month named without a year whose day has passed is next year's;
// "the month" whose day has passed is next month's, and the Result says so.
func (p *parser) matchNthWeekday(i int) (candidate, bool) {
	j := p.skip(i, "the")
	n, ok := weekOrdinals[p.word(j)]
	if !ok {
		return candidate{}, false
	}
	wd, ok := p.weekdayOf(j + 1)
	if !ok || !p.is(j+2, "of", "in") {
		return candidate{}, false
	}
	first, end, ok := p.monthAt(j + 3)
	if !ok {
		return candidate{}, false
	}
	c := candidate{start: i, end: end, rule: RuleNthWeekday}
	d := nthWeekday(first, wd, n)
	if d.Before(p.ref) {
		switch {
		case p.is(j+3, "the") && p.is(j+4, "month"):
			d = nthWeekday(first.AddMonths(1), wd, n)
			c.reading = "read as next month's, this month's has passed"
		case p.at(j+3).month > 0 && end == p.skipAbbrevDot(j+3):
			d = nthWeekday(first.AddMonths(12), wd, n)
		default:
			return candidate{}, false
		}
	}
	if d.IsZero() || d.Before(p.ref) {
		return candidate{}, false
	}
	c.early, c.late = d, d
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
	if t := p.at(i); t.kind != kNum && t.num == 0 {
		return candidate{}, false
	}
	n, k, article, ok := p.quantity(i)
	if !ok || article || n < 1 || n > 52 {
		return candidate{}, false
	}
	wd, ok := p.weekdayOf(k)
	if !ok || !p.is(k+1, "from") || !p.is(k+2, "now", "today") {
		return candidate{}, false
	}
	d := after(p.ref, wd).AddDays(7 * (n - 1))
	return candidate{start: i, end: k + 3, rule: RuleWeekday, early: d, late: d,
		reading: "counting the first " + wd.String() + " after the reference day as one"}, true
}
