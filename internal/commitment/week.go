package commitment

import (
	"strings"
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

// LooksBack reports whether the word at i makes a day named after it past
// or recurring: "last", "since", "every", ….
func (p *Parser) LooksBack(i int) bool { return lookBackWords[p.Word(i)] }

// MatchWeekday reads "Friday", "by Fri", "next Monday", "Monday or Tuesday",
// "Tue-Wed", "Mon/Tue", "Tuesday next week".
func (p *Parser) MatchWeekday(i int) (Candidate, bool) {
	if lookBackWords[p.Word(i-1)] {
		return Candidate{}, false
	}
	j := i
	if p.Is(j, "this") && p.Is(j+1, "coming") {
		j++
	}
	j = p.Skip(j, "next", "this", "coming")
	t := p.At(j)
	if t.weekday == 0 || t.ambiguous && !ambiguousCues[p.Word(j-1)] && !p.listFollows(j) {
		return Candidate{}, false
	}
	days := []time.Weekday{time.Weekday(t.weekday - 1)}
	j = p.SkipAbbrevDot(j)
	for len(days) < maxListedDays {
		d, next, ok := p.listedWeekday(j)
		if !ok {
			break
		}
		days, j = append(days, d), next
	}
	c := Candidate{Start: i, Rule: RuleWeekday, Reading: p.weekdayReading(i, days[0])}
	switch k := p.Skip(j, "of"); {
	case p.Is(k, "this") && p.Is(k+1, "week"): // "Wednesday of this week"
		j = k + 2
		c.Early, c.Late = ordered(p.inThisWeek(days[0]), p.inThisWeek(days[len(days)-1]))
		if c.Early.Before(p.Ref) {
			return Candidate{}, false // that day has passed
		}
		c.Reading = ""
	case p.Is(k, "next") && p.Is(k+1, "week"):
		j = k + 2
		c.Early, c.Late = ordered(p.inNextWeek(days[0]), p.inNextWeek(days[len(days)-1]))
	case len(days) == 1 && p.Is(j, "week") && !p.Is(j+1, "of", "'s", "’s"): // British "Monday week": a week after Monday
		j++
		c.Early = After(p.Ref, days[0]).AddDays(7)
		c.Late, c.Reading = c.Early, "read as a week after the coming "+days[0].String()
	case p.Is(j, "after") && p.Is(j+1, "next"): // "Monday after next": skip the first one
		j += 2
		c.Early, c.Late = p.weekdaySequence(days)
		c.Early, c.Late = c.Early.AddDays(7), c.Late.AddDays(7)
	default:
		c.Early, c.Late = p.weekdaySequence(days)
	}
	c.End = j
	return c, true
}

// listFollows reports whether the weekday at j starts a list of weekdays,
// which makes an ambiguous abbreviation a day: "Wed or Thu".
func (p *Parser) listFollows(j int) bool {
	_, _, ok := p.listedWeekday(p.SkipAbbrevDot(j))
	return ok
}

// SkipAbbrevDot skips the token at j and a "." after it when it is an
// abbreviation ("Fri.", "Dec.").
func (p *Parser) SkipAbbrevDot(j int) int {
	if len(p.Word(j)) <= 4 && p.Is(j+1, ".") {
		return j + 2
	}
	return j + 1
}

// listedWeekday reads the next day of a list or range at j: "or Tuesday",
// "-Wed", "/Tue", ", Thursday", "to Friday".
func (p *Parser) listedWeekday(j int) (time.Weekday, int, bool) {
	if !p.Is(j, "or", "and", "-", "/", "to", "through", "thru", "until", "till", ",") {
		return 0, 0, false
	}
	k := p.Skip(j+1, "or", "and", "maybe", "possibly")
	t := p.At(k)
	if t.weekday == 0 {
		return 0, 0, false
	}
	return time.Weekday(t.weekday - 1), p.SkipAbbrevDot(k), true
}

// weekdaySequence returns the first listed day strictly after the reference
// date, each further day strictly after the previous one, and so the dates
// of the first and the last day.
func (p *Parser) weekdaySequence(days []time.Weekday) (first, last calendar.Date) {
	d := p.Ref
	for n, wd := range days {
		d = After(d, wd)
		if n == 0 {
			first = d
		}
	}
	return first, d
}

// After returns the first date strictly after d that falls on wd.
func After(d calendar.Date, wd time.Weekday) calendar.Date {
	n := (int(wd)-int(d.Weekday())+6)%7 + 1
	return d.AddDays(n)
}

// MondayAfter returns the Monday of the week (Monday to Sunday) after d's week.
func MondayAfter(d calendar.Date) calendar.Date {
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
func (p *Parser) inThisWeek(wd time.Weekday) calendar.Date {
	return MondayAfter(p.Ref).AddDays((int(wd)+6)%7 - 7)
}

// weekdayReading says how a weekday phrase starting at i was read when it
// has two readings: "next Friday" may mean the coming Friday or the one a
// week later, and a bare weekday said on that weekday means a week later.
func (p *Parser) weekdayReading(i int, wd time.Weekday) string {
	switch {
	case p.Is(i, "next") && p.At(i+1).weekday > 0:
		return "read as the first " + wd.String() + " after the reference day, not the one a week later"
	case wd == p.Ref.Weekday():
		return "said on a " + wd.String() + ": read as a week later"
	}
	return ""
}

// inNextWeek returns the day wd of the week after the reference week.
func (p *Parser) inNextWeek(wd time.Weekday) calendar.Date {
	return MondayAfter(p.Ref).AddDays((int(wd) + 6) % 7)
}

// Part is a part of a period: "early", "mid", "late"/"end".
type Part uint8

// The parts of a period; PartNone is no part, the whole period.
const (
	PartNone Part = iota
	PartEarly
	PartMid
	PartLate
)

// ParsePart reads a part qualifier at j: "early", "the beginning of",
// "mid-", "the middle of", "late", "later", "the end of", "later in".
func (p *Parser) ParsePart(j int) (Part, int) {
	k := p.Skip(j, "the")
	switch p.Word(k) {
	case "early":
		return PartEarly, p.Skip(k+1, "-")
	case "mid":
		return PartMid, p.Skip(k+1, "-")
	case "late", "later":
		return PartLate, p.Skip(p.Skip(k+1, "-"), "in")
	case "beginning", "start":
		return p.partOf(k, PartEarly)
	case "middle":
		return p.partOf(k, PartMid)
	case "end":
		return p.partOf(k, PartLate)
	}
	return PartNone, j
}

// partOf completes "end of", "middle of", "beginning of".
func (p *Parser) partOf(k int, pt Part) (Part, int) {
	if p.Is(k+1, "of") {
		return pt, k + 2
	}
	return PartNone, k
}

// MatchWeek reads "this week", "end of the week", "EOW", "week's end",
// "within the week", "mid-week", "next week", "early next week", "by the end
// of next week", "next week on Tuesday", "the week after next".
func (p *Parser) MatchWeek(i int) (Candidate, bool) {
	if lookBackWords[p.Word(i-1)] {
		return Candidate{}, false
	}
	switch {
	case p.Is(i, "eow"):
		return p.thisWeek(i, i+1, PartNone), true
	case p.Is(i, "midweek"):
		return p.thisWeek(i, i+1, PartMid), true
	case p.Is(i, "week's", "week’s") && p.Is(i+1, "end"):
		return p.thisWeek(i, i+2, PartLate), true
	case p.Is(i-1, "by", "before") && p.Is(i, "the", "this") && p.Is(i+1, "weekend"):
		return p.thisWeek(i, i+2, PartLate), true // the working week's end
	}
	pt, j := p.ParsePart(i)
	if pt == PartNone && p.Is(i, "within") {
		pt, j = PartLate, i+1 // "within the week" ends with it
	}
	if k := p.Skip(j, "the"); p.Is(k, "week") && p.Is(k+1, "after") && p.Is(k+2, "next") {
		return p.weekAfterNext(i, k+3, pt), true
	}
	if c, ok := p.comingOrRest(i, j, pt); ok {
		return c, true
	}
	switch {
	case p.Is(j, "this") && p.Is(j+1, "week"):
		return p.thisWeek(i, j+2, pt), true
	case pt != PartNone && p.Is(j, "the") && p.Is(j+1, "week") && !p.Is(j+2, "of"):
		return p.thisWeek(i, j+2, pt), true
	case pt != PartNone && p.Is(j, "week") && !p.Is(j+1, "of"):
		return p.thisWeek(i, j+1, pt), true
	case p.Is(j, "next", "following") && p.Is(j+1, "week") || p.Is(j, "the") && p.Is(j+1, "following") && p.Is(j+2, "week"):
		return p.nextWeek(i, p.Skip(j, "the")+2, pt), true
	}
	return Candidate{}, false
}

// comingOrRest reads "the coming week", "this coming week" (the seven days
// after the reference date, or next week's part pt) and "the rest of the
// week" (this week's Friday).
func (p *Parser) comingOrRest(i, j int, pt Part) (Candidate, bool) {
	if p.Is(j, "the", "this") && p.Is(j+1, "coming", "upcoming") && p.Is(j+2, "week") {
		if pt != PartNone {
			return p.nextWeek(i, j+3, pt), true
		}
		d := p.Ref.AddDays(7)
		return Candidate{Start: i, End: j + 3, Rule: RuleWeeks, Lo: 1, Hi: 1, Early: d, Late: d,
			Reading: "read as the seven days after the reference day"}, true
	}
	if k := p.Skip(i, "the"); p.Is(k, "rest", "remainder") && p.Is(k+1, "of") {
		if w := p.Skip(k+2, "the", "this"); p.Is(w, "week") && w > k+2 {
			return p.thisWeek(i, w+1, PartLate), true
		}
	}
	return Candidate{}, false
}

// fridayOnOrAfter returns the Friday on or after the reference date.
func (p *Parser) fridayOnOrAfter() calendar.Date {
	return p.Ref.AddDays((int(time.Friday) - int(p.Ref.Weekday()) + 7) % 7)
}

// thisWeek returns the Friday on or after the reference date, or for the
// middle of the week ("mid-week") the Wednesday on or after it.
func (p *Parser) thisWeek(start, end int, pt Part) Candidate {
	d := p.fridayOnOrAfter()
	if pt == PartMid {
		d = p.Ref.AddDays((int(time.Wednesday) - int(p.Ref.Weekday()) + 7) % 7)
	}
	return Candidate{Start: start, End: end, Rule: RuleThisWeek, Early: d, Late: d}
}

// weekAfterNext returns the day of the week after next that pt names.
func (p *Parser) weekAfterNext(start, end int, pt Part) Candidate {
	c := p.nextWeek(start, end, pt)
	c.Early, c.Late = c.Early.AddDays(7), c.Late.AddDays(7)
	return c
}

// nextWeek returns the day of next week that pt names, or the weekday named
// right after it ("next week on Tuesday").
func (p *Parser) nextWeek(start, end int, pt Part) Candidate {
	if pt == PartNone {
		k := p.Skip(end, "on", ",")
		if t := p.At(k); t.weekday > 0 && !t.ambiguous {
			d := p.inNextWeek(time.Weekday(t.weekday - 1))
			return Candidate{Start: start, End: p.SkipAbbrevDot(k), Rule: RuleWeekday, Early: d, Late: d}
		}
	}
	monday := MondayAfter(p.Ref)
	c := Candidate{Start: start, End: end, Rule: RuleNextWeek, Early: monday.AddDays(4), Late: monday.AddDays(4)}
	switch pt {
	case PartEarly:
		c.Early, c.Late = monday, monday.AddDays(1)
	case PartMid:
		c.Early, c.Late = monday.AddDays(2), monday.AddDays(2)
	}
	return c
}

// WeekdayOf returns the weekday named by token k, singular or plural
// ("Friday", "Fridays"), and whether it names one.
func (p *Parser) WeekdayOf(k int) (time.Weekday, bool) {
	t := p.At(k)
	if t.weekday > 0 && !t.ambiguous {
		return time.Weekday(t.weekday - 1), true
	}
	if w, ok := strings.CutSuffix(t.Text, "s"); ok && len(w) > 5 {
		if l, ok := lexicon[w]; ok && l.weekday > 0 {
			return time.Weekday(l.weekday - 1), true
		}
	}
	return 0, false
}
