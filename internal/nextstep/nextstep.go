// Package nextstep reads the next-step promise in what an interviewer said
// ("we'll get back to you in 4-5 working days") and turns it into dates.
//
// Parse finds datable phrases anywhere in the text, case-insensitively, and
// ignores everything else. When the text holds several datable phrases it
// prefers those near words about replying ("get back", "hear", "let you know",
// "decision", "feedback", …) and, among the preferred ones, takes the latest
// date; when none is near such a word it takes the latest date of all.
// Dates that are about something else are set aside whatever their place: a
// start date or first day, opening hours, an office closure or reopening,
// someone's absence, a past meeting ("we met on Tuesday"); the nearest
// telling word before a date decides, and a deadline word ("by Friday")
// keeps a date about replying even after such a word ("let you know the
// start date by Friday"). Result.Why says why the phrase read was taken and
// Result.SetAside lists the others.
// Bare "today", "tonight", "this afternoon" and a whole month ("in January")
// only count near such a word or when they are the whole text, because they
// usually describe the interview itself or tell a story. Numeric dates ("by
// 12/4") count after a cue word (by, on, before, until, …) or alone; since
// month and day order differ between countries, the nearest reading that is
// a real date not in the past wins, and Result.Reading says so.
//
// Beyond counts of days and weeks, named days and dates, Parse reads named
// holidays from the holiday data of github.com/rickar/cal (Thanksgiving,
// Christmas, New Year's Eve, Labor Day, Easter, …; Thanksgiving is Canada's
// when the calendar's country is CA, else the US one), "the first Tuesday of
// October", "the last Friday of the month", "the 20th of next month",
// "Wednesday of this week", "the coming week", "the rest of the week",
// "three Fridays from now", "a week from Monday", "March first", weekends,
// calendar quarters ("by the end of Q1").
//
// The tokens and the readings of dates, days of the month, durations,
// weekdays and weeks are package commitment's; this package adds the
// readings of months, named holidays, quarters, weeks of a month, nth
// weekdays and days counted from another day, scans the text with all of
// them and chooses the promise.
//
// The package is pure: the reference time is passed in and the only state
// it reads is the calendar.
package nextstep

import (
	"time"

	"github.com/followup-dev/followup/internal/calendar"
	"github.com/followup-dev/followup/internal/commitment"
)

// MaxInput is the number of bytes of the text that Parse reads; the rest is
// ignored. Parsing time is linear in the input, and a promised date sits in
// the note of one conversation, which is far shorter than this.
const MaxInput = 16 << 10

// Result is what Parse read.
type Result struct {
	// Found reports whether a datable promise was read; when false the
	// dates are zero and Rule is commitment.RuleNone.
	Found bool
	// Earliest and Latest bound the promised date; they are equal unless
	// the text gave a range ("4-5 working days", "Monday or Tuesday").
	Earliest, Latest calendar.Date
	// Rule names the rule that produced the dates (see the Rule constants).
	Rule string
	// Match is the phrase that was read, as written in the input.
	Match string
	// Reading says which reading an ambiguous phrase took ("read as US
	// Thanksgiving, the fourth Thursday of November"); "" when the phrase
	// has one reading.
	Reading string
	// Why says why Match was the phrase read: "about getting back
	// (\"hear\")", "the only date promised", or the latest of several.
	Why string
	// SetAside lists the other datable phrases and why each was not taken,
	// as `"January 15" (start date); "Monday" (a past meeting)`; "" when
	// there were none. It may be set when Found is false.
	SetAside string

	lo, hi int           // the amounts for counting rules, for Describe
	from   calendar.Date // the date a count runs from, when not the reference date
}

// Parse reads the promised next-step date in text. ref is the end of the
// interview in the user's time zone; its date is the reference date from
// which durations count. cal decides business days; nil means calendar.Default().
func Parse(text string, ref time.Time, cal *calendar.Calendar) Result {
	r, _ := parse(text, ref, cal)
	return r
}

// parse is Parse that also reports how many token inspections it made, so
// tests can check that work is bounded by the input length.
func parse(text string, ref time.Time, cal *calendar.Calendar) (Result, int) {
	if cal == nil {
		cal = defaultCalendar
	}
	if len(text) > MaxInput {
		text = text[:MaxInput]
	}
	p := &parser{commitment.NewParser(text, calendar.DateOf(ref), cal)}
	best, why, setAside, ok := p.choose(p.scan())
	if !ok {
		return Result{Rule: commitment.RuleNone, SetAside: setAside}, p.Steps()
	}
	if best.Start > 0 && p.Is(best.Start-1, "by", "on", "before", "until", "till", "in", "within") {
		best.Start-- // "by Friday" reads better than "Friday"
	}
	return Result{
		Found:    true,
		Earliest: best.Early,
		Latest:   best.Late,
		Rule:     best.Rule,
		Match:    p.Span(best.Start, best.End),
		Reading:  best.Reading,
		Why:      why,
		SetAside: setAside,
		lo:       best.Lo,
		hi:       best.Hi,
		from:     best.From,
	}, p.Steps()
}
