package daemon

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/mailauth"
	"github.com/followup-dev/followup/internal/store"
)

// lockedBuffer is a log sink safe for the daemon's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestDaemonSignedOut: while the OAuth2 sign-in is revoked the daemon keeps
// running, queues the due follow-up but sends nothing, logs one error
// however many passes go by, and sends as soon as the user has signed in.
func TestDaemonSignedOut(t *testing.T) {
	h := newHarness(t, t0)
	h.cfg.Policy.AutoSend = true
	h.cfg.Policy.SendWindow.Start, h.cfg.Policy.SendWindow.End = 0, 24*60
	h.cfg.Calendar.Workdays = []time.Weekday{0, 1, 2, 3, 4, 5, 6}
	var logs lockedBuffer
	var signedIn atomic.Bool
	e := h.env(func(d *Deps) {
		d.Log = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
		d.NewSender = func(context.Context) (Sender, error) {
			if !signedIn.Load() {
				return nil, fmt.Errorf("[smtp]: [oauth2.g]: the provider refused the refresh token (invalid_grant): %w: run `followup login g`", mailauth.ErrLoginRequired)
			}
			return h.sender, nil
		}
	})
	r := h.startWith(e)
	id := addInterview(t, e.Store, "Acme", t0.Add(-3*time.Hour), pending("thank-you:jane@acme.example", followup.KindThankYou, t0.Add(time.Minute)))
	for range 3 {
		h.advance(2 * time.Minute)
	}
	if n := len(h.sender.subjects()); n != 0 {
		t.Fatalf("sent while signed out: %d messages, want none", n)
	}
	if got := strings.Count(logs.String(), "level=ERROR"); got != 1 || !strings.Contains(logs.String(), "followup login") {
		t.Errorf("log while signed out over 3 passes = %q, want exactly one error saying to log in", logs.String())
	}
	rows, err := e.Store.ListOutbox(context.Background(), store.OutboxQueued, store.OutboxDeferred)
	if err != nil || len(rows) != 1 {
		t.Errorf("outbox while signed out = %d waiting rows (%v), want the follow-up waiting", len(rows), err)
	}
	signedIn.Store(true)
	h.advance(2 * time.Minute)
	if got := draftsOf(t, e.Store, id); got["thank-you:jane@acme.example"] != 1 || len(h.sender.subjects()) != 1 {
		t.Errorf("after signing in: %v recorded, %d sent; want the thank-you sent once", got, len(h.sender.subjects()))
	}
	r.stop(t)
}

// startWith runs a new Daemon over e and returns once its first pass is done.
func (h *harness) startWith(e *Services) *running {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	d := New(Options{Services: e, Clock: h.clock, Process: h.process, Grace: time.Second,
		OnPass: func(now time.Time) {
			select {
			case h.passes <- now:
			default:
			}
		}})
	r := &running{d: d, e: e, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- d.Run(ctx) }()
	h.t.Cleanup(func() { r.stop(h.t) })
	h.current = r
	h.waitPass()
	return r
}
