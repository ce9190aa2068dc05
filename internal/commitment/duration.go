package commitment

import "github.com/followup-dev/followup/internal/calendar"

// Unit is the unit of a duration.
type Unit uint8

// The units of a duration.
const (
	UnitNone Unit = iota
	UnitBusinessDays
	UnitDays
	UnitHours
	UnitWeeks
	UnitMonths
	UnitFortnights
)

// maxAmount caps each unit so that absurd numbers ("in 99999 days") are not
// read as promises and date arithmetic stays cheap.
var maxAmount = [...]int{
	UnitBusinessDays: 260,
	UnitDays:         366,
	UnitHours:        24 * 366,
	UnitWeeks:        52,
	UnitMonths:       24,
	UnitFortnights:   26,
}

// prefixWords may precede a quantity; they are included in the match.
var prefixWords = map[string]bool{
	"in": true, "within": true, "about": true, "around": true, "roughly": true,
	"approximately": true, "approx": true, "under": true, "another": true,
	"just": true, "next": true, "the": true, "over": true, "some": true,
	"up": true, "to": true, "no": true, "more": true, "less": true, "than": true,
	"between": true, "only": true,
}

// triggerWords before a quantity make "a"/"an" count as one: "in a week".
var triggerWords = map[string]bool{
	"in": true, "within": true, "under": true, "over": true, "next": true,
	"than": true, "to": true, "about": true, "around": true, "roughly": true,
	"approximately": true, "approx": true, "another": true, "take": true,
	"takes": true, "taking": true, "need": true, "needs": true, "just": true, "us": true,
}

// pastWords before a duration make it a look back, not a promise.
var pastWords = map[string]bool{
	"last": true, "past": true, "previous": true, "first": true, "recent": true, "since": true,
}

// MatchDuration reads "in 4-5 working days", "within 48 hours", "a week or
// two", "in a couple of weeks", "within a month", "five (5) business days",
// "a week and a half", "two weeks from now", "the next day or two".
func (p *Parser) MatchDuration(i int) (Candidate, bool) {
	j := i
	for n := 0; n < 4 && prefixWords[p.Word(j)]; n++ {
		j++
	}
	if pastWords[p.Word(j-1)] {
		return Candidate{}, false
	}
	lo, k, article, ok := p.Quantity(j)
	bare := !ok && p.Is(j-1, "next") // "the next day or two", "the next fortnight"
	if bare {
		lo, k, article = 1, j, true
	} else if !ok {
		return Candidate{}, false
	}
	hi := lo
	if h, k2, ok := p.rangeEnd(k, p.Is(j-1, "between")); ok && !bare {
		hi, k = h, k2
	}
	half := hi == lo && p.andAHalf(k) // "two and a half days"
	if half {
		k += 3
	}
	u, k := p.ReadUnit(k)
	if u == UnitNone {
		return Candidate{}, false
	}
	if h, k2, ok := p.orSuffix(k); ok && !half {
		hi, k = h, k2
	}
	if !half && hi == lo && p.andAHalf(k) { // "a week and a half"
		half, k = true, k+3
	}
	if half {
		if u, lo, ok = plusHalf(u, lo); !ok {
			return Candidate{}, false
		}
		hi = lo
	}
	if bare && hi == lo && u != UnitFortnights && u != UnitBusinessDays { // "the next business day" is one
		return Candidate{}, false // "next week" and "next month" name periods, not durations
	}
	fromNow := p.Is(k, "from") && p.Is(k+1, "now", "today")
	if fromNow {
		k += 2
	}
	if article && hi == lo && !triggerWords[p.Word(j-1)] && !fromNow || p.pastOrFrequency(k) {
		return Candidate{}, false
	}
	lo, hi = min(lo, hi), max(lo, hi)
	if hi > maxAmount[u] {
		return Candidate{}, false
	}
	return p.durationCandidate(i, k, u, lo, hi), true
}

// Quantity reads a number at j: digits, a number word, "a"/"an" (article
// reports that), "a couple of", "a few", "several".
func (p *Parser) Quantity(j int) (n, next int, article, ok bool) {
	t := p.At(j)
	switch {
	case t.Kind == KindNum && t.digits <= 4:
		return int(t.Num), j + 1, false, true
	case t.Kind == KindWord && t.Num > 0:
		n, next = p.numberWords(j)
		return n, p.skipNumeral(next, n), false, true
	}
	k := j
	if p.Is(k, "a", "an") {
		k++
	}
	switch p.Word(k) {
	case "couple":
		return 2, p.Skip(k+1, "of"), false, true
	case "few", "several":
		return 3, k + 1, false, true
	case "handful":
		if p.Is(k+1, "of") {
			return 3, k + 2, false, true
		}
	}
	if k > j {
		return 1, k, true, true
	}
	return 0, 0, false, false
}

// numberWords reads a number in words at j: "five", "thirty", "forty-eight",
// "twenty four".
func (p *Parser) numberWords(j int) (n, next int) {
	n = int(p.At(j).Num)
	if n < 20 || n%10 != 0 {
		return n, j + 1
	}
	k := p.Skip(j+1, "-")
	if t := p.At(k); t.Kind == KindWord && t.Num >= 1 && t.Num <= 9 {
		return n + int(t.Num), k + 1
	}
	return n, j + 1
}

// skipNumeral skips the digits that repeat a number in words, as contracts
// write it: "five (5) business days".
func (p *Parser) skipNumeral(k, n int) int {
	if t := p.At(k + 1); p.Is(k, "(") && t.Kind == KindNum && int(t.Num) == n && p.Is(k+2, ")") {
		return k + 3
	}
	return k
}

// rangeEnd reads the upper end of "4-5", "4 to 5", "4 or 5" (and "4 and 5"
// after "between") at k.
func (p *Parser) rangeEnd(k int, between bool) (hi, next int, ok bool) {
	if p.Is(k, "-") && p.Is(k+1, "to") && p.Is(k+2, "-") {
		k += 2 // "three-to-five"
	}
	if !p.Is(k, "-", "to", "or", "/") && !(between && p.Is(k, "and")) {
		return 0, 0, false
	}
	n, next, article, ok := p.Quantity(k + 1)
	if !ok || article {
		return 0, 0, false
	}
	return n, next, true
}

// ReadUnit reads an optional qualifier ("business", "working", "more") and a
// unit word at k.
func (p *Parser) ReadUnit(k int) (Unit, int) {
	for n := 0; n < 2 && p.Is(k, "more", "additional", "extra", "full", "whole", "further"); n++ {
		k++
	}
	if p.Is(k, "workday", "workdays", "businessdays") {
		return UnitBusinessDays, k + 1
	}
	business := p.Is(k, "business", "working", "work", "biz")
	if business || p.Is(k, "calendar") {
		k = p.Skip(k+1, "-")
	}
	switch p.Word(k) {
	case "day", "days", "day's", "day’s":
		if business {
			return UnitBusinessDays, k + 1
		}
		return UnitDays, k + 1
	case "hour", "hours", "hr", "hrs":
		return UnitHours, k + 1
	case "week", "weeks", "week's", "week’s":
		return UnitWeeks, k + 1
	case "month", "months", "month's", "month’s":
		return UnitMonths, k + 1
	case "fortnight", "fortnights", "fortnight's", "fortnight’s":
		return UnitFortnights, k + 1
	}
	return UnitNone, k
}

// andAHalf reports whether "and a half" is at k.
func (p *Parser) andAHalf(k int) bool {
	return p.Is(k, "and") && p.Is(k+1, "a") && p.Is(k+2, "half")
}

// plusHalf returns n and a half units as a whole number of units of a day
// or finer, rounded up: a week and a half is 11 days. Months have no exact half.
func plusHalf(u Unit, n int) (Unit, int, bool) {
	switch u {
	case UnitBusinessDays, UnitDays:
		return u, n + 1, true
	case UnitHours:
		return u, n + 12, true
	case UnitWeeks:
		return UnitDays, 7*n + 4, true
	case UnitFortnights:
		return UnitDays, 14*n + 7, true
	}
	return u, n, false
}

// orSuffix reads "or two" after a unit ("a week or two") and skips "or so".
func (p *Parser) orSuffix(k int) (hi, next int, ok bool) {
	if !p.Is(k, "or") {
		return 0, k, false
	}
	if p.Is(k+1, "so") {
		return 0, k + 2, false
	}
	n, next, article, ok := p.Quantity(k + 1)
	if !ok || article {
		return 0, k, false
	}
	return n, next, true
}

// pastOrFrequency reports whether the words at k make the duration a look
// back ("3 days ago") or a frequency ("2 days a week").
func (p *Parser) pastOrFrequency(k int) bool {
	switch p.Word(k) {
	case "ago", "earlier", "prior", "back", "per", "each", "every":
		return true
	case "a", "an":
		return p.Is(k+1, "day", "week", "month", "year")
	}
	return false
}

// durationCandidate computes the dates of a duration of lo to hi units.
func (p *Parser) durationCandidate(start, end int, u Unit, lo, hi int) Candidate {
	c := Candidate{Start: start, End: end, Lo: lo, Hi: hi}
	add := func(n int) calendar.Date { return p.Ref.AddDays(n) }
	switch u {
	case UnitBusinessDays:
		c.Rule = RuleBusinessDays
		add = func(n int) calendar.Date { return p.Cal.AddBusinessDays(p.Ref, n) }
	case UnitDays:
		c.Rule = RuleCalendarDays
	case UnitHours:
		c.Rule = RuleHours
		add = func(n int) calendar.Date { return p.Ref.AddDays((n + 23) / 24) }
	case UnitWeeks:
		c.Rule = RuleWeeks
		add = func(n int) calendar.Date { return p.Ref.AddDays(7 * n) }
	case UnitMonths:
		c.Rule = RuleMonth
		add = p.Ref.AddMonths
	case UnitFortnights: // two weeks each
		c.Rule, c.Lo, c.Hi = RuleWeeks, 2*lo, 2*hi
		add = func(n int) calendar.Date { return p.Ref.AddDays(7 * n) }
		lo, hi = 2*lo, 2*hi
	}
	c.Early, c.Late = add(lo), add(hi)
	return c
}
