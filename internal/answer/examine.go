package answer

import (
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/answer/reading"
	"github.com/followup-dev/followup/internal/calendar"
)

// Kind is what an ATS message is to the follow-up process.
type Kind string

// The kinds of ATS message.
const (
	// KindAnswer is the company's answer: pending follow-ups stop and the
	// digest says what came (Reading.Label).
	KindAnswer Kind = "answer"
	// KindNotice is a status notification that answers nothing ("we
	// received your application", "your application was viewed", a job
	// alert): nothing changes.
	KindNotice Kind = "notice"
	// KindUnclear is ATS mail that may be an answer but says nothing the
	// reader knows, or contradicts itself ("log in to read your message"):
	// tell the user, change nothing.
	KindUnclear Kind = "unclear"
)

// Verdict is everything Examine found about one ATS message.
type Verdict struct {
	Detection
	Kind    Kind
	Reading reading.Reading
	Match   Match
}

// StopsFollowUps reports whether the verdict is an answer about exactly
// one interview: then its pending follow-ups stop. An ambiguous match or an
// unclear message goes to the user instead; a notice changes nothing.
func (v Verdict) StopsFollowUps() bool {
	return v.Kind == KindAnswer && v.Match.Outcome == Matched
}

// Summary is one line for the digest, for example `Greenhouse: rejection
// for acme-staff — "decided to move forward with other candidates"
// (company "Acme" in From name, 4 days after the interview)`.
func (v Verdict) Summary() string {
	about := v.Match.ID
	switch v.Match.Outcome {
	case Ambiguous:
		about = "one of " + strings.Join(v.Match.IDs, ", ") + " (which one? tell followup)"
	case NoMatch:
		about = "no tracked interview"
	}
	what := string(v.Reading.Label)
	switch v.Kind {
	case KindNotice:
		what = "status notice"
	case KindUnclear:
		what = "a message to read yourself"
	}
	detail := strings.TrimPrefix(v.Reading.Reason, string(v.Reading.Label)+": ")
	if v.Kind == KindNotice && v.Reading.Notice != "" {
		detail = "\"" + v.Reading.Notice + "\""
	}
	s := v.Vendor + ": " + what + " for " + about + " — " + detail
	if v.Match.Outcome == Matched {
		s += " (" + v.Match.Reason + ")"
	}
	return s
}

// Examine reads a message that Detect recognised as ATS mail: what it says,
// whether it is an answer or a mere notification, and which of cands (the
// open interviews) it is about. It returns false, and a zero Verdict, when
// the message is not from a known applicant-tracking system. now is the
// current time in the user's zone; cal decides business days for an
// on-hold promise (nil: calendar.Default()).
func (t *Table) Examine(m Message, cands []Candidate, now time.Time, cal *calendar.Calendar) (Verdict, bool) {
	h := m.Header
	if h == nil {
		h = Header{}
	}
	for k, v := range map[string]string{"from": m.From, "reply-to": m.ReplyTo} {
		if h.Get(k) == "" && v != "" {
			h = withField(h, k, v)
		}
	}
	d, ok := t.Detect(h)
	if !ok {
		return Verdict{}, false
	}
	at := m.Date
	if at.IsZero() || at.After(now) {
		at = now
	}
	r := t.Read(m.Subject, m.Text, at.In(now.Location()), cal)
	return Verdict{Detection: d, Kind: kindOf(r), Reading: r, Match: t.MatchInterview(m, d.Vendor, cands, now)}, true
}

// kindOf tells answers from notifications: a rejection, an offer or a
// strongly worded invitation is an answer even beside "thank you for
// applying"; a request, a hold or a weak invitation next to a
// notification phrase is part of the notification.
func kindOf(r reading.Reading) Kind {
	switch {
	case r.Label == reading.Rejection || r.Label == reading.Offer:
		return KindAnswer
	case r.Label == reading.NextRound && strongSignal(r, reading.NextRound):
		return KindAnswer
	case r.Label.IsAnswer() && r.Notice == "":
		return KindAnswer
	case r.Notice != "" && r.Label == reading.Other && !r.Unsure:
		return KindNotice
	case r.Notice != "" && r.Label.IsAnswer():
		return KindNotice
	}
	return KindUnclear
}

// strongSignal reports whether a counted strong signal of label l exists.
func strongSignal(r reading.Reading, l reading.Label) bool {
	for _, s := range r.Signals {
		if s.Label == l && !s.Weak && s.Cancelled == "" {
			return true
		}
	}
	return false
}

// withField is h with one more field, copied so the caller's map is kept.
func withField(h Header, k, v string) Header {
	out := make(Header, len(h)+1)
	for key, vals := range h {
		out[key] = vals
	}
	out[k] = []string{v}
	return out
}
