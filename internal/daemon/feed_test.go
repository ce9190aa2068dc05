package daemon

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/followup"
)

// TestDaemonKeepsTheCalendarFeed: with [calendar] feed set, the daemon
// writes the .ics file after its passes and rewrites it when an interview
// is added, so a calendar app subscribed to it follows along.
func TestDaemonKeepsTheCalendarFeed(t *testing.T) {
	h := newHarness(t, t0)
	feed := filepath.Join(t.TempDir(), "followup.ics")
	e := h.env(func(d *Deps) { d.FeedPath = feed })
	r := h.startWith(e)
	addInterview(t, e.Store, "Initech", t0.Add(24*time.Hour), pending("thank-you:jane@acme.example", followup.KindThankYou, t0.Add(26*time.Hour)))
	h.advance(time.Second) // the change poll kicks the loop
	b, err := os.ReadFile(feed)
	if err != nil || !strings.Contains(string(b), "BEGIN:VCALENDAR") || !strings.Contains(string(b), "Initech") {
		t.Fatalf("feed after adding an interview = %q, %v; want a calendar naming Initech", b, err)
	}
	if fi, err := os.Stat(feed); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("feed mode = %v, %v; want 0600", fi.Mode().Perm(), err)
	}
	r.stop(t)
}

// The feed is built again when what it shows changed, when it is gone or
// an hour old, and not on every pass over an unchanged store (the lease
// and other bookkeeping writes do not count).
func TestFeedRebuiltOnlyWhenItsDataChanged(t *testing.T) {
	h := newHarness(t, t0)
	feed := filepath.Join(t.TempDir(), "followup.ics")
	e := h.env(func(d *Deps) { d.FeedPath = feed })
	d := New(Options{Services: e})
	ctx := context.Background()
	addInterview(t, e.Store, "Initech", t0.Add(-48*time.Hour))
	now := t0.Add(time.Minute)
	feedAfter := func(at time.Time) string {
		t.Helper()
		d.writeFeed(ctx, e, at)
		b, _ := os.ReadFile(feed)
		return string(b)
	}
	if got := feedAfter(now); !strings.Contains(got, "Initech") {
		t.Fatalf("first feed = %q, want Initech in it", got)
	}
	stale := func() {
		if err := os.WriteFile(feed, []byte("stale"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	stale()
	if err := e.Store.SetMeta(ctx, "probe", "bookkeeping"); err != nil {
		t.Fatal(err)
	}
	if got := feedAfter(now.Add(time.Minute)); got != "stale" {
		t.Errorf("feed after a pass over unchanged interviews = %q, want it left as it was", got)
	}
	addInterview(t, e.Store, "Globex", t0.Add(-47*time.Hour))
	if got := feedAfter(now.Add(2 * time.Minute)); !strings.Contains(got, "Globex") {
		t.Errorf("feed after adding an interview = %q, want Globex in it", got)
	}
	stale()
	if got := feedAfter(now.Add(2*time.Minute + feedRefresh)); !strings.Contains(got, "Initech") {
		t.Errorf("feed an hour later = %q, want it built again", got)
	}
	if err := os.Remove(feed); err != nil {
		t.Fatal(err)
	}
	if got := feedAfter(now.Add(3*time.Minute + feedRefresh)); !strings.Contains(got, "Globex") {
		t.Errorf("feed after it was removed = %q, want it written again", got)
	}
}
