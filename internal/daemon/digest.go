package daemon

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/render"
	"github.com/followup-dev/followup/internal/schedule"
	"github.com/followup-dev/followup/internal/store"
)

// digestLookback is how far back a digest looks when none was sent before.
const digestLookback = 24 * time.Hour

// Digest gathers what the digest as of now tells the user: open follow-ups
// due by the end of today, notes followup sent since the last digest,
// drafts waiting for approval, answers and bounces received since the last
// digest, interviews that went quiet since then and interviews awaiting an
// answer with no next steps recorded. It writes nothing.
func (e *Env) Digest(ctx context.Context) (render.DigestData, error) {
	now, loc := e.Now(), e.Config.Me.Location()
	since, ok, err := e.Store.LastDigest(ctx)
	if err != nil {
		return render.DigestData{}, err
	}
	if !ok {
		since = now.Add(-digestLookback)
	}
	ivs, err := e.Store.ListInterviews(ctx, store.Filter{})
	if err != nil {
		return render.DigestData{}, err
	}
	g := digestGather{e: e, ivs: make(map[string]*followup.Interview, len(ivs)), loc: loc, since: since, now: now}
	for _, iv := range ivs {
		g.ivs[iv.ID] = iv
	}
	day := now.In(loc)
	d := render.DigestData{Me: e.renderMe(), Day: day, Date: day.Format(dateLayout)}
	for _, step := range []func(context.Context, *render.DigestData) error{g.due, g.done, g.drafts, g.answers, g.quiet} {
		if err := step(ctx, &d); err != nil {
			return render.DigestData{}, err
		}
	}
	d.NoNextSteps = g.noNextSteps(ivs)
	if e.SignInNeeded != nil {
		d.SignIn = e.SignInNeeded()
	}
	return d, nil
}

// digestGather reads the parts of one digest.
type digestGather struct {
	e     *Env
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
		if p, ok := findPerson(iv, addr); ok {
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
	acs, err := g.e.Store.ActionsDueBetween(ctx, time.Time{}, end)
	if err != nil {
		return err
	}
	for _, ac := range acs {
		it := g.actionItem(ac)
		if ac.State == followup.StateNeedsReview {
			it.Detail = strings.TrimPrefix(it.Detail+"; needs your review", "; ")
		}
		d.Due = append(d.Due, it)
	}
	return nil
}

func (g digestGather) done(ctx context.Context, d *render.DigestData) error {
	msgs, err := g.e.Store.SentSince(ctx, g.since)
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
	acs, err := g.e.Store.ActionsInState(ctx, followup.StateDrafted)
	if err != nil {
		return err
	}
	for _, ac := range acs {
		iv, ok := g.ivs[ac.InterviewID]
		if !ok || !waiting(iv, g.now) {
			continue
		}
		it := g.actionItem(ac)
		it.Detail = ""
		d.Drafts = append(d.Drafts, it)
	}
	return nil
}

func (g digestGather) answers(ctx context.Context, d *render.DigestData) error {
	replies, err := g.e.Store.RepliesSince(ctx, "reply", g.since)
	if err != nil {
		return err
	}
	for _, r := range replies {
		it := g.item(r.InterviewID, firstAddr(r.From), replyTime(r))
		it.Subject = r.Subject
		d.Replies = append(d.Replies, it)
	}
	bounces, err := g.e.Store.RepliesSince(ctx, "bounce", g.since)
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
	evs, err := g.e.Store.EventsSince(ctx, g.since)
	if err != nil {
		return err
	}
	for _, ev := range evs {
		iv, ok := g.ivs[ev.InterviewID]
		if ev.Kind != "quiet" || !ok {
			continue
		}
		last := iv.End()
		if msgs, err := g.e.Store.Messages(ctx, iv.ID); err == nil && len(msgs) > 0 {
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
	return lastKindTo(ctx, g.e.Store, id, addr)
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

// waiting reports whether iv still waits for an answer.
func waiting(iv *followup.Interview, now time.Time) bool {
	s := iv.CurrentStatus(now)
	return s == followup.StatusUpcoming || s == followup.StatusAwaiting
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

func (e *Env) renderMe() render.Me {
	me := e.Config.Me
	return render.Me{Name: me.Name, Email: me.Email, Signature: me.Signature}
}

// ComposeToMe renders kind (digest or notice) from data as a message to the
// user from the user.
func (e *Env) ComposeToMe(kind string, data any) (mailer.Composed, render.Message, error) {
	me, err := e.sender()
	if err != nil {
		return mailer.Composed{}, render.Message{}, err
	}
	msg, err := e.Templates.Render(kind, data)
	if err != nil {
		return mailer.Composed{}, render.Message{}, err
	}
	c, err := mailer.Compose(mailer.Draft{From: me, To: me, Message: msg, Date: e.Now()})
	if err != nil {
		return mailer.Composed{}, render.Message{}, fmt.Errorf("%s: %w", kind, err)
	}
	return c, msg, nil
}

// DigestSlot is the latest time at or before now when the [schedule]
// digest was due; ok is false when it was not due in the last week.
func (e *Env) DigestSlot(now time.Time) (slot time.Time, ok bool, err error) {
	slot, ok, err = schedule.Prev(e.Config.Schedule.Digest, now, e.Config.Me.Location())
	if err != nil {
		return time.Time{}, false, requestf("[schedule] digest: %v", err)
	}
	return slot, ok, nil
}

// DigestDue reports the schedule slot of a digest that is due and was not
// enqueued yet (the one missed while the daemon was down, or the current
// one); due is false when the last digest covered the latest slot.
func (e *Env) DigestDue(ctx context.Context) (slot time.Time, due bool, err error) {
	slot, ok, err := e.DigestSlot(e.Now())
	if err != nil || !ok {
		return time.Time{}, false, err
	}
	last, ok, err := e.Store.LastDigest(ctx)
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
func (e *Env) SendDigest(ctx context.Context, slot time.Time) (DigestResult, error) {
	d, err := e.Digest(ctx)
	if err != nil {
		return DigestResult{}, err
	}
	res := DigestResult{Summary: d.Summary()}
	if e.NewSender == nil {
		e.log().Info("digest", "summary", res.Summary, "slot", slot)
		return res, e.Store.SetLastDigest(ctx, slot)
	}
	c, _, err := e.ComposeToMe(render.KindDigest, d)
	if err != nil {
		return res, err
	}
	it := store.OutboxItem{MessageID: c.MessageID, Recipient: strings.Join(c.Recipients, ","), Raw: c.Raw}
	id, err := e.Store.EnqueueDigest(ctx, it, slot, e.Now())
	if err != nil {
		return res, err
	}
	res.MessageID = c.MessageID
	e.log().Info("digest enqueued", "summary", res.Summary, "outbox", id)
	res.Sent, err = e.SendUserMail(ctx, id)
	return res, err
}

// SendUserMail sends the digest or notice outbox row id now, if it is due
// and nobody else claimed it, and records the outcome; sent reports
// whether the server accepted it. A transient failure is retried later by
// the daemon's pass (DueUserMail).
func (e *Env) SendUserMail(ctx context.Context, id int64) (sent bool, err error) {
	if e.NewSender == nil {
		return false, nil
	}
	it, ok, err := e.Store.ClaimOutboxByID(ctx, id, e.Now())
	if err != nil || !ok {
		return false, err
	}
	// The outcome is recorded even when ctx ends mid-send.
	mark := context.WithoutCancel(ctx)
	from, to, err := it.Envelope()
	if err != nil {
		return false, e.Store.MarkOutboxFailed(mark, id, e.Now(), err.Error())
	}
	s, err := e.NewSender(ctx)
	if err != nil {
		return false, e.deferUserMail(mark, it, err)
	}
	r := s.Send(ctx, []mailer.Outgoing{{MessageID: it.MessageID, From: from, To: to, Raw: it.Raw}})[0]
	return r.Outcome == mailer.Sent, e.markUserMail(mark, it, r)
}

func (e *Env) markUserMail(ctx context.Context, it store.OutboxItem, r mailer.Result) error {
	now := e.Now()
	switch r.Outcome {
	case mailer.Sent:
		e.log().Info("sent to you", "purpose", it.Purpose, "outbox", it.ID)
		return e.Store.MarkOutboxSent(ctx, it.ID, now)
	case mailer.Transient:
		return e.deferUserMail(ctx, it, r.Err)
	case mailer.Ambiguous:
		e.log().Warn("send to you may have failed", "purpose", it.Purpose, "outbox", it.ID, "err", r.Err)
		return e.Store.MarkOutboxUnknown(ctx, it.ID, now, errText(r.Err))
	}
	e.log().Error("send to you failed", "purpose", it.Purpose, "outbox", it.ID, "err", r.Err)
	return e.Store.MarkOutboxFailed(ctx, it.ID, now, errText(r.Err))
}

// deferUserMail schedules another try, or gives up after [policy] give_up_after.
func (e *Env) deferUserMail(ctx context.Context, it store.OutboxItem, cause error) error {
	now := e.Now()
	if mailer.GiveUp(it.FirstTry, now, e.Config.Policy.GiveUpAfter) {
		e.log().Error("send to you failed", "purpose", it.Purpose, "outbox", it.ID, "err", cause)
		return e.Store.MarkOutboxFailed(ctx, it.ID, now, errText(cause))
	}
	next := mailer.NextAttempt(it.Attempts, now, nil)
	e.log().Warn("send to you deferred", "purpose", it.Purpose, "outbox", it.ID, "next", next, "err", cause)
	return e.Store.MarkOutboxDeferred(ctx, it.ID, now, next, errText(cause))
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// resumeUserMail makes digests and notices a crash left in sending due
// again. Follow-ups are ProcessOnce's to reconcile; a second copy of the
// user's own reminder is harmless, a lost one is not.
func (e *Env) resumeUserMail(ctx context.Context) error {
	stuck, err := e.Store.OutboxStuckSending(ctx)
	if err != nil {
		return err
	}
	for _, it := range stuck {
		if it.Purpose != store.PurposeDigest && it.Purpose != store.PurposeNotice {
			continue
		}
		if err := e.Store.MarkOutboxDeferred(ctx, it.ID, e.Now(), e.Now(), "interrupted while sending"); err != nil {
			return err
		}
	}
	return nil
}
