package commitment

// matchToday reads "today", "later today", "tonight", "this afternoon",
// "end of day", "EOD", "close of business", "COB". Bare "today" and its
// kin need a word about replying nearby (see choose); the deadline forms
// are weak, so a day named right after them wins ("COB Wednesday").
func (p *parser) matchToday(i int) (candidate, bool) {
	c := candidate{start: i, rule: RuleToday, early: p.ref, late: p.ref}
	switch {
	case p.is(i, "today", "tonight"):
		c.end, c.needsAnchor = i+1, !p.is(i-1, "by", "before", "until")
	case p.is(i, "later") && p.is(i+1, "today"):
		c.end, c.needsAnchor = i+2, true
	case p.is(i, "this") && p.is(i+1, "afternoon", "evening"):
		c.end, c.needsAnchor = i+2, true
	case p.is(i, "later") && p.is(i+1, "this") && p.is(i+2, "morning", "afternoon", "evening"):
		c.end = i + 3
	case p.is(i, "later") && p.is(i+1, "in") && p.is(i+2, "the") && p.is(i+3, "day"):
		c.end = i + 4
	case p.is(i, "within") && p.is(i+1, "the", "an") && p.is(i+2, "hour"):
		c.end = i + 3
	case p.is(i, "eod", "cob", "eob"):
		c.end, c.weak = i+1, true
	default:
		end, ok := p.endOfDay(i)
		if !ok {
			return candidate{}, false
		}
		c.end, c.weak = end, true
	}
	c.end = p.skip(c.end, "today")
	return c, true
}

// endOfDay reads "end of day", "(the) end of the (business) day", "end of
// business", "close of business", "close of play". "At the end of the day"
// is an idiom, not a deadline.
func (p *parser) endOfDay(i int) (int, bool) {
	k := p.skip(i, "the")
	if !p.is(k, "end", "close") || !p.is(k+1, "of") {
		return 0, false
	}
	k = p.skip(k+2, "the")
	switch {
	case p.is(k, "business"):
		return p.skip(k+1, "day"), true
	case p.is(k, "day"):
		if e := p.skip(i, "the"); p.is(e-1, "at") || p.is(e-1, "the") && p.is(e-2, "at") {
			return 0, false
		}
		return k + 1, true
	case p.is(k, "play") && p.is(i, "close"):
		return k + 1, true
	}
	return 0, false
}

// matchTomorrow reads "tomorrow" and "(the) day after tomorrow".
func (p *parser) matchTomorrow(i int) (candidate, bool) {
	c := candidate{start: i, rule: RuleCalendarDays, lo: 1, hi: 1}
	switch k := p.skip(i, "the"); {
	case p.is(i, "tomorrow"):
		c.end = i + 1
	case p.is(k, "day") && p.is(k+1, "after") && p.is(k+2, "tomorrow"):
		c.end, c.lo, c.hi = k+3, 2, 2
	default:
		return candidate{}, false
	}
	c.early, c.late = p.ref.AddDays(c.lo), p.ref.AddDays(c.hi)
	return c, true
}
