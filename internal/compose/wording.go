package compose

// The wording of values that go into notes: the promise as it was given,
// and text typed on the command line made into a sentence.

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/followup-dev/followup/internal/commitment"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/nextstep"
	"github.com/followup-dev/followup/internal/plan"
)

// promisedWhen is the promise as the interviewer gave it: a day ("by
// Friday, November 27") when they named one or counted days, else the
// vaguer span they named ("next week", "in early January"), so that a
// note never quotes a day nobody said.
func (cm *Composer) promisedWhen(iv *followup.Interview) string {
	r, err := plan.PromiseOf(cm.Config, iv)
	if err != nil || !r.Found {
		return ""
	}
	return PromisedWhen(r)
}

// PromisedWhen words r for the person who made the promise.
func PromisedWhen(r nextstep.Result) string {
	month := r.Latest.Month.String()
	switch r.Rule {
	case commitment.RuleThisWeek:
		return "this week"
	case commitment.RuleNextWeek:
		return "next week"
	case commitment.RuleMonth:
		return "in " + month
	case commitment.RuleMonthEnd:
		return "by the end of " + month
	case commitment.RuleMonthPart:
		switch {
		case r.Latest.Day <= 10:
			return "in early " + month
		case r.Latest.Day <= 20:
			return "in mid-" + month
		}
		return "in late " + month
	}
	return "by " + r.Latest.At(12, 0, time.UTC).Format(dateLayout)
}

// Sentence makes text typed on the command line read as a sentence in a
// note: trimmed, the first letter capitalised, and a full stop added when
// it ends in a letter or digit ("it picks up our talk" → "It picks up our
// talk."). "" stays "".
func Sentence(text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return ""
	}
	first, size := utf8.DecodeRuneInString(text)
	text = string(unicode.ToUpper(first)) + text[size:]
	last, _ := utf8.DecodeLastRuneInString(text)
	if unicode.IsLetter(last) || unicode.IsDigit(last) {
		text += "."
	}
	return text
}
