package digest

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/render"
	"github.com/followup-dev/followup/internal/store"
)

// noticeEvents maps the event kinds that deserve an immediate notice to
// the notice template's events.
var noticeEvents = map[string]string{
	"reply":       render.EventReply,
	"bounce":      render.EventBounce,
	"failed":      render.EventSendFailed,
	"send-failed": render.EventSendFailed,
	// Calendar invitations (internal/inbox/invite.go).
	"invite":           render.EventInvite,
	"invite-updated":   render.EventInviteUpdated,
	"invite-cancelled": render.EventInviteCancelled,
}

// noticeMaxAge: an event older than this when first seen (recorded while
// no daemon ran) is no news any more; the digest reports it instead.
const noticeMaxAge = 24 * time.Hour

// SendDue sends what the user must hear now, after each pass: a notice
// for each new answer, bounce or refused message (SendNotices), and the
// digests and notices due again after a temporary failure.
func (dg *Digester) SendDue(ctx context.Context) error {
	_, err := dg.SendNotices(ctx)
	ids, dueErr := dg.Store.DueUserMail(ctx, dg.Clock.Now())
	errs := []error{err, dueErr}
	for _, id := range ids {
		if _, err := dg.SendUserMail(ctx, id); err != nil {
			errs = append(errs, err)
			break
		}
	}
	return errors.Join(errs...)
}

// SendNotices sends one short notice to the user for each new reply,
// bounce or failed send not notified yet, and returns how many it
// handled. Each notice is enqueued (purpose notice) in the same transaction
// that marks its event notified, then sent at once. Without [smtp] the
// event is logged (kind and interview only) and marked notified.
func (dg *Digester) SendNotices(ctx context.Context) (int, error) {
	kinds := make([]string, 0, len(noticeEvents))
	for k := range noticeEvents {
		kinds = append(kinds, k)
	}
	evs, err := dg.Store.EventsToNotify(ctx, kinds...)
	if err != nil {
		return 0, err
	}
	for i, ev := range evs {
		if err := dg.notify(ctx, ev); err != nil {
			return i, err
		}
	}
	return len(evs), nil
}

// NoticesWaiting reports whether an event still waits for its notice (a
// pass sends it).
func (dg *Digester) NoticesWaiting(ctx context.Context) (bool, error) {
	kinds := make([]string, 0, len(noticeEvents))
	for k := range noticeEvents {
		kinds = append(kinds, k)
	}
	evs, err := dg.Store.EventsToNotify(ctx, kinds...)
	return len(evs) > 0, err
}

func (dg *Digester) notify(ctx context.Context, ev store.Event) error {
	if dg.Clock.Now().Sub(ev.At) > noticeMaxAge || dg.NewSender == nil {
		dg.log().Info("notice", "event", ev.Kind, "interview", ev.InterviewID)
		return dg.Store.MarkEventNotified(ctx, ev.ID)
	}
	data := dg.noticeData(ctx, ev)
	c, _, err := dg.ComposeToMe(render.KindNotice, data)
	if err != nil {
		return err
	}
	it := store.OutboxItem{MessageID: c.MessageID, Recipient: strings.Join(c.Recipients, ","), Raw: c.Raw}
	id, err := dg.Store.EnqueueNotice(ctx, it, ev.ID, dg.Clock.Now())
	if errors.Is(err, store.ErrEventNotified) {
		return nil // another pass at the same time has it
	}
	if err != nil {
		return err
	}
	dg.log().Info("notice enqueued", "event", ev.Kind, "interview", ev.InterviewID, "outbox", id)
	_, err = dg.SendUserMail(ctx, id)
	return err
}

// noticeData fills the notice about ev from its interview and the received
// message it is about. Only headers are used: no message body is quoted.
func (dg *Digester) noticeData(ctx context.Context, ev store.Event) render.NoticeData {
	g := digestGather{dg: dg, loc: dg.Config.Me.Location(), now: dg.Clock.Now()}
	if iv, err := dg.Store.GetInterview(ctx, ev.InterviewID); err == nil {
		g.ivs = map[string]*followup.Interview{iv.ID: iv}
	}
	d := render.NoticeData{Me: dg.renderMe(), Event: noticeEvents[ev.Kind]}
	switch d.Event {
	case render.EventInvite, render.EventInviteUpdated, render.EventInviteCancelled:
		d.Item = g.inviteItem(ctx, ev)
	case render.EventReply, render.EventBounce:
		r, ok := dg.replyFor(ctx, ev)
		if !ok {
			d.Item = g.item(ev.InterviewID, "", ev.At)
			d.Reason = ev.Detail
			break
		}
		if d.Event == render.EventReply {
			d.Item = g.item(ev.InterviewID, firstAddr(r.From), replyTime(r))
			d.Item.Subject = r.Subject
			d.Label, d.Phrase, d.Via = r.Label, r.LabelPhrase, r.Via
		} else {
			d.Item = g.item(ev.InterviewID, r.FailedRecipient, replyTime(r))
			d.Item.Kind, d.Reason = lastKindTo(ctx, dg.Store, ev.InterviewID, r.FailedRecipient), r.Reason
		}
	default:
		d.Item = g.item(ev.InterviewID, "", ev.At)
		d.Item.Kind, d.Reason = "note", ev.Detail
	}
	if d.Item.Kind == "" && d.Event != render.EventReply {
		d.Item.Kind = "note"
	}
	return d
}

// replyFor finds the received message an event is about: the one of the
// event's class seen when the event was recorded, else the latest.
func (dg *Digester) replyFor(ctx context.Context, ev store.Event) (store.Reply, bool) {
	rs, err := dg.Store.Replies(ctx, ev.InterviewID)
	if err != nil {
		return store.Reply{}, false
	}
	var found store.Reply
	ok := false
	for _, r := range rs {
		if r.Class != ev.Kind {
			continue
		}
		if r.Seen.Equal(ev.At) {
			return r, true
		}
		if !ok || r.Seen.After(found.Seen) {
			found, ok = r, true
		}
	}
	return found, ok
}

// ApplyQuiet replans the interviews still waiting for an answer that have
// no open follow-up left and marks quiet those the planner says went
// quiet, recording its events (the digest tells the user). It returns how
// many went quiet.
func (dg *Digester) ApplyQuiet(ctx context.Context) (int, error) {
	ids, err := dg.Store.AwaitingWithoutOpenActions(ctx, dg.Clock.Now())
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		res, err := dg.Planner.ReplanID(ctx, id)
		if err != nil {
			return n, err
		}
		if res.Status != followup.StatusQuiet {
			continue
		}
		evs := make([]store.Event, 0, len(res.Events))
		for _, pe := range res.Events {
			evs = append(evs, store.Event{At: dg.Clock.Now(), Kind: pe.Kind, Detail: pe.Detail})
		}
		changed, err := dg.Store.MarkQuiet(ctx, id, evs, dg.Clock.Now())
		if err != nil {
			return n, err
		}
		if changed {
			n++
			dg.log().Info("interview went quiet", "interview", id)
		}
	}
	return n, nil
}
