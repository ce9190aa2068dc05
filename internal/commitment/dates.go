package commitment

import (
	"fmt"
	"time"

	"github.com/followup-dev/followup/internal/calendar"
)

// MaxYearsAhead bounds the search for the next occurrence of a month and
// day without a year (29 February can be up to eight years away).
const MaxYearsAhead = 8

// MatchDate reads "2026-12-04", "December 3", "Dec 3rd", "December the
// 3rd", "December 9, 2026", "3 December", "the 3rd of December".
func (p *Parser) MatchDate(i int) (Candidate, bool) {
	if c, ok := p.isoDate(i); ok {
		return c, true
	}
	if c, ok := p.numericDate(i); ok {
		return c, true
	}
	if p.At(i).Month > 0 {
		return p.monthFirst(i)
	}
	return p.dayFirst(i)
}

// isoDate reads YYYY-MM-DD (or YYYY/MM/DD).
func (p *Parser) isoDate(i int) (Candidate, bool) {
	y, m, d := p.At(i), p.At(i+2), p.At(i+4)
	if y.Kind != KindNum || y.digits != 4 || !p.Is(i+1, "-", "/") || p.Word(i+3) != p.Word(i+1) ||
		m.Kind != KindNum || m.digits > 2 || d.Kind != KindNum || d.digits > 2 {
		return Candidate{}, false
	}
	date, ok := validDate(int(y.Num), time.Month(m.Num), int(d.Num))
	if !ok || !p.Plausible(date) {
		return Candidate{}, false
	}
	return Candidate{Start: i, End: i + 5, Rule: RuleDate, Early: date, Late: date}, true
}

// numericCues must precede a numeric date such as "12/4", so that "24/7"
// or "9/10 candidates" are not read as dates.
var numericCues = map[string]bool{
	"by": true, "on": true, "before": true, "until": true, "till": true, "than": true, "around": true,
}

// numericDate reads "by 12/4", "on 4/12/2026" or "Thu 12/10". Month and day order differ
// between countries, so of the readings that make a real date, not in the
// past, the nearest one wins: said on 20 November, "12/4" is 4 December
// (not 12 April) and "4/12" is 4 December too.
func (p *Parser) numericDate(i int) (Candidate, bool) {
	a, b := p.At(i), p.At(i+2)
	if !numericCues[p.Word(i-1)] && p.At(i-1).weekday == 0 && !p.whole(i, i+3) && !p.whole(i, i+5) || a.Kind != KindNum || a.digits > 2 || !p.Is(i+1, "/") || b.Kind != KindNum || b.digits > 2 {
		return Candidate{}, false
	}
	end, year := i+3, 0
	if y := p.At(i + 4); p.Is(i+3, "/") && y.Kind == KindNum && (y.digits == 4 || y.digits == 2) {
		end, year = i+5, int(y.Num)
		if y.digits == 2 {
			year += 2000
		}
	}
	best, found, readings := calendar.Date{}, false, 0
	for _, md := range [2][2]int{{int(a.Num), int(b.Num)}, {int(b.Num), int(a.Num)}} {
		d, ok := p.numericReading(time.Month(md[0]), md[1], year)
		if ok {
			readings++
		}
		if ok && (!found || d.Before(best)) {
			best, found = d, true
		}
	}
	if !found {
		return Candidate{}, false
	}
	c := Candidate{Start: i, End: end, Rule: RuleDate, Early: best, Late: best}
	if readings == 2 && a.Num != b.Num {
		c.Reading = "read as " + LongDate(best) + ", the nearer of the month/day and day/month readings"
	}
	return c, true
}

// numericReading is one reading of a numeric date: the given year, or the
// next occurrence when there is none.
func (p *Parser) numericReading(month time.Month, day, year int) (calendar.Date, bool) {
	if year == 0 {
		return p.nextDate(month, day)
	}
	d, ok := validDate(year, month, day)
	return d, ok && p.Plausible(d)
}

// monthFirst reads "December 3", "Dec. 3rd", "December the 3rd, 2026" and
// ranges of days: "Dec 3-4", "December 10 or 11".
func (p *Parser) monthFirst(i int) (Candidate, bool) {
	k := p.Skip(p.Skip(p.SkipAbbrevDot(i), "-"), "the")
	if !p.DayNumberAt(k) {
		return p.monthFirstWords(i, k)
	}
	month, day := time.Month(p.At(i).Month), int(p.At(k).Num)
	hi, end := p.dayRangeEnd(k+1, day, false)
	c, ok := p.dated(i, end, month, day)
	return rangeTo(c, month, hi), ok
}

// monthFirstWords reads a month and a day in words: "March first",
// "December the twenty-first". "may" must be written "May", so that "we
// may first check references" is not the first of May.
func (p *Parser) monthFirstWords(i, k int) (Candidate, bool) {
	day, next, ok := p.ordinalWordAt(k)
	if !ok || p.Is(i, "may") && p.text[p.toks[i].start] != 'M' {
		return Candidate{}, false
	}
	return p.dated(i, next, time.Month(p.At(i).Month), day)
}

// dayRangeEnd reads the last day of a range of days of the month after the
// first one, day, at k: "-4", "or 5th", "to the 11th" (and "and the 11th"
// after "between"). It returns 0 and k when there is none.
func (p *Parser) dayRangeEnd(k, day int, between bool) (hi, next int) {
	if !p.Is(k, "-", "or", "to", "through", "thru") && !(between && p.Is(k, "and")) {
		return 0, k
	}
	r := p.Skip(k+1, "the")
	if !p.DayNumberAt(r) || int(p.At(r).Num) <= day {
		return 0, k
	}
	return int(p.At(r).Num), r + 1
}

// dayFirst reads "3 December", "3rd Dec", "the 3rd of December", "4-Dec"
// and ranges of days: "3-4 December".
func (p *Parser) dayFirst(i int) (Candidate, bool) {
	k := p.Skip(i, "the")
	if !p.DayNumberAt(k) {
		return p.dayFirstWords(i, k)
	}
	day := int(p.At(k).Num)
	hi, m := p.dayRangeEnd(k+1, day, false)
	m = p.Skip(p.Skip(m, "of"), "-")
	if p.At(m).Month == 0 {
		return Candidate{}, false
	}
	month := time.Month(p.At(m).Month)
	c, ok := p.dated(i, p.SkipAbbrevDot(m), month, day)
	return rangeTo(c, month, hi), ok
}

// dayFirstWords reads a day in words of a named month: "the first of
// March", "the twenty-first of June".
func (p *Parser) dayFirstWords(i, k int) (Candidate, bool) {
	day, next, ok := p.ordinalWordAt(k)
	if !ok || !p.Is(next, "of") || p.At(next+1).Month == 0 {
		return Candidate{}, false
	}
	return p.dated(i, p.SkipAbbrevDot(next+1), time.Month(p.At(next+1).Month), day)
}

// rangeTo sets the last day of a date that was read to day hi of month in
// the same year; 0 means no range.
func rangeTo(c Candidate, month time.Month, hi int) Candidate {
	if d, ok := validDate(c.Early.Year, month, hi); ok {
		c.Late = d
	}
	return c
}

// dated finishes a date whose day and month are read and whose year may
// follow at token k.
func (p *Parser) dated(start, k int, month time.Month, day int) (Candidate, bool) {
	year, end := p.OptionalYear(k)
	var date calendar.Date
	var ok bool
	if year != 0 {
		date, ok = validDate(year, month, day)
		ok = ok && p.Plausible(date)
	} else {
		date, ok = p.nextDate(month, day)
	}
	if !ok {
		return Candidate{}, false
	}
	return Candidate{Start: start, End: end, Rule: RuleDate, Early: date, Late: date}, true
}

// Plausible reports whether a date with an explicit year can be a promise:
// not in the past and at most MaxYearsAhead years ahead.
func (p *Parser) Plausible(d calendar.Date) bool {
	return !d.Before(p.Ref) && d.Year <= p.Ref.Year+MaxYearsAhead
}

// validDate returns the date when year, month and day name a real date.
func validDate(year int, month time.Month, day int) (calendar.Date, bool) {
	if month < time.January || month > time.December || day < 1 || day > calendar.DaysIn(year, month) {
		return calendar.Date{}, false
	}
	return calendar.Date{Year: year, Month: month, Day: day}, true
}

// nextDate returns the first date on or after the reference date with the
// given month and day.
func (p *Parser) nextDate(month time.Month, day int) (calendar.Date, bool) {
	for y := p.Ref.Year; y <= p.Ref.Year+MaxYearsAhead; y++ {
		if d, ok := validDate(y, month, day); ok && !d.Before(p.Ref) {
			return d, true
		}
	}
	return calendar.Date{}, false
}

// dayOfMonthCues may precede a bare day of the month: "by the 30th".
var dayOfMonthCues = map[string]bool{
	"by": true, "on": true, "before": true, "until": true, "till": true, "around": true,
	"about": true, "than": true, ",": true, "for": true, "of": true, "between": true,
}

// dayOfMonthFollowers may follow a bare day of the month; any other word
// ("the 2nd round", "the 3rd candidate") means it is not a date.
var dayOfMonthFollowers = map[string]bool{
	"at": true, "or": true, "and": true, "latest": true, "so": true, "but": true,
	"then": true, "when": true, "if": true, "we": true, "i": true, "they": true,
	"you": true, "as": true, "because": true, "hopefully": true, "probably": true,
	"": true, "-": true, "/": true,
}

// MatchDayOfMonth reads a bare day of the month: "by the 30th", "on the
// 2nd", "Friday the 4th", "the 4th or 5th", "the 3rd of next month". The next
// such day on or after the reference date, or in the month named after it.
func (p *Parser) MatchDayOfMonth(i int) (Candidate, bool) {
	prev := p.At(i - 1)
	k := p.Skip(i, "the")
	day, next, inWords := int(p.At(k).Num), k+1, false
	if t := p.At(k); t.Kind != KindOrd || t.Num < 1 || t.Num > 31 {
		var ok bool
		if day, next, ok = p.ordinalWordAt(k); !ok {
			return Candidate{}, false
		}
		inWords = true
	}
	// Without a cue word, only "the 20th of next month" is a date.
	ofMonth := p.Is(next, "of") && p.Is(p.Skip(next+1, "the"), "this", "next") && p.Is(p.Skip(next+1, "the")+1, "month")
	if !ofMonth && !p.whole(i, next) && (inWords || !dayOfMonthCues[prev.Text] && prev.weekday == 0) {
		return Candidate{}, false
	}
	hi, end := p.dayRangeEnd(next, day, prev.Text == "between")
	months := 13 // the next such day within a year
	from := p.Ref
	if r := p.Skip(end+1, "the"); p.Is(end, "of") && p.Is(r, "this", "next") && p.Is(r+1, "month") {
		months, end = 1, r+2
		if p.Is(r, "next") {
			from = p.Ref.AddMonths(1)
		}
	} else if p.Is(end, "of") && p.Is(end+1, "the") && p.Is(end+2, "month") {
		end += 3 // "by the 15th of the month": the next 15th
	}
	if next := p.At(end); next.Kind == KindWord && !dayOfMonthFollowers[next.Text] || next.Kind == KindNum || next.Kind == KindOrd {
		return Candidate{}, false
	}
	for n := range months {
		m := from.AddMonths(n)
		if d, ok := validDate(m.Year, m.Month, day); ok && !d.Before(p.Ref) {
			c := Candidate{Start: i, End: end, Rule: RuleDayOfMonth, Early: d, Late: d}
			if l, ok := validDate(m.Year, m.Month, hi); ok {
				c.Late = l
			}
			return c, true
		}
	}
	return Candidate{}, false
}

// ordinalWords are days of the month written as words ("March first", "the
// twenty-first of June"); the tens combine with the units after them.
var ordinalWords = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
	"ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
	"fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
	"twentieth": 20, "thirtieth": 30,
}

// ordinalWordAt reads a day of the month in words at k: "first",
// "twenty-first", "thirty first". It returns the day and the next token.
func (p *Parser) ordinalWordAt(k int) (day, next int, ok bool) {
	if n, ok := ordinalWords[p.Word(k)]; ok {
		return n, k + 1, true
	}
	if t := p.At(k); t.Kind == KindWord && (t.Num == 20 || t.Num == 30) {
		j := p.Skip(k+1, "-")
		if n, ok := ordinalWords[p.Word(j)]; ok && n <= 9 && int(t.Num)+n <= 31 {
			return int(t.Num) + n, j + 1, true
		}
	}
	return 0, 0, false
}

// ShortDate formats d as "Fri 20 Nov".
func ShortDate(d calendar.Date) string {
	return fmt.Sprintf("%.3s %d %.3s", d.Weekday(), d.Day, d.Month)
}

// LongDate formats d as "Fri 20 Nov 2026".
func LongDate(d calendar.Date) string {
	return fmt.Sprintf("%s %d", ShortDate(d), d.Year)
}
