package answer

import (
	"testing"
	"time"
	"unicode/utf8"

	"github.com/followup-dev/followup/internal/answer/reading"
)

// FuzzRead checks that the reader never panics, always gives a known label
// with a reason, and quotes only valid UTF-8.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"Unfortunately we cannot offer you the next round.", "We'd like to invite you to an onsite.",
		"Leider müssen wir Ihnen absagen.", "If you are not selected, we will let you know.", "",
		"won't'll'd n't '' ' ... ,,, --- \n\n\n", "calendly.com/x", "On Mon wrote:\n> x",
	} {
		f.Add("Re: x", s)
	}
	f.Fuzz(func(t *testing.T, subject, text string) {
		r := reading.Read(subject, text, time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), nil)
		switch r.Label {
		case reading.Rejection, reading.Offer, reading.NextRound, reading.Request, reading.OnHold, reading.Other:
		default:
			t.Fatalf("Read(%q, %q).Label = %q, want a known label", subject, text, r.Label)
		}
		if r.Reason == "" || !utf8.ValidString(r.Phrase) && utf8.ValidString(subject+text) {
			t.Errorf("Read(%q, %q) = %+v, want a reason and a valid phrase", subject, text, r)
		}
		if r.Promise.Found && r.Label != reading.OnHold {
			t.Errorf("Read(%q, %q).Promise found for label %s, want only on-hold", subject, text, r.Label)
		}
	})
}

// FuzzParseExamine checks that parsing and examining any bytes never
// panics.
func FuzzParseExamine(f *testing.F) {
	for _, name := range []string{"ats-greenhouse-rejection.eml", "ats-personio-de-rejection.eml", "ats-ashby-rejection.eml"} {
		f.Add(readFixture(f, name))
	}
	f.Add([]byte("From: x@greenhouse.io\nContent-Type: multipart/mixed\n\n--\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		m := ParseMessage(raw)
		if len(m.Text) > reading.MaxText {
			t.Fatalf("ParseMessage kept %d bytes of text, want at most %d", len(m.Text), reading.MaxText)
		}
		Default().Examine(m, candidates, now, nil)
	})
}
