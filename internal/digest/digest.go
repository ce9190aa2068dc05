// Package digest keeps the user informed by mail, only to their own
// address: the daily digest and a short notice for each answer, bounce or
// failed send, each written to the outbox before it is sent.
package digest

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/compose"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/plan"
	"github.com/followup-dev/followup/internal/render"
	"github.com/followup-dev/followup/internal/schedule"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

// Digester writes and sends the user's own mail. Its fields are set once;
// it is then safe for concurrent use.
type Digester struct {
	Config    *config.Config
	Store     *store.Store
	Templates *render.Set
	Clock     clock.Clock
	// Log receives business events; nil discards them.
	Log *slog.Logger
	// NewSender opens the [smtp] account; nil when [smtp] is not
	// configured (the digest is then only logged).
	NewSender func(ctx context.Context) (Sender, error)
	// Planner replans the interviews that may have gone quiet.
	Planner *plan.Planner
	// SignInNeeded lists the OAuth2 accounts that need `followup login`
	// (the digest says so); nil when none can.
	SignInNeeded func() []string
}

// Sender sends stored messages; *mailer.Sender is one.
type Sender interface {
	Send(ctx context.Context, msgs []mailer.Outgoing) []mailer.Result
}

func (dg *Digester) log() *slog.Logger {
	if dg.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return dg.Log
}

// dateLayout is the day a digest is for, "Friday, November 20".
const dateLayout = "Monday, January 2"

// digestLookback is how far back a digest looks when none was sent before.
const digestLookback = 24 * time.Hour

// Digest gathers what the digest as of now tells the user: open follow-ups
// due by the end of today, notes followup sent since the last digest,
// drafts waiting for approval, answers and bounces received since the last
// digest, interviews that went quiet since then and interviews awaiting an
// answer with no next steps recorded. It writes nothing.
func (dg *Digester) Digest(ctx context.Context) (render.DigestData, error) {
	now, loc := dg.Clock.Now(), dg.Config.Me.Location()
	since, ok, err := dg.Store.LastDigest(ctx)
	if err != nil {
		return render.DigestData{}, err
	}
	if !ok {
		since = now.Add(-digestLookback)
	}
	ivs, err := dg.Store.ListInterviews(ctx, store.Filter{})
	if err != nil {
		return render.DigestData{}, err
	}
	g := digestGather{dg: dg, ivs: make(map[string]*followup.Interview, len(ivs)), loc: loc, since: since, now: now}
	for _, iv := range ivs {
		g.ivs[iv.ID] = iv
	}
	day := now.In(loc)
	d := render.DigestData{Me: dg.renderMe(), Day: day, Date: day.Format(dateLayout)}
	for _, step := range []func(context.Context, *render.DigestData) error{g.due, g.done, g.drafts, g.answers, g.quiet, g.invites} {
		if err := step(ctx, &d); err != nil {
			return render.DigestData{}, err
		}
	}
	d.NoNextSteps = g.noNextSteps(ivs)
	if dg.SignInNeeded != nil {
		d.SignIn = dg.SignInNeeded()
	}
	return d, nil
}

// digestGather reads the parts of one digest.
type digestGather struct {
	dg    *Digester
	ivs   map[string]*followup.Interview
	loc   *time.Location
	since time.Time
	now   time.Time
}

// item is a digest line about interview id and the person with addr.
func (g digestGather) item(id, addr string, when time.Time) render.DigestItem {
	it := render.DigestItem{Interview: id, When: when.In(g.loc), Person: render.Person{Email: addr}}
	if iv, ok := g.ivs[id]; ok {
		it.Company, it.Role = iv.Company, iv.Role
		if p, ok := iv.Person(addr); ok {
			it.Person = render.Person{Name: p.Name, Email: p.Email, Title: p.Title}
		}
	}
	if it.Person.Name == "" {
		it.Person.Name = addr
	}
	return it
}

func (g digestGather) actionItem(ac followup.Action) render.DigestItem {
	addr := ""
	if len(ac.To) > 0 {
		addr = ac.To[0]
	}
	it := g.item(ac.InterviewID, addr, ac.Due)
	it.Ref, it.Kind, it.Detail = fmt.Sprint(ac.ID), string(ac.Kind), ac.Reason
	return it
}

func (g digestGather) due(ctx context.Context, d *render.DigestData) error {
	y, m, day := g.now.In(g.loc).Date()
	end := time.Date(y, m, day+1, 0, 0, 0, 0, g.loc)
	acs, err := g.dg.Store.ActionsDueBetween(ctx, time.Time{}, end)
	if err != nil {
		return err
	}
	for _, ac := range acs {
		it := g.actionItem(ac)
		if late := followup.LateBy(ac.Due, g.now); ac.State == followup.StateNeedsReview && late != "" {
			it.Detail = late
			d.Late = append(d.Late, it)
			continue
		}
		if ac.State == followup.StateNeedsReview {
			it.Detail = strings.TrimPrefix(it.Detail+"; needs your review", "; ")
		}
		d.Due = append(d.Due, it)
	}
	return nil
}

func (g digestGather) done(ctx context.Context, d *render.DigestData) error {
	msgs, err := g.dg.Store.SentSince(ctx, g.since)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		it := g.item(m.InterviewID, m.Recipient, m.Created)
		it.Ref, it.Kind, it.Subject = fmt.Sprint(m.ActionID), m.Kind, m.Subject
		d.Done = append(d.Done, it)
	}
	return nil
}

func (g digestGather) drafts(ctx context.Context, d *render.DigestData) error {
	acs, err := g.dg.Store.ActionsInState(ctx, followup.StateDrafted)
	if err != nil {
		return err
	}
	for _, ac := range acs {
		iv, ok := g.ivs[ac.InterviewID]
		if !ok || !iv.Waiting(g.now) {
			continue
		}
		it := g.actionItem(ac)
		it.Detail = ""
		d.Drafts = append(d.Drafts, it)
	}
	return nil
}

func (g digestGather) answers(ctx context.Context, d *render.DigestData) error {
	replies, err := g.dg.Store.RepliesSince(ctx, "reply", g.since)
	if err != nil {
		return err
	}
	for _, r := range replies {
		it := g.item(r.InterviewID, firstAddr(r.From), replyTime(r))
		it.Subject, it.Detail = r.Subject, answerDetail(r)
		d.Replies = append(d.Replies, it)
	}
	unclear, err := g.dg.Store.RepliesSince(ctx, "bulk", g.since)
	if err != nil {
		return err
	}
	for _, r := range unclear {
		if r.Via == "" {
			continue // newsletters and list mail
		}
		// Mail through an applicant-tracking system that followup could not
		// pin to one interview, or that says nothing clear: the user decides.
		it := g.item(r.InterviewID, firstAddr(r.From), replyTime(r))
		it.Subject = r.Subject
		it.Detail = "through " + r.Via + ": read it and tell followup (`followup close`, `edit` or nothing): it may be about another interview at this company"
		d.Replies = append(d.Replies, it)
	}
	bounces, err := g.dg.Store.RepliesSince(ctx, "bounce", g.since)
	if err != nil {
		return err
	}
	for _, r := range bounces {
		it := g.item(r.InterviewID, r.FailedRecipient, replyTime(r))
		it.Kind, it.Detail = g.kindSentTo(ctx, r.InterviewID, r.FailedRecipient), r.Reason
		d.Bounces = append(d.Bounces, it)
	}
	return nil
}

func (g digestGather) quiet(ctx context.Context, d *render.DigestData) error {
	evs, err := g.dg.Store.EventsSince(ctx, g.since)
	if err != nil {
		return err
	}
	for _, ev := range evs {
		iv, ok := g.ivs[ev.InterviewID]
		if ev.Kind != "quiet" || !ok {
			continue
		}
		last := iv.End()
		if msgs, err := g.dg.Store.Messages(ctx, iv.ID); err == nil && len(msgs) > 0 {
			last = msgs[len(msgs)-1].Created
		}
		it := g.item(iv.ID, "", last)
		it.Person, it.Detail = render.Person{}, ev.Detail
		d.Quiet = append(d.Quiet, it)
	}
	return nil
}

func (g digestGather) noNextSteps(ivs []*followup.Interview) []render.DigestItem {
	var out []render.DigestItem
	for _, iv := range ivs {
		if iv.CurrentStatus(g.now) != followup.StatusAwaiting || strings.TrimSpace(iv.NextSteps) != "" {
			continue
		}
		addr := ""
		if ps := iv.People(); len(ps) > 0 {
			addr = ps[0].Email
		}
		out = append(out, g.item(iv.ID, addr, iv.Start))
	}
	return out
}

// kindSentTo is the kind of the last note followup recorded to addr in
// interview id; "note" when none is known.
func (g digestGather) kindSentTo(ctx context.Context, id, addr string) string {
	return lastKindTo(ctx, g.dg.Store, id, addr)
}

func lastKindTo(ctx context.Context, st *store.Store, id, addr string) string {
	msgs, err := st.Messages(ctx, id)
	kind := "note"
	if err != nil {
		return kind
	}
	for _, m := range msgs {
		if strings.EqualFold(m.Recipient, addr) && m.ActionID != 0 {
			kind = m.Kind
		}
	}
	return kind
}

// answerDetail says what a reply says, for the digest: `a rejection
// ("…") through Greenhouse: followup close ID --outcome rejected`.
func answerDetail(r store.Reply) string {
	what := map[string]string{"rejection": "a rejection", "next-round": "an invitation to the next round", "offer": "an offer",
		"request": "a request", "on-hold": "a hold"}[r.Label]
	if what == "" {
		return ""
	}
	if r.LabelPhrase != "" {
		what += fmt.Sprintf(" (%q)", r.LabelPhrase)
	}
	if r.Via != "" {
		what += " through " + r.Via
	}
	if r.Label == "rejection" {
		what += ": close it? followup close " + r.InterviewID + " --outcome rejected"
	}
	return what
}

func replyTime(r store.Reply) time.Time {
	if r.Date.IsZero() {
		return r.Seen
	}
	return r.Date
}

// firstAddr is the first address of a comma-separated From list.
func firstAddr(list string) string {
	first, _, _ := strings.Cut(list, ",")
	return strings.TrimSpace(first)
}

func (dg *Digester) renderMe() render.Me {
	me := dg.Config.Me
	return render.Me{Name: me.Name, Email: me.Email, Signature: me.Signature}
}

// ComposeToMe renders kind (digest or notice) from data as a message to the
// user from the user.
func (dg *Digester) ComposeToMe(kind string, data any) (mailer.Composed, render.Message, error) {
	me, err := compose.From(dg.Config.Me)
	if err != nil {
		return mailer.Composed{}, render.Message{}, err
	}
	msg, err := dg.Templates.Render(kind, data)
	if err != nil {
		return mailer.Composed{}, render.Message{}, err
	}
	c, err := mailer.Compose(mailer.Draft{From: me, To: me, Message: msg, Date: dg.Clock.Now()})
	if err != nil {
		return mailer.Composed{}, render.Message{}, fmt.Errorf("%s: %w", kind, err)
	}
	return c, msg, nil
}

// DigestSlot is the latest time at or before now when the [schedule]
// digest was due; ok is false when it was not due in the last week.
func (dg *Digester) DigestSlot(now time.Time) (slot time.Time, ok bool, err error) {
	slot, ok, err = schedule.Prev(dg.Config.Schedule.Digest, now, dg.Config.Me.Location())
	if err != nil {
		return time.Time{}, false, usage.Errorf("[schedule] digest: %v", err)
	}
	return slot, ok, nil
}

// DigestDue reports the schedule slot of a digest that is due and was not
// enqueued yet (the one missed while the daemon was down, or the current
// one); due is false when the last digest covered the latest slot.
func (dg *Digester) DigestDue(ctx context.Context) (slot time.Time, due bool, err error) {
	slot, ok, err := dg.DigestSlot(dg.Clock.Now())
	if err != nil || !ok {
		return time.Time{}, false, err
	}
	last, ok, err := dg.Store.LastDigest(ctx)
	if err != nil {
		return time.Time{}, false, err
	}
	return slot, !ok || last.Before(slot), nil
}

// DigestResult says what SendDigest did.
type DigestResult struct {
	Summary   string // render.DigestData.Summary
	MessageID string // "" when nothing was enqueued
	Sent      bool   // the server accepted it
}

// SendDigest builds the digest and, with [smtp] configured, enqueues it
// to the user (purpose digest, recording slot as the last digest in the
// same transaction) and sends it at once; without [smtp] it only logs the
// summary and records slot. It is the user's own mail, so auto_send does
// not apply. A digest for slot or a later one enqueued meanwhile (by a
// concurrent run) is store.ErrDigestEnqueued.
func (dg *Digester) SendDigest(ctx context.Context, slot time.Time) (DigestResult, error) {
	d, err := dg.Digest(ctx)
	if err != nil {
		return DigestResult{}, err
	}
	res := DigestResult{Summary: d.Summary()}
	if dg.NewSender == nil {
		dg.log().Info("digest", "summary", res.Summary, "slot", slot)
		return res, dg.Store.SetLastDigest(ctx, slot)
	}
	c, _, err := dg.ComposeToMe(render.KindDigest, d)
	if err != nil {
		return res, err
	}
	it := store.OutboxItem{MessageID: c.MessageID, Recipient: strings.Join(c.Recipients, ","), Raw: c.Raw}
	id, err := dg.Store.EnqueueDigest(ctx, it, slot, dg.Clock.Now())
	if err != nil {
		return res, err
	}
	res.MessageID = c.MessageID
	dg.log().Info("digest enqueued", "summary", res.Summary, "outbox", id)
	res.Sent, err = dg.SendUserMail(ctx, id)
	return res, err
}

// SendUserMail sends the digest or notice outbox row id now, if it is due
// and nobody else claimed it, and records the outcome; sent reports
// whether the server accepted it. A transient failure is retried later by
// the daemon's pass (DueUserMail).
func (dg *Digester) SendUserMail(ctx context.Context, id int64) (sent bool, err error) {
	if dg.NewSender == nil {
		return false, nil
	}
	it, ok, err := dg.Store.ClaimOutboxByID(ctx, id, dg.Clock.Now())
	if err != nil || !ok {
		return false, err
	}
	// The outcome is recorded even when ctx ends mid-send.
	mark := context.WithoutCancel(ctx)
	from, to, err := it.Envelope()
	if err != nil {
		return false, dg.Store.MarkOutboxFailed(mark, id, dg.Clock.Now(), err.Error())
	}
	s, err := dg.NewSender(ctx)
	if err != nil {
		return false, dg.deferUserMail(mark, it, err)
	}
	r := s.Send(ctx, []mailer.Outgoing{{MessageID: it.MessageID, From: from, To: to, Raw: it.Raw}})[0]
	return r.Outcome == mailer.Sent, dg.markUserMail(mark, it, r)
}

func (dg *Digester) markUserMail(ctx context.Context, it store.OutboxItem, r mailer.Result) error {
	now := dg.Clock.Now()
	switch r.Outcome {
	case mailer.Sent:
		dg.log().Info("sent to you", "purpose", it.Purpose, "outbox", it.ID)
		return dg.Store.MarkOutboxSent(ctx, it.ID, now)
	case mailer.Transient:
		return dg.deferUserMail(ctx, it, r.Err)
	case mailer.Ambiguous:
		dg.log().Warn("send to you may have failed", "purpose", it.Purpose, "outbox", it.ID, "err", r.Err)
		return dg.Store.MarkOutboxUnknown(ctx, it.ID, now, errText(r.Err))
	}
	dg.log().Error("send to you failed", "purpose", it.Purpose, "outbox", it.ID, "err", r.Err)
	return dg.Store.MarkOutboxFailed(ctx, it.ID, now, errText(r.Err))
}

// deferUserMail schedules another try, or gives up after [policy] give_up_after.
func (dg *Digester) deferUserMail(ctx context.Context, it store.OutboxItem, cause error) error {
	now := dg.Clock.Now()
	if mailer.GiveUp(it.FirstTry, now, dg.Config.Policy.GiveUpAfter) {
		dg.log().Error("send to you failed", "purpose", it.Purpose, "outbox", it.ID, "err", cause)
		return dg.Store.MarkOutboxFailed(ctx, it.ID, now, errText(cause))
	}
	next := mailer.NextAttempt(it.Attempts, now, nil)
	dg.log().Warn("send to you deferred", "purpose", it.Purpose, "outbox", it.ID, "next", next, "err", cause)
	return dg.Store.MarkOutboxDeferred(ctx, it.ID, now, next, errText(cause))
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// ResumeUserMail makes digests and notices a crash left in sending due
// again. Follow-ups are ProcessOnce's to reconcile; a second copy of the
// user's own reminder is harmless, a lost one is not.
func (dg *Digester) ResumeUserMail(ctx context.Context) error {
	stuck, err := dg.Store.OutboxStuckSending(ctx)
	if err != nil {
		return err
	}
	for _, it := range stuck {
		if it.Purpose != store.PurposeDigest && it.Purpose != store.PurposeNotice {
			continue
		}
		if err := dg.Store.MarkOutboxDeferred(ctx, it.ID, dg.Clock.Now(), dg.Clock.Now(), "interrupted while sending"); err != nil {
			return err
		}
	}
	return nil
}
