package nextstep

import (
	"time"

	"github.com/followup-dev/followup/internal/calendar"
	"github.com/followup-dev/followup/internal/commitment"
)

// quarterNames name calendar quarters.
var quarterNames = map[string]int{
	"q1": 1, "q2": 2, "q3": 3, "q4": 4, "1q": 1, "2q": 2, "3q": 3, "4q": 4,
}

// matchQuarter reads "Q1", "end of Q1 2027", "by the end of the quarter",
// "this quarter", "next quarter", "the first quarter": the quarter's last
// day (a whole named quarter runs from its first day). A quarter named
// without a year that has ended is next year's. Calendar quarters are
// meant: a company's fiscal year may differ, and the Result says so.
func (p *parser) matchQuarter(i int) (candidate, bool) {
	pt, j := p.ParsePart(i)
	if pt != commitment.PartNone && pt != commitment.PartLate {
		return candidate{}, false
	}
	q, year, end, ok := p.quarterAt(j)
	if !ok {
		return candidate{}, false
	}
	first := calendar.Date{Year: year, Month: time.Month(3*q - 2), Day: 1}
	last := first.AddMonths(3).AddDays(-1)
	if last.Before(p.Ref) {
		return candidate{}, false
	}
	c := candidate{Start: i, End: end, Rule: commitment.RuleQuarter, Early: p.NotBeforeRef(first), Late: last,
		Reading: "read as a calendar quarter, not a fiscal one"}
	if pt == commitment.PartLate {
		c.Early = last
	}
	// "The quarter was strong" tells a story; a whole quarter is a promise
	// only after a deadline word or near a word about replying.
	c.NeedsAnchor = pt == commitment.PartNone && !p.Is(i-1, "by", "before", "until", "in", "during", "within", "for")
	return c, true
}

// quarterAt reads a quarter at j and returns its number and year.
func (p *parser) quarterAt(j int) (q, year, end int, ok bool) {
	current := (int(p.Ref.Month)-1)/3 + 1
	k := p.Skip(j, "the")
	switch {
	case quarterNames[p.Word(j)] > 0:
		q, end = quarterNames[p.Word(j)], j+1
	case weekOrdinals[p.Word(k)] > 0 && weekOrdinals[p.Word(k)] <= 4 && p.Is(k+1, "quarter"):
		q, end = weekOrdinals[p.Word(k)], k+2
	case p.Is(k, "this") && p.Is(k+1, "quarter") || p.Is(k, "quarter") && p.Is(k+1, "end"):
		return current, p.Ref.Year, k + 2, true
	case p.Is(k, "quarter") && k > j: // "the quarter"
		return current, p.Ref.Year, k + 1, true
	case p.Is(k, "next") && p.Is(k+1, "quarter"):
		if current == 4 {
			return 1, p.Ref.Year + 1, k + 2, true
		}
		return current + 1, p.Ref.Year, k + 2, true
	default:
		return 0, 0, 0, false
	}
	year, end = p.OptionalYear(end)
	if year == 0 {
		year = p.Ref.Year + btoi(q < current)
	}
	return q, year, end, true
}
