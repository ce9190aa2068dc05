package setup_test

import (
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/cli/clitest"
	"github.com/followup-dev/followup/internal/store"
)

// envWithStore is an environment with one interview added, and its store
// open beside the commands.
func envWithStore(t *testing.T) (*clitest.Env, *store.Store) {
	t.Helper()
	e := clitest.NewEnv(t)
	e.MustRun(clitest.AddArgs...) // creates the store
	st, err := store.Open(t.Context(), e.DBPath())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return e, st
}

// TestStatusStaleLease: the lease of a daemon that died (killed -9, so it
// never released it) is reported as not running, with when it was last
// seen, also when its heartbeat lies ahead because the clock was set back.
func TestStatusStaleLease(t *testing.T) {
	tests := []struct {
		name string
		beat time.Duration // the dead daemon's last heartbeat, relative to now
	}{
		{"heartbeat five minutes ago", -5 * time.Minute},
		{"heartbeat an hour ahead", time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, st := envWithStore(t)
			dead := store.Lease{PID: 4242, Host: "laptop", Started: e.Now.Add(-24 * time.Hour)}
			if _, ok, err := st.AcquireLease(t.Context(), dead, e.Now.Add(tt.beat), time.Second); err != nil || !ok {
				t.Fatalf("AcquireLease() = %v, %v", ok, err)
			}
			if v := clitest.StatusOf(t, e); v.Daemon.Running || v.Daemon.PID != 4242 || v.Daemon.Heartbeat == nil {
				t.Errorf("status --json daemon = %+v, want not running, pid 4242 with its last heartbeat", v.Daemon)
			}
			if out := e.MustRun("status"); !strings.Contains(out, "not running (pid 4242 last seen") {
				t.Errorf("status = %q, want not running, pid 4242 last seen", out)
			}
		})
	}
}

// TestStatusSaysWhenNewMailWasRead: a mailbox's time is when new mail was
// last read (a check that finds nothing new writes nothing), and the line
// says so instead of "synced", which read as a daemon that stopped looking.
func TestStatusSaysWhenNewMailWasRead(t *testing.T) {
	e, st := envWithStore(t)
	if err := st.SetIMAPState(t.Context(), "INBOX", 7, 42, e.Now.Add(-3*time.Hour), "ok"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetIMAPState(t.Context(), "Archive", 8, 1, e.Now.Add(-time.Hour), "error: mailbox cannot be opened"); err != nil {
		t.Fatal(err)
	}
	out := e.MustRun("status")
	if !strings.Contains(out, "INBOX: new mail last read") || strings.Contains(out, "synced") {
		t.Errorf("status = %q, want INBOX's line to say when new mail was last read", out)
	}
	if !strings.Contains(out, "Archive: error: mailbox cannot be opened (since") || strings.Contains(out, "Archive: new mail") {
		t.Errorf("status = %q, want Archive's line to give the error and since when, not a read", out)
	}
}
