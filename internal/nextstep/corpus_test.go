package nextstep

import (
	"time"

	"github.com/followup-dev/followup/internal/calendar"
	"github.com/followup-dev/followup/internal/commitment"
)

// phrase is one corpus entry. The expected dates were worked out by hand
// from the rules, with a printed calendar, not copied from Parse's output.
type phrase struct {
	ref   string // reference date; the interview ends at 16:30 that day
	cal   string // "" = calendar.Default(); see testCalendars
	text  string
	early string // "" = same as late
	late  string // "" = nothing datable
	rule  string
}

// November 2026 starts on a Sunday: Mon 16, Fri 20, Mon 23, Thu 26, Fri 27, Mon 30.
// December 2026 starts on a Tuesday: Fri 4, Fri 11, Fri 25, Thu 31.
// January 2027 starts on a Friday: Mon 4, Fri 8.
var corpus = []phrase{
	// business days
	{"2026-11-20", "", "we'll get back to you in 4-5 working days", "2026-11-26", "2026-11-27", commitment.RuleBusinessDays},
	{"2026-12-04", "", "They'll get back to me in 4-5 working days", "2026-12-10", "2026-12-11", commitment.RuleBusinessDays},
	{"2026-12-30", "yearend", "We'll get back to you in 3 business days", "", "2027-01-06", commitment.RuleBusinessDays},
	{"2026-12-30", "", "We'll get back to you in 3 business days", "", "2027-01-04", commitment.RuleBusinessDays},
	{"2026-11-16", "", "Feedback within 5 business days.", "", "2026-11-23", commitment.RuleBusinessDays},
	{"2026-11-17", "", "in 2 business days", "", "2026-11-19", commitment.RuleBusinessDays},
	{"2026-11-18", "", "We aim to respond within 3 working days", "", "2026-11-23", commitment.RuleBusinessDays},
	{"2026-11-19", "", "you should hear from us in one business day", "", "2026-11-20", commitment.RuleBusinessDays},
	{"2026-11-21", "", "in 1 business day", "", "2026-11-23", commitment.RuleBusinessDays},
	{"2026-11-22", "", "2 business days", "", "2026-11-24", commitment.RuleBusinessDays},
	{"2026-11-25", "us", "We'll let you know in 2 business days", "", "2026-11-30", commitment.RuleBusinessDays},
	{"2026-11-20", "", "it usually takes 3 to 5 business days", "2026-11-25", "2026-11-27", commitment.RuleBusinessDays},
	{"2026-11-20", "", "somewhere between 3 and 5 business days", "2026-11-25", "2026-11-27", commitment.RuleBusinessDays},
	{"2026-12-24", "us", "in 1 business day", "", "2026-12-28", commitment.RuleBusinessDays},
	{"2026-11-20", "", "within ten business days", "", "2026-12-04", commitment.RuleBusinessDays},
	{"2026-11-20", "", "in a couple of business days", "", "2026-11-24", commitment.RuleBusinessDays},
	// fortnights; numeric dates (nearest real reading on or after the reference date, after a cue word)
	{"2026-11-20", "", "within a fortnight", "", "2026-12-04", commitment.RuleWeeks},
	{"2026-11-20", "", "in two fortnights", "", "2026-12-18", commitment.RuleWeeks},
	{"2026-11-20", "", "Expect feedback by 12/4", "", "2026-12-04", commitment.RuleDate},
	{"2026-11-20", "", "we'll decide on 4/12", "", "2026-12-04", commitment.RuleDate},
	{"2026-11-20", "", "by 12/4/2026", "", "2026-12-04", commitment.RuleDate},
	{"2026-11-20", "", "no later than 1/2", "", "2027-01-02", commitment.RuleDate},
	{"2026-11-20", "", "until 31/12", "", "2026-12-31", commitment.RuleDate},
	{"2026-11-20", "", "we're reachable 24/7", "", "", commitment.RuleNone},
	{"2026-11-20", "", "9/10 candidates hear back by Friday", "", "2026-11-27", commitment.RuleWeekday},
	{"2026-11-20", "", "a few working days", "", "2026-11-25", commitment.RuleBusinessDays},
	{"2026-11-20", "", "HR needs several business days to check references", "", "2026-11-25", commitment.RuleBusinessDays},
	{"2026-11-20", "", "in about 5 business days", "", "2026-11-27", commitment.RuleBusinessDays},
	{"2026-11-20", "", "up to 5 working days", "", "2026-11-27", commitment.RuleBusinessDays},
	{"2026-11-20", "", "approximately 3 business days", "", "2026-11-25", commitment.RuleBusinessDays},
	{"2026-11-30", "", "Roughly 2 Business Days", "", "2026-12-02", commitment.RuleBusinessDays},
	{"2026-11-20", "", "decision in 5–7 business days", "2026-11-27", "2026-12-01", commitment.RuleBusinessDays},
	{"2026-11-20", "", "a business day or two", "2026-11-23", "2026-11-24", commitment.RuleBusinessDays},
	{"2026-11-19", "sunthu", "we reply in 2 business days", "", "2026-11-23", commitment.RuleBusinessDays},
	{"2026-11-20", "", "WITHIN 5 WORKING DAYS", "", "2026-11-27", commitment.RuleBusinessDays},
	{"2026-11-20", "", "in the next 3 business days", "", "2026-11-25", commitment.RuleBusinessDays},
	{"2026-11-20", "", "in two or three working days", "2026-11-24", "2026-11-25", commitment.RuleBusinessDays},

	// calendar days, tomorrow
	{"2026-11-20", "", "in 3 days", "", "2026-11-23", commitment.RuleCalendarDays},
	{"2026-11-20", "", "within 10 days", "", "2026-11-30", commitment.RuleCalendarDays},
	{"2026-11-30", "", "in 2 days", "", "2026-12-02", commitment.RuleCalendarDays},
	{"2026-12-30", "", "We should know in 5 days", "", "2027-01-04", commitment.RuleCalendarDays},
	{"2026-11-20", "", "We'll call you tomorrow", "", "2026-11-21", commitment.RuleCalendarDays},
	{"2026-12-31", "", "tomorrow", "", "2027-01-01", commitment.RuleCalendarDays},
	{"2026-11-20", "", "the day after tomorrow", "", "2026-11-22", commitment.RuleCalendarDays},
	{"2026-11-30", "", "day after tomorrow", "", "2026-12-02", commitment.RuleCalendarDays},
	{"2026-11-20", "", "in a couple of days", "", "2026-11-22", commitment.RuleCalendarDays},
	{"2026-11-20", "", "in a few days", "", "2026-11-23", commitment.RuleCalendarDays},
	{"2026-11-20", "", "you'll hear in a day or two", "2026-11-21", "2026-11-22", commitment.RuleCalendarDays},
	{"2026-11-21", "", "in 2-3 days", "2026-11-23", "2026-11-24", commitment.RuleCalendarDays},
	{"2026-11-17", "", "in two days", "", "2026-11-19", commitment.RuleCalendarDays},
	{"2026-11-20", "", "within twenty days", "", "2026-12-10", commitment.RuleCalendarDays},
	{"2026-11-20", "", "in fourteen calendar days", "", "2026-12-04", commitment.RuleCalendarDays},
	{"2027-02-26", "", "in 7 days", "", "2027-03-05", commitment.RuleCalendarDays},
	{"2028-02-28", "", "in 2 days", "", "2028-03-01", commitment.RuleCalendarDays},
	{"2026-11-20", "", "a couple days", "", "2026-11-22", commitment.RuleCalendarDays},
	{"2026-11-20", "", "in 3d", "", "2026-11-23", commitment.RuleCalendarDays},

	// hours
	{"2026-11-20", "", "within 24 hours", "", "2026-11-21", commitment.RuleHours},
	{"2026-11-20", "", "in 48 hours", "", "2026-11-22", commitment.RuleHours},
	{"2026-11-20", "", "72 hours", "", "2026-11-23", commitment.RuleHours},
	{"2026-11-20", "", "24-48 hours", "2026-11-21", "2026-11-22", commitment.RuleHours},
	{"2026-11-20", "", "within 36 hours", "", "2026-11-22", commitment.RuleHours},
	{"2026-11-20", "", "within 24h", "", "2026-11-21", commitment.RuleHours},
	{"2026-12-31", "", "within 48 hours", "", "2027-01-02", commitment.RuleHours},
	{"2026-11-20", "", "in the next 24 hrs", "", "2026-11-21", commitment.RuleHours},

	// weeks
	{"2026-11-20", "", "in 2 weeks", "", "2026-12-04", commitment.RuleWeeks},
	{"2026-11-20", "", "within a week", "", "2026-11-27", commitment.RuleWeeks},
	{"2026-11-20", "", "in a week", "", "2026-11-27", commitment.RuleWeeks},
	{"2026-11-20", "", "it'll be a week or two", "2026-11-27", "2026-12-04", commitment.RuleWeeks},
	{"2026-11-20", "", "2-3 weeks", "2026-12-04", "2026-12-11", commitment.RuleWeeks},
	{"2026-11-20", "", "2 to 3 weeks", "2026-12-04", "2026-12-11", commitment.RuleWeeks},
	{"2026-11-20", "", "in a couple of weeks", "", "2026-12-04", commitment.RuleWeeks},
	{"2026-11-20", "", "in a few weeks", "", "2026-12-11", commitment.RuleWeeks},
	{"2026-11-20", "", "it'll take three weeks", "", "2026-12-11", commitment.RuleWeeks},
	{"2026-12-30", "", "in 1 week", "", "2027-01-06", commitment.RuleWeeks},
	{"2026-11-16", "", "one to two weeks", "2026-11-23", "2026-11-30", commitment.RuleWeeks},
	{"2026-11-20", "", "over the next couple of weeks", "", "2026-12-04", commitment.RuleWeeks},
	{"2026-11-19", "", "1-2 weeks", "2026-11-26", "2026-12-03", commitment.RuleWeeks},
	{"2026-11-18", "", "Christine said two weeks, maybe three", "", "2026-12-02", commitment.RuleWeeks},
	{"2026-11-20", "", "in around 2 weeks", "", "2026-12-04", commitment.RuleWeeks},
	{"2026-11-20", "", "you'll hear in a week’s time", "", "2026-11-27", commitment.RuleWeeks},
	{"2026-11-20", "", "in two weeks' time", "", "2026-12-04", commitment.RuleWeeks},

	// months
	{"2026-11-20", "", "in a month", "", "2026-12-20", commitment.RuleMonth},
	{"2027-01-31", "", "within a month", "", "2027-02-28", commitment.RuleMonth},
	{"2026-11-30", "", "in a month", "", "2026-12-30", commitment.RuleMonth},
	{"2026-12-31", "", "within a month", "", "2027-01-31", commitment.RuleMonth},
	{"2026-11-20", "", "in two months", "", "2027-01-20", commitment.RuleMonth},
	{"2026-11-20", "", "1-2 months", "2026-12-20", "2027-01-20", commitment.RuleMonth},
	{"2028-01-31", "", "in a month", "", "2028-02-29", commitment.RuleMonth},

	// weekdays
	{"2026-11-20", "", "by Friday", "", "2026-11-27", commitment.RuleWeekday},
	{"2026-11-20", "", "We'll let you know Monday", "", "2026-11-23", commitment.RuleWeekday},
	{"2026-11-16", "", "on Tue", "", "2026-11-17", commitment.RuleWeekday},
	{"2026-11-17", "", "Friday at the latest", "", "2026-11-20", commitment.RuleWeekday},
	{"2026-11-18", "", "close of business Wednesday", "", "2026-11-25", commitment.RuleWeekday},
	{"2026-11-19", "", "next Monday", "", "2026-11-23", commitment.RuleWeekday},
	{"2026-11-22", "", "next Monday", "", "2026-11-23", commitment.RuleWeekday},
	{"2026-11-16", "", "next Monday", "", "2026-11-23", commitment.RuleWeekday},
	{"2026-11-20", "", "we anticipate getting back to people to schedule the next round Monday or Tuesday", "2026-11-23", "2026-11-24", commitment.RuleWeekday},
	{"2026-11-20", "", "Tuesday-Wednesday", "2026-11-24", "2026-11-25", commitment.RuleWeekday},
	{"2026-11-20", "", "Mon/Tue", "2026-11-23", "2026-11-24", commitment.RuleWeekday},
	{"2026-11-18", "", "Friday or Monday", "2026-11-20", "2026-11-23", commitment.RuleWeekday},
	{"2026-11-19", "", "Thursday", "", "2026-11-26", commitment.RuleWeekday},
	{"2026-11-21", "", "by Sat", "", "2026-11-28", commitment.RuleWeekday},
	{"2026-11-22", "", "on Sun", "", "2026-11-29", commitment.RuleWeekday},
	{"2026-12-30", "", "Monday", "", "2027-01-04", commitment.RuleWeekday},
	{"2026-11-20", "", "by Wed.", "", "2026-11-25", commitment.RuleWeekday},
	{"2026-11-16", "", "Tuesday next week", "", "2026-11-24", commitment.RuleWeekday},
	{"2026-11-16", "", "next week on Tuesday", "", "2026-11-24", commitment.RuleWeekday},
	{"2026-11-20", "", "Monday, Tuesday or Wednesday", "2026-11-23", "2026-11-25", commitment.RuleWeekday},
	{"2026-11-17", "", "expect to hear by Thurs", "", "2026-11-19", commitment.RuleWeekday},
	{"2026-11-20", "", "EOD Friday", "", "2026-11-27", commitment.RuleWeekday},
	{"2026-11-20", "", "this coming Tuesday", "", "2026-11-24", commitment.RuleWeekday},
	{"2026-11-18", "", "They will decide by FRIDAY.", "", "2026-11-20", commitment.RuleWeekday},
	{"2026-11-20", "", "Monday through Wednesday", "2026-11-23", "2026-11-25", commitment.RuleWeekday},
	{"2026-11-21", "", "Sunil will call on Monday", "", "2026-11-23", commitment.RuleWeekday},

	// this week
	{"2026-11-16", "", "this week", "", "2026-11-20", commitment.RuleThisWeek},
	{"2026-11-20", "", "this week", "", "2026-11-20", commitment.RuleThisWeek},
	{"2026-11-21", "", "by the end of the week", "", "2026-11-27", commitment.RuleThisWeek},
	{"2026-11-18", "", "end of the week", "", "2026-11-20", commitment.RuleThisWeek},
	{"2026-11-19", "", "EOW", "", "2026-11-20", commitment.RuleThisWeek},
	{"2026-11-17", "", "by the end of this week", "", "2026-11-20", commitment.RuleThisWeek},
	{"2026-12-30", "", "end of the week", "", "2027-01-01", commitment.RuleThisWeek},
	{"2026-11-17", "", "later this week", "", "2026-11-20", commitment.RuleThisWeek},
	{"2026-11-17", "", "by end of week", "", "2026-11-20", commitment.RuleThisWeek},

	// next week
	{"2026-11-20", "", "next week", "", "2026-11-27", commitment.RuleNextWeek},
	{"2026-11-16", "", "sometime next week", "", "2026-11-27", commitment.RuleNextWeek},
	{"2026-11-18", "", "the committee meets next week", "", "2026-11-27", commitment.RuleNextWeek},
	{"2026-11-22", "", "next week", "", "2026-11-27", commitment.RuleNextWeek},
	{"2026-11-21", "", "next week", "", "2026-11-27", commitment.RuleNextWeek},
	{"2026-11-20", "", "early next week", "2026-11-23", "2026-11-24", commitment.RuleNextWeek},
	{"2026-11-17", "", "mid next week", "", "2026-11-25", commitment.RuleNextWeek},
	{"2026-11-17", "", "middle of next week", "", "2026-11-25", commitment.RuleNextWeek},
	{"2026-11-19", "", "late next week", "", "2026-11-27", commitment.RuleNextWeek},
	{"2026-11-19", "", "end of next week", "", "2026-11-27", commitment.RuleNextWeek},
	{"2026-11-18", "", "by the end of next week", "", "2026-11-27", commitment.RuleNextWeek},
	{"2026-12-30", "", "next week", "", "2027-01-08", commitment.RuleNextWeek},
	{"2026-12-28", "", "early next week", "2027-01-04", "2027-01-05", commitment.RuleNextWeek},
	{"2026-11-20", "", "the following week", "", "2026-11-27", commitment.RuleNextWeek},
	{"2026-11-19", "", "mid-next week", "", "2026-11-25", commitment.RuleNextWeek},

	// month end and month parts
	{"2026-11-20", "", "end of the month", "", "2026-11-30", commitment.RuleMonthEnd},
	{"2026-11-30", "", "by month end", "", "2026-11-30", commitment.RuleMonthEnd},
	{"2027-02-05", "", "end of this month", "", "2027-02-28", commitment.RuleMonthEnd},
	{"2028-02-01", "", "end of the month", "", "2028-02-29", commitment.RuleMonthEnd},
	{"2026-12-30", "", "EOM", "", "2026-12-31", commitment.RuleMonthEnd},
	{"2026-11-20", "", "month-end", "", "2026-11-30", commitment.RuleMonthEnd},
	{"2026-11-20", "", "end of next month", "", "2026-12-31", commitment.RuleMonthEnd},
	{"2026-11-20", "", "next month", "", "2026-12-31", commitment.RuleMonthEnd},
	{"2026-11-20", "", "mid-December", "", "2026-12-15", commitment.RuleMonthPart},
	{"2026-11-20", "", "mid December", "", "2026-12-15", commitment.RuleMonthPart},
	{"2026-11-20", "", "early December", "", "2026-12-10", commitment.RuleMonthPart},
	{"2026-11-20", "", "late December", "", "2026-12-31", commitment.RuleMonthPart},
	{"2026-11-20", "", "end of December", "", "2026-12-31", commitment.RuleMonthPart},
	{"2026-12-30", "", "mid-January", "", "2027-01-15", commitment.RuleMonthPart},
	{"2026-12-04", "", "mid-December", "", "2026-12-15", commitment.RuleMonthPart},
	{"2026-12-04", "", "early December", "", "2026-12-10", commitment.RuleMonthPart},
	{"2026-12-18", "", "mid-December", "", "2026-12-18", commitment.RuleMonthPart},
	{"2026-11-20", "", "early Jan", "", "2027-01-10", commitment.RuleMonthPart},
	{"2026-11-20", "", "late Feb", "", "2027-02-28", commitment.RuleMonthPart},
	{"2026-11-20", "", "we will decide in January", "2027-01-01", "2027-01-31", commitment.RuleMonthPart},
	{"2026-11-20", "", "by the end of the year", "", "2026-12-31", commitment.RuleMonthPart},
	{"2026-11-20", "", "late December 2027", "", "2027-12-31", commitment.RuleMonthPart},
	{"2026-11-20", "", "mid May", "", "2027-05-15", commitment.RuleMonthPart},

	// explicit dates and days of the month
	{"2026-11-20", "", "December 3", "", "2026-12-03", commitment.RuleDate},
	{"2026-11-20", "", "Dec 3rd", "", "2026-12-03", commitment.RuleDate},
	{"2026-11-20", "", "3 December", "", "2026-12-03", commitment.RuleDate},
	{"2026-11-20", "", "the 3rd of December", "", "2026-12-03", commitment.RuleDate},
	{"2026-11-20", "", "December 9, 2026", "", "2026-12-09", commitment.RuleDate},
	{"2026-11-20", "", "2026-12-04", "", "2026-12-04", commitment.RuleDate},
	{"2026-12-04", "", "December 3", "", "2027-12-03", commitment.RuleDate},
	{"2026-11-20", "", "by the 30th", "", "2026-11-30", commitment.RuleDayOfMonth},
	{"2026-12-04", "", "by the 30th", "", "2026-12-30", commitment.RuleDayOfMonth},
	{"2026-11-30", "", "on the 1st", "", "2026-12-01", commitment.RuleDayOfMonth},
	{"2027-02-05", "", "by the 30th", "", "2027-03-30", commitment.RuleDayOfMonth},
	{"2026-11-20", "", "on the 20th", "", "2026-11-20", commitment.RuleDayOfMonth},
	{"2026-11-20", "", "Friday, December 4", "", "2026-12-04", commitment.RuleDate},
	{"2026-11-20", "", "Friday the 4th", "", "2026-12-04", commitment.RuleDayOfMonth},
	{"2026-11-20", "", "Dec. 3", "", "2026-12-03", commitment.RuleDate},
	{"2026-11-20", "", "January 5th", "", "2027-01-05", commitment.RuleDate},
	{"2026-11-20", "", "May 3", "", "2027-05-03", commitment.RuleDate},
	{"2026-11-20", "", "3rd Dec 2027", "", "2027-12-03", commitment.RuleDate},
	{"2026-11-20", "", "February 29", "", "2028-02-29", commitment.RuleDate},
	{"2026-11-20", "", "Nov 20", "", "2026-11-20", commitment.RuleDate},
	{"2026-11-20", "", "December the 3rd", "", "2026-12-03", commitment.RuleDate},
	{"2026-11-20", "", "decision expected 2027/01/15", "", "2027-01-15", commitment.RuleDate},

	// today
	{"2026-11-20", "", "by end of day", "", "2026-11-20", commitment.RuleToday},
	{"2026-11-20", "", "EOD", "", "2026-11-20", commitment.RuleToday},
	{"2026-11-20", "", "close of business", "", "2026-11-20", commitment.RuleToday},
	{"2026-11-20", "", "COB", "", "2026-11-20", commitment.RuleToday},
	{"2026-11-20", "", "We'll let you know today", "", "2026-11-20", commitment.RuleToday},
	{"2026-11-20", "", "by end of day tomorrow", "", "2026-11-21", commitment.RuleCalendarDays},
	{"2026-11-20", "", "you'll hear back later today", "", "2026-11-20", commitment.RuleToday},

	// nothing datable
	{"2026-11-20", "", "we'll be in touch soon", "", "", commitment.RuleNone},
	{"2026-11-20", "", "We'll be in touch", "", "", commitment.RuleNone},
	{"2026-11-20", "", "after the holidays", "", "", commitment.RuleNone},
	{"2026-11-20", "", "once we've finished the other interviews", "", "", commitment.RuleNone},
	{"2026-11-20", "", "it takes a while", "", "", commitment.RuleNone},
	{"2026-11-20", "", "be patient", "", "", commitment.RuleNone},
	{"2026-11-20", "", "we have several other people to interview", "", "", commitment.RuleNone},
	{"2026-11-20", "", "we may get back to you", "", "", commitment.RuleNone},
	{"2026-11-20", "", "you would move on to the second round", "", "", commitment.RuleNone},
	{"2026-11-20", "", "Sunil will reach out", "", "", commitment.RuleNone},
	{"2026-11-20", "", "Thanks for coming in today", "", "", commitment.RuleNone},
	{"2026-11-20", "", "we interviewed a few days ago", "", "", commitment.RuleNone},
	{"2026-11-20", "", "I sat with the team", "", "", commitment.RuleNone},
	{"2026-11-20", "", "at the end of the day it's the team's call", "", "", commitment.RuleNone},
	{"2026-11-20", "", "the 2nd round will be with the CTO", "", "", commitment.RuleNone},
	{"2026-11-20", "", "over the past few weeks", "", "", commitment.RuleNone},
	{"2026-11-20", "", "3 days a week in the office", "", "", commitment.RuleNone},
	{"2026-11-20", "", "She works Mondays", "", "", commitment.RuleNone},
	{"2026-11-20", "", "we spoke last Friday", "", "", commitment.RuleNone},
	{"2026-11-20", "", "", "", "", commitment.RuleNone},
	{"2026-11-20", "", "we'll get back to you as soon as possible", "", "", commitment.RuleNone},
	{"2026-11-20", "", "the first 90 days are onboarding", "", "", commitment.RuleNone},
	{"2026-11-20", "", "The team sits on the 5th floor", "", "", commitment.RuleNone},
	{"2026-11-20", "", "We'll make a decision after Christmas", "", "", commitment.RuleNone},
	{"2026-11-20", "", "the sun was out", "", "", commitment.RuleNone},
	{"2026-11-20", "", "we met earlier this week", "", "", commitment.RuleNone},
	{"2026-11-20", "", "have a good day", "", "", commitment.RuleNone},
	{"2026-11-20", "", "in a while", "", "", commitment.RuleNone},
	{"2026-11-20", "", "in March we had 3 rounds", "", "", commitment.RuleNone},

	// several datable phrases: prefer the reply, then the latest
	{"2026-11-20", "", "We're interviewing this week and will let you know early next week", "2026-11-23", "2026-11-24", commitment.RuleNextWeek},
	{"2026-11-20", "", "The committee meets next week and we'll get back to you within 2 days after that", "", "2026-11-27", commitment.RuleNextWeek},
	{"2026-11-20", "", "We'll let you know by Friday; the start date would be in 3 weeks", "", "2026-11-27", commitment.RuleWeekday},
	{"2026-11-16", "", "Thanks for coming in today. We'll get back to you in 3 business days.", "", "2026-11-19", commitment.RuleBusinessDays},
	{"2026-11-20", "", "Interviews run until Wednesday, and you'll hear back by the end of next week", "", "2026-11-27", commitment.RuleNextWeek},
	{"2026-11-20", "", "They have two days of onsites on Monday or Tuesday", "2026-11-23", "2026-11-24", commitment.RuleWeekday},
	// "the week of" a date runs to that week's Friday (see the round 2 entries below)
	{"2026-11-20", "", "Recruiter said they'd circle back after Thanksgiving, probably the week of the 30th", "2026-11-30", "2026-12-04", commitment.RuleDayOfMonth},
	{"2026-11-20", "", "Next steps: hiring manager reviews on Monday, decision by Wednesday", "", "2026-11-25", commitment.RuleWeekday},
	{"2026-11-20", "", "We're hoping to make a decision by mid-December, but it may slip into January", "", "2026-12-15", commitment.RuleMonthPart},
	{"2026-11-20", "", "Expect an email in the next 2-3 business days regarding next steps", "2026-11-24", "2026-11-25", commitment.RuleBusinessDays},
	{"2026-11-20", "", "We'll get back to you on Monday the 23rd", "", "2026-11-23", commitment.RuleDayOfMonth},
	{"2026-11-20", "", "Give us a week", "", "2026-11-27", commitment.RuleWeeks},
	{"2026-11-20", "", "we'll know more by the end of the day on Tuesday", "", "2026-11-24", commitment.RuleWeekday},
	{"2026-11-20", "", "you'll hear from us no later than the 4th", "", "2026-12-04", commitment.RuleDayOfMonth},
	{"2026-11-20", "", "We aim to decide in 2 weeks, the start date is January 15", "", "2026-12-04", commitment.RuleWeeks},
	{"2026-11-20", "", "3pm tomorrow", "", "2026-11-21", commitment.RuleCalendarDays},
	{"2026-11-20", "", "a decision should be made within one week", "", "2026-11-27", commitment.RuleWeeks},
	{"2026-11-20", "", "He said 10 days tops", "", "2026-11-30", commitment.RuleCalendarDays},
	{"2026-11-20", "", "hopefully before the end of the month", "", "2026-11-30", commitment.RuleMonthEnd},
	{"2026-11-20", "", "the panel is on 12/3", "", "2026-12-03", commitment.RuleDate}, // 3 December: 12 March is further away
	{"2026-11-20", "", "we'll be in touch in 2026", "", "", commitment.RuleNone},

	// New phrasings (round 2). Calendars used below:
	// Nov 2026: Mon 16, Fri 20, Sat 21, Sun 22, Mon 23, Thu 26, Fri 27, Mon 30.
	// Dec 2026: Tue 1, Fri 4, Mon 7, Fri 11, Mon 14, Fri 18, Mon 21, Wed 23, Fri 25, Mon 28, Thu 31.
	// Jan 2027: Fri 1, Mon 4, Fri 8. Feb 2027: Mon 1, Sun 28.
	// "us" holidays here: Thanksgiving Thu 26 Nov, Christmas Fri 25 Dec, New Year Fri 1 Jan.
	// "thanks": Thu 26 and Fri 27 Nov. "yearend": Thu 31 Dec and Fri 1 Jan.

	// business days; each count starts the day after the reference date and skips weekends and holidays
	{"2026-11-20", "", "Thanks again for your time! We'll get back to you w/in 5 biz days.", "", "2026-11-27", commitment.RuleBusinessDays},                 // M23 T24 W25 T26 F27
	{"2026-11-20", "thanks", "We'll get back to you w/in 5 biz days", "", "2026-12-01", commitment.RuleBusinessDays},                                        // M23 T24 W25 M30 T1
	{"2026-11-20", "us", "We typically respond in 5–7 business days (excluding public holidays).", "2026-11-30", "2026-12-02", commitment.RuleBusinessDays}, // M23 T24 W25 F27 M30 | T1 W2
	{"2026-12-16", "us", "HR will finish the paperwork in five to seven working days", "2026-12-23", "2026-12-28", commitment.RuleBusinessDays},             // T17 F18 M21 T22 W23 | T24 M28
	{"2026-11-16", "thanks", "Our panel needs ten biz days to review", "", "2026-12-02", commitment.RuleBusinessDays},                                       // T17 W18 T19 F20 M23 T24 W25 M30 T1 W2
	{"2026-12-24", "us", "You'll hear within 1-2 business days", "2026-12-28", "2026-12-29", commitment.RuleBusinessDays},
	{"2026-12-14", "us", "roughly ten working days, give or take", "", "2026-12-29", commitment.RuleBusinessDays},               // T15 W16 T17 F18 M21 T22 W23 T24 M28 T29
	{"2026-12-28", "yearend", "The decision should come within 5 working days.", "", "2027-01-06", commitment.RuleBusinessDays}, // T29 W30 M4 T5 W6
	{"2026-11-20", "", "It usually takes 7-10 business days to hear back", "2026-12-01", "2026-12-04", commitment.RuleBusinessDays},
	{"2026-11-19", "sunthu", "within 5 business days", "", "2026-11-26", commitment.RuleBusinessDays}, // S22 M23 T24 W25 T26
	{"2026-11-20", "", "I was told it could take anywhere from 3 to 5 business days", "2026-11-25", "2026-11-27", commitment.RuleBusinessDays},
	{"2026-11-21", "", "Expect to hear back within 2 Business Days.", "", "2026-11-24", commitment.RuleBusinessDays},
	{"2026-11-20", "", "a decision in 3 - 4 working days", "2026-11-25", "2026-11-26", commitment.RuleBusinessDays},
	{"2026-11-20", "", "five-seven business days", "2026-11-27", "2026-12-01", commitment.RuleBusinessDays},
	{"2026-12-30", "", "3 working days", "", "2027-01-04", commitment.RuleBusinessDays},                                        // T31 F1 M4: the default calendar has no holidays
	{"2026-12-23", "us", "Happy holidays! Expect feedback in 2 business days.", "", "2026-12-28", commitment.RuleBusinessDays}, // T24 M28

	// calendar days and hours; tens as words ("thirty", "forty-eight") go beyond the rules' "up to twenty"
	// because a candidate reads them as numbers all the same
	{"2026-11-20", "", "Recruiter: you should hear from the team in the next 10 days or so.", "", "2026-11-30", commitment.RuleCalendarDays},
	{"2026-12-28", "", "in about ten days", "", "2027-01-07", commitment.RuleCalendarDays},
	{"2026-11-20", "", "in the next day or two", "2026-11-21", "2026-11-22", commitment.RuleCalendarDays}, // "the next day" counts as one day
	{"2026-11-20", "", "in several days", "", "2026-11-23", commitment.RuleCalendarDays},
	{"2026-12-30", "", "We'll reply in three days' time", "", "2027-01-02", commitment.RuleCalendarDays},
	{"2026-11-20", "", "within thirty days", "", "2026-12-20", commitment.RuleCalendarDays},
	{"2026-11-21", "", "ASAP, but definitely within 72 hours", "", "2026-11-24", commitment.RuleHours},
	{"2026-12-31", "", "You should hear from us within the next 48 hrs.", "", "2027-01-02", commitment.RuleHours},
	{"2026-11-20", "", "48-72 hours", "2026-11-22", "2026-11-23", commitment.RuleHours},
	{"2026-11-20", "", "within forty-eight hours", "", "2026-11-22", commitment.RuleHours},
	{"2026-11-20", "", "in twenty-four hours", "", "2026-11-21", commitment.RuleHours},
	{"2026-11-30", "", "in 24 hrs", "", "2026-12-01", commitment.RuleHours},
	{"2026-11-20", "", "by EOD tomorrow", "", "2026-11-21", commitment.RuleCalendarDays},
	{"2026-12-31", "", "tomorrow EOD", "", "2027-01-01", commitment.RuleCalendarDays},
	{"2026-11-20", "", "We'll get back to you a week from today", "", "2026-11-27", commitment.RuleWeeks}, // "from today" makes "a week" a duration
	{"2026-11-20", "", "two weeks from now", "", "2026-12-04", commitment.RuleWeeks},

	// weeks and months as durations
	{"2026-11-18", "", "over the next few weeks", "", "2026-12-09", commitment.RuleWeeks},
	{"2026-11-16", "", "Expect a decision in approximately two to three weeks", "2026-11-30", "2026-12-07", commitment.RuleWeeks},
	{"2026-11-30", "", "We'll be back in touch in a week's time.", "", "2026-12-07", commitment.RuleWeeks},
	{"2026-11-20", "", "in 2 wks", "", "2026-12-04", commitment.RuleWeeks},
	{"2026-11-16", "", "Give us up to two weeks", "", "2026-11-30", commitment.RuleWeeks},
	{"2026-12-28", "", "in a week or so", "", "2027-01-04", commitment.RuleWeeks},
	{"2026-11-20", "", "one or two weeks", "2026-11-27", "2026-12-04", commitment.RuleWeeks},
	{"2026-11-20", "", "1–2 wks", "2026-11-27", "2026-12-04", commitment.RuleWeeks},
	{"2026-11-20", "", "in 6 weeks", "", "2027-01-01", commitment.RuleWeeks},
	{"2026-11-20", "", "a couple weeks", "", "2026-12-04", commitment.RuleWeeks},
	{"2027-01-29", "", "we should have news within a month", "", "2027-02-28", commitment.RuleMonth}, // no 29 February in 2027: the last day

	// weekdays: the first such day after the reference date
	{"2026-11-18", "", "Please expect our answer EOD Friday.", "", "2026-11-20", commitment.RuleWeekday},
	{"2026-11-16", "", "Hiring manager will confirm COB Thu.", "", "2026-11-19", commitment.RuleWeekday},
	{"2026-11-19", "", "COB Thu", "", "2026-11-26", commitment.RuleWeekday},
	{"2026-11-20", "", "you'll have our decision by end of day Monday", "", "2026-11-23", commitment.RuleWeekday},
	{"2026-11-17", "", "no later than next Friday", "", "2026-11-20", commitment.RuleWeekday}, // "next Monday" is the first Monday after
	{"2026-11-19", "", "We'll ping you next Tues", "", "2026-11-24", commitment.RuleWeekday},
	{"2026-11-16", "", "either Monday or Tuesday next week", "2026-11-23", "2026-11-24", commitment.RuleWeekday},
	{"2026-11-20", "", "Tues or Weds next week", "2026-11-24", "2026-11-25", commitment.RuleWeekday},
	{"2026-11-20", "", "Decision Wed or Thu", "2026-11-25", "2026-11-26", commitment.RuleWeekday}, // "wed" in a list of days is a day
	{"2026-11-21", "", "I'll have an answer for you by Weds.", "", "2026-11-25", commitment.RuleWeekday},
	{"2026-11-20", "", "next Friday at the latest", "", "2026-11-27", commitment.RuleWeekday},
	{"2026-11-16", "", "next Thursday or Friday", "2026-11-19", "2026-11-20", commitment.RuleWeekday},
	{"2026-11-18", "", "by next Wednesday", "", "2026-11-25", commitment.RuleWeekday},
	{"2026-11-16", "", "this Wed", "", "2026-11-18", commitment.RuleWeekday},
	{"2026-11-20", "", "end of business Thursday", "", "2026-11-26", commitment.RuleWeekday},
	{"2026-11-16", "", "by close of play Friday", "", "2026-11-20", commitment.RuleWeekday},
	{"2026-11-20", "", "first thing Monday morning", "", "2026-11-23", commitment.RuleWeekday},
	{"2026-12-30", "", "We'll get back to you on Mon.", "", "2027-01-04", commitment.RuleWeekday},
	{"2026-11-17", "", "The hiring committee meets on Thursday; you'll hear back by Monday at the latest", "", "2026-11-23", commitment.RuleWeekday},
	{"2026-11-20", "", "Tuesday–Thursday", "2026-11-24", "2026-11-26", commitment.RuleWeekday},
	{"2026-11-20", "", "Great chatting today! The team is meeting Wednesday to compare notes and we'll get back to you by EOD Friday with next steps.", "", "2026-11-27", commitment.RuleWeekday},
	{"2026-11-20", "", "FYI the next round would be on-site in 3 weeks, but first we'll let you know by Tues.", "", "2026-11-24", commitment.RuleWeekday},

	// parts of weeks. "Mid-week" is not in the rules: the Wednesday on or after the reference date, as
	// "this week" is its Friday. "The week after next" is the week after next week; its Friday.
	{"2026-11-16", "", "by mid-week", "", "2026-11-18", commitment.RuleThisWeek},
	{"2026-11-19", "", "by midweek", "", "2026-11-25", commitment.RuleThisWeek},
	{"2026-11-18", "", "by the end of the week after next", "", "2026-12-04", commitment.RuleNextWeek},
	{"2026-11-20", "", "the week after next", "", "2026-12-04", commitment.RuleNextWeek},
	{"2026-11-17", "", "by week's end", "", "2026-11-20", commitment.RuleThisWeek},
	{"2026-11-17", "", "within the week", "", "2026-11-20", commitment.RuleThisWeek},
	{"2026-11-19", "", "at some point next week", "", "2026-11-27", commitment.RuleNextWeek},
	{"2026-11-20", "", "the beginning of next week", "2026-11-23", "2026-11-24", commitment.RuleNextWeek},
	{"2026-11-20", "", "by the end of the week", "", "2026-11-20", commitment.RuleThisWeek},
	{"2026-12-31", "", "eow", "", "2027-01-01", commitment.RuleThisWeek},
	{"2026-11-22", "", "We'll get back to you later in the week", "", "2026-11-27", commitment.RuleThisWeek},

	// parts of months. "The second week of December" is not in the rules: a week belongs to the month
	// that holds its Thursday (as ISO weeks do), and it runs Monday to Friday.
	{"2026-11-20", "", "mid-next month", "", "2026-12-15", commitment.RuleMonthPart},
	{"2026-12-22", "", "by end of month", "", "2026-12-31", commitment.RuleMonthEnd},
	{"2027-02-28", "", "by the end of the month", "", "2027-02-28", commitment.RuleMonthEnd},
	{"2026-11-20", "", "by month's end", "", "2026-11-30", commitment.RuleMonthEnd},
	{"2026-12-22", "", "mid-Jan", "", "2027-01-15", commitment.RuleMonthPart},
	{"2026-11-20", "", "early-December", "", "2026-12-10", commitment.RuleMonthPart},
	{"2026-11-20", "", "toward the end of Dec.", "", "2026-12-31", commitment.RuleMonthPart},
	{"2026-11-20", "", "the beginning of January", "", "2027-01-10", commitment.RuleMonthPart},
	{"2026-12-02", "", "by the middle of the month", "", "2026-12-15", commitment.RuleMonthPart},
	{"2026-12-02", "", "mid-month", "", "2026-12-15", commitment.RuleMonthPart},
	{"2026-11-20", "", "within the month", "", "2026-11-30", commitment.RuleMonthEnd},
	{"2026-12-22", "", "by the end of next month", "", "2027-01-31", commitment.RuleMonthEnd},
	{"2026-11-20", "", "early next month", "", "2026-12-10", commitment.RuleMonthPart},
	{"2026-11-20", "", "the second week of December", "2026-12-07", "2026-12-11", commitment.RuleMonthPart},
	{"2026-12-22", "", "in the first week of January", "2027-01-04", "2027-01-08", commitment.RuleMonthPart}, // Mon 28 Dec - Sun 3 Jan is December's week

	// explicit dates and days of the month. "The week of" a date is not in the rules: from the Monday
	// of that week (not before the reference date) to its Friday.
	{"2026-11-20", "", "sometime during the week of the 7th", "2026-12-07", "2026-12-11", commitment.RuleDayOfMonth},
	{"2026-11-20", "", "the week of December 7", "2026-12-07", "2026-12-11", commitment.RuleDate},
	{"2026-11-20", "", "by Tuesday the 8th", "", "2026-12-08", commitment.RuleDayOfMonth},
	{"2026-11-20", "", "Thursday, Dec. 10th", "", "2026-12-10", commitment.RuleDate},
	{"2026-11-20", "", "on or before 12/4", "", "2026-12-04", commitment.RuleDate},
	{"2026-11-20", "", "by Thurs 12/10", "", "2026-12-10", commitment.RuleDate},
	{"2026-11-20", "", "COB on the 4th", "", "2026-12-04", commitment.RuleDayOfMonth},
	{"2026-12-22", "", "around the 15th", "", "2027-01-15", commitment.RuleDayOfMonth},
	{"2026-12-22", "", "by the 1st", "", "2027-01-01", commitment.RuleDayOfMonth},
	{"2026-12-22", "", "by Jan 4th", "", "2027-01-04", commitment.RuleDate},
	{"2026-12-22", "", "4th January", "", "2027-01-04", commitment.RuleDate},
	{"2026-12-30", "", "by December 31st, 2026", "", "2026-12-31", commitment.RuleDate},
	{"2026-12-31", "", "Jan. 8", "", "2027-01-08", commitment.RuleDate},
	{"2026-11-20", "", "by Fri 12/4", "", "2026-12-04", commitment.RuleDate},
	{"2026-11-20", "", "by 12/04/2026", "", "2026-12-04", commitment.RuleDate},
	{"2026-11-20", "", "We'll send the offer by December 4th at 5pm", "", "2026-12-04", commitment.RuleDate},
	{"2026-12-22", "", "before the 10th", "", "2027-01-10", commitment.RuleDayOfMonth},
	{"2026-11-20", "", "by Monday 23rd", "", "2026-11-23", commitment.RuleDayOfMonth},
	{"2026-11-20", "", "Monday, November 30th", "", "2026-11-30", commitment.RuleDate},
	{"2026-11-20", "", "no later than the 30th", "", "2026-11-30", commitment.RuleDayOfMonth},
	{"2026-11-20", "", "between the 7th and the 11th", "2026-12-07", "2026-12-11", commitment.RuleDayOfMonth},

	// the reference date
	{"2026-11-20", "", "We'll send it over EOD today", "", "2026-11-20", commitment.RuleToday},
	{"2026-11-20", "", "by COB today", "", "2026-11-20", commitment.RuleToday},

	// nothing datable
	{"2026-11-20", "", "We'll aim to get back to everyone in due course", "", "", commitment.RuleNone},
	{"2026-11-20", "", "early in the new year", "", "", commitment.RuleNone},
	{"2026-11-20", "", "in the coming days", "", "", commitment.RuleNone},
	{"2026-11-20", "", "We'll get back to you when we've completed all interviews", "", "", commitment.RuleNone},
	{"2026-11-20", "", "The interview lasted 45 minutes and covered three case studies", "", "", commitment.RuleNone},
	{"2026-11-20", "", "I have 5 years of experience", "", "", commitment.RuleNone},
	{"2026-11-20", "", "We had 2 rounds last week", "", "", commitment.RuleNone},

	// more forms: contract numerals, hyphens, abbreviations, ranges of days, relative months
	{"2026-11-20", "", "within five (5) business days", "", "2026-11-27", commitment.RuleBusinessDays},
	{"2026-11-20", "", "3 business-days", "", "2026-11-25", commitment.RuleBusinessDays},
	{"2026-11-20", "", "within 3 workdays", "", "2026-11-25", commitment.RuleBusinessDays},
	{"2026-11-20", "", "by the 30th of this month", "", "2026-11-30", commitment.RuleDayOfMonth},
	{"2026-11-20", "", "on the 3rd of next month", "", "2026-12-03", commitment.RuleDayOfMonth},
	{"2026-11-20", "", "Dec 3-4", "2026-12-03", "2026-12-04", commitment.RuleDate},
	{"2026-11-20", "", "December 3rd or 4th", "2026-12-03", "2026-12-04", commitment.RuleDate},
	{"2026-11-20", "", "on Dec 10 or 11", "2026-12-10", "2026-12-11", commitment.RuleDate},
	{"2026-12-22", "", "Jan 5–6", "2027-01-05", "2027-01-06", commitment.RuleDate},
	{"2026-11-20", "", "We'll let you know by the 4th or 5th", "2026-12-04", "2026-12-05", commitment.RuleDayOfMonth},
	{"2026-11-20", "", "by the middle of the week", "", "2026-11-25", commitment.RuleThisWeek}, // Wednesday on or after Fri 20
	{"2026-11-20", "", "in the next week or two", "2026-11-27", "2026-12-04", commitment.RuleWeeks},
	{"2026-11-20", "", "Monday after next", "", "2026-11-30", commitment.RuleWeekday}, // not Mon 23 but the one after
	{"2026-11-20", "", "first week of next month", "2026-12-01", "2026-12-04", commitment.RuleMonthPart},
	{"2026-12-22", "", "the last week of December", "2026-12-28", "2026-12-31", commitment.RuleMonthPart}, // Mon 28 - Fri 1 Jan, kept in December
	{"2026-11-20", "", "end of next wk", "", "2026-11-27", commitment.RuleNextWeek},
	{"2026-11-19", "", "sometime next wk", "", "2026-11-27", commitment.RuleNextWeek},
	{"2026-11-20", "", "We'll decide in the next fortnight", "", "2026-12-04", commitment.RuleWeeks},
	{"2026-11-20", "", "by Weds 11/25", "", "2026-11-25", commitment.RuleDate},
	{"2026-11-20", "", "we sat or stood through the demo", "", "", commitment.RuleNone},
	{"2026-11-20", "", "we met the CTO and the next day the CEO", "", "", commitment.RuleNone},
	{"2026-11-20", "", "We'll get back to you in a week and a half", "", "2026-12-01", commitment.RuleCalendarDays}, // 10.5 days, rounded up
	{"2026-11-18", "", "in two and a half days", "", "2026-11-21", commitment.RuleCalendarDays},
	{"2026-11-17", "", "hoping to wrap up by the weekend", "", "2026-11-20", commitment.RuleThisWeek}, // the working week's Friday
	{"2026-11-20", "", "within three-to-five business days", "2026-11-25", "2026-11-27", commitment.RuleBusinessDays},
	{"2026-11-20", "", "on 4-Dec", "", "2026-12-04", commitment.RuleDate},
	{"2026-11-20", "", "by Dec-4", "", "2026-12-04", commitment.RuleDate},
	{"2026-11-20", "", "3-4 December", "2026-12-03", "2026-12-04", commitment.RuleDate},
	{"2026-11-20", "", "Ideally by EOD Thurs, worst case Friday", "", "2026-11-27", commitment.RuleWeekday}, // two promises, not a list: the later one
	{"2026-11-20", "", "by COB Fri 11/27", "", "2026-11-27", commitment.RuleDate},
	{"2026-11-20", "", "The panel will convene on Tuesday 24 November; you'll hear by Friday 27 November", "", "2026-11-27", commitment.RuleDate},
	{"2026-11-20", "", "please allow up to 10 working days for a response", "", "2026-12-04", commitment.RuleBusinessDays},
	{"2026-11-20", "", "expect a reply the week after Thanksgiving", "", "", commitment.RuleNone},
}

// testCalendars are the calendars the corpus refers to by name.
func testCalendars() map[string]*calendar.Calendar {
	must := func(c *calendar.Calendar, err error) *calendar.Calendar {
		if err != nil {
			panic(err)
		}
		return c
	}
	d := func(s string) calendar.Date {
		v, err := calendar.ParseDate(s)
		if err != nil {
			panic(err)
		}
		return v
	}
	sunThu := []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday}
	return map[string]*calendar.Calendar{
		"":        calendar.Default(),
		"yearend": must(calendar.New(nil, []calendar.Date{d("2026-12-31"), d("2027-01-01")}, "")),
		"us":      must(calendar.New(nil, nil, "US")),
		"sunthu":  must(calendar.New(sunThu, nil, "")),
		"thanks":  must(calendar.New(nil, []calendar.Date{d("2026-11-26"), d("2026-11-27")}, "")),
	}
}
