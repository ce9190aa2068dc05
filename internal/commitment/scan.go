package commitment

import "github.com/followup-dev/followup/internal/calendar"

// defaultCalendar is used when Parse is given no calendar; Calendar is safe
// for concurrent use.
var defaultCalendar = calendar.Default()

// candidate is one datable phrase found in the text.
type candidate struct {
	start, end  int // token span [start, end)
	early, late calendar.Date
	rule        string
	lo, hi      int
	needsAnchor bool          // only counts near a word about replying
	weak        bool          // "end of day", "COB": yields to a date right after it
	reading     string        // which reading an ambiguous phrase took, "" if none
	from        calendar.Date // the date a count runs from when not the reference date ("a week later")
}

// matcher tries to read a datable phrase starting at token i.
type matcher func(p *parser, i int) (candidate, bool)

// matchers are tried at every token; the longest match wins, ties go to the
// earlier matcher.
var matchers = []matcher{
	(*parser).matchDate,
	(*parser).matchDuration,
	(*parser).matchWeekday,
	(*parser).matchWeek,
	(*parser).matchMonth,
	(*parser).matchWeekOfMonth,
	(*parser).matchDayOfMonth,
	(*parser).matchToday,
	(*parser).matchTomorrow,
	(*parser).matchHoliday,
	(*parser).matchNthWeekday,
	(*parser).matchWeekdaysFromNow,
	(*parser).matchWeekend,
	(*parser).matchFromDate,
	(*parser).matchQuarter,
}

// parser holds the tokens of one input and the reference date.
type parser struct {
	text  string
	toks  []token
	ref   calendar.Date
	cal   *calendar.Calendar
	steps int // token inspections, to prove the work is bounded
}

// blank is returned for positions outside the input.
var blank token

// at returns token i, or a blank token when i is out of range.
func (p *parser) at(i int) *token {
	p.steps++
	if i < 0 || i >= len(p.toks) {
		return &blank
	}
	return &p.toks[i]
}

// word returns the text of token i, or "" when i is out of range.
func (p *parser) word(i int) string { return p.at(i).text }

// is reports whether token i is one of words.
func (p *parser) is(i int, words ...string) bool {
	w := p.word(i)
	for _, x := range words {
		if w == x {
			return true
		}
	}
	return false
}

// skip returns i+1 when token i is one of words, else i.
func (p *parser) skip(i int, words ...string) int {
	if p.is(i, words...) {
		return i + 1
	}
	return i
}

// scan collects the leftmost-longest candidates, without overlaps, and
// merges a weak candidate into a date that directly follows it.
func (p *parser) scan() []candidate {
	var found []candidate
	for i := 0; i < len(p.toks); {
		best, ok := p.longestAt(i)
		if !ok {
			i++
			continue
		}
		bound := 0
		if len(found) > 0 {
			bound = found[len(found)-1].end
		}
		found = p.appendMerged(found, p.laterThan(found, p.weekOf(best, bound)))
		i = best.end
	}
	return found
}

// longestAt runs every matcher at i and keeps the longest match.
func (p *parser) longestAt(i int) (candidate, bool) {
	var best candidate
	ok := false
	for _, m := range matchers {
		if c, hit := m(p, i); hit && (!ok || c.end > best.end) {
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
	specific := c.rule == RuleDate || c.rule == RuleDayOfMonth
	if (prev.weak || prev.rule == RuleWeekday && specific) && p.onlyFillers(prev.end, c.start) {
		c.start = prev.start
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
		if !p.is(i, ",", "on", "by", "the", "at", "this", "-") {
			return false
		}
	}
	return true
}
