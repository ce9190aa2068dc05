package nextstep

import "github.com/followup-dev/followup/internal/commitment"

// matchToday reads "today", "later today", "tonight", "this afternoon",
// "end of day", "EOD", "close of business", "COB". Bare "today" and its
// kin need a word about replying nearby (see choose); the deadline forms
// are weak, so a day named right after them wins ("COB Wednesday").
func (p *parser) matchToday(i int) (candidate, bool) {
	c := candidate{Start: i, Rule: commitment.RuleToday, Early: p.Ref, Late: p.Ref}
	switch {
	case p.Is(i, "today", "tonight"):
		c.End, c.NeedsAnchor = i+1, !p.Is(i-1, "by", "before", "until")
	case p.Is(i, "later") && p.Is(i+1, "today"):
		c.End, c.NeedsAnchor = i+2, true
	case p.Is(i, "this") && p.Is(i+1, "afternoon", "evening"):
		c.End, c.NeedsAnchor = i+2, true
	case p.Is(i, "later") && p.Is(i+1, "this") && p.Is(i+2, "morning", "afternoon", "evening"):
		c.End = i + 3
	case p.Is(i, "later") && p.Is(i+1, "in") && p.Is(i+2, "the") && p.Is(i+3, "day"):
		c.End = i + 4
	case p.Is(i, "within") && p.Is(i+1, "the", "an") && p.Is(i+2, "hour"):
		c.End = i + 3
	case p.Is(i, "eod", "cob", "eob"):
		c.End, c.Weak = i+1, true
	default:
		end, ok := p.endOfDay(i)
		if !ok {
			return candidate{}, false
		}
		c.End, c.Weak = end, true
	}
	c.End = p.Skip(c.End, "today")
	return c, true
}

// endOfDay reads "end of day", "(the) end of the (business) day", "end of
// business", "close of business", "close of play". "At the end of the day"
// is an idiom, not a deadline.
func (p *parser) endOfDay(i int) (int, bool) {
	k := p.Skip(i, "the")
	if !p.Is(k, "end", "close") || !p.Is(k+1, "of") {
		return 0, false
	}
	k = p.Skip(k+2, "the")
	switch {
	case p.Is(k, "business"):
		return p.Skip(k+1, "day"), true
	case p.Is(k, "day"):
		if e := p.Skip(i, "the"); p.Is(e-1, "at") || p.Is(e-1, "the") && p.Is(e-2, "at") {
			return 0, false
		}
		return k + 1, true
	case p.Is(k, "play") && p.Is(i, "close"):
		return k + 1, true
	}
	return 0, false
}

// matchTomorrow reads "tomorrow" and "(the) day after tomorrow".
func (p *parser) matchTomorrow(i int) (candidate, bool) {
	c := candidate{Start: i, Rule: commitment.RuleCalendarDays, Lo: 1, Hi: 1}
	switch k := p.Skip(i, "the"); {
	case p.Is(i, "tomorrow"):
		c.End = i + 1
	case p.Is(k, "day") && p.Is(k+1, "after") && p.Is(k+2, "tomorrow"):
		c.End, c.Lo, c.Hi = k+3, 2, 2
	default:
		return candidate{}, false
	}
	c.Early, c.Late = p.Ref.AddDays(c.Lo), p.Ref.AddDays(c.Hi)
	return c, true
}
