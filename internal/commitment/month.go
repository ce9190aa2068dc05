package commitment

import (
	"time"

	"github.com/followup-dev/followup/internal/calendar"
)

// partDay is the day of the month that a part names; partLate means the last day.
var partDay = [...]int{partEarly: 10, partMid: 15}

// matchMonth reads "end of the month", "by month end", "EOM", "next month",
// "mid-December", "early Dec", "late December 2026", "in January",
// "end of the year".
func (p *parser) matchMonth(i int) (candidate, bool) {
	if lookBackWords[p.word(i-1)] {
		return candidate{}, false
	}
	if c, ok := p.matchPeriodEnd(i); ok {
		return c, true
	}
	if p.is(i, "within") && p.is(i+1, "the", "this") && p.is(i+2, "month") {
		return p.monthEnd(i, i+3, p.ref), true
	}
	pt, j := p.parsePart(i)
	if pt == partNone && p.is(i, "in", "during") {
		if p.at(i+1).month == 0 {
			return candidate{}, false
		}
		return p.monthName(i, i+1, pt)
	}
	if p.at(j).month > 0 && pt != partNone {
		return p.monthName(i, j, pt)
	}
	return p.relativeMonth(i, j, pt)
}

// matchPeriodEnd reads the abbreviations and "month end" / "year end" forms.
func (p *parser) matchPeriodEnd(i int) (candidate, bool) {
	end := i + 1
	if p.is(i, "month", "year", "month's", "month’s") {
		k := p.skip(i+1, "-")
		if !p.is(k, "end") {
			return candidate{}, false
		}
		end = k + 1
	} else if !p.is(i, "eom", "eoy") {
		return candidate{}, false
	}
	if p.is(i, "year", "eoy") {
		return p.yearEnd(i, end), true
	}
	return p.monthEnd(i, end, p.ref), true
}

// relativeMonth reads "this month", "the month", "next month", "month",
// "the year" after an optional part.
func (p *parser) relativeMonth(i, j int, pt part) (candidate, bool) {
	switch {
	case p.is(j, "next") && p.is(j+1, "month"):
		return p.monthPart(i, j+2, pt, p.ref.AddMonths(1)), true
	case p.is(j, "this") && p.is(j+1, "month"):
		return p.monthPart(i, j+2, pt, p.ref), true
	case pt != partNone && p.is(j, "the") && p.is(j+1, "month"):
		return p.monthPart(i, j+2, pt, p.ref), true
	case pt != partNone && p.is(j, "month"):
		return p.monthPart(i, j+1, pt, p.ref), true
	case pt == partLate && p.is(j, "the", "this") && p.is(j+1, "year"):
		return p.yearEnd(i, j+2), true
	case pt == partLate && p.is(j, "year"):
		return p.yearEnd(i, j+1), true
	}
	return candidate{}, false
}

// monthPart returns the part pt of the month of d; no part means its end.
func (p *parser) monthPart(start, end int, pt part, d calendar.Date) candidate {
	if pt == partNone || pt == partLate {
		return p.monthEnd(start, end, d)
	}
	day := p.notBeforeRef(calendar.Date{Year: d.Year, Month: d.Month, Day: partDay[pt]})
	return candidate{start: start, end: end, rule: RuleMonthPart, early: day, late: day}
}

// monthEnd returns the last day of the month of d.
func (p *parser) monthEnd(start, end int, d calendar.Date) candidate {
	last := calendar.Date{Year: d.Year, Month: d.Month, Day: calendar.DaysIn(d.Year, d.Month)}
	return candidate{start: start, end: end, rule: RuleMonthEnd, early: last, late: last}
}

// yearEnd returns 31 December of the reference year.
func (p *parser) yearEnd(start, end int) candidate {
	last := calendar.Date{Year: p.ref.Year, Month: time.December, Day: 31}
	return candidate{start: start, end: end, rule: RuleMonthPart, early: last, late: last}
}

// monthName reads the month name at j (and an optional year) with part pt;
// partNone means the whole month ("in January"). A day number after the
// month makes it a date, which matchDate reads instead.
func (p *parser) monthName(start, j int, pt part) (candidate, bool) {
	month := time.Month(p.at(j).month)
	k := p.skipAbbrevDot(j)
	if p.dayNumberAt(p.skip(k, "the")) {
		return candidate{}, false
	}
	year, k := p.optionalYear(k)
	if year != 0 && !p.plausible(calendar.Date{Year: year, Month: month, Day: calendar.DaysIn(year, month)}) {
		return candidate{}, false
	}
	if year == 0 {
		year = p.ref.Year
		if month < p.ref.Month {
			year++
		}
	}
	first := calendar.Date{Year: year, Month: month, Day: 1}
	last := calendar.Date{Year: year, Month: month, Day: calendar.DaysIn(year, month)}
	c := candidate{start: start, end: k, rule: RuleMonthPart, early: first, late: last}
	if pt != partLate && pt != partNone {
		c.late = calendar.Date{Year: year, Month: month, Day: partDay[pt]}
	}
	if pt != partNone {
		c.early = c.late
	}
	// "In March" alone often tells a story ("in March we hired two"); it
	// is a promise only near a word about replying.
	c.needsAnchor = pt == partNone
	c.early, c.late = p.notBeforeRef(c.early), p.notBeforeRef(c.late)
	return c, true
}

// dayNumberAt reports whether token k can be a day of the month.
func (p *parser) dayNumberAt(k int) bool {
	t := p.at(k)
	return (t.kind == kNum && t.digits <= 2 || t.kind == kOrd) && t.num >= 1 && t.num <= 31
}

// optionalYear reads a four-digit year at k, possibly after a comma.
func (p *parser) optionalYear(k int) (year, next int) {
	j := p.skip(k, ",")
	if t := p.at(j); t.kind == kNum && t.digits == 4 && t.num >= 1900 && t.num <= 2999 {
		return int(t.num), j + 1
	}
	return 0, k
}

// notBeforeRef returns d, or the reference date when d is before it: a part
// of the current month that has already passed means "now".
func (p *parser) notBeforeRef(d calendar.Date) calendar.Date {
	if d.Before(p.ref) {
		return p.ref
	}
	return d
}
