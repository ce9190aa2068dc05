package commitment

import "github.com/followup-dev/followup/internal/calendar"

// matchWeekend reads "this weekend", "over the weekend", "this coming
// weekend" (the Saturday and Sunday on or after the reference date) and
// "next weekend" (the weekend of next week). "By the weekend" is the
// working week's end and is read by matchWeek.
func (p *parser) matchWeekend(i int) (candidate, bool) {
	j := i
	if p.is(j, "this") && p.is(j+1, "coming") {
		j++
	}
	c := candidate{start: i, rule: RuleThisWeek}
	sat := p.ref.AddDays((6 - int(p.ref.Weekday()) + 7) % 7)
	switch {
	case p.is(j, "next") && p.is(j+1, "weekend"):
		sat = mondayAfter(p.ref).AddDays(5)
		c.rule, c.reading = RuleNextWeek, "read as the weekend of next week"
	case p.is(j, "this", "coming", "the") && p.is(j+1, "weekend") && (j > i || !p.is(i-1, "by", "before")):
	default:
		return candidate{}, false
	}
	c.end, c.early, c.late = j+2, sat, sat.AddDays(1)
	if p.ref.Weekday() == 0 && c.rule == RuleThisWeek { // said on a Sunday: today
		c.early, c.late = p.ref, p.ref
	}
	return c, true
}

// matchFromDate reads a duration counted from a named day: "a week from
// Monday", "two weeks from Friday", "a week from tomorrow", "3 days from
// December 4", and the British "a week today".
func (p *parser) matchFromDate(i int) (candidate, bool) {
	n, k, _, ok := p.quantity(i)
	if !ok {
		return candidate{}, false
	}
	u, k := p.unit(k)
	if u != unitDays && u != unitWeeks || n < 1 || n > 52 {
		return candidate{}, false
	}
	days := n
	if u == unitWeeks {
		days = 7 * n
	}
	if u == unitWeeks && p.is(k, "today") {
		d := p.ref.AddDays(days)
		return candidate{start: i, end: k + 1, rule: RuleWeeks, lo: n, hi: n, early: d, late: d}, true
	}
	if !p.is(k, "from") || p.is(k+1, "now", "today") {
		return candidate{}, false
	}
	base, ok := p.namedDay(k + 1)
	if !ok {
		return candidate{}, false
	}
	d := base.late.AddDays(days)
	return candidate{start: i, end: base.end, rule: base.rule, early: d, late: d,
		reading: "counted from " + p.matchText(base)}, true
}

// namedDay reads the day a duration counts from: tomorrow, a weekday or a date.
func (p *parser) namedDay(k int) (candidate, bool) {
	for _, m := range []matcher{(*parser).matchTomorrow, (*parser).matchWeekday, (*parser).matchDate} {
		if c, ok := m(p, k); ok && c.early == c.late {
			return c, true
		}
	}
	return candidate{}, false
}

// laterThan counts a duration followed by "later" from the date read just
// before it, not from the reference date: "the onsite is on December 3 and
// you'll hear from us a week later" is 10 December.
func (p *parser) laterThan(found []candidate, c candidate) candidate {
	if len(found) == 0 || !p.is(c.end, "later") || c.lo == 0 {
		return c
	}
	prev := found[len(found)-1]
	if prev.early != prev.late || prev.lo != 0 {
		return c
	}
	ref := p.ref
	p.ref = prev.late
	rebased, ok := p.matchDuration(c.start)
	p.ref = ref
	if !ok || rebased.end != c.end {
		return c
	}
	rebased.end++
	rebased.reading, rebased.from = "counted from "+p.matchText(prev), prev.late
	return rebased
}

// whole reports whether the tokens [i, end) are the whole text, perhaps
// with a final punctuation mark: "12/04", "The 4th.".
func (p *parser) whole(i, end int) bool {
	return i == 0 && (end == len(p.toks) || end == len(p.toks)-1 && p.toks[end].kind == kPunct)
}

// widenToWeek widens c to the Monday to Friday of the week of its date, not
// before the reference date: "Thanksgiving week".
func (p *parser) widenToWeek(c candidate) candidate {
	d := c.early
	monday := d.AddDays(-((int(d.Weekday()) + 6) % 7))
	c.early, c.late = p.notBeforeRef(monday), maxDate(d, monday.AddDays(4))
	return c
}

func maxDate(a, b calendar.Date) calendar.Date {
	if a.After(b) {
		return a
	}
	return b
}
