package nextstep

import (
	"github.com/followup-dev/followup/internal/calendar"
	"github.com/followup-dev/followup/internal/commitment"
)

// matchWeekend reads "this weekend", "over the weekend", "this coming
// weekend" (the Saturday and Sunday on or after the reference date) and
// "next weekend" (the weekend of next week). "By the weekend" is the
// working week's end and is read by MatchWeek.
func (p *parser) matchWeekend(i int) (candidate, bool) {
	j := i
	if p.Is(j, "this") && p.Is(j+1, "coming") {
		j++
	}
	c := candidate{Start: i, Rule: commitment.RuleThisWeek}
	sat := p.Ref.AddDays((6 - int(p.Ref.Weekday()) + 7) % 7)
	switch {
	case p.Is(j, "next") && p.Is(j+1, "weekend"):
		sat = commitment.MondayAfter(p.Ref).AddDays(5)
		c.Rule, c.Reading = commitment.RuleNextWeek, "read as the weekend of next week"
	case p.Is(j, "this", "coming", "the") && p.Is(j+1, "weekend") && (j > i || !p.Is(i-1, "by", "before")):
	default:
		return candidate{}, false
	}
	c.End, c.Early, c.Late = j+2, sat, sat.AddDays(1)
	if p.Ref.Weekday() == 0 && c.Rule == commitment.RuleThisWeek { // said on a Sunday: today
		c.Early, c.Late = p.Ref, p.Ref
	}
	return c, true
}

// matchFromDate reads a duration counted from a named day: "a week from
// Monday", "two weeks from Friday", "a week from tomorrow", "3 days from
// December 4", and the British "a week today".
func (p *parser) matchFromDate(i int) (candidate, bool) {
	n, k, _, ok := p.Quantity(i)
	if !ok {
		return candidate{}, false
	}
	u, k := p.ReadUnit(k)
	if u != commitment.UnitDays && u != commitment.UnitWeeks || n < 1 || n > 52 {
		return candidate{}, false
	}
	days := n
	if u == commitment.UnitWeeks {
		days = 7 * n
	}
	if u == commitment.UnitWeeks && p.Is(k, "today") {
		d := p.Ref.AddDays(days)
		return candidate{Start: i, End: k + 1, Rule: commitment.RuleWeeks, Lo: n, Hi: n, Early: d, Late: d}, true
	}
	if !p.Is(k, "from") || p.Is(k+1, "now", "today") {
		return candidate{}, false
	}
	base, ok := p.namedDay(k + 1)
	if !ok {
		return candidate{}, false
	}
	d := base.Late.AddDays(days)
	return candidate{Start: i, End: base.End, Rule: base.Rule, Early: d, Late: d,
		Reading: "counted from " + p.matchText(base)}, true
}

// namedDay reads the day a duration counts From: tomorrow, a weekday or a date.
func (p *parser) namedDay(k int) (candidate, bool) {
	for _, m := range []matcher{(*parser).matchTomorrow, (*parser).MatchWeekday, (*parser).MatchDate} {
		if c, ok := m(p, k); ok && c.Early == c.Late {
			return c, true
		}
	}
	return candidate{}, false
}

// laterThan counts a duration followed by "later" from the date read just
// before it, not from the reference date: "the onsite is on December 3 and
// you'll hear from us a week later" is 10 December.
func (p *parser) laterThan(found []candidate, c candidate) candidate {
	if len(found) == 0 || !p.Is(c.End, "later") || c.Lo == 0 {
		return c
	}
	prev := found[len(found)-1]
	if prev.Early != prev.Late || prev.Lo != 0 {
		return c
	}
	ref := p.Ref
	p.Ref = prev.Late
	rebased, ok := p.MatchDuration(c.Start)
	p.Ref = ref
	if !ok || rebased.End != c.End {
		return c
	}
	rebased.End++
	rebased.Reading, rebased.From = "counted from "+p.matchText(prev), prev.Late
	return rebased
}

// widenToWeek widens c to the Monday to Friday of the week of its date, not
// before the reference date: "Thanksgiving week".
func (p *parser) widenToWeek(c candidate) candidate {
	d := c.Early
	monday := d.AddDays(-((int(d.Weekday()) + 6) % 7))
	c.Early, c.Late = p.NotBeforeRef(monday), maxDate(d, monday.AddDays(4))
	return c
}

func maxDate(a, b calendar.Date) calendar.Date {
	if a.After(b) {
		return a
	}
	return b
}
