// Package reading labels what the text of a company's answer says: a
// rejection, an invitation to the next round, an offer, a request, a hold
// or something else, quoting the phrase that decided it, with the date an
// on-hold answer promises news by and the scheduling tools it links to
// (schedulers.toml, extendable). Phrases are matched as word patterns over a
// tokenized text (text.go, pattern.go, cues.go), negated, conditional and
// quoted ones set aside.
//
// The package is pure: it does no I/O, never logs and never reads the
// clock; the caller passes the time in. Read bounds its work (MaxText).
package reading

import (
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/answer/words"
	"github.com/followup-dev/followup/internal/calendar"
	"github.com/followup-dev/followup/internal/commitment"
	"github.com/followup-dev/followup/internal/nextstep"
)

// MaxText is how many bytes of subject and text Read reads.
const MaxText = 32 << 10

// Label is what an answer says.
type Label string

// The labels, in the order they win when a message says several things
// (a rejection next to an offer or an invitation is Other: read it).
const (
	Rejection Label = "rejection"  // the company said no
	Offer     Label = "offer"      // the company offers the job
	NextRound Label = "next-round" // an invitation: interview, assessment, a time to pick
	Request   Label = "request"    // references, documents, a check, details
	OnHold    Label = "on-hold"    // paused, delayed, or an answer promised later
	Other     Label = "other"      // none of these, or contradictory
)

// Signal is one phrase the reader found.
type Signal struct {
	Label  Label  // the label it points to; "" for a status-notification phrase
	Phrase string // as written in the message
	Weak   bool   // counts only with others, or when nothing strong was found
	// Cancelled says why the phrase does not count ("negated", "conditional",
	// "same clause as a rejection"); "" if it counts.
	Cancelled string
}

// Reading is what Read found in one message.
type Reading struct {
	Label Label
	// Phrase is the phrase that decided Label, as written and continued to
	// the end of its clause (at most maxPhraseWords words); "" for Other
	// when nothing was found.
	Phrase string
	// Reason explains the label in one line for the digest, e.g.
	// `rejection: "decided to move forward with other candidates"`.
	Reason string
	// Notice is a phrase of a status notification ("thank you for
	// applying", "your application was viewed"), "" if none. Examine uses
	// it to tell notifications from answers.
	Notice string
	// Promise is the date read from the on-hold phrase's sentence with the
	// next-step parser ("we'll be back in touch in 3 weeks"); Found is
	// false when there is none or the label is not OnHold.
	Promise nextstep.Result
	// Signals lists every phrase found, counted or cancelled, in order.
	Signals []Signal
	// Links names the scheduling tools linked from the message.
	Links []string
	// Unsure is set on Other when the message contradicts itself or shows
	// regret without a decision: someone should read it.
	Unsure bool

	decidedBy int
}

// IsAnswer reports whether the label says something about the candidacy
// (every label but Other).
func (l Label) IsAnswer() bool { return l != Other && l != "" }

// Read labels the subject and plain text of a reply or an ATS message. Text
// quoted from earlier mail is ignored. ref is when the message was written,
// in the user's zone: an on-hold promise's date counts from it; cal decides
// business days (nil: calendar.Default()). It is safe for concurrent use.
// Read uses the built-in schedulers; Schedulers.Read those of a set.
func Read(subject, text string, ref time.Time, cal *calendar.Calendar) Reading {
	return defaultSchedulers.Read(subject, text, ref, cal)
}

// Read is the package's Read with the schedulers of sc.
func (sc *Schedulers) Read(subject, text string, ref time.Time, cal *calendar.Calendar) Reading {
	if isReplySubject(subject) {
		subject = "" // the subject of the message being answered says nothing new
	}
	original := plainApostrophes(stripQuoted(words.Clip(subject+".\n\n"+text, MaxText)))
	lower := strings.ToLower(original)
	if len(lower) != len(original) {
		original = lower // case folding changed the length; quote lower-case
	}
	s := scan(lower)
	s.findLinks(sc.index)
	r := decide(s)
	r.Links = s.links
	if r.Label == OnHold {
		// The date is read from the hold's own sentence only, so that
		// "within 3 business days" of a form elsewhere is not a promise.
		r.Promise = promise(s, ref, cal)
	}
	for i, h := range s.hits {
		r.Signals = append(r.Signals, Signal{Label: h.label, Phrase: s.quote(original, h), Weak: h.weak, Cancelled: h.cancelled})
		if i == r.decidedBy {
			r.Phrase = s.quote(original, s.widen(h))
		}
	}
	if n := s.first(""); n >= 0 {
		r.Notice = s.quote(original, s.hits[n])
	}
	r.Reason = reason(r)
	return r
}

// replyPrefixes mark a subject taken over from the message answered or
// forwarded ("Re:", "AW:", "Fwd:", "WG:", "SV:", "RV:", "TR:").
var replyPrefixes = words.Set("re", "aw", "antw", "sv", "vs", "fw", "fwd", "wg", "tr", "rv", "r", "res", "odp")

// isReplySubject reports whether subject starts with a reply or forward
// prefix.
func isReplySubject(subject string) bool {
	head, _, ok := strings.Cut(strings.TrimSpace(subject), ":")
	return ok && replyPrefixes[strings.ToLower(strings.TrimSpace(head))]
}

// reason is the one-line explanation of a reading.
func reason(r Reading) string {
	switch {
	case r.Reason != "":
		return r.Reason
	case r.Phrase == "":
		return "other: no rejection, offer, invitation, request or hold found"
	case r.Promise.Found:
		return string(r.Label) + ": \"" + r.Phrase + "\", next news " + r.Promise.Match
	}
	return string(r.Label) + ": \"" + r.Phrase + "\""
}

// promise reads the date from the first sentence holding a counted hold
// phrase that gives one.
func promise(s *scanned, ref time.Time, cal *calendar.Calendar) nextstep.Result {
	for i, h := range s.hits {
		if h.label != OnHold || h.cancelled != "" {
			continue
		}
		if p := nextstep.Parse(sentenceOf(s, i), ref, cal); p.Found {
			return p
		}
	}
	return nextstep.Result{Rule: commitment.RuleNone}
}

// sentenceOf is the text of the sentence holding hit i, or "".
func sentenceOf(s *scanned, i int) string {
	if i < 0 {
		return ""
	}
	sent := s.toks[s.hits[i].from].sentence
	lo, hi := -1, 0
	for _, t := range s.toks {
		if t.sentence == sent {
			if lo < 0 {
				lo = t.start
			}
			hi = t.end
		}
	}
	return s.text[lo:hi]
}
