package inbox

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/answer"
	"github.com/followup-dev/followup/internal/answer/reading"
	"github.com/followup-dev/followup/internal/classify"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/followup/reply"
	"github.com/followup-dev/followup/internal/plan"
	"github.com/followup-dev/followup/internal/store"
)

// atsTable is the built-in list of applicant-tracking senders plus the
// [[ats]] entries of the config; a bad entry leaves the built-in list.
func (in *Inbox) atsTable() *answer.Table {
	in.atsOnce.Do(func() {
		in.ats = answer.Default()
		if len(in.Config.ATS) == 0 {
			return
		}
		extra := make([]answer.Vendor, 0, len(in.Config.ATS))
		for _, a := range in.Config.ATS {
			extra = append(extra, answer.Vendor{Name: a.Name, Domains: a.Domains, Headers: a.Headers, Slugs: a.Slugs})
		}
		if t, err := answer.NewTable(extra, nil); err == nil {
			in.ats = t
		} else {
			in.log().Warn("[[ats]] entries not used", "err", err)
		}
	})
	return in.ats
}

// label reads what a person's reply says (rejection, next round, …).
func (in *Inbox) label(raw []byte, res classify.Result) answerRecord {
	if res.Class != classify.Reply {
		return answerRecord{}
	}
	m := answer.ParseMessage(raw)
	cal, _ := plan.BusinessCalendar(in.Config.Calendar) // nil is the default calendar
	r := reading.Read(m.Subject, m.Text, writtenAt(res.Message, in.Clock.Now()).In(in.Config.Me.Location()), cal)
	if r.Label == reading.Other {
		return answerRecord{}
	}
	return recordOf(r)
}

// recordOf is what is recorded of a reading.
func recordOf(r reading.Reading) answerRecord {
	ar := answerRecord{label: string(r.Label), phrase: r.Phrase}
	if r.Label == reading.OnHold && r.Promise.Found && pauses(r.Phrase) {
		// The next steps read from the interview's end: the promise is
		// kept as the date it names, with the words that gave it.
		ar.holdUntil = fmt.Sprintf("on hold (%q): back in touch by %s", r.Phrase,
			r.Promise.Latest.At(12, 0, time.UTC).Format("January 2, 2006"))
	}
	return ar
}

// fromATS handles mail from an applicant-tracking system that no person's
// address matched: an answer about one open interview is recorded as its
// reply (follow-ups stop, the notice says what it says); one that could be
// about several interviews, or that says nothing clear, is recorded for
// the user to decide (an event, nothing else changes); a plain status
// notification changes nothing. It reports whether the message was ATS
// mail.
func (in *Inbox) fromATS(ctx context.Context, mailbox string, raw []byte, res classify.Result) (bool, error) {
	if !in.atsTable().MayDetect(raw) {
		return false, nil // most mail: not even the header is parsed
	}
	if _, ok := in.atsTable().Detect(answer.ParseHeader(raw).Header); !ok {
		return false, nil // most mail: the body is not read
	}
	msg := answer.ParseMessage(raw)
	ivs, err := in.Store.ListInterviews(ctx, store.Filter{Statuses: []followup.Status{followup.StatusUpcoming, followup.StatusAwaiting, followup.StatusQuiet}})
	if err != nil {
		return false, err
	}
	cands := make([]answer.Candidate, 0, len(ivs))
	for _, iv := range ivs {
		cands = append(cands, answer.CandidateOf(iv))
	}
	cal, _ := plan.BusinessCalendar(in.Config.Calendar)
	now := in.Clock.Now().In(in.Config.Me.Location())
	v, ok := in.atsTable().Examine(msg, cands, now, cal)
	if !ok {
		return false, nil
	}
	switch {
	case v.StopsFollowUps():
		res.Class, res.Reason = classify.Reply, "answer through "+v.Vendor+": "+v.Reading.Reason
		rec := recordOf(v.Reading)
		rec.via = v.Vendor
		return true, in.recordAnswer(ctx, in.Store, in.Config, mailbox, res, store.Match{InterviewID: v.Match.ID}, rec)
	case v.Kind == answer.KindNotice, v.Match.Outcome == answer.NoMatch:
		return true, nil
	}
	// For the user to decide: recorded once (by Message-ID) on the first
	// interview it may be about, changing nothing but the digest.
	id := v.Match.ID
	if id == "" && len(v.Match.IDs) > 0 {
		id = v.Match.IDs[0]
	}
	eff := reply.Effect{Kind: "none", Notices: []reply.Notice{{Kind: "ats-unclear", Detail: v.Summary()}}}
	_, err = in.Store.RecordReply(ctx, store.ReplyRecord{InterviewID: id, Mailbox: mailbox, Result: res, Effect: eff,
		Seen: in.Clock.Now(), Via: v.Vendor, Label: string(v.Reading.Label), LabelPhrase: v.Reading.Phrase})
	return true, err
}

// pauseWords say that the process itself waits ("on hold", "paused", "we
// will be back in touch in three weeks"), not merely when they will write
// ("we will be in touch by Friday" is an answer, which stops follow-ups).
var pauseWords = []string{"hold", "pause", "delay", "postpon", "freez", "back in touch", "later stage", "revisit"}

func pauses(phrase string) bool {
	p := strings.ToLower(phrase)
	return slices.ContainsFunc(pauseWords, func(w string) bool { return strings.Contains(p, w) })
}

// answerRecord is what is recorded with an answer besides its effect;
// holdUntil is an on-hold answer's promise ("we'll be back in touch in
// three weeks"), which becomes the interview's next steps.
type answerRecord struct{ label, phrase, via, holdUntil string }
