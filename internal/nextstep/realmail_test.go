package nextstep

import (
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/calendar"
	"github.com/followup-dev/followup/internal/commitment"
)

// everydayCorpus holds the everyday phrases of issue 17 and the mixed
// sentences of issue 14 (a promise beside a date that is not one). Dates
// were worked out by hand: Fri 20 Nov 2026; Thanksgiving (US) Thu 26 Nov
// 2026, (Canada) Mon 12 Oct 2026; Labor Day Mon 7 Sep 2026; Memorial Day
// Mon 31 May 2027; Easter Sun 28 Mar 2027, Good Friday 26 Mar 2027; first
// Tuesday of October 2026 is the 6th, of October 2027 the 5th; last Friday
// of November 2026 the 27th, of December the 25th; Mondays of January 2027:
// 4, 11; first Monday of December 2026: the 7th.
var everydayCorpus = []phrase{
	// today, alone or as a deadline
	{"2026-11-20", "", "today", "", "2026-11-20", commitment.RuleToday},
	{"2026-11-20", "", "Today.", "", "2026-11-20", commitment.RuleToday},
	{"2026-11-20", "", "by today", "", "2026-11-20", commitment.RuleToday},
	{"2026-11-20", "", "sometime today", "", "2026-11-20", commitment.RuleToday},

	// named holidays
	{"2026-11-20", "", "by Thanksgiving", "", "2026-11-26", commitment.RuleHoliday},
	{"2026-11-20", "", "We'll let you know before Thanksgiving", "", "2026-11-26", commitment.RuleHoliday},
	{"2026-09-01", "ca", "We'll get back to you by Thanksgiving", "", "2026-10-12", commitment.RuleHoliday},
	{"2026-11-20", "", "on New Year's Eve", "", "2026-12-31", commitment.RuleHoliday},
	{"2026-11-20", "", "by New Years Eve", "", "2026-12-31", commitment.RuleHoliday},
	{"2026-11-20", "", "by New Year’s Eve", "", "2026-12-31", commitment.RuleHoliday},
	{"2026-11-20", "", "before Christmas", "", "2026-12-25", commitment.RuleHoliday},
	{"2026-11-20", "", "Expect an answer by Christmas Eve", "", "2026-12-24", commitment.RuleHoliday},
	{"2026-11-20", "", "by Christmas Day", "", "2026-12-25", commitment.RuleHoliday},
	{"2026-11-20", "", "before xmas", "", "2026-12-25", commitment.RuleHoliday},
	{"2026-12-28", "", "by Christmas", "", "2027-12-25", commitment.RuleHoliday},
	{"2026-11-20", "", "by New Year's Day", "", "2027-01-01", commitment.RuleHoliday},
	{"2026-11-20", "", "hopefully by New Year's", "", "2027-01-01", commitment.RuleHoliday},
	{"2026-08-01", "", "by Labor Day", "", "2026-09-07", commitment.RuleHoliday},
	{"2027-04-01", "", "we'll decide before Memorial Day", "", "2027-05-31", commitment.RuleHoliday},
	{"2027-01-10", "", "by Easter", "", "2027-03-28", commitment.RuleHoliday},
	{"2027-01-10", "", "before Good Friday", "", "2027-03-26", commitment.RuleHoliday},
	{"2026-11-20", "", "after Thanksgiving", "", "", commitment.RuleNone},
	{"2026-11-20", "", "over the Christmas break", "", "", commitment.RuleNone},

	// the n-th weekday of a month
	{"2026-09-01", "", "the first Tuesday of October", "", "2026-10-06", commitment.RuleNthWeekday},
	{"2026-11-20", "", "the first Tuesday of October", "", "2027-10-05", commitment.RuleNthWeekday},
	{"2026-11-20", "", "the last Friday of the month", "", "2026-11-27", commitment.RuleNthWeekday},
	{"2026-11-28", "", "by the last Friday of the month", "", "2026-12-25", commitment.RuleNthWeekday},
	{"2026-11-20", "", "the second Monday in January", "", "2027-01-11", commitment.RuleNthWeekday},
	{"2026-11-20", "", "on the first Monday of next month", "", "2026-12-07", commitment.RuleNthWeekday},
	{"2026-11-20", "", "the last Friday of November", "", "2026-11-27", commitment.RuleNthWeekday},
	{"2026-11-20", "", "we spoke last Friday", "", "", commitment.RuleNone},

	// days of the month
	{"2026-11-20", "", "the 20th of next month", "", "2026-12-20", commitment.RuleDayOfMonth},
	{"2026-11-20", "", "the first of next month", "", "2026-12-01", commitment.RuleDayOfMonth},
	{"2026-11-20", "", "March first", "", "2027-03-01", commitment.RuleDate},
	{"2026-11-20", "", "by the first of March", "", "2027-03-01", commitment.RuleDate},
	{"2026-11-20", "", "December twenty-first", "", "2026-12-21", commitment.RuleDate},
	{"2026-11-20", "", "the fourth of July", "", "2027-07-04", commitment.RuleDate},
	{"2026-11-20", "", "by May first", "", "2027-05-01", commitment.RuleDate},
	{"2026-11-20", "", "we may first check references", "", "", commitment.RuleNone},
	{"2026-11-20", "", "the first round", "", "", commitment.RuleNone},

	// parts of weeks
	{"2026-11-16", "", "Wednesday of this week", "", "2026-11-18", commitment.RuleWeekday},
	{"2026-11-16", "", "by Wednesday this week", "", "2026-11-18", commitment.RuleWeekday},
	{"2026-11-20", "", "the coming week", "", "2026-11-27", commitment.RuleWeeks},
	{"2026-11-20", "", "you'll hear from us in the coming week", "", "2026-11-27", commitment.RuleWeeks},
	{"2026-11-18", "", "by the end of the coming week", "", "2026-11-27", commitment.RuleNextWeek},
	{"2026-11-17", "", "over the rest of the week", "", "2026-11-20", commitment.RuleThisWeek},
	{"2026-11-17", "", "the rest of this week", "", "2026-11-20", commitment.RuleThisWeek},
	{"2026-11-20", "", "three Fridays from now", "", "2026-12-11", commitment.RuleWeekday},
	{"2026-11-20", "", "2 Mondays from today", "", "2026-11-30", commitment.RuleWeekday},
	{"2026-11-20", "", "in the coming weeks", "", "", commitment.RuleNone},
	{"2026-11-20", "", "by the 15th of the month", "", "2026-12-15", commitment.RuleDayOfMonth},
	{"2026-11-20", "", "we'll decide by the end of Q1", "", "2027-03-31", commitment.RuleQuarter},
	{"2026-11-20", "", "by end of Q4", "", "2026-12-31", commitment.RuleQuarter},
	{"2026-11-20", "", "sometime in Q1 2027", "2027-01-01", "2027-03-31", commitment.RuleQuarter},
	{"2026-11-20", "", "by the end of the quarter", "", "2026-12-31", commitment.RuleQuarter},
	{"2026-11-20", "", "next quarter", "2027-01-01", "2027-03-31", commitment.RuleQuarter},
	{"2026-11-20", "", "in the second quarter", "2027-04-01", "2027-06-30", commitment.RuleQuarter},
	{"2026-11-20", "", "the quarter was strong", "", "", commitment.RuleNone},
	{"2026-11-20", "", "Thursday or Tuesday next week", "2026-11-24", "2026-11-26", commitment.RuleWeekday},
	{"2026-11-16", "", "Thursday or Tuesday of this week", "2026-11-17", "2026-11-19", commitment.RuleWeekday},
	{"2026-11-20", "", "this weekend", "2026-11-21", "2026-11-22", commitment.RuleThisWeek},
	{"2026-11-20", "", "we'll review it over the weekend", "2026-11-21", "2026-11-22", commitment.RuleThisWeek},
	{"2026-11-20", "", "next weekend", "2026-11-28", "2026-11-29", commitment.RuleNextWeek},
	{"2026-11-20", "", "a week from Monday", "", "2026-11-30", commitment.RuleWeekday},
	{"2026-11-20", "", "two weeks from Friday", "", "2026-12-11", commitment.RuleWeekday},
	{"2026-11-20", "", "a week from tomorrow", "", "2026-11-28", commitment.RuleCalendarDays},
	{"2026-11-20", "", "a week today", "", "2026-11-27", commitment.RuleWeeks},
	{"2026-11-20", "", "Monday week", "", "2026-11-30", commitment.RuleWeekday},
	{"2026-11-20", "", "by the next business day", "", "2026-11-23", commitment.RuleBusinessDays},
	{"2026-11-20", "", "Thanksgiving week", "2026-11-23", "2026-11-27", commitment.RuleHoliday},
	{"2026-11-20", "", "the week of Thanksgiving", "2026-11-23", "2026-11-27", commitment.RuleHoliday},
	{"2026-11-20", "", "within the hour", "", "2026-11-20", commitment.RuleToday},
	{"2026-11-20", "", "later this afternoon", "", "2026-11-20", commitment.RuleToday},
	{"2026-11-20", "", "12/04", "", "2026-12-04", commitment.RuleDate},
	{"2026-11-20", "", "The 4th.", "", "2026-12-04", commitment.RuleDayOfMonth},

	// a promise beside a date that is not one: the promise is read
	{"2026-11-20", "", "We're closed until January 4 but should have news by December 18", "", "2026-12-18", commitment.RuleDate},
	{"2026-11-20", "", "The hiring manager is on vacation until December 7 but will get back to you by December 4", "", "2026-12-04", commitment.RuleDate},
	{"2026-11-20", "", "We're closed for Thanksgiving and will follow up Monday", "", "2026-11-23", commitment.RuleWeekday},
	{"2026-11-20", "", "The office reopens on January 4; expect our decision by December 18.", "", "2026-12-18", commitment.RuleDate},
	{"2026-11-20", "", "Your first day would be January 11, and we'll confirm everything by December 1.", "", "2026-12-01", commitment.RuleDate},
	{"2026-11-20", "", "We interviewed the last candidate on Tuesday and will decide by Thursday", "", "2026-11-26", commitment.RuleWeekday},
	{"2026-11-20", "", "Our office hours are Monday to Friday; we aim to reply within 3 business days.", "", "2026-11-25", commitment.RuleBusinessDays},
	{"2026-11-20", "", "Onboarding starts January 4. You'll hear from us next week.", "", "2026-11-27", commitment.RuleNextWeek},
	{"2026-11-20", "", "The panel was held on Wednesday the 18th and the decision comes by the 30th", "", "2026-11-30", commitment.RuleDayOfMonth},
	{"2026-11-20", "", "We'll let you know the start date by Friday", "", "2026-11-27", commitment.RuleWeekday},
	{"2026-11-20", "", "I'm on annual leave until December 1, so expect feedback by December 8", "", "2026-12-08", commitment.RuleDate},
	{"2026-11-20", "", "The role is open until December 15; we'll get back to you in a week", "", "2026-11-27", commitment.RuleWeeks},
	{"2026-11-20", "", "We met everyone, and on Monday we'll call you with the outcome", "", "2026-11-23", commitment.RuleWeekday},
	{"2026-11-20", "", "We had a great chat; we'll let you know by Friday", "", "2026-11-27", commitment.RuleWeekday},
	{"2026-11-20", "", "The onsite is on December 3 and you'll hear from us a week later.", "", "2026-12-10", commitment.RuleWeeks},
	{"2026-11-20", "", "The panel meets Monday and we'll get back to you 2 business days later", "", "2026-11-25", commitment.RuleBusinessDays},
	// only dates that are not promises: nothing is read
	{"2026-11-20", "", "The start date is January 15", "", "", commitment.RuleNone},
	{"2026-11-20", "", "Office hours: Monday to Friday", "", "", commitment.RuleNone},
	{"2026-11-20", "", "Our office is closed until January 4", "", "", commitment.RuleNone},
	{"2026-11-20", "", "We met on Tuesday", "", "", commitment.RuleNone},
}

func TestParseEverydayCorpus(t *testing.T) {
	cals := testCalendars()
	ca, err := calendar.New(nil, nil, "CA")
	if err != nil {
		t.Fatal(err)
	}
	cals["ca"] = ca
	for _, tt := range everydayCorpus {
		got := Parse(tt.text, refTime(tt.ref), cals[tt.cal])
		wantLate := date(tt.late)
		wantEarly := wantLate
		if tt.early != "" {
			wantEarly = date(tt.early)
		}
		if got.Found != (tt.late != "") || got.Earliest != wantEarly || got.Latest != wantLate || got.Rule != tt.rule {
			t.Errorf("Parse(%q, %s, %q) = %v..%v %s (match %q, why %q, set aside %q), want %v..%v %s",
				tt.text, tt.ref, tt.cal, got.Earliest, got.Latest, got.Rule, got.Match, got.Why, got.SetAside, wantEarly, wantLate, tt.rule)
		}
	}
}

func TestParseExplains(t *testing.T) {
	tests := []struct {
		ref, text                     string
		match, reading, why, setAside string
	}{
		{"2026-11-20", "by Thanksgiving", "by Thanksgiving", "read as US Thanksgiving, the fourth Thursday of November", "the only date promised", ""},
		{"2026-11-20", "next Friday", "next Friday", "read as the first Friday after the reference day, not the one a week later", "the only date promised", ""},
		{"2026-11-20", "by 12/4", "by 12/4", "read as Fri 4 Dec 2026, the nearer of the month/day and day/month readings", "the only date promised", ""},
		{"2026-11-20", "Friday", "Friday", "said on a Friday: read as a week later", "the only date promised", ""},
		{"2026-11-20", "the coming week", "the coming week", "read as the seven days after the reference day", "the only date promised", ""},
		{"2026-11-20", "We aim to decide in 2 weeks, the start date is January 15", "in 2 weeks", "", `about getting back ("decide")`, `"January 15" (start date)`},
		{"2026-11-20", "We're closed until January 4 but should have news by December 18", "by December 18", "", `about getting back ("news")`, `"January 4" (office closure)`},
		{"2026-11-20", "The start date is January 15", "", "", "", `"January 15" (start date)`},
		{"2026-11-20", "Interviews run until Wednesday, and you'll hear back by the end of next week", "by the end of next week", "", `about getting back ("back")`, `"Wednesday" (not about getting back)`},
	}
	for _, tt := range tests {
		got := Parse(tt.text, refTime(tt.ref), nil)
		if got.Match != tt.match || got.Reading != tt.reading || got.Why != tt.why || got.SetAside != tt.setAside {
			t.Errorf("Parse(%q) = match %q, reading %q, why %q, set aside %q; want %q, %q, %q, %q",
				tt.text, got.Match, got.Reading, got.Why, got.SetAside, tt.match, tt.reading, tt.why, tt.setAside)
		}
	}
}

func TestDescribeReadingAndSetAside(t *testing.T) {
	ref := refTime("2026-11-20")
	tests := []struct{ text, want string }{
		{"by Thanksgiving", `by Thu 26 Nov 2026 ("by Thanksgiving", read as US Thanksgiving, the fourth Thursday of November)`},
		{"We aim to decide in 2 weeks, the start date is January 15", `by Fri 4 Dec 2026 (2 weeks after Fri 20 Nov); set aside "January 15" (start date)`},
		{"Our office is closed until January 4", `no date promised; set aside "January 4" (office closure)`},
		{"The panel meets Monday and we'll get back to you 2 business days later", `by Wed 25 Nov 2026 (2 business days after Mon 23 Nov, counted from Monday); set aside "Monday" (the day counted from)`},
	}
	for _, tt := range tests {
		if got := Parse(tt.text, ref, nil).Describe(ref); got != tt.want {
			t.Errorf("Parse(%q).Describe(ref) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestParseHolidayNamesAreCaseInsensitive(t *testing.T) {
	for _, text := range []string{"BY THANKSGIVING", "by thanksgiving", "By Thanksgiving Day"} {
		if got := Parse(text, refTime("2026-11-20"), nil); got.Latest != date("2026-11-26") || !strings.Contains(strings.ToLower(got.Match), "thanksgiving") {
			t.Errorf("Parse(%q) = %v (%q), want 2026-11-26", text, got.Latest, got.Match)
		}
	}
}

func FuzzParseEveryday(f *testing.F) {
	for _, p := range everydayCorpus {
		f.Add(p.text)
	}
	ref := refTime("2026-11-20")
	refDate := calendar.DateOf(ref)
	f.Fuzz(func(t *testing.T, text string) {
		r := Parse(text, ref, nil)
		if !r.Found {
			if r.Rule != commitment.RuleNone || r.Match != "" || r.Reading != "" || r.Why != "" {
				t.Fatalf("Parse(%q) = %+v: not found, want no rule, match, reading or why", text, r)
			}
			return
		}
		if r.Earliest.Before(refDate) || r.Latest.Before(r.Earliest) || r.Why == "" || !strings.Contains(text, r.Match) {
			t.Fatalf("Parse(%q) = %+v: want ref <= Earliest <= Latest, a Why, Match from the text", text, r)
		}
	})
}
