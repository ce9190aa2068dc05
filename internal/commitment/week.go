package commitment

import (
	"time"

	"github.com/followup-dev/followup/internal/calendar"
)

// maxListedDays bounds a list of weekdays ("Monday, Tuesday or Wednesday").
const maxListedDays = 7

// ambiguousCues may precede "sat", "sun" or "wed" to make them weekdays.
var ambiguousCues = map[string]bool{
	"on": true, "by": true, "until": true, "till": true, "before": true, "next": true,
	"this": true, "coming": true, "or": true, "/": true, "-": true,
}

// lookBackWords before a weekday make it a past or recurring day.
var lookBackWords = map[string]bool{
	"last": true, "since": true, "past": true, "previous": true, "every": true, "earlier": true,
}

// matchWeekday reads "Friday", "by Fri", "next Monday", "Monday or Tuesday",
// "Tue-Wed", "Mon/Tue", "Tuesday next week".
func (p *parser) matchWeekday(i int) (candidate, bool) {
	if lookBackWords[p.word(i-1)] {
		return candidate{}, false
	}
	j := i
	if p.is(j, "this") && p.is(j+1, "coming") {
		j++
	}
	j = p.skip(j, "next", "this", "coming")
	t := p.at(j)
	if t.weekday == 0 || t.ambiguous && !ambiguousCues[p.word(j-1)] && !p.listFollows(j) {
		return candidate{}, false
	}
	days := []time.Weekday{time.Weekday(t.weekday - 1)}
	j = p.skipAbbrevDot(j)
	for len(days) < maxListedDays {
		d, next, ok := p.listedWeekday(j)
		if !ok {
			break
		}
		days, j = append(days, d), next
	}
	c := candidate{start: i, rule: RuleWeekday, reading: p.weekdayReading(i, days[0])}
	switch k := p.skip(j, "of"); {
	case p.is(k, "this") && p.is(k+1, "week"): // "Wednesday of this week"
		j = k + 2
		c.early, c.late = ordered(p.inThisWeek(days[0]), p.inThisWeek(days[len(days)-1]))
		if c.early.Before(p.ref) {
			return candidate{}, false // that day has passed
		}
		c.reading = ""
	case p.is(k, "next") && p.is(k+1, "week"):
		j = k + 2
		c.early, c.late = ordered(p.inNextWeek(days[0]), p.inNextWeek(days[len(days)-1]))
	case len(days) == 1 && p.is(j, "week") && !p.is(j+1, "of", "'s", "’s"): // British "Monday week": a week after Monday
		j++
		c.early = after(p.ref, days[0]).AddDays(7)
		c.late, c.reading = c.early, "read as a week after the coming "+days[0].String()
	case p.is(j, "after") && p.is(j+1, "next"): // "Monday after next": skip the first one
		j += 2
		c.early, c.late = p.weekdaySequence(days)
		c.early, c.late = c.early.AddDays(7), c.late.AddDays(7)
	default:
		c.early, c.late = p.weekdaySequence(days)
	}
	c.end = j
	return c, true
}

// listFollows reports whether the weekday at j starts a list of weekdays,
// which makes an ambiguous abbreviation a day: "Wed or Thu".
func (p *parser) listFollows(j int) bool {
	_, _, ok := p.listedWeekday(p.skipAbbrevDot(j))
	return ok
}

// skipAbbrevDot skips the token at j and a "." after it when it is an
// abbreviation ("Fri.", "Dec.").
func (p *parser) skipAbbrevDot(j int) int {
	if len(p.word(j)) <= 4 && p.is(j+1, ".") {
		return j + 2
	}
	return j + 1
}

// listedWeekday reads the next day of a list or range at j: "or Tuesday",
// "-Wed", "/Tue", ", Thursday", "to Friday".
func (p *parser) listedWeekday(j int) (time.Weekday, int, bool) {
	if !p.is(j, "or", "and", "-", "/", "to", "through", "thru", "until", "till", ",") {
		return 0, 0, false
	}
	k := p.skip(j+1, "or", "and", "maybe", "possibly")
	t := p.at(k)
	if t.weekday == 0 {
		return 0, 0, false
	}
	return time.Weekday(t.weekday - 1), p.skipAbbrevDot(k), true
}

// weekdaySequence returns the first listed day strictly after the reference
// date, each further day strictly after the previous one, and so the dates
// of the first and the last day.
func (p *parser) weekdaySequence(days []time.Weekday) (first, last calendar.Date) {
	d := p.ref
	for n, wd := range days {
		d = after(d, wd)
		if n == 0 {
			first = d
		}
	}
	return first, d
}

// after returns the first date strictly after d that falls on wd.
func after(d calendar.Date, wd time.Weekday) calendar.Date {
	n := (int(wd)-int(d.Weekday())+6)%7 + 1
	return d.AddDays(n)
}

// mondayAfter returns the Monday of the week (Monday to Sunday) after d's week.
func mondayAfter(d calendar.Date) calendar.Date {
	return d.AddDays(7 - (int(d.Weekday())+6)%7)
}

// ordered returns a and b, the earlier first: "Thursday or Tuesday next
// week" runs from Tuesday to Thursday.
func ordered(a, b calendar.Date) (calendar.Date, calendar.Date) {
	if b.Before(a) {
		return b, a
	}
	return a, b
}

// inThisWeek returns the day wd of the reference week (Monday to Sunday).
func (p *parser) inThisWeek(wd time.Weekday) calendar.Date {
	return mondayAfter(p.ref).AddDays((int(wd)+6)%7 - 7)
}

// weekdayReading says how a weekday phrase starting at i was read when it
// has two readings: "next Friday" may mean the coming Friday or the one a
// week later, and a bare weekday said on that weekday means a week later.
func (p *parser) weekdayReading(i int, wd time.Weekday) string {
	switch {
	case p.is(i, "next") && p.at(i+1).weekday > 0:
		return "read as the first " + wd.String() + " after the reference day, not the one a week later"
	case wd == p.ref.Weekday():
		return "said on a " + wd.String() + ": read as a week later"
	}
	return ""
}

// inNextWeek returns the day wd of the week after the reference week.
func (p *parser) inNextWeek(wd time.Weekday) calendar.Date {
	return mondayAfter(p.ref).AddDays((int(wd) + 6) % 7)
}

// part is a part of a period: "early", "mid", "late"/"end".
type part uint8

const (
	partNone part = iota
	partEarly
	partMid
	partLate
)

// parsePart reads a part qualifier at j: "early", "the beginning of",
// "mid-", "the middle of", "late", "later", "the end of", "later in".
func (p *parser) parsePart(j int) (part, int) {
	k := p.skip(j, "the")
	switch p.word(k) {
	case "early":
		return partEarly, p.skip(k+1, "-")
	case "mid":
		return partMid, p.skip(k+1, "-")
	case "late", "later":
		return partLate, p.skip(p.skip(k+1, "-"), "in")
	case "beginning", "start":
		return p.partOf(k, partEarly)
	case "middle":
		return p.partOf(k, partMid)
	case "end":
		return p.partOf(k, partLate)
	}
	return partNone, j
}

// partOf completes "end of", "middle of", "beginning of".
func (p *parser) partOf(k int, pt part) (part, int) {
	if p.is(k+1, "of") {
		return pt, k + 2
	}
	return partNone, k
}

// matchWeek reads "this week", "end of the week", "EOW", "week's end",
// "within the week", "mid-week", "next week", "early next week", "by the end
// of next week", "next week on Tuesday", "the week after next".
func (p *parser) matchWeek(i int) (candidate, bool) {
	if lookBackWords[p.word(i-1)] {
		return candidate{}, false
	}
	switch {
	case p.is(i, "eow"):
		return p.thisWeek(i, i+1, partNone), true
	case p.is(i, "midweek"):
		return p.thisWeek(i, i+1, partMid), true
	case p.is(i, "week's", "week’s") && p.is(i+1, "end"):
		return p.thisWeek(i, i+2, partLate), true
	case p.is(i-1, "by", "before") && p.is(i, "the", "this") && p.is(i+1, "weekend"):
		return p.thisWeek(i, i+2, partLate), true // the working week's end
	}
	pt, j := p.parsePart(i)
	if pt == partNone && p.is(i, "within") {
		pt, j = partLate, i+1 // "within the week" ends with it
	}
	if k := p.skip(j, "the"); p.is(k, "week") && p.is(k+1, "after") && p.is(k+2, "next") {
		return p.weekAfterNext(i, k+3, pt), true
	}
	if c, ok := p.comingOrRest(i, j, pt); ok {
		return c, true
	}
	switch {
	case p.is(j, "this") && p.is(j+1, "week"):
		return p.thisWeek(i, j+2, pt), true
	case pt != partNone && p.is(j, "the") && p.is(j+1, "week") && !p.is(j+2, "of"):
		return p.thisWeek(i, j+2, pt), true
	case pt != partNone && p.is(j, "week") && !p.is(j+1, "of"):
		return p.thisWeek(i, j+1, pt), true
	case p.is(j, "next", "following") && p.is(j+1, "week") || p.is(j, "the") && p.is(j+1, "following") && p.is(j+2, "week"):
		return p.nextWeek(i, j+2+btoi(p.is(j, "the")), pt), true
	}
	return candidate{}, false
}

// comingOrRest reads "the coming week", "this coming week" (the seven days
// after the reference date, or next week's part pt) and "the rest of the
// week" (this week's Friday).
func (p *parser) comingOrRest(i, j int, pt part) (candidate, bool) {
	if p.is(j, "the", "this") && p.is(j+1, "coming", "upcoming") && p.is(j+2, "week") {
		if pt != partNone {
			return p.nextWeek(i, j+3, pt), true
		}
		d := p.ref.AddDays(7)
		return candidate{start: i, end: j + 3, rule: RuleWeeks, lo: 1, hi: 1, early: d, late: d,
			reading: "read as the seven days after the reference day"}, true
	}
	if k := p.skip(i, "the"); p.is(k, "rest", "remainder") && p.is(k+1, "of") {
		if w := p.skip(k+2, "the", "this"); p.is(w, "week") && w > k+2 {
			return p.thisWeek(i, w+1, partLate), true
		}
	}
	return candidate{}, false
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// fridayOnOrAfter returns the Friday on or after the reference date.
func (p *parser) fridayOnOrAfter() calendar.Date {
	return p.ref.AddDays((int(time.Friday) - int(p.ref.Weekday()) + 7) % 7)
}

// thisWeek returns the Friday on or after the reference date, or for the
// middle of the week ("mid-week") the Wednesday on or after it.
func (p *parser) thisWeek(start, end int, pt part) candidate {
	d := p.fridayOnOrAfter()
	if pt == partMid {
		d = p.ref.AddDays((int(time.Wednesday) - int(p.ref.Weekday()) + 7) % 7)
	}
	return candidate{start: start, end: end, rule: RuleThisWeek, early: d, late: d}
}

// weekAfterNext returns the day of the week after next that pt names.
func (p *parser) weekAfterNext(start, end int, pt part) candidate {
	c := p.nextWeek(start, end, pt)
	c.early, c.late = c.early.AddDays(7), c.late.AddDays(7)
	return c
}

// nextWeek returns the day of next week that pt names, or the weekday named
// right after it ("next week on Tuesday").
func (p *parser) nextWeek(start, end int, pt part) candidate {
	if pt == partNone {
		k := p.skip(end, "on", ",")
		if t := p.at(k); t.weekday > 0 && !t.ambiguous {
			d := p.inNextWeek(time.Weekday(t.weekday - 1))
			return candidate{start: start, end: p.skipAbbrevDot(k), rule: RuleWeekday, early: d, late: d}
		}
	}
	monday := mondayAfter(p.ref)
	c := candidate{start: start, end: end, rule: RuleNextWeek, early: monday.AddDays(4), late: monday.AddDays(4)}
	switch pt {
	case partEarly:
		c.early, c.late = monday, monday.AddDays(1)
	case partMid:
		c.early, c.late = monday.AddDays(2), monday.AddDays(2)
	}
	return c
}
