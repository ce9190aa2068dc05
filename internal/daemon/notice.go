package daemon

import (
	"context"
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
}

// noticeMaxAge: an event older than this when first seen (recorded while
// no daemon ran) is no news any more; the digest reports it instead.
const noticeMaxAge = 24 * time.Hour

// SendNotices sends one short notice to the user for each new reply,
// bounce or failed send not notified yet, and returns how many it
// handled. Each notice is enqueued (purpose notice) in the same transaction
// that marks its event notified, then sent at once. Without [smtp] the
// event is logged (kind and interview only) and marked notified.
func (e *Env) SendNotices(ctx context.Context) (int, error) {
	kinds := make([]string, 0, len(noticeEvents))
	for k := range noticeEvents {
		kinds = append(kinds, k)
	}
	evs, err := e.Store.EventsToNotify(ctx, kinds...)
	if err != nil {
		return 0, err
	}
	for i, ev := range evs {
		if err := e.notify(ctx, ev); err != nil {
			return i, err
		}
	}
	return len(evs), nil
}

func (e *Env) notify(ctx context.Context, ev store.Event) error {
	if e.Now().Sub(ev.At) > noticeMaxAge || e.NewSender == nil {
		e.log().Info("notice", "event", ev.Kind, "interview", ev.InterviewID)
		return e.Store.MarkEventNotified(ctx, ev.ID)
	}
	data := e.noticeData(ctx, ev)
	c, _, err := e.ComposeToMe(render.KindNotice, data)
	if err != nil {
		return err
	}
	it := store.OutboxItem{MessageID: c.MessageID, Recipient: strings.Join(c.Recipients, ","), Raw: c.Raw}
	id, err := e.Store.EnqueueNotice(ctx, it, ev.ID, e.Now())
	if err != nil {
		return err
	}
	e.log().Info("notice enqueued", "event", ev.Kind, "interview", ev.InterviewID, "outbox", id)
	_, err = e.SendUserMail(ctx, id)
	return err
}

// noticeData fills the notice about ev from its interview and the received
// message it is about. Only headers are used: no message body is quoted.
func (e *Env) noticeData(ctx context.Context, ev store.Event) render.NoticeData {
	g := digestGather{e: e, loc: e.Config.Me.Location(), now: e.Now()}
	if iv, err := e.Store.GetInterview(ctx, ev.InterviewID); err == nil {
		g.ivs = map[string]*followup.Interview{iv.ID: iv}
	}
	d := render.NoticeData{Me: e.renderMe(), Event: noticeEvents[ev.Kind]}
	switch d.Event {
	case render.EventReply, render.EventBounce:
		r, ok := e.replyFor(ctx, ev)
		if !ok {
			d.Item = g.item(ev.InterviewID, "", ev.At)
			d.Reason = ev.Detail
			break
		}
		if d.Event == render.EventReply {
			d.Item = g.item(ev.InterviewID, firstAddr(r.From), replyTime(r))
			d.Item.Subject = r.Subject
		} else {
			d.Item = g.item(ev.InterviewID, r.FailedRecipient, replyTime(r))
			d.Item.Kind, d.Reason = lastKindTo(ctx, e.Store, ev.InterviewID, r.FailedRecipient), r.Reason
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
func (e *Env) replyFor(ctx context.Context, ev store.Event) (store.Reply, bool) {
	rs, err := e.Store.Replies(ctx, ev.InterviewID)
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
func (e *Env) ApplyQuiet(ctx context.Context) (int, error) {
	ids, err := e.Store.AwaitingWithoutOpenActions(ctx, e.Now())
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		res, err := e.ReplanID(ctx, id)
		if err != nil {
			return n, err
		}
		if res.Status != followup.StatusQuiet {
			continue
		}
		evs := make([]store.Event, 0, len(res.Events))
		for _, pe := range res.Events {
			evs = append(evs, store.Event{At: e.Now(), Kind: pe.Kind, Detail: pe.Detail})
		}
		changed, err := e.Store.MarkQuiet(ctx, id, evs, e.Now())
		if err != nil {
			return n, err
		}
		if changed {
			n++
			e.log().Info("interview went quiet", "interview", id)
		}
	}
	return n, nil
}
