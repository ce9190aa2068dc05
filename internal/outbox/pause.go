package outbox

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
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

// lockSending takes the store's send lock: an OS file lock next to the
// database, which ends with the process however it ends. While it is held
// no other process claims or reconciles follow-up messages, so a row found
// in sending is one a crash left behind.
func (o *Outbox) lockSending() (unlock func(), err error) {
	path := o.Store.Path() + ".send.lock"
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open send lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrBusy
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return func() { f.Close() }, nil
}
