// Package inbox reads received mail for what it means to the interviews:
// each message from a watched mailbox is classified, matched to an
// interview and recorded (a reply stops its follow-ups, an auto-reply may
// hold them, a bounce marks an address undeliverable, a calendar invitation
// is proposed as an interview), over the IMAP watcher or one catch-up pass.
package inbox

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/followup-dev/followup/internal/answer"
	"github.com/followup-dev/followup/internal/classify"
	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/followup/reply"
	"github.com/followup-dev/followup/internal/imapwatch"
	"github.com/followup-dev/followup/internal/plan"
	"github.com/followup-dev/followup/internal/store"
)

// Inbox handles received mail. Its fields are set once; it is then safe
// for concurrent use.
type Inbox struct {
	Config *config.Config
	Store  *store.Store
	Clock  clock.Clock
	// Log receives business events; nil discards them.
	Log *slog.Logger
	// DialWatch opens an IMAP connection for the watcher; nil when [imap]
	// is not configured.
	DialWatch imapwatch.DialFunc
	// Planner replans an interview after a bounce or the user's own mail.
	Planner *plan.Planner
	// ScreenMin is how many new messages a sync must find to be screened
	// (imapwatch.WatchOptions.ScreenMin); 0 means defaultScreenMin (50). The screen reads
	// every Message-ID, person and company domain of the store, which for
	// a coach's thousands of interviews costs more than fetching the one
	// or two messages a watcher usually wakes up for.
	ScreenMin int

	atsOnce sync.Once
	ats     *answer.Table
}

func (in *Inbox) log() *slog.Logger {
	if in.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return in.Log
}

// HandleIncoming is what happens to one message from a watched mailbox:
// classify it, match it to an interview, decide its effect and record it.
// A reply stops the interview's follow-ups, an auto-reply may hold
// check-ins, a bounce marks the address undeliverable; mail the user wrote
// (isSent, or From the user's own address) to a tracked contact is a touch
// the plan counts from. A calendar invitation from a contact or a
// company's domain is proposed, updated or cancelled (handleInvite), never
// added as an interview. A message that matches nothing, or one already
// seen, changes nothing, so calling it again with the same message (after a
// restart or a rescan) is safe. raw is the message, or its header and a
// body prefix. It blocks on the store only.
func (in *Inbox) HandleIncoming(ctx context.Context, mailbox string, raw []byte, isSent bool) error {
	cfg, st := in.Config, in.Store
	res := classify.Classify(raw)
	if res.Message.MessageID == "" {
		res.Message.MessageID = syntheticMessageID(raw)
	}
	isSent = isSent || fromUser(res.Message, cfg.Me.Email)
	if isSent && res.Class != classify.Reply {
		return nil // the user's own auto-replies and bounces are not touches
	}
	m, err := st.MatchMessage(ctx, res, store.MatchOptions{CompanyDomain: cfg.Policy.MatchCompanyDomain,
		FromUser: isSent, IgnoreDomains: userDomains(cfg.Me.Email), At: writtenAt(res.Message, in.Clock.Now())})
	if err != nil {
		return fmt.Errorf("handle %s in %s: %w", res.Message.MessageID, mailbox, err)
	}
	if !isSent {
		if err := in.handleInvite(ctx, raw, res, m); err != nil {
			return fmt.Errorf("handle %s in %s: %w", res.Message.MessageID, mailbox, err)
		}
	}
	switch {
	case m.Known && isSent:
		return in.draftSent(ctx, res)
	case m.Known:
		return nil
	case isSent && m.InterviewID != "":
		return in.recordTouch(ctx, st, res, m)
	case isSent:
		return nil
	case m.InterviewID == "" || res.Class == classify.Bulk && m.How == store.MatchDomain:
		// No person of an interview wrote it, or it is the company's bulk
		// mail: it may still be the company's answer through an
		// applicant-tracking system; else it changes nothing (newsletters).
		_, err := in.fromATS(ctx, mailbox, raw, res)
		return err
	}
	return in.recordAnswer(ctx, st, cfg, mailbox, res, m, in.label(raw, res))
}

// recordAnswer applies a message from the company to its interview.
func (in *Inbox) recordAnswer(ctx context.Context, st *store.Store, cfg *config.Config, mailbox string, res classify.Result, m store.Match, ar answerRecord) error {
	iv, acs, err := answerReadsOf(ctx, st, m.InterviewID)
	if err != nil {
		return err
	}
	// Only an auto-reply's hold needs the calendar: a configuration error
	// must not cost a reply or a bounce, which the watcher would skip.
	pl, err := plan.Placer(cfg)
	if err != nil && res.Class == classify.AutoReply {
		return err
	}
	now := in.Clock.Now()
	input := reply.EffectInput{
		Interview: iv, Actions: acs, Now: now,
		Message: reply.Incoming{Result: res, Recipient: m.Recipient},
		Placer:  pl,
	}
	eff := reply.EffectOf(input)
	hold := ar.label == "on-hold" && ar.holdUntil != "" && eff.Kind == reply.EffectReply && iv.Status != followup.StatusClosed
	if hold {
		// "We'll be back in touch in three weeks" is a new promise, not an
		// end: the follow-ups are planned again from it instead of stopped.
		eff = reply.HoldEffect(input, ar.holdUntil)
	}
	recorded, err := st.RecordReply(ctx, store.ReplyRecord{InterviewID: iv.ID, Mailbox: mailbox, Result: res, Effect: eff, Seen: now,
		Label: ar.label, LabelPhrase: ar.phrase, Via: ar.via})
	if err != nil {
		return err
	}
	if !recorded { // seen before: nothing changed
		keepReads(ctx, st, iv, acs)
		return nil
	}
	if !hold && eff.Kind != reply.EffectBounce && len(eff.Actions) == 0 && eff.Status == "" && len(eff.Undeliverable) == 0 {
		keepReads(ctx, st, iv, acs) // the reply's record changed neither
	}
	in.log().Info("answer recorded", "interview", iv.ID, "company", iv.Company, "kind", eff.Kind, "says", ar.label,
		"mailbox", mailbox, "message_id", res.Message.MessageID)
	if hold {
		iv.NextSteps = ar.holdUntil
		return in.Planner.Save(ctx, iv)
	}
	if eff.Kind != reply.EffectBounce {
		return nil
	}
	_, err = in.Planner.ReplanID(ctx, iv.ID) // someone else may take over the check-ins
	return err
}

// answerReadsKey is the Store.BatchMemo key of an interview's answerReads.
type answerReadsKey string

// answerReads is what recordAnswer reads of an interview.
type answerReads struct {
	iv  *followup.Interview
	acs []followup.Action
}

// answerReadsOf returns interview id and its actions, read once per store
// batch (Store.BatchMemo) rather than once per answer: a catch-up's batch
// may hold dozens of one company's messages. Every write of the batch
// empties the memo; an answer whose record changed neither puts them back
// (keepReads).
func answerReadsOf(ctx context.Context, st *store.Store, id string) (*followup.Interview, []followup.Action, error) {
	memo := st.BatchMemo(ctx)
	if r, ok := memo[answerReadsKey(id)].(answerReads); ok {
		return r.iv, r.acs, nil
	}
	iv, err := st.GetInterview(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	acs, err := st.Actions(ctx, iv.ID)
	if err != nil {
		return nil, nil, err
	}
	keepReads(ctx, st, iv, acs)
	return iv, acs, nil
}

// keepReads keeps iv and acs as read in ctx's batch, when there is one.
func keepReads(ctx context.Context, st *store.Store, iv *followup.Interview, acs []followup.Action) {
	if memo := st.BatchMemo(ctx); memo != nil {
		memo[answerReadsKey(iv.ID)] = answerReads{iv: iv, acs: acs}
	}
}

// draftSent records that the user sent one of followup's drafts from
// their own mail client (the copy in Sent keeps the draft's Message-ID),
// and replans its interview from it.
func (in *Inbox) draftSent(ctx context.Context, res classify.Result) error {
	id, ok, err := in.Store.DraftSentByUser(ctx, res.Message.MessageID, writtenAt(res.Message, in.Clock.Now()))
	if err != nil || !ok {
		return err
	}
	_, err = in.Planner.ReplanID(ctx, id)
	return err
}

// recordTouch records the user's own message to a tracked contact and
// replans from it.
func (in *Inbox) recordTouch(ctx context.Context, st *store.Store, res classify.Result, m store.Match) error {
	eff := reply.EffectOf(reply.EffectInput{Message: reply.Incoming{Result: res, FromUser: true}, Now: in.Clock.Now()})
	to := m.Recipient
	if len(res.Message.To) > 0 {
		to = res.Message.To[0]
	}
	recorded, err := st.RecordTouch(ctx, store.Touch{InterviewID: m.InterviewID, MessageID: res.Message.MessageID,
		Recipient: to, Subject: res.Message.Subject, At: eff.Touch})
	if err != nil || !recorded {
		return err
	}
	_, err = in.Planner.ReplanID(ctx, m.InterviewID)
	return err
}

// writtenAt is when a message was written: its Date, unless missing or in
// the future.
func writtenAt(m classify.Message, now time.Time) time.Time {
	if m.Date.IsZero() || m.Date.After(now) {
		return now
	}
	return m.Date
}

// fromUser reports whether the message is From the user's own address,
// with or without a +tag.
func fromUser(m classify.Message, me string) bool {
	if me == "" {
		return false
	}
	me = reply.BaseAddress(me)
	return slices.ContainsFunc(m.From, func(a string) bool { return reply.BaseAddress(a) == me })
}

// userDomains is the user's own mail domain, never a company's.
func userDomains(me string) []string {
	if d := reply.Domain(me); d != "" {
		return []string{d}
	}
	return nil
}

// syntheticMessageID names a message that has no Message-ID by a hash of
// its header, so that seeing it again is still recognised.
func syntheticMessageID(raw []byte) string {
	header := raw
	for _, sep := range [][]byte{[]byte("\r\n\r\n"), []byte("\n\n")} {
		if i := bytes.Index(raw, sep); i >= 0 && i < len(header) {
			header = raw[:i]
		}
	}
	sum := sha256.Sum256(header)
	return "no-message-id." + hex.EncodeToString(sum[:16]) + "@followup.invalid"
}
