// Package review is the user's word on one outbox message: queue it
// again (after looking for it in Sent when it may have gone out) or drop
// it, its follow-up reopened or cancelled to match, each with an event.
package review

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/outbox/sentcopy"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

// Deps is what a decision needs.
type Deps struct {
	Store *store.Store
	Clock clock.Clock
	// DialIMAP opens the Sent mailbox; nil without [imap] (the user's word
	// is then taken as it is).
	DialIMAP func(ctx context.Context) (sentcopy.Mailbox, error)
}

// RetryAll queues again every follow-up message held for review or
// refused, as Retry does one (a message that may have gone out is looked up in
// Sent first and refused); it returns how many it queued and the errors of
// the others.
func RetryAll(ctx context.Context, o Deps) (int, error) {
	rows, err := o.Store.ListOutbox(ctx, store.OutboxNeedsReview, store.OutboxFailed)
	if err != nil {
		return 0, err
	}
	n, errs := 0, []error(nil)
	for _, it := range rows {
		if !it.FollowUp() {
			continue
		}
		if err := Retry(ctx, o, it.ID); err != nil {
			errs = append(errs, fmt.Errorf("message %d: %w", it.ID, err))
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}

// Retry queues a deferred, failed, unknown or needs-review message
// again on the user's word; it goes out on the next pass inside the send
// window. Its follow-up is open again.
func Retry(ctx context.Context, o Deps, id int64) error {
	it, err := Row(ctx, o.Store, id)
	if err != nil {
		return err
	}
	if err := refuseIfInSent(ctx, o, it); err != nil {
		return err
	}
	now := o.Clock.Now()
	if err := o.Store.RetryOutbox(ctx, id, now); err != nil {
		return outboxRequest(err)
	}
	if it.ActionID != 0 {
		ac, err := o.Store.Action(ctx, it.ActionID)
		if err == nil && (ac.State == followup.StateNeedsReview || ac.State == followup.StateFailed) {
			err = o.Store.SetActionState(ctx, ac.ID, followup.StatePending, "queued again by you", "", now)
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return o.Store.AddEvent(ctx, store.Event{At: now, InterviewID: it.InterviewID, Kind: "retry",
		Detail: fmt.Sprintf("message %d to %s queued again", id, it.FirstRecipient())})
}

// refuseIfInSent looks for a message that may have gone out (unknown, or
// held for review) in the Sent mailbox before the user's retry queues it
// again: one found there is not sent a second time. Without [imap] the
// user's word is taken as it is.
func refuseIfInSent(ctx context.Context, o Deps, it store.OutboxItem) error {
	if o.DialIMAP == nil || (it.State != store.OutboxUnknown && it.State != store.OutboxNeedsReview) {
		return nil
	}
	mb, err := o.DialIMAP(ctx)
	if err != nil {
		return fmt.Errorf("look for message %d in Sent before sending it again: %w", it.ID, err)
	}
	defer mb.Close()
	sent := mb.SentMailbox()
	if sent == "" {
		return nil
	}
	found, err := mb.HasMessageID(ctx, sent, it.MessageID)
	if err != nil {
		return fmt.Errorf("look for message %d in %s: %w", it.ID, sent, err)
	}
	if found {
		return usage.Errorf("message %d to %s is in your %s folder: it went out, so it is not sent again (`followup outbox drop %d` clears it)",
			it.ID, it.FirstRecipient(), sent, it.ID)
	}
	return nil
}

// Drop abandons a message that is not sent on the user's word; its
// follow-up is cancelled so that it is not planned again.
func Drop(ctx context.Context, o Deps, id int64) error {
	it, err := Row(ctx, o.Store, id)
	if err != nil {
		return err
	}
	now := o.Clock.Now()
	if err := o.Store.DropOutbox(ctx, id, now); err != nil {
		return outboxRequest(err)
	}
	if it.ActionID != 0 {
		ac, err := o.Store.Action(ctx, it.ActionID)
		if err == nil && (ac.State.Open() || ac.State == followup.StateFailed) {
			err = o.Store.SetActionState(ctx, ac.ID, followup.StateCancelled, "dropped by you", "", now)
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return o.Store.AddEvent(ctx, store.Event{At: now, InterviewID: it.InterviewID, Kind: "dropped",
		Detail: fmt.Sprintf("message %d to %s dropped", id, it.FirstRecipient())})
}

// Row is outbox message id; a request error when there is none.
func Row(ctx context.Context, st *store.Store, id int64) (store.OutboxItem, error) {
	it, err := st.OutboxByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return it, usage.Errorf("no message %d in the outbox: see `followup outbox`", id)
	}
	return it, err
}

// outboxRequest turns a refused transition into a request error that says
// which states allow it.
func outboxRequest(err error) error {
	var se *store.OutboxStateError
	if errors.As(err, &se) {
		names := make([]string, len(se.Allowed))
		for i, s := range se.Allowed {
			names[i] = string(s)
		}
		return usage.Errorf("message %d is %s: only %s messages can be changed that way", se.ID, se.State, strings.Join(names, ", "))
	}
	return err
}
