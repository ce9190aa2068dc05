package commitment

import (
	"time"

	"github.com/followup-dev/followup/internal/calendar"
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
	{"2026-11-20", "", "we'll get back to you in 4-5 working days", "2026-11-26", "2026-11-27", RuleBusinessDays},
	{"2026-12-04", "", "They'll get back to me in 4-5 working days", "2026-12-10", "2026-12-11", RuleBusinessDays},
	{"2026-12-30", "yearend", "We'll get back to you in 3 business days", "", "2027-01-06", RuleBusinessDays},
	{"2026-12-30", "", "We'll get back to you in 3 business days", "", "2027-01-04", RuleBusinessDays},
	{"2026-11-16", "", "Feedback within 5 business days.", "", "2026-11-23", RuleBusinessDays},
	{"2026-11-17", "", "in 2 business days", "", "2026-11-19", RuleBusinessDays},
	{"2026-11-18", "", "We aim to respond within 3 working days", "", "2026-11-23", RuleBusinessDays},
	{"2026-11-19", "", "you should hear from us in one business day", "", "2026-11-20", RuleBusinessDays},
	{"2026-11-21", "", "in 1 business day", "", "2026-11-23", RuleBusinessDays},
	{"2026-11-22", "", "2 business days", "", "2026-11-24", RuleBusinessDays},
	{"2026-11-25", "us", "We'll let you know in 2 business days", "", "2026-11-30", RuleBusinessDays},
	{"2026-11-20", "", "it usually takes 3 to 5 business days", "2026-11-25", "2026-11-27", RuleBusinessDays},
	{"2026-11-20", "", "somewhere between 3 and 5 business days", "2026-11-25", "2026-11-27", RuleBusinessDays},
	{"2026-12-24", "us", "in 1 business day", "", "2026-12-28", RuleBusinessDays},
	{"2026-11-20", "", "within ten business days", "", "2026-12-04", RuleBusinessDays},
	{"2026-11-20", "", "in a couple of business days", "", "2026-11-24", RuleBusinessDays},
	// fortnights; numeric dates (nearest real reading on or after the reference date, after a cue word)
	{"2026-11-20", "", "within a fortnight", "", "2026-12-04", RuleWeeks},
	{"2026-11-20", "", "in two fortnights", "", "2026-12-18", RuleWeeks},
	{"2026-11-20", "", "Expect feedback by 12/4", "", "2026-12-04", RuleDate},
	{"2026-11-20", "", "we'll decide on 4/12", "", "2026-12-04", RuleDate},
	{"2026-11-20", "", "by 12/4/2026", "", "2026-12-04", RuleDate},
	{"2026-11-20", "", "no later than 1/2", "", "2027-01-02", RuleDate},
	{"2026-11-20", "", "until 31/12", "", "2026-12-31", RuleDate},
	{"2026-11-20", "", "we're reachable 24/7", "", "", RuleNone},
	{"2026-11-20", "", "9/10 candidates hear back by Friday", "", "2026-11-27", RuleWeekday},
	{"2026-11-20", "", "a few working days", "", "2026-11-25", RuleBusinessDays},
	{"2026-11-20", "", "HR needs several business days to check references", "", "2026-11-25", RuleBusinessDays},
	{"2026-11-20", "", "in about 5 business days", "", "2026-11-27", RuleBusinessDays},
	{"2026-11-20", "", "up to 5 working days", "", "2026-11-27", RuleBusinessDays},
	{"2026-11-20", "", "approximately 3 business days", "", "2026-11-25", RuleBusinessDays},
	{"2026-11-30", "", "Roughly 2 Business Days", "", "2026-12-02", RuleBusinessDays},
	{"2026-11-20", "", "decision in 5–7 business days", "2026-11-27", "2026-12-01", RuleBusinessDays},
	{"2026-11-20", "", "a business day or two", "2026-11-23", "2026-11-24", RuleBusinessDays},
	{"2026-11-19", "sunthu", "we reply in 2 business days", "", "2026-11-23", RuleBusinessDays},
	{"2026-11-20", "", "WITHIN 5 WORKING DAYS", "", "2026-11-27", RuleBusinessDays},
	{"2026-11-20", "", "in the next 3 business days", "", "2026-11-25", RuleBusinessDays},
	{"2026-11-20", "", "in two or three working days", "2026-11-24", "2026-11-25", RuleBusinessDays},

	// calendar days, tomorrow
	{"2026-11-20", "", "in 3 days", "", "2026-11-23", RuleCalendarDays},
	{"2026-11-20", "", "within 10 days", "", "2026-11-30", RuleCalendarDays},
	{"2026-11-30", "", "in 2 days", "", "2026-12-02", RuleCalendarDays},
	{"2026-12-30", "", "We should know in 5 days", "", "2027-01-04", RuleCalendarDays},
	{"2026-11-20", "", "We'll call you tomorrow", "", "2026-11-21", RuleCalendarDays},
	{"2026-12-31", "", "tomorrow", "", "2027-01-01", RuleCalendarDays},
	{"2026-11-20", "", "the day after tomorrow", "", "2026-11-22", RuleCalendarDays},
	{"2026-11-30", "", "day after tomorrow", "", "2026-12-02", RuleCalendarDays},
	{"2026-11-20", "", "in a couple of days", "", "2026-11-22", RuleCalendarDays},
	{"2026-11-20", "", "in a few days", "", "2026-11-23", RuleCalendarDays},
	{"2026-11-20", "", "you'll hear in a day or two", "2026-11-21", "2026-11-22", RuleCalendarDays},
	{"2026-11-21", "", "in 2-3 days", "2026-11-23", "2026-11-24", RuleCalendarDays},
	{"2026-11-17", "", "in two days", "", "2026-11-19", RuleCalendarDays},
	{"2026-11-20", "", "within twenty days", "", "2026-12-10", RuleCalendarDays},
	{"2026-11-20", "", "in fourteen calendar days", "", "2026-12-04", RuleCalendarDays},
	{"2027-02-26", "", "in 7 days", "", "2027-03-05", RuleCalendarDays},
	{"2028-02-28", "", "in 2 days", "", "2028-03-01", RuleCalendarDays},
	{"2026-11-20", "", "a couple days", "", "2026-11-22", RuleCalendarDays},
	{"2026-11-20", "", "in 3d", "", "2026-11-23", RuleCalendarDays},

	// hours
	{"2026-11-20", "", "within 24 hours", "", "2026-11-21", RuleHours},
	{"2026-11-20", "", "in 48 hours", "", "2026-11-22", RuleHours},
	{"2026-11-20", "", "72 hours", "", "2026-11-23", RuleHours},
	{"2026-11-20", "", "24-48 hours", "2026-11-21", "2026-11-22", RuleHours},
	{"2026-11-20", "", "within 36 hours", "", "2026-11-22", RuleHours},
	{"2026-11-20", "", "within 24h", "", "2026-11-21", RuleHours},
	{"2026-12-31", "", "within 48 hours", "", "2027-01-02", RuleHours},
	{"2026-11-20", "", "in the next 24 hrs", "", "2026-11-21", RuleHours},

	// weeks
	{"2026-11-20", "", "in 2 weeks", "", "2026-12-04", RuleWeeks},
	{"2026-11-20", "", "within a week", "", "2026-11-27", RuleWeeks},
	{"2026-11-20", "", "in a week", "", "2026-11-27", RuleWeeks},
	{"2026-11-20", "", "it'll be a week or two", "2026-11-27", "2026-12-04", RuleWeeks},
	{"2026-11-20", "", "2-3 weeks", "2026-12-04", "2026-12-11", RuleWeeks},
	{"2026-11-20", "", "2 to 3 weeks", "2026-12-04", "2026-12-11", RuleWeeks},
	{"2026-11-20", "", "in a couple of weeks", "", "2026-12-04", RuleWeeks},
	{"2026-11-20", "", "in a few weeks", "", "2026-12-11", RuleWeeks},
	{"2026-11-20", "", "it'll take three weeks", "", "2026-12-11", RuleWeeks},
	{"2026-12-30", "", "in 1 week", "", "2027-01-06", RuleWeeks},
	{"2026-11-16", "", "one to two weeks", "2026-11-23", "2026-11-30", RuleWeeks},
	{"2026-11-20", "", "over the next couple of weeks", "", "2026-12-04", RuleWeeks},
	{"2026-11-19", "", "1-2 weeks", "2026-11-26", "2026-12-03", RuleWeeks},
	{"2026-11-18", "", "Christine said two weeks, maybe three", "", "2026-12-02", RuleWeeks},
	{"2026-11-20", "", "in around 2 weeks", "", "2026-12-04", RuleWeeks},
	{"2026-11-20", "", "you'll hear in a week’s time", "", "2026-11-27", RuleWeeks},
	{"2026-11-20", "", "in two weeks' time", "", "2026-12-04", RuleWeeks},

	// months
	{"2026-11-20", "", "in a month", "", "2026-12-20", RuleMonth},
	{"2027-01-31", "", "within a month", "", "2027-02-28", RuleMonth},
	{"2026-11-30", "", "in a month", "", "2026-12-30", RuleMonth},
	{"2026-12-31", "", "within a month", "", "2027-01-31", RuleMonth},
	{"2026-11-20", "", "in two months", "", "2027-01-20", RuleMonth},
	{"2026-11-20", "", "1-2 months", "2026-12-20", "2027-01-20", RuleMonth},
	{"2028-01-31", "", "in a month", "", "2028-02-29", RuleMonth},

	// weekdays
	{"2026-11-20", "", "by Friday", "", "2026-11-27", RuleWeekday},
	{"2026-11-20", "", "We'll let you know Monday", "", "2026-11-23", RuleWeekday},
	{"2026-11-16", "", "on Tue", "", "2026-11-17", RuleWeekday},
	{"2026-11-17", "", "Friday at the latest", "", "2026-11-20", RuleWeekday},
	{"2026-11-18", "", "close of business Wednesday", "", "2026-11-25", RuleWeekday},
	{"2026-11-19", "", "next Monday", "", "2026-11-23", RuleWeekday},
	{"2026-11-22", "", "next Monday", "", "2026-11-23", RuleWeekday},
	{"2026-11-16", "", "next Monday", "", "2026-11-23", RuleWeekday},
	{"2026-11-20", "", "we anticipate getting back to people to schedule the next round Monday or Tuesday", "2026-11-23", "2026-11-24", RuleWeekday},
	{"2026-11-20", "", "Tuesday-Wednesday", "2026-11-24", "2026-11-25", RuleWeekday},
	{"2026-11-20", "", "Mon/Tue", "2026-11-23", "2026-11-24", RuleWeekday},
	{"2026-11-18", "", "Friday or Monday", "2026-11-20", "2026-11-23", RuleWeekday},
	{"2026-11-19", "", "Thursday", "", "2026-11-26", RuleWeekday},
	{"2026-11-21", "", "by Sat", "", "2026-11-28", RuleWeekday},
	{"2026-11-22", "", "on Sun", "", "2026-11-29", RuleWeekday},
	{"2026-12-30", "", "Monday", "", "2027-01-04", RuleWeekday},
	{"2026-11-20", "", "by Wed.", "", "2026-11-25", RuleWeekday},
	{"2026-11-16", "", "Tuesday next week", "", "2026-11-24", RuleWeekday},
	{"2026-11-16", "", "next week on Tuesday", "", "2026-11-24", RuleWeekday},
	{"2026-11-20", "", "Monday, Tuesday or Wednesday", "2026-11-23", "2026-11-25", RuleWeekday},
	{"2026-11-17", "", "expect to hear by Thurs", "", "2026-11-19", RuleWeekday},
	{"2026-11-20", "", "EOD Friday", "", "2026-11-27", RuleWeekday},
	{"2026-11-20", "", "this coming Tuesday", "", "2026-11-24", RuleWeekday},
	{"2026-11-18", "", "They will decide by FRIDAY.", "", "2026-11-20", RuleWeekday},
	{"2026-11-20", "", "Monday through Wednesday", "2026-11-23", "2026-11-25", RuleWeekday},
	{"2026-11-21", "", "Sunil will call on Monday", "", "2026-11-23", RuleWeekday},

	// this week
	{"2026-11-16", "", "this week", "", "2026-11-20", RuleThisWeek},
	{"2026-11-20", "", "this week", "", "2026-11-20", RuleThisWeek},
	{"2026-11-21", "", "by the end of the week", "", "2026-11-27", RuleThisWeek},
	{"2026-11-18", "", "end of the week", "", "2026-11-20", RuleThisWeek},
	{"2026-11-19", "", "EOW", "", "2026-11-20", RuleThisWeek},
	{"2026-11-17", "", "by the end of this week", "", "2026-11-20", RuleThisWeek},
	{"2026-12-30", "", "end of the week", "", "2027-01-01", RuleThisWeek},
	{"2026-11-17", "", "later this week", "", "2026-11-20", RuleThisWeek},
	{"2026-11-17", "", "by end of week", "", "2026-11-20", RuleThisWeek},

	// next week
	{"2026-11-20", "", "next week", "", "2026-11-27", RuleNextWeek},
	{"2026-11-16", "", "sometime next week", "", "2026-11-27", RuleNextWeek},
	{"2026-11-18", "", "the committee meets next week", "", "2026-11-27", RuleNextWeek},
	{"2026-11-22", "", "next week", "", "2026-11-27", RuleNextWeek},
	{"2026-11-21", "", "next week", "", "2026-11-27", RuleNextWeek},
	{"2026-11-20", "", "early next week", "2026-11-23", "2026-11-24", RuleNextWeek},
	{"2026-11-17", "", "mid next week", "", "2026-11-25", RuleNextWeek},
	{"2026-11-17", "", "middle of next week", "", "2026-11-25", RuleNextWeek},
	{"2026-11-19", "", "late next week", "", "2026-11-27", RuleNextWeek},
	{"2026-11-19", "", "end of next week", "", "2026-11-27", RuleNextWeek},
	{"2026-11-18", "", "by the end of next week", "", "2026-11-27", RuleNextWeek},
	{"2026-12-30", "", "next week", "", "2027-01-08", RuleNextWeek},
	{"2026-12-28", "", "early next week", "2027-01-04", "2027-01-05", RuleNextWeek},
	{"2026-11-20", "", "the following week", "", "2026-11-27", RuleNextWeek},
	{"2026-11-19", "", "mid-next week", "", "2026-11-25", RuleNextWeek},

	// month end and month parts
	{"2026-11-20", "", "end of the month", "", "2026-11-30", RuleMonthEnd},
	{"2026-11-30", "", "by month end", "", "2026-11-30", RuleMonthEnd},
	{"2027-02-05", "", "end of this month", "", "2027-02-28", RuleMonthEnd},
	{"2028-02-01", "", "end of the month", "", "2028-02-29", RuleMonthEnd},
	{"2026-12-30", "", "EOM", "", "2026-12-31", RuleMonthEnd},
	{"2026-11-20", "", "month-end", "", "2026-11-30", RuleMonthEnd},
	{"2026-11-20", "", "end of next month", "", "2026-12-31", RuleMonthEnd},
	{"2026-11-20", "", "next month", "", "2026-12-31", RuleMonthEnd},
	{"2026-11-20", "", "mid-December", "", "2026-12-15", RuleMonthPart},
	{"2026-11-20", "", "mid December", "", "2026-12-15", RuleMonthPart},
	{"2026-11-20", "", "early December", "", "2026-12-10", RuleMonthPart},
	{"2026-11-20", "", "late December", "", "2026-12-31", RuleMonthPart},
	{"2026-11-20", "", "end of December", "", "2026-12-31", RuleMonthPart},
	{"2026-12-30", "", "mid-January", "", "2027-01-15", RuleMonthPart},
	{"2026-12-04", "", "mid-December", "", "2026-12-15", RuleMonthPart},
	{"2026-12-04", "", "early December", "", "2026-12-10", RuleMonthPart},
	{"2026-12-18", "", "mid-December", "", "2026-12-18", RuleMonthPart},
	{"2026-11-20", "", "early Jan", "", "2027-01-10", RuleMonthPart},
	{"2026-11-20", "", "late Feb", "", "2027-02-28", RuleMonthPart},
	{"2026-11-20", "", "we will decide in January", "2027-01-01", "2027-01-31", RuleMonthPart},
	{"2026-11-20", "", "by the end of the year", "", "2026-12-31", RuleMonthPart},
	{"2026-11-20", "", "late December 2027", "", "2027-12-31", RuleMonthPart},
	{"2026-11-20", "", "mid May", "", "2027-05-15", RuleMonthPart},

	// explicit dates and days of the month
	{"2026-11-20", "", "December 3", "", "2026-12-03", RuleDate},
	{"2026-11-20", "", "Dec 3rd", "", "2026-12-03", RuleDate},
	{"2026-11-20", "", "3 December", "", "2026-12-03", RuleDate},
	{"2026-11-20", "", "the 3rd of December", "", "2026-12-03", RuleDate},
	{"2026-11-20", "", "December 9, 2026", "", "2026-12-09", RuleDate},
	{"2026-11-20", "", "2026-12-04", "", "2026-12-04", RuleDate},
	{"2026-12-04", "", "December 3", "", "2027-12-03", RuleDate},
	{"2026-11-20", "", "by the 30th", "", "2026-11-30", RuleDayOfMonth},
	{"2026-12-04", "", "by the 30th", "", "2026-12-30", RuleDayOfMonth},
	{"2026-11-30", "", "on the 1st", "", "2026-12-01", RuleDayOfMonth},
	{"2027-02-05", "", "by the 30th", "", "2027-03-30", RuleDayOfMonth},
	{"2026-11-20", "", "on the 20th", "", "2026-11-20", RuleDayOfMonth},
	{"2026-11-20", "", "Friday, December 4", "", "2026-12-04", RuleDate},
	{"2026-11-20", "", "Friday the 4th", "", "2026-12-04", RuleDayOfMonth},
	{"2026-11-20", "", "Dec. 3", "", "2026-12-03", RuleDate},
	{"2026-11-20", "", "January 5th", "", "2027-01-05", RuleDate},
	{"2026-11-20", "", "May 3", "", "2027-05-03", RuleDate},
	{"2026-11-20", "", "3rd Dec 2027", "", "2027-12-03", RuleDate},
	{"2026-11-20", "", "February 29", "", "2028-02-29", RuleDate},
	{"2026-11-20", "", "Nov 20", "", "2026-11-20", RuleDate},
	{"2026-11-20", "", "December the 3rd", "", "2026-12-03", RuleDate},
	{"2026-11-20", "", "decision expected 2027/01/15", "", "2027-01-15", RuleDate},

	// today
	{"2026-11-20", "", "by end of day", "", "2026-11-20", RuleToday},
	{"2026-11-20", "", "EOD", "", "2026-11-20", RuleToday},
	{"2026-11-20", "", "close of business", "", "2026-11-20", RuleToday},
	{"2026-11-20", "", "COB", "", "2026-11-20", RuleToday},
	{"2026-11-20", "", "We'll let you know today", "", "2026-11-20", RuleToday},
	{"2026-11-20", "", "by end of day tomorrow", "", "2026-11-21", RuleCalendarDays},
	{"2026-11-20", "", "you'll hear back later today", "", "2026-11-20", RuleToday},

	// nothing datable
	{"2026-11-20", "", "we'll be in touch soon", "", "", RuleNone},
	{"2026-11-20", "", "We'll be in touch", "", "", RuleNone},
	{"2026-11-20", "", "after the holidays", "", "", RuleNone},
	{"2026-11-20", "", "once we've finished the other interviews", "", "", RuleNone},
	{"2026-11-20", "", "it takes a while", "", "", RuleNone},
	{"2026-11-20", "", "be patient", "", "", RuleNone},
	{"2026-11-20", "", "we have several other people to interview", "", "", RuleNone},
	{"2026-11-20", "", "we may get back to you", "", "", RuleNone},
	{"2026-11-20", "", "you would move on to the second round", "", "", RuleNone},
	{"2026-11-20", "", "Sunil will reach out", "", "", RuleNone},
	{"2026-11-20", "", "Thanks for coming in today", "", "", RuleNone},
	{"2026-11-20", "", "we interviewed a few days ago", "", "", RuleNone},
	{"2026-11-20", "", "I sat with the team", "", "", RuleNone},
	{"2026-11-20", "", "at the end of the day it's the team's call", "", "", RuleNone},
	{"2026-11-20", "", "the 2nd round will be with the CTO", "", "", RuleNone},
	{"2026-11-20", "", "over the past few weeks", "", "", RuleNone},
	{"2026-11-20", "", "3 days a week in the office", "", "", RuleNone},
	{"2026-11-20", "", "She works Mondays", "", "", RuleNone},
	{"2026-11-20", "", "we spoke last Friday", "", "", RuleNone},
	{"2026-11-20", "", "", "", "", RuleNone},
	{"2026-11-20", "", "we'll get back to you as soon as possible", "", "", RuleNone},
	{"2026-11-20", "", "the first 90 days are onboarding", "", "", RuleNone},
	{"2026-11-20", "", "The team sits on the 5th floor", "", "", RuleNone},
	{"2026-11-20", "", "We'll make a decision after Christmas", "", "", RuleNone},
	{"2026-11-20", "", "the sun was out", "", "", RuleNone},
	{"2026-11-20", "", "we met earlier this week", "", "", RuleNone},
	{"2026-11-20", "", "have a good day", "", "", RuleNone},
	{"2026-11-20", "", "in a while", "", "", RuleNone},
	{"2026-11-20", "", "in March we had 3 rounds", "", "", RuleNone},

	// several datable phrases: prefer the reply, then the latest
	{"2026-11-20", "", "We're interviewing this week and will let you know early next week", "2026-11-23", "2026-11-24", RuleNextWeek},
	{"2026-11-20", "", "The committee meets next week and we'll get back to you within 2 days after that", "", "2026-11-27", RuleNextWeek},
	{"2026-11-20", "", "We'll let you know by Friday; the start date would be in 3 weeks", "", "2026-11-27", RuleWeekday},
	{"2026-11-16", "", "Thanks for coming in today. We'll get back to you in 3 business days.", "", "2026-11-19", RuleBusinessDays},
	{"2026-11-20", "", "Interviews run until Wednesday, and you'll hear back by the end of next week", "", "2026-11-27", RuleNextWeek},
	{"2026-11-20", "", "They have two days of onsites on Monday or Tuesday", "2026-11-23", "2026-11-24", RuleWeekday},
	{"2026-11-20", "", "Recruiter said they'd circle back after Thanksgiving, probably the week of the 30th", "", "2026-11-30", RuleDayOfMonth},
	{"2026-11-20", "", "Next steps: hiring manager reviews on Monday, decision by Wednesday", "", "2026-11-25", RuleWeekday},
	{"2026-11-20", "", "We're hoping to make a decision by mid-December, but it may slip into January", "", "2026-12-15", RuleMonthPart},
	{"2026-11-20", "", "Expect an email in the next 2-3 business days regarding next steps", "2026-11-24", "2026-11-25", RuleBusinessDays},
	{"2026-11-20", "", "We'll get back to you on Monday the 23rd", "", "2026-11-23", RuleDayOfMonth},
	{"2026-11-20", "", "Give us a week", "", "2026-11-27", RuleWeeks},
	{"2026-11-20", "", "we'll know more by the end of the day on Tuesday", "", "2026-11-24", RuleWeekday},
	{"2026-11-20", "", "you'll hear from us no later than the 4th", "", "2026-12-04", RuleDayOfMonth},
	{"2026-11-20", "", "We aim to decide in 2 weeks, the start date is January 15", "", "2026-12-04", RuleWeeks},
	{"2026-11-20", "", "3pm tomorrow", "", "2026-11-21", RuleCalendarDays},
	{"2026-11-20", "", "a decision should be made within one week", "", "2026-11-27", RuleWeeks},
	{"2026-11-20", "", "He said 10 days tops", "", "2026-11-30", RuleCalendarDays},
	{"2026-11-20", "", "hopefully before the end of the month", "", "2026-11-30", RuleMonthEnd},
	{"2026-11-20", "", "the panel is on 12/3", "", "2026-12-03", RuleDate}, // 3 December: 12 March is further away
	{"2026-11-20", "", "we'll be in touch in 2026", "", "", RuleNone},
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
	}
}
