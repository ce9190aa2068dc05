package nextstep

import (
	"github.com/followup-dev/followup/internal/calendar"
	"github.com/followup-dev/followup/internal/commitment"
)

// defaultCalendar is used when Parse is given no calendar; Calendar is safe
// for concurrent use.
var defaultCalendar = calendar.Default()

// parser reads the tokens of one input with the readings of package
// commitment and those of this package.
type parser struct{ *commitment.Parser }

// candidate is one datable phrase found in the text.
type candidate = commitment.Candidate

// matcher tries to read a datable phrase starting at token i.
type matcher func(p *parser, i int) (candidate, bool)

// matchers are tried at every token; the longest match wins, ties go to the
// earlier matcher.
var matchers = []matcher{
	(*parser).MatchDate,
	(*parser).MatchDuration,
	(*parser).MatchWeekday,
	(*parser).MatchWeek,
	(*parser).matchMonth,
	(*parser).matchWeekOfMonth,
	(*parser).MatchDayOfMonth,
	(*parser).matchToday,
	(*parser).matchTomorrow,
	(*parser).matchHoliday,
	(*parser).matchNthWeekday,
	(*parser).matchWeekdaysFromNow,
	(*parser).matchWeekend,
	(*parser).matchFromDate,
	(*parser).matchQuarter,
}

// scan collects the leftmost-longest candidates, without overlaps, and
// merges a weak candidate into a date that directly follows it.
func (p *parser) scan() []candidate {
	var found []candidate
	for i := 0; i < p.Len(); {
		best, ok := p.longestAt(i)
		if !ok {
			i++
			continue
		}
		bound := 0
		if len(found) > 0 {
			bound = found[len(found)-1].End
		}
		found = p.appendMerged(found, p.laterThan(found, p.weekOf(best, bound)))
		i = best.End
	}
	return found
}

// longestAt runs every matcher at i and keeps the longest match.
func (p *parser) longestAt(i int) (candidate, bool) {
	var best candidate
	ok := false
	for _, m := range matchers {
		if c, hit := m(p, i); hit && (!ok || c.End > best.End) {
			best, ok = c, true
		}
	}
	return best, ok
}

// appendMerged appends c, first folding the previous candidate into it when
// the previous one only qualifies c: "close of business Wednesday", "EOD on
// Friday", "Friday, December 4".
func (p *parser) appendMerged(found []candidate, c candidate) []candidate {
	if len(found) == 0 {
		return append(found, c)
	}
	prev := found[len(found)-1]
	specific := c.Rule == commitment.RuleDate || c.Rule == commitment.RuleDayOfMonth
	if (prev.Weak || prev.Rule == commitment.RuleWeekday && specific) && p.onlyFillers(prev.End, c.Start) {
		c.Start = prev.Start
		found[len(found)-1] = c
		return found
	}
	return append(found, c)
}

// onlyFillers reports whether tokens [from, to) are at most two filler
// words or punctuation marks that may sit between a qualifier and a date.
func (p *parser) onlyFillers(from, to int) bool {
	if to-from > 2 {
		return false
	}
	for i := from; i < to; i++ {
		if !p.Is(i, ",", "on", "by", "the", "at", "this", "-") {
			return false
		}
	}
	return true
}
