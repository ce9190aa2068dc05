// Package advice checks a drafted follow-up against common career advice
// (timing, a detail of the conversation, interest, a clear ask, length, no
// pushiness) and against mistakes the recipient would notice: a wrong name,
// text left from a template.
//
// The package is pure: it does no I/O and never reads the clock; the draft
// carries the time it is to be sent.
package advice

import (
	"fmt"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/answer"
	"github.com/followup-dev/followup/internal/answer/words"
	"github.com/followup-dev/followup/internal/followup"
)

// Severity is how much a finding matters.
type Severity string

// The severities of Advise's findings.
const (
	// SeverityError is a mistake the recipient would notice: a wrong
	// name, text left from a template.
	SeverityError Severity = "error"
	// SeverityWarning is common career advice the draft does not follow.
	SeverityWarning Severity = "warning"
	// SeverityInfo is a suggestion; `draft --strict` should not fail on it.
	SeverityInfo Severity = "info"
)

// Finding is one piece of advice on a draft.
type Finding struct {
	Check    string // a stable name: "timing", "detail", "interest", "ask", "length", "pushy", "name", "leftover"
	Severity Severity
	Message  string // what is wrong, one line
	Fix      string // how to fix it, one line
}

// Draft is a follow-up about to be sent.
type Draft struct {
	Kind    followup.ActionKind
	To      followup.Person // the recipient
	Subject string
	Body    string    // the plain text body as it will be sent
	SendAt  time.Time // when it will go out
}

// MaxDraftWords is the length above which a follow-up is too long.
const MaxDraftWords = 150

// Advise checks a draft against common career advice: a thank-you sent
// within a day, a specific detail from the conversation (the interview's
// notes, the recipient's topics or about, the `--about` text), restated
// interest, one concrete ask about next steps, under MaxDraftWords words,
// nothing pushy, the recipient's name right and nothing left from a
// template. iv may be nil (only the text is checked). Findings come in the
// order above; none means the draft follows the advice.
func Advise(d Draft, iv *followup.Interview, about string) []Finding {
	body := words.Clip(d.Body, answer.MaxText)
	lower := strings.ToLower(strings.NewReplacer("’", "'").Replace(body))
	var out []Finding
	add := func(f *Finding) {
		if f != nil {
			out = append(out, *f)
		}
	}
	add(checkTiming(d, iv))
	add(checkDetail(d, iv, about, lower))
	add(checkInterest(lower))
	add(checkAsk(d, iv, lower))
	add(checkLength(body))
	add(checkPushy(lower))
	add(checkName(d, iv, body))
	add(checkLeftovers(d.Subject + "\n" + body))
	return out
}

// checkTiming wants a thank-you within a day of the interview's end, and a
// check-in not sooner than three days after it.
func checkTiming(d Draft, iv *followup.Interview) *Finding {
	if iv == nil || iv.Start.IsZero() || d.SendAt.IsZero() {
		return nil
	}
	after := d.SendAt.Sub(iv.End())
	switch {
	case d.Kind == followup.KindThankYou && after > 24*time.Hour:
		return &Finding{"timing", SeverityWarning, fmt.Sprintf("goes out %s after the interview", hoursOrDays(after)),
			"send thank-you notes within a day of the interview; send it now rather than later"}
	case d.Kind == followup.KindCheckIn && after < 72*time.Hour:
		return &Finding{"timing", SeverityWarning, fmt.Sprintf("a check-in only %s after the interview", hoursOrDays(after)),
			"wait until the promised date, or at least a week, before checking in"}
	}
	return nil
}

func hoursOrDays(d time.Duration) string {
	if d < 48*time.Hour {
		return fmt.Sprintf("%d hours", int(d.Hours()))
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}

// checkDetail wants a word from the conversation in thank-you and
// networking notes.
func checkDetail(d Draft, iv *followup.Interview, about, lower string) *Finding {
	if d.Kind == followup.KindCheckIn {
		return nil
	}
	sources := about + " " + d.To.Topics
	if iv != nil {
		sources += " " + iv.Notes
		for _, p := range iv.People() {
			if strings.EqualFold(p.Email, d.To.Email) {
				sources += " " + p.Topics
			}
		}
	}
	details := distinctive(sources)
	if len(details) == 0 {
		return &Finding{"detail", SeverityInfo, "no detail of the conversation is known to mention",
			"add one thing you discussed with --about \"…\" so the note cannot be mistaken for a form letter"}
	}
	for _, w := range details {
		if words.In(lower, w) {
			return nil
		}
	}
	return &Finding{"detail", SeverityWarning, "mentions nothing specific from the conversation",
		fmt.Sprintf("add a sentence about something you discussed, e.g. %q", strings.Join(details[:min(3, len(details))], ", "))}
}

// distinctive returns the words of s worth finding again: five letters or
// more and not common words.
func distinctive(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range words.Split(s) {
		if len(w) >= 5 && !commonWords[w] && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

var commonWords = words.Set("about", "after", "again", "their", "there", "these", "those", "which", "would", "could", "should",
	"interview", "interviewer", "really", "great", "thanks", "thank", "where", "while", "being", "other", "things", "think",
	"talked", "discussed", "spoke", "asked", "mentioned", "before", "because", "during", "role", "position", "company", "team")

// interestPhrases restate interest in the role.
var interestPhrases = []string{"excited", "exciting", "interested", "interest in", "enthusiastic", "keen", "eager", "look forward",
	"looking forward", "thrilled", "would love to", "i'd love to", "freue", "interesse", "begeistert"}

func checkInterest(lower string) *Finding {
	for _, p := range interestPhrases {
		if strings.Contains(lower, p) {
			return nil
		}
	}
	return &Finding{"interest", SeverityWarning, "does not restate your interest in the role",
		"add one sentence saying you remain excited about the role and why"}
}

// askPhrases ask about next steps or the timeline.
var askPhrases = []string{"next step", "timeline", "hear back", "hearing from you", "hear from you", "update on", "when i might",
	"when i can expect", "when you expect", "nächsten schritt", "zeitplan", "rückmeldung"}

// checkAsk wants one concrete ask about next steps in thank-you notes and
// check-ins, unless the interview's next steps are already known (then a
// thank-you need not ask).
func checkAsk(d Draft, iv *followup.Interview, lower string) *Finding {
	if d.Kind == followup.KindNetworking || d.Kind == followup.KindThankYou && iv != nil && strings.TrimSpace(iv.NextSteps) != "" {
		return nil
	}
	for _, p := range askPhrases {
		if strings.Contains(lower, p) {
			return nil
		}
	}
	return &Finding{"ask", SeverityInfo, "asks nothing about the next steps",
		"end with one concrete question, e.g. \"Could you share the timeline for next steps?\""}
}

func checkLength(body string) *Finding {
	if n := len(strings.Fields(body)); n > MaxDraftWords {
		return &Finding{"length", SeverityWarning, fmt.Sprintf("%d words, over %d", n, MaxDraftWords),
			"cut it to a few short sentences: thanks, one detail, interest, one ask"}
	}
	return nil
}

// pushyPhrases press or guilt the reader.
var pushyPhrases = []string{"just checking in again", "checking in again", "following up again", "follow up again", "haven't heard back",
	"have not heard back", "still haven't heard", "haven't heard from you", "per my last email", "as i mentioned before", "bumping this",
	"any update?", "i need to know", "urgent", "asap", "as soon as possible", "i'm sure you're busy", "i know you're busy",
	"you must be busy", "still waiting", "noch keine antwort", "erneut nach"}

// checkPushy flags pressing phrases and more than one question.
func checkPushy(lower string) *Finding {
	for _, p := range pushyPhrases {
		if strings.Contains(lower, p) {
			return &Finding{"pushy", SeverityWarning, fmt.Sprintf("%q may read as pressure", p),
				"drop it; a short, friendly note with one question is enough"}
		}
	}
	if n := strings.Count(lower, "?"); n > 1 {
		return &Finding{"pushy", SeverityWarning, fmt.Sprintf("asks %d questions", n),
			"keep one question about the decision or the timeline"}
	}
	return nil
}
