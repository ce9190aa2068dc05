// Package commitment reads the datable phrases of a next-step text, each one
// as the dates it names, for package nextstep, which chooses among them: it
// splits the text into tokens (case-insensitively, with byte offsets into
// the text as written) and reads, at a token, a date ("December 3", "12/4",
// "the 3rd of December"), a bare day of the month ("by the 30th"), a
// duration ("in 4-5 working days", "a week or two"), a weekday ("by Fri",
// "Monday or Tuesday", "next Monday") or a week ("end of next week"), each
// as a Candidate counted from the Parser's reference date on its calendar.
// Parser's exported methods are what nextstep's readings build on.
//
// The package is pure: the reference date is passed in and the only state it
// reads is the calendar.
package commitment

// Rule names, reported in Candidate.Rule and nextstep.Result.Rule.
const (
	RuleNone         = "none"
	RuleBusinessDays = "business-days"
	RuleCalendarDays = "calendar-days"
	RuleHours        = "hours"
	RuleWeeks        = "weeks"
	RuleMonth        = "month"
	RuleWeekday      = "weekday"
	RuleThisWeek     = "this-week"
	RuleNextWeek     = "next-week"
	RuleMonthEnd     = "month-end"
	RuleMonthPart    = "month-part"
	RuleDate         = "date"
	RuleDayOfMonth   = "day-of-month"
	RuleToday        = "today"
	RuleHoliday      = "holiday"
	RuleNthWeekday   = "nth-weekday"
	RuleQuarter      = "quarter"
)
