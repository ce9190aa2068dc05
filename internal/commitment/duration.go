package commitment

import "github.com/followup-dev/followup/internal/calendar"

// unit is the unit of a duration.
type unit uint8

const (
	unitNone unit = iota
	unitBusinessDays
	unitDays
	unitHours
	unitWeeks
	unitMonths
	unitFortnights
)

// maxAmount caps each unit so that absurd numbers ("in 99999 days") are not
// read as promises and date arithmetic stays cheap.
var maxAmount = [...]int{
	unitBusinessDays: 260,
	unitDays:         366,
	unitHours:        24 * 366,
	unitWeeks:        52,
	unitMonths:       24,
	unitFortnights:   26,
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

// matchDuration reads "in 4-5 working days", "within 48 hours", "a week or
// two", "in a couple of weeks", "within a month", "five (5) business days",
// "a week and a half", "two weeks from now", "the next day or two".
func (p *parser) matchDuration(i int) (candidate, bool) {
	j := i
	for n := 0; n < 4 && prefixWords[p.word(j)]; n++ {
		j++
	}
	if pastWords[p.word(j-1)] {
		return candidate{}, false
	}
	lo, k, article, ok := p.quantity(j)
	bare := !ok && p.is(j-1, "next") // "the next day or two", "the next fortnight"
	if bare {
		lo, k, article = 1, j, true
	} else if !ok {
		return candidate{}, false
	}
	hi := lo
	if h, k2, ok := p.rangeEnd(k, p.is(j-1, "between")); ok && !bare {
		hi, k = h, k2
	}
	half := hi == lo && p.andAHalf(k) // "two and a half days"
	if half {
		k += 3
	}
	u, k := p.unit(k)
	if u == unitNone {
		return candidate{}, false
	}
	if h, k2, ok := p.orSuffix(k); ok && !half {
		hi, k = h, k2
	}
	if !half && hi == lo && p.andAHalf(k) { // "a week and a half"
		half, k = true, k+3
	}
	if half {
		if u, lo, ok = plusHalf(u, lo); !ok {
			return candidate{}, false
		}
		hi = lo
	}
	if bare && hi == lo && u != unitFortnights && u != unitBusinessDays { // "the next business day" is one
		return candidate{}, false // "next week" and "next month" name periods, not durations
	}
	fromNow := p.is(k, "from") && p.is(k+1, "now", "today")
	if fromNow {
		k += 2
	}
	if article && hi == lo && !triggerWords[p.word(j-1)] && !fromNow || p.pastOrFrequency(k) {
		return candidate{}, false
	}
	lo, hi = min(lo, hi), max(lo, hi)
	if hi > maxAmount[u] {
		return candidate{}, false
	}
	return p.durationCandidate(i, k, u, lo, hi), true
}

// quantity reads a number at j: digits, a number word, "a"/"an" (article
// reports that), "a couple of", "a few", "several".
func (p *parser) quantity(j int) (n, next int, article, ok bool) {
	t := p.at(j)
	switch {
	case t.kind == kNum && t.digits <= 4:
		return int(t.num), j + 1, false, true
	case t.kind == kWord && t.num > 0:
		n, next = p.numberWords(j)
		return n, p.skipNumeral(next, n), false, true
	}
	k := j
	if p.is(k, "a", "an") {
		k++
	}
	switch p.word(k) {
	case "couple":
		return 2, p.skip(k+1, "of"), false, true
	case "few", "several":
		return 3, k + 1, false, true
	case "handful":
		if p.is(k+1, "of") {
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
func (p *parser) numberWords(j int) (n, next int) {
	n = int(p.at(j).num)
	if n < 20 || n%10 != 0 {
		return n, j + 1
	}
	k := p.skip(j+1, "-")
	if t := p.at(k); t.kind == kWord && t.num >= 1 && t.num <= 9 {
		return n + int(t.num), k + 1
	}
	return n, j + 1
}

// skipNumeral skips the digits that repeat a number in words, as contracts
// write it: "five (5) business days".
func (p *parser) skipNumeral(k, n int) int {
	if t := p.at(k + 1); p.is(k, "(") && t.kind == kNum && int(t.num) == n && p.is(k+2, ")") {
		return k + 3
	}
	return k
}

// rangeEnd reads the upper end of "4-5", "4 to 5", "4 or 5" (and "4 and 5"
// after "between") at k.
func (p *parser) rangeEnd(k int, between bool) (hi, next int, ok bool) {
	if p.is(k, "-") && p.is(k+1, "to") && p.is(k+2, "-") {
		k += 2 // "three-to-five"
	}
	if !p.is(k, "-", "to", "or", "/") && !(between && p.is(k, "and")) {
		return 0, 0, false
	}
	n, next, article, ok := p.quantity(k + 1)
	if !ok || article {
		return 0, 0, false
	}
	return n, next, true
}

// unit reads an optional qualifier ("business", "working", "more") and a
// unit word at k.
func (p *parser) unit(k int) (unit, int) {
	for n := 0; n < 2 && p.is(k, "more", "additional", "extra", "full", "whole", "further"); n++ {
		k++
	}
	if p.is(k, "workday", "workdays", "businessdays") {
		return unitBusinessDays, k + 1
	}
	business := p.is(k, "business", "working", "work", "biz")
	if business || p.is(k, "calendar") {
		k = p.skip(k+1, "-")
	}
	switch p.word(k) {
	case "day", "days", "day's", "day’s":
		if business {
			return unitBusinessDays, k + 1
		}
		return unitDays, k + 1
	case "hour", "hours", "hr", "hrs":
		return unitHours, k + 1
	case "week", "weeks", "week's", "week’s":
		return unitWeeks, k + 1
	case "month", "months", "month's", "month’s":
		return unitMonths, k + 1
	case "fortnight", "fortnights", "fortnight's", "fortnight’s":
		return unitFortnights, k + 1
	}
	return unitNone, k
}

// andAHalf reports whether "and a half" is at k.
func (p *parser) andAHalf(k int) bool {
	return p.is(k, "and") && p.is(k+1, "a") && p.is(k+2, "half")
}

// plusHalf returns n and a half units as a whole number of units of a day
// or finer, rounded up: a week and a half is 11 days. Months have no exact half.
func plusHalf(u unit, n int) (unit, int, bool) {
	switch u {
	case unitBusinessDays, unitDays:
		return u, n + 1, true
	case unitHours:
		return u, n + 12, true
	case unitWeeks:
		return unitDays, 7*n + 4, true
	case unitFortnights:
		return unitDays, 14*n + 7, true
	}
	return u, n, false
}

// orSuffix reads "or two" after a unit ("a week or two") and skips "or so".
func (p *parser) orSuffix(k int) (hi, next int, ok bool) {
	if !p.is(k, "or") {
		return 0, k, false
	}
	if p.is(k+1, "so") {
		return 0, k + 2, false
	}
	n, next, article, ok := p.quantity(k + 1)
	if !ok || article {
		return 0, k, false
	}
	return n, next, true
}

// pastOrFrequency reports whether the words at k make the duration a look
// back ("3 days ago") or a frequency ("2 days a week").
func (p *parser) pastOrFrequency(k int) bool {
	switch p.word(k) {
	case "ago", "earlier", "prior", "back", "per", "each", "every":
		return true
	case "a", "an":
		return p.is(k+1, "day", "week", "month", "year")
	}
	return false
}

// durationCandidate computes the dates of a duration of lo to hi units.
func (p *parser) durationCandidate(start, end int, u unit, lo, hi int) candidate {
	c := candidate{start: start, end: end, lo: lo, hi: hi}
	add := func(n int) calendar.Date { return p.ref.AddDays(n) }
	switch u {
	case unitBusinessDays:
		c.rule = RuleBusinessDays
		add = func(n int) calendar.Date { return p.cal.AddBusinessDays(p.ref, n) }
	case unitDays:
		c.rule = RuleCalendarDays
	case unitHours:
		c.rule = RuleHours
		add = func(n int) calendar.Date { return p.ref.AddDays((n + 23) / 24) }
	case unitWeeks:
		c.rule = RuleWeeks
		add = func(n int) calendar.Date { return p.ref.AddDays(7 * n) }
	case unitMonths:
		c.rule = RuleMonth
		add = p.ref.AddMonths
	case unitFortnights: // two weeks each
		c.rule, c.lo, c.hi = RuleWeeks, 2*lo, 2*hi
		add = func(n int) calendar.Date { return p.ref.AddDays(7 * n) }
		lo, hi = 2*lo, 2*hi
	}
	c.early, c.late = add(lo), add(hi)
	return c
}
