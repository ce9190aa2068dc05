package daemon

import (
	"errors"
	"log/slog"
	"testing"

	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/store/storetest"
)

// TestHeartbeatsRenewEveryClaimAndReportTheLost: the shared claims of a
// process are renewed together; one whose lease another daemon took over
// is told, once, and renewed no more.
func TestHeartbeatsRenewEveryClaimAndReportTheLost(t *testing.T) {
	all := storetest.Open(t, store.Open, store.OpenPostgres)
	ctx := t.Context()
	h := NewHeartbeats(all, clock.NewFake(t0), slog.New(slog.DiscardHandler))
	lost := map[string]int{}
	for _, name := range []string{"ana", "ben"} {
		st, _ := all.ForAccount(name)
		c, err := ClaimShared(ctx, st, t0)
		if err != nil {
			t.Fatal(err)
		}
		h.add(c, func(err error) {
			if !errors.Is(err, store.ErrLeaseLost) {
				t.Errorf("%s: lost with %v, want ErrLeaseLost", name, err)
			}
			lost[name]++
		})
	}
	h.renew(ctx, t0.Add(LeaseHeartbeat))
	leases, err := all.Leases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"ana", "ben"} {
		if !leases[name].Heartbeat.Equal(t0.Add(LeaseHeartbeat)) {
			t.Errorf("%s's heartbeat after a renewal = %s, want %s", name, leases[name].Heartbeat, t0.Add(LeaseHeartbeat))
		}
	}
	// Another daemon takes ben over (it thought the lease stale).
	ben, _ := all.ForAccount("ben")
	if err := ben.TakeLease(ctx, store.Lease{PID: 1, Host: "elsewhere", Started: t0}, t0.Add(LeaseTTL)); err != nil {
		t.Fatal(err)
	}
	h.renew(ctx, t0.Add(2*LeaseHeartbeat))
	h.renew(ctx, t0.Add(3*LeaseHeartbeat))
	if lost["ben"] != 1 || lost["ana"] != 0 {
		t.Errorf("lost calls = %v, want ben once and ana never", lost)
	}
	leases, _ = all.Leases(ctx)
	if !leases["ana"].Heartbeat.Equal(t0.Add(3*LeaseHeartbeat)) || leases["ben"].Host != "elsewhere" {
		t.Errorf("after the takeover: ana %+v, ben %+v; want ana renewed, ben the other daemon's", leases["ana"], leases["ben"])
	}
}

// TestHeartbeatsGiveUpWhenTheStoreIsOutOfReach: leases that cannot be
// renewed for LeaseTTL-LeaseHeartbeat stop their daemons, before another
// daemon may take them over.
func TestHeartbeatsGiveUpWhenTheStoreIsOutOfReach(t *testing.T) {
	where := storetest.Where(t)
	ctx := t.Context()
	all, err := storetest.OpenAt(ctx, where, store.Open, store.OpenPostgres)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := all.ForAccount("ana")
	c, err := ClaimShared(ctx, st, t0)
	if err != nil {
		t.Fatal(err)
	}
	// The heartbeats' own connection to the store, closed: every renewal
	// fails as when the store is out of reach.
	gone, err := storetest.OpenAt(ctx, where, store.Open, store.OpenPostgres)
	if err != nil {
		t.Fatal(err)
	}
	gone.Close()
	all.Close()
	h := NewHeartbeats(gone, clock.NewFake(t0), slog.New(slog.DiscardHandler))
	stopped := 0
	h.add(c, func(err error) {
		if !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("stopped with %v, want ErrLeaseLost", err)
		}
		stopped++
	})
	h.renew(ctx, t0.Add(LeaseHeartbeat))
	if stopped != 0 {
		t.Fatalf("stopped after one failed renewal, want it kept")
	}
	h.renew(ctx, t0.Add(LeaseTTL-LeaseHeartbeat))
	h.renew(ctx, t0.Add(LeaseTTL))
	if stopped != 1 {
		t.Errorf("stopped %d times after %s without a renewal, want once", stopped, LeaseTTL-LeaseHeartbeat)
	}
}
