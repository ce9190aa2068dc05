package outbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/followup-dev/followup/internal/store"
)

// PausedKey is the meta row that pauses all sending; it holds the time of
// the pause, "" when sending runs.
const PausedKey = "paused"

// Pause stops all sending until Resume. Drafts are still made: they send
// nothing. Follow-ups that fall due while paused wait; with auto_send they
// are not queued, so one overdue by more than stale_after when sending
// resumes needs review instead of going out late.
func (o *Outbox) Pause(ctx context.Context) error {
	if err := o.Store.SetMeta(ctx, PausedKey, store.FormatTime(o.Clock.Now())); err != nil {
		return err
	}
	o.log().Info("sending paused")
	return o.Store.AddEvent(ctx, store.Event{At: o.Clock.Now(), Kind: "paused", Detail: "sending paused"})
}

// Resume lets sending run again.
func (o *Outbox) Resume(ctx context.Context) error {
	if err := o.Store.SetMeta(ctx, PausedKey, ""); err != nil {
		return err
	}
	o.log().Info("sending resumed")
	return o.Store.AddEvent(ctx, store.Event{At: o.Clock.Now(), Kind: "resumed", Detail: "sending resumed"})
}

// Paused reports whether sending is paused and since when.
func (o *Outbox) Paused(ctx context.Context) (since time.Time, paused bool, err error) {
	v, ok, err := o.Store.Meta(ctx, PausedKey)
	if err != nil || !ok || v == "" {
		return time.Time{}, false, err
	}
	since, _ = store.ParseTime(v)
	return since, true, nil
}

// lockSending takes the store's send lock (an OS file lock next to the
// database, or a PostgreSQL advisory lock), which ends with the process
// however it ends. While it is held
// no other process claims or reconciles follow-up messages, so a row found
// in sending is one a crash left behind.
func (o *Outbox) lockSending(ctx context.Context) (unlock func(), err error) {
	l, err := o.Store.TryLock(ctx, "send.lock")
	if errors.Is(err, store.ErrLocked) {
		return nil, ErrBusy
	}
	if err != nil {
		return nil, fmt.Errorf("send lock: %w", err)
	}
	return l.Unlock, nil
}
