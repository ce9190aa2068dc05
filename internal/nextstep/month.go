package nextstep

import (
	"time"

	"github.com/followup-dev/followup/internal/calendar"
	"github.com/followup-dev/followup/internal/commitment"
)

// partDay is the day of the month that a part names; commitment.PartLate means the last day.
var partDay = [...]int{commitment.PartEarly: 10, commitment.PartMid: 15}

// matchMonth reads "end of the month", "by month end", "EOM", "next month",
// "mid-December", "early Dec", "late December 2026", "in January",
// "end of the year".
func (p *parser) matchMonth(i int) (candidate, bool) {
	if p.LooksBack(i - 1) {
		return candidate{}, false
	}
	if c, ok := p.matchPeriodEnd(i); ok {
		return c, true
	}
	if p.Is(i, "within") && p.Is(i+1, "the", "this") && p.Is(i+2, "month") {
		return p.monthEnd(i, i+3, p.Ref), true
	}
	pt, j := p.ParsePart(i)
	if pt == commitment.PartNone && p.Is(i, "in", "during") {
		if p.At(i+1).Month == 0 {
			return candidate{}, false
		}
		return p.monthName(i, i+1, pt)
	}
	if p.At(j).Month > 0 && pt != commitment.PartNone {
		return p.monthName(i, j, pt)
	}
	return p.relativeMonth(i, j, pt)
}

// matchPeriodEnd reads the abbreviations and "month end" / "year end" forms.
func (p *parser) matchPeriodEnd(i int) (candidate, bool) {
	end := i + 1
	if p.Is(i, "month", "year", "month's", "month’s") {
		k := p.Skip(i+1, "-")
		if !p.Is(k, "end") {
			return candidate{}, false
		}
		end = k + 1
	} else if !p.Is(i, "eom", "eoy") {
		return candidate{}, false
	}
	if p.Is(i, "year", "eoy") {
		return p.yearEnd(i, end), true
	}
	return p.monthEnd(i, end, p.Ref), true
}

// relativeMonth reads "this month", "the month", "next month", "month",
// "the year" after an optional part.
func (p *parser) relativeMonth(i, j int, pt commitment.Part) (candidate, bool) {
	switch {
	case p.Is(j, "next") && p.Is(j+1, "month"):
		return p.monthPart(i, j+2, pt, p.Ref.AddMonths(1)), true
	case p.Is(j, "this") && p.Is(j+1, "month"):
		return p.monthPart(i, j+2, pt, p.Ref), true
	case pt != commitment.PartNone && p.Is(j, "the") && p.Is(j+1, "month"):
		return p.monthPart(i, j+2, pt, p.Ref), true
	case pt != commitment.PartNone && p.Is(j, "month"):
		return p.monthPart(i, j+1, pt, p.Ref), true
	case pt == commitment.PartLate && p.Is(j, "the", "this") && p.Is(j+1, "year"):
		return p.yearEnd(i, j+2), true
	case pt == commitment.PartLate && p.Is(j, "year"):
		return p.yearEnd(i, j+1), true
	}
	return candidate{}, false
}

// monthPart returns the part pt of the month of d; no part means its end.
func (p *parser) monthPart(start, end int, pt commitment.Part, d calendar.Date) candidate {
	if pt == commitment.PartNone || pt == commitment.PartLate {
		return p.monthEnd(start, end, d)
	}
	day := p.NotBeforeRef(calendar.Date{Year: d.Year, Month: d.Month, Day: partDay[pt]})
	return candidate{Start: start, End: end, Rule: commitment.RuleMonthPart, Early: day, Late: day}
}

// monthEnd returns the last day of the month of d.
func (p *parser) monthEnd(start, end int, d calendar.Date) candidate {
	last := calendar.Date{Year: d.Year, Month: d.Month, Day: calendar.DaysIn(d.Year, d.Month)}
	return candidate{Start: start, End: end, Rule: commitment.RuleMonthEnd, Early: last, Late: last}
}

// yearEnd returns 31 December of the reference year.
func (p *parser) yearEnd(start, end int) candidate {
	last := calendar.Date{Year: p.Ref.Year, Month: time.December, Day: 31}
	return candidate{Start: start, End: end, Rule: commitment.RuleMonthPart, Early: last, Late: last}
}

// monthName reads the month name at j (and an optional year) with part pt;
// commitment.PartNone means the whole month ("in January"). A day number after the
// month makes it a date, which MatchDate reads instead.
func (p *parser) monthName(start, j int, pt commitment.Part) (candidate, bool) {
	month := time.Month(p.At(j).Month)
	k := p.SkipAbbrevDot(j)
	if p.DayNumberAt(p.Skip(k, "the")) {
		return candidate{}, false
	}
	year, k := p.OptionalYear(k)
	if year != 0 && !p.Plausible(calendar.Date{Year: year, Month: month, Day: calendar.DaysIn(year, month)}) {
		return candidate{}, false
	}
	if year == 0 {
		year = p.Ref.Year
		if month < p.Ref.Month {
			year++
		}
	}
	first := calendar.Date{Year: year, Month: month, Day: 1}
	last := calendar.Date{Year: year, Month: month, Day: calendar.DaysIn(year, month)}
	c := candidate{Start: start, End: k, Rule: commitment.RuleMonthPart, Early: first, Late: last}
	if pt != commitment.PartLate && pt != commitment.PartNone {
		c.Late = calendar.Date{Year: year, Month: month, Day: partDay[pt]}
	}
	if pt != commitment.PartNone {
		c.Early = c.Late
	}
	// "In March" alone often tells a story ("in March we hired two"); it
	// is a promise only near a word about replying.
	c.NeedsAnchor = pt == commitment.PartNone
	c.Early, c.Late = p.NotBeforeRef(c.Early), p.NotBeforeRef(c.Late)
	return c, true
}
