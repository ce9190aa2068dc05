package nextstep

import (
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/aa"
	"github.com/rickar/cal/v2/ca"
	"github.com/rickar/cal/v2/us"

	"github.com/followup-dev/followup/internal/calendar"
	"github.com/followup-dev/followup/internal/commitment"
)

// holiday is a named day a recruiter may promise by: its words (each
// position lists the spellings it accepts), and its date rule from the
// holiday data of github.com/rickar/cal, or a fixed day where the library
// has none (New Year's Eve, Christmas Eve, Halloween).
type holiday struct {
	words   [][]string
	rule    *cal.Holiday
	month   time.Month
	day     int
	reading string // how an ambiguous name is read, "" when it is not
}

var (
	yearWord   = []string{"year's", "years", "year’s", "year"}
	dayWord    = []string{"day"}
	christmas  = []string{"christmas", "xmas", "x-mas"}
	usCalendar = "read as US Thanksgiving, the fourth Thursday of November"
	caCalendar = "read as Canadian Thanksgiving, the second Monday of October"
)

// holidays are tried in order; longer names come before their prefixes.
var holidays = []holiday{
	{words: [][]string{{"new"}, yearWord, {"eve"}}, month: time.December, day: 31},
	{words: [][]string{{"nye"}}, month: time.December, day: 31},
	{words: [][]string{{"new"}, yearWord, dayWord}, rule: aa.NewYear},
	{words: [][]string{{"new"}, {"year's", "years", "year’s"}}, rule: aa.NewYear},
	{words: [][]string{christmas, {"eve"}}, month: time.December, day: 24},
	{words: [][]string{christmas, dayWord}, rule: aa.ChristmasDay},
	{words: [][]string{christmas}, rule: aa.ChristmasDay},
	{words: [][]string{{"boxing"}, dayWord}, rule: aa.ChristmasDay2},
	{words: [][]string{{"thanksgiving"}, dayWord}, rule: us.ThanksgivingDay, reading: usCalendar},
	{words: [][]string{{"thanksgiving"}}, rule: us.ThanksgivingDay, reading: usCalendar},
	{words: [][]string{{"halloween"}}, month: time.October, day: 31},
	{words: [][]string{{"valentine's", "valentines", "valentine’s"}, dayWord}, month: time.February, day: 14},
	{words: [][]string{{"independence"}, dayWord}, rule: us.IndependenceDay},
	{words: [][]string{{"labor", "labour"}, dayWord}, rule: us.LaborDay},
	{words: [][]string{{"memorial"}, dayWord}, rule: us.MemorialDay},
	{words: [][]string{{"veterans", "veteran's", "veterans’"}, dayWord}, rule: us.VeteransDay},
	{words: [][]string{{"presidents", "president's", "presidents’"}, dayWord}, rule: us.PresidentsDay},
	{words: [][]string{{"mlk"}, dayWord}, rule: us.MlkDay},
	{words: [][]string{{"martin"}, {"luther"}, {"king"}, dayWord}, rule: us.MlkDay},
	{words: [][]string{{"juneteenth"}}, rule: us.Juneteenth},
	{words: [][]string{{"columbus"}, dayWord}, rule: us.ColumbusDay},
	{words: [][]string{{"good"}, {"friday"}}, rule: aa.GoodFriday},
	{words: [][]string{{"easter"}, {"monday"}}, rule: aa.EasterMonday},
	{words: [][]string{{"easter"}, {"sunday"}}, rule: aa.Easter},
	{words: [][]string{{"easter"}}, rule: aa.Easter},
	{words: [][]string{{"canada"}, dayWord}, rule: ca.CanadaDay},
	{words: [][]string{{"victoria"}, dayWord}, rule: ca.VictoriaDay},
	{words: [][]string{{"remembrance"}, dayWord}, rule: ca.RemembranceDay},
}

// holidayFirstWords are the words a holiday name can start with.
var holidayFirstWords = func() map[string]bool {
	m := map[string]bool{}
	for _, h := range holidays {
		for _, w := range h.words[0] {
			m[w] = true
		}
	}
	return m
}()

// holidayBlockers before a holiday make it open-ended or past: "after
// Christmas", "since Thanksgiving", "over the holidays".
var holidayBlockers = map[string]bool{"after": true, "since": true, "last": true, "past": true, "over": true, "following": true}

// matchHoliday reads a named holiday: its next occurrence on or after the
// reference date. Thanksgiving is the calendar country's when it is
// Canada, else the US one, and the Result says which.
func (p *parser) matchHoliday(i int) (candidate, bool) {
	if holidayBlockers[p.Word(i-1)] || p.Is(i-1, "the") && holidayBlockers[p.Word(i-2)] {
		return candidate{}, false
	}
	if !holidayFirstWords[p.Word(i)] {
		return candidate{}, false
	}
	for _, h := range holidays {
		end, ok := p.words(i, h.words)
		if !ok {
			continue
		}
		rule, reading := h.rule, h.reading
		if rule == us.ThanksgivingDay && p.Cal.Country() == "CA" {
			rule, reading = ca.ThanksgivingDay, caCalendar
		}
		d, ok := p.holidayDate(rule, h.month, h.day)
		if !ok {
			return candidate{}, false
		}
		c := candidate{Start: i, End: end, Rule: commitment.RuleHoliday, Early: d, Late: d, Reading: reading}
		if p.Is(end, "week") { // "Thanksgiving week"
			c = p.widenToWeek(c)
			c.End++
		}
		return c, true
	}
	return candidate{}, false
}

// words reports whether the tokens from i spell seq, and where they end.
func (p *parser) words(i int, seq [][]string) (int, bool) {
	for n, alternatives := range seq {
		if !p.Is(i+n, alternatives...) {
			return 0, false
		}
	}
	return i + len(seq), true
}

// holidayDate returns the first date of the holiday on or after the
// reference date, this year or next.
func (p *parser) holidayDate(rule *cal.Holiday, month time.Month, day int) (calendar.Date, bool) {
	for y := p.Ref.Year; y <= p.Ref.Year+1; y++ {
		d := calendar.Date{Year: y, Month: month, Day: day}
		if rule != nil {
			actual, _ := rule.Calc(y)
			if actual.IsZero() {
				continue
			}
			d = calendar.DateOf(actual)
		}
		if !d.Before(p.Ref) {
			return d, true
		}
	}
	return calendar.Date{}, false
}
