package daemon

import (
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
