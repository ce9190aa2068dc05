package daemon

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/store/sqldb"
	"github.com/followup-dev/followup/internal/store/storetest"
)

// TestDaemonStartsAfterCrash: a daemon killed with -9 leaves its lease row
// behind but not its file lock. A new daemon on the same host starts at
// once, whatever the dead one's heartbeat says: renewed a moment ago (a
// restart within the TTL) or in the future (the clock was set back after
// the crash, an NTP correction).
func TestDaemonStartsAfterCrash(t *testing.T) {
	host, _ := os.Hostname()
	tests := []struct {
		name string
		beat time.Duration // the dead daemon's heartbeat, relative to now
	}{
		{"heartbeat a second ago", -time.Second},
		{"heartbeat an hour ahead", time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, t0)
			st := h.env().Store
			dead := store.Lease{PID: os.Getpid() + 1, Host: host, Started: t0.Add(-time.Hour)}
			if _, ok, err := st.AcquireLease(t.Context(), dead, t0.Add(tt.beat), LeaseTTL); err != nil || !ok {
				t.Fatalf("AcquireLease(dead daemon) = %v, %v", ok, err)
			}
			claim, err := ClaimStore(t.Context(), st, t0)
			if err != nil {
				t.Fatalf("ClaimStore() after a crash = %v, want the store claimed", err)
			}
			defer claim.Release(t.Context())
			if l, _, _ := st.CurrentLease(t.Context()); l.PID != os.Getpid() {
				t.Errorf("lease after ClaimStore() names pid %d, want %d", l.PID, os.Getpid())
			}
		})
	}
}

// TestHeartbeatFollowsClockJumps: when the wall clock jumps (set back by
// NTP, or forward on waking from suspend), the running daemon's lease is
// renewed with the new time at the next change poll, so that `followup
// status` does not call a live daemon dead.
func TestHeartbeatFollowsClockJumps(t *testing.T) {
	for _, jump := range []time.Duration{-time.Hour, 3 * 24 * time.Hour} {
		t.Run(jump.String(), func(t *testing.T) {
			h := newHarness(t, t0)
			r := h.start()
			waitTimers(t, h.clock, 2) // the loop and the change poll are asleep
			h.clock.Jump(jump)
			h.clock.Advance(DefaultPoll) // one change poll at the new time
			deadline := time.After(waitLimit)
			for {
				// Taken before the lease is read: a poll that renews it
				// after the read makes its next timer after this.
				made := h.clock.TimerMade()
				l, _, err := r.e.Store.CurrentLease(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				if l.Alive(h.clock.Now(), LeaseTTL) {
					return
				}
				select {
				case <-made: // the poll went round: look again
				case <-deadline:
					t.Fatalf("lease heartbeat %v after the clock jumped to %v, want renewed", l.Heartbeat, h.clock.Now())
				}
			}
		})
	}
}

// TestOneDaemonPerAccount: the daemons of two accounts of one store run
// side by side; a second daemon of the same account is refused.
func TestOneDaemonPerAccount(t *testing.T) {
	all := newHarness(t, t0).env().Store
	claims := map[string]*Claim{}
	for _, name := range []string{"", "uni"} {
		st, err := all.ForAccount(name)
		if err != nil {
			t.Fatal(err)
		}
		c, err := ClaimStore(t.Context(), st, t0)
		if err != nil {
			t.Fatalf("ClaimStore(account %q) = %v, want each account its own daemon", name, err)
		}
		claims[name] = c
	}
	uni, _ := all.ForAccount("uni")
	var running *RunningError
	if _, err := ClaimStore(t.Context(), uni, t0); !errors.As(err, &running) {
		t.Errorf("a second daemon of uni: ClaimStore = %v, want a RunningError", err)
	}
	for _, c := range claims {
		if err := c.Release(t.Context()); err != nil {
			t.Error(err)
		}
	}
}

// TestSharedClaimIsTakenOverWhenStale: on a store several daemons share,
// an account's lease is its claim: refused while its heartbeat is fresh,
// taken over once it is LeaseTTL old, and the old holder then learns it
// lost it.
func TestSharedClaimIsTakenOverWhenStale(t *testing.T) {
	st, err := newHarness(t, t0).env().Store.ForAccount("uni")
	if err != nil {
		t.Fatal(err)
	}
	first, err := ClaimShared(t.Context(), st, t0)
	if err != nil {
		t.Fatal(err)
	}
	var running *RunningError
	if _, err := ClaimShared(t.Context(), st, t0.Add(LeaseTTL/2)); !errors.As(err, &running) {
		t.Fatalf("ClaimShared while the lease is fresh = %v, want a RunningError", err)
	}
	second, err := ClaimShared(t.Context(), st, t0.Add(LeaseTTL+time.Second))
	if err != nil {
		t.Fatalf("ClaimShared once the lease is stale = %v, want it taken over", err)
	}
	defer second.Release(t.Context())
	if err := first.Renew(t.Context(), t0.Add(LeaseTTL+2*time.Second)); !errors.Is(err, store.ErrLeaseLost) {
		t.Errorf("the old holder's Renew = %v, want ErrLeaseLost", err)
	}
}

// TestOneAccountDaemonWaitsForASharedOnesLease: on PostgreSQL a daemon of
// one account does not take over the lease a daemon of all accounts holds
// on the same host (that one holds no lock to tell it is alive).
func TestOneAccountDaemonWaitsForASharedOnesLease(t *testing.T) {
	st, err := storetest.Open(t, store.Open, store.OpenPostgres).ForAccount("uni")
	if err != nil {
		t.Fatal(err)
	}
	if st.Dialect() != sqldb.Postgres {
		t.Skip("PostgreSQL only: on SQLite a daemon of all accounts holds the file lock too")
	}
	shared, err := ClaimShared(t.Context(), st, t0)
	if err != nil {
		t.Fatal(err)
	}
	defer shared.Release(t.Context())
	var running *RunningError
	if _, err := ClaimStore(t.Context(), st, t0.Add(time.Second)); !errors.As(err, &running) {
		t.Errorf("ClaimStore beside a live shared claim = %v, want a RunningError", err)
	}
}
