package outbox

import (
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
)

// TestWrongSMTPSettingsHoldTheBatch: a server that cannot be secured as
// configured (no STARTTLS; plain text on a port set up for TLS) is the
// settings' fault, not the addresses': no message is marked failed, the
// whole batch waits for review with a reason naming the settings, and one
// `outbox retry --all` after the fix sends them.
func TestWrongSMTPSettingsHoldTheBatch(t *testing.T) {
	for _, sec := range []config.Security{config.SecurityStartTLS, config.SecurityTLS} {
		t.Run(string(sec), func(t *testing.T) {
			f := newSendFixture(t, true, nil) // a plain-text server
			f.e.Config.SMTP.Security = sec
			rep := f.pass()
			if rep.Failed != 0 || rep.Sent != 0 || rep.NeedsReview != 2 || f.srv.Connections() > 1 {
				t.Fatalf("ProcessOnce() with %s against a plain server = %+v over %d connections; want both held, none failed, one connection at most",
					sec, rep, f.srv.Connections())
			}
			for _, it := range f.rows() {
				if it.State != store.OutboxNeedsReview || !strings.Contains(it.LastError, "[smtp] server settings") || !strings.Contains(it.LastError, "retry --all") {
					t.Errorf("row %d = %s %q, want needs-review naming the settings and retry --all", it.ID, it.State, it.LastError)
				}
			}
			if got := f.state(janeKey); got == followup.StateFailed {
				t.Errorf("thank-you = %s, want not failed", got)
			}
			f.e.Config.SMTP.Security = config.SecurityNone // the fix
			if n, err := f.e.RetryAll(t.Context()); err != nil || n != 2 {
				t.Fatalf("RetryAll = %d, %v; want 2 queued", n, err)
			}
			if rep := f.pass(); rep.Sent != 2 || len(f.srv.Messages()) != 2 {
				t.Errorf("ProcessOnce() after the fix = %+v with %d delivered, want 2 sent", rep, len(f.srv.Messages()))
			}
		})
	}
}
