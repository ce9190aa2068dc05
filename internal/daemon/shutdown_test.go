package daemon

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/digest"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/outbox"
	"github.com/followup-dev/followup/internal/store"
)

// stuckSender is an SMTP server that never answers: Send returns only when
// its context ends. It reports each call on calls.
type stuckSender struct{ calls chan context.Context }

func (s stuckSender) SendEach(ctx context.Context, msgs []mailer.Outgoing, each mailer.Each) []mailer.Result {
	return sendEach(ctx, s.Send, msgs, each)
}

func (s stuckSender) Send(ctx context.Context, msgs []mailer.Outgoing) []mailer.Result {
	s.calls <- ctx
	<-ctx.Done()
	out := make([]mailer.Result, len(msgs))
	for i, m := range msgs {
		out[i] = mailer.Result{MessageID: m.MessageID, Outcome: mailer.Transient, Err: ctx.Err()}
	}
	return out
}

// TestStopDuringStartup: SIGTERM while the start-up catch-up sends the
// digest missed during a week offline to a server that does not answer:
// the send is cancelled after the grace period and Run returns.
func TestStopDuringStartup(t *testing.T) {
	h := newHarness(t, t0)
	h.start().stop(t) // records the first digest slot
	h.clock.Advance(7 * 24 * time.Hour)
	e := h.env()
	stuck := stuckSender{calls: make(chan context.Context, 1)}
	e.Outbox.NewSender = func(context.Context) (outbox.Sender, error) { return stuck, nil }

	e.Digest.NewSender = func(context.Context) (digest.Sender, error) { return stuck, nil }
	ctx, cancel := context.WithCancel(context.Background())
	d := New(Options{Services: e, Clock: h.clock, Process: h.process, Grace: 5 * time.Second})
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	var work context.Context
	select {
	case work = <-stuck.calls: // the missed digest is being sent
	case <-time.After(waitLimit):
		t.Fatal("the missed digest was not sent on start")
	}
	cancel()
	cancelledAfterGrace(t, h.clock, work)
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run() = %v, want nil", err)
		}
	case <-time.After(waitLimit):
		t.Fatal("Run() did not return after the grace period")
	}
}

// TestStoreFileReplaced: when the store file is replaced under the daemon
// (a backup moved over it), the daemon's connections still see the old,
// unlinked file and would never see the CLI's changes again: the daemon
// stops with an error naming the file, so that its supervisor restarts it
// on the new one.
func TestStoreFileReplaced(t *testing.T) {
	h := newHarness(t, t0)
	e := h.env()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d := New(Options{Services: e, Clock: h.clock, Process: h.process, Grace: time.Second})
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	waitTimers(t, h.clock, 2) // the loop and the change poll are asleep
	backup := filepath.Join(t.TempDir(), "backup.db")
	st, err := store.Open(t.Context(), backup)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if err := os.Rename(backup, e.Store.Path()); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(waitLimit)
	for {
		made := h.clock.TimerMade()
		h.clock.Advance(DefaultPoll)
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "replaced") {
				t.Errorf("Run() after the store file was replaced = %v, want an error saying so", err)
			}
			return
		case <-made:
		case <-deadline:
			t.Fatal("Run() went on after the store file was replaced")
		}
	}
}
