package commitment

import (
	"time"

	"github.com/followup-dev/followup/internal/calendar"
)

// maxYearsAhead bounds the search for the next occurrence of a month and
// day without a year (29 February can be up to eight years away).
const maxYearsAhead = 8

// matchDate reads "2026-12-04", "December 3", "Dec 3rd", "December the
// 3rd", "December 9, 2026", "3 December", "the 3rd of December".
func (p *parser) matchDate(i int) (candidate, bool) {
	if c, ok := p.isoDate(i); ok {
		return c, true
	}
	if c, ok := p.numericDate(i); ok {
		return c, true
	}
	if p.at(i).month > 0 {
		return p.monthFirst(i)
	}
	return p.dayFirst(i)
}

// isoDate reads YYYY-MM-DD (or YYYY/MM/DD).
func (p *parser) isoDate(i int) (candidate, bool) {
	y, m, d := p.at(i), p.at(i+2), p.at(i+4)
	if y.kind != kNum || y.digits != 4 || !p.is(i+1, "-", "/") || p.word(i+3) != p.word(i+1) ||
		m.kind != kNum || m.digits > 2 || d.kind != kNum || d.digits > 2 {
		return candidate{}, false
	}
	date, ok := validDate(int(y.num), time.Month(m.num), int(d.num))
	if !ok || !p.plausible(date) {
		return candidate{}, false
	}
	return candidate{start: i, end: i + 5, rule: RuleDate, early: date, late: date}, true
}

// numericCues must precede a numeric date such as "12/4", so that "24/7"
// or "9/10 candidates" are not read as dates.
var numericCues = map[string]bool{
	"by": true, "on": true, "before": true, "until": true, "till": true, "than": true, "around": true,
}

// numericDate reads "by 12/4", "on 4/12/2026" or "Thu 12/10". Month and day order differ
// between countries, so of the readings that make a real date, not in the
// past, the nearest one wins: said on 20 November, "12/4" is 4 December
// (not 12 April) and "4/12" is 4 December too.
func (p *parser) numericDate(i int) (candidate, bool) {
	a, b := p.at(i), p.at(i+2)
	if !numericCues[p.word(i-1)] && p.at(i-1).weekday == 0 && !p.whole(i, i+3) && !p.whole(i, i+5) || a.kind != kNum || a.digits > 2 || !p.is(i+1, "/") || b.kind != kNum || b.digits > 2 {
		return candidate{}, false
	}
	end, year := i+3, 0
	if y := p.at(i + 4); p.is(i+3, "/") && y.kind == kNum && (y.digits == 4 || y.digits == 2) {
		end, year = i+5, int(y.num)
		if y.digits == 2 {
			year += 2000
		}
	}
	best, found, readings := calendar.Date{}, false, 0
	for _, md := range [2][2]int{{int(a.num), int(b.num)}, {int(b.num), int(a.num)}} {
		d, ok := p.numericReading(time.Month(md[0]), md[1], year)
		if ok {
			readings++
		}
		if ok && (!found || d.Before(best)) {
			best, found = d, true
		}
	}
	if !found {
		return candidate{}, false
	}
	c := candidate{start: i, end: end, rule: RuleDate, early: best, late: best}
	if readings == 2 && a.num != b.num {
		c.reading = "read as " + longDate(best) + ", the nearer of the month/day and day/month readings"
	}
	return c, true
}

// numericReading is one reading of a numeric date: the given year, or the
// next occurrence when there is none.
func (p *parser) numericReading(month time.Month, day, year int) (calendar.Date, bool) {
	if year == 0 {
		return p.nextDate(month, day)
	}
	d, ok := validDate(year, month, day)
	return d, ok && p.plausible(d)
}

// monthFirst reads "December 3", "Dec. 3rd", "December the 3rd, 2026" and
// ranges of days: "Dec 3-4", "December 10 or 11".
func (p *parser) monthFirst(i int) (candidate, bool) {
	k := p.skip(p.skip(p.skipAbbrevDot(i), "-"), "the")
	if !p.dayNumberAt(k) {
		return p.monthFirstWords(i, k)
	}
	month, day := time.Month(p.at(i).month), int(p.at(k).num)
	hi, end := p.dayRangeEnd(k+1, day, false)
	c, ok := p.dated(i, end, month, day)
	return rangeTo(c, month, hi), ok
}

// monthFirstWords reads a month and a day in words: "March first",
// "December the twenty-first". "may" must be written "May", so that "we
// may first check references" is not the first of May.
func (p *parser) monthFirstWords(i, k int) (candidate, bool) {
	day, next, ok := p.ordinalWordAt(k)
	if !ok || p.is(i, "may") && p.text[p.toks[i].start] != 'M' {
		return candidate{}, false
	}
	return p.dated(i, next, time.Month(p.at(i).month), day)
}

// dayRangeEnd reads the last day of a range of days of the month after the
// first one, day, at k: "-4", "or 5th", "to the 11th" (and "and the 11th"
// after "between"). It returns 0 and k when there is none.
func (p *parser) dayRangeEnd(k, day int, between bool) (hi, next int) {
	if !p.is(k, "-", "or", "to", "through", "thru") && !(between && p.is(k, "and")) {
		return 0, k
	}
	r := p.skip(k+1, "the")
	if !p.dayNumberAt(r) || int(p.at(r).num) <= day {
		return 0, k
	}
	return int(p.at(r).num), r + 1
}

// dayFirst reads "3 December", "3rd Dec", "the 3rd of December", "4-Dec"
// and ranges of days: "3-4 December".
func (p *parser) dayFirst(i int) (candidate, bool) {
	k := p.skip(i, "the")
	if !p.dayNumberAt(k) {
		return p.dayFirstWords(i, k)
	}
	day := int(p.at(k).num)
	hi, m := p.dayRangeEnd(k+1, day, false)
	m = p.skip(p.skip(m, "of"), "-")
	if p.at(m).month == 0 {
		return candidate{}, false
	}
	month := time.Month(p.at(m).month)
	c, ok := p.dated(i, p.skipAbbrevDot(m), month, day)
	return rangeTo(c, month, hi), ok
}

// dayFirstWords reads a day in words of a named month: "the first of
// March", "the twenty-first of June".
func (p *parser) dayFirstWords(i, k int) (candidate, bool) {
	day, next, ok := p.ordinalWordAt(k)
	if !ok || !p.is(next, "of") || p.at(next+1).month == 0 {
		return candidate{}, false
	}
	return p.dated(i, p.skipAbbrevDot(next+1), time.Month(p.at(next+1).month), day)
}

// rangeTo sets the last day of a date that was read to day hi of month in
// the same year; 0 means no range.
func rangeTo(c candidate, month time.Month, hi int) candidate {
	if d, ok := validDate(c.early.Year, month, hi); ok {
		c.late = d
	}
	return c
}

// dated finishes a date whose day and month are read and whose year may
// follow at token k.
func (p *parser) dated(start, k int, month time.Month, day int) (candidate, bool) {
	year, end := p.optionalYear(k)
	var date calendar.Date
	var ok bool
	if year != 0 {
		date, ok = validDate(year, month, day)
		ok = ok && p.plausible(date)
	} else {
		date, ok = p.nextDate(month, day)
	}
	if !ok {
		return candidate{}, false
	}
	return candidate{start: start, end: end, rule: RuleDate, early: date, late: date}, true
}

// plausible reports whether a date with an explicit year can be a promise:
// not in the past and at most maxYearsAhead years ahead.
func (p *parser) plausible(d calendar.Date) bool {
	return !d.Before(p.ref) && d.Year <= p.ref.Year+maxYearsAhead
}

// validDate returns the date when year, month and day name a real date.
func validDate(year int, month time.Month, day int) (calendar.Date, bool) {
	if month < time.January || month > time.December || day < 1 || day > calendar.DaysIn(year, month) {
		return calendar.Date{}, false
	}
	return calendar.Date{Year: year, Month: month, Day: day}, true
}

// nextDate returns the first date on or after the reference date with the
// given month and day.
func (p *parser) nextDate(month time.Month, day int) (calendar.Date, bool) {
	for y := p.ref.Year; y <= p.ref.Year+maxYearsAhead; y++ {
		if d, ok := validDate(y, month, day); ok && !d.Before(p.ref) {
			return d, true
		}
	}
	return calendar.Date{}, false
}

// dayOfMonthCues may precede a bare day of the month: "by the 30th".
var dayOfMonthCues = map[string]bool{
	"by": true, "on": true, "before": true, "until": true, "till": true, "around": true,
	"about": true, "than": true, ",": true, "for": true, "of": true, "between": true,
}

// dayOfMonthFollowers may follow a bare day of the month; any other word
// ("the 2nd round", "the 3rd candidate") means it is not a date.
var dayOfMonthFollowers = map[string]bool{
	"at": true, "or": true, "and": true, "latest": true, "so": true, "but": true,
	"then": true, "when": true, "if": true, "we": true, "i": true, "they": true,
	"you": true, "as": true, "because": true, "hopefully": true, "probably": true,
	"": true, "-": true, "/": true,
}

// matchDayOfMonth reads a bare day of the month: "by the 30th", "on the
// 2nd", "Friday the 4th", "the 4th or 5th", "the 3rd of next month". The next
// such day on or after the reference date, or in the month named after it.
func (p *parser) matchDayOfMonth(i int) (candidate, bool) {
	prev := p.at(i - 1)
	k := p.skip(i, "the")
	day, next, inWords := int(p.at(k).num), k+1, false
	if t := p.at(k); t.kind != kOrd || t.num < 1 || t.num > 31 {
		var ok bool
		if day, next, ok = p.ordinalWordAt(k); !ok {
			return candidate{}, false
		}
		inWords = true
	}
	// Without a cue word, only "the 20th of next month" is a date.
	ofMonth := p.is(next, "of") && p.is(p.skip(next+1, "the"), "this", "next") && p.is(p.skip(next+1, "the")+1, "month")
	if !ofMonth && !p.whole(i, next) && (inWords || !dayOfMonthCues[prev.text] && prev.weekday == 0) {
		return candidate{}, false
	}
	hi, end := p.dayRangeEnd(next, day, prev.text == "between")
	months := 13 // the next such day within a year
	from := p.ref
	if r := p.skip(end+1, "the"); p.is(end, "of") && p.is(r, "this", "next") && p.is(r+1, "month") {
		months, end = 1, r+2
		if p.is(r, "next") {
			from = p.ref.AddMonths(1)
		}
	} else if p.is(end, "of") && p.is(end+1, "the") && p.is(end+2, "month") {
		end += 3 // "by the 15th of the month": the next 15th
	}
	if next := p.at(end); next.kind == kWord && !dayOfMonthFollowers[next.text] || next.kind == kNum || next.kind == kOrd {
		return candidate{}, false
	}
	for n := range months {
		m := from.AddMonths(n)
		if d, ok := validDate(m.Year, m.Month, day); ok && !d.Before(p.ref) {
			c := candidate{start: i, end: end, rule: RuleDayOfMonth, early: d, late: d}
			if l, ok := validDate(m.Year, m.Month, hi); ok {
				c.late = l
			}
			return c, true
		}
	}
	return candidate{}, false
}
