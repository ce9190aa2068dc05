package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestLease(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	const ttl = 30 * time.Second
	a := Lease{PID: 100, Host: "laptop", Started: now}
	b := Lease{PID: 200, Host: "laptop", Started: now.Add(time.Second)}
	steps := []struct {
		name    string
		l       Lease
		at      time.Time
		wantOK  bool
		wantPID int
	}{
		{"first takes it", a, now, true, 100},
		{"second is refused while alive", b, now.Add(10 * time.Second), false, 100},
		{"first again renews", a, now.Add(20 * time.Second), true, 100},
		{"second takes over after the ttl", b, now.Add(20*time.Second + ttl), true, 200},
	}
	for _, st := range steps {
		held, ok, err := s.AcquireLease(ctx, st.l, st.at, ttl)
		if err != nil || ok != st.wantOK || held.PID != st.wantPID {
			t.Errorf("%s: AcquireLease(pid %d) = %+v, %v, %v; want pid %d, %v", st.name, st.l.PID, held, ok, err, st.wantPID, st.wantOK)
		}
	}
	if err := s.RenewLease(ctx, a, now.Add(time.Minute)); !errors.Is(err, ErrLeaseLost) {
		t.Errorf("RenewLease(lost lease) = %v, want ErrLeaseLost", err)
	}
	if err := s.RenewLease(ctx, b, now.Add(time.Minute)); err != nil {
		t.Errorf("RenewLease(own lease) = %v", err)
	}
	cur, ok, err := s.CurrentLease(ctx)
	if err != nil || !ok || cur.PID != 200 || !cur.Heartbeat.Equal(now.Add(time.Minute)) {
		t.Errorf("CurrentLease() = %+v, %v, %v; want pid 200 renewed at %v", cur, ok, err, now.Add(time.Minute))
	}
	if err := s.ReleaseLease(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.CurrentLease(ctx); !ok {
		t.Errorf("ReleaseLease(another's) removed the lease")
	}
	if err := s.ReleaseLease(ctx, b); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.CurrentLease(ctx); ok {
		t.Errorf("CurrentLease() after ReleaseLease(own) = ok, want none")
	}
}

func TestChangeMonitorSeesOtherConnections(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	m, err := s.NewChangeMonitor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if changed, err := m.Changed(ctx); err != nil || changed {
		t.Errorf("Changed() with no writes = %v, %v; want false", changed, err)
	}
	other, err := s.Reopen(ctx) // like the CLI in another process
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.AddInterview(ctx, sample("Acme"), now); err != nil {
		t.Fatal(err)
	}
	if changed, err := m.Changed(ctx); err != nil || !changed {
		t.Errorf("Changed() after another connection's write = %v, %v; want true", changed, err)
	}
	if changed, _ := m.Changed(ctx); changed {
		t.Errorf("Changed() twice = true, want false the second time")
	}
}

func TestDigestAndNoticeOutbox(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	slot := now.Add(-time.Hour)
	it := OutboxItem{MessageID: "d1@me.example", Recipient: "ana@me.example", Raw: rawMessage("d1@me.example")}
	id, err := s.EnqueueDigest(ctx, it, slot, now)
	if err != nil {
		t.Fatal(err)
	}
	if last, ok, err := s.LastDigest(ctx); err != nil || !ok || !last.Equal(slot) {
		t.Errorf("LastDigest() = %v, %v, %v; want %v", last, ok, err, slot)
	}
	if ids, err := s.DueUserMail(ctx, now); err != nil || len(ids) != 1 || ids[0] != id {
		t.Errorf("DueUserMail() = %v, %v; want [%d]", ids, err, id)
	}
	got, ok, err := s.ClaimOutboxByID(ctx, id, now)
	if err != nil || !ok || got.State != OutboxSending || got.Purpose != PurposeDigest || got.Attempts != 1 {
		t.Fatalf("ClaimOutboxByID(%d) = %+v, %v, %v; want a sending digest", id, got, ok, err)
	}
	if _, ok, err := s.ClaimOutboxByID(ctx, id, now); err != nil || ok {
		t.Errorf("ClaimOutboxByID(claimed row) = %v, %v; want not ok", ok, err)
	}
	if err := s.AddEvent(ctx, Event{At: now, Kind: "reply", Detail: "x"}); err != nil {
		t.Fatal(err)
	}
	evs, err := s.EventsToNotify(ctx, "reply", "bounce")
	if err != nil || len(evs) != 1 {
		t.Fatalf("EventsToNotify() = %v, %v; want one", evs, err)
	}
	n := OutboxItem{MessageID: "n1@me.example", Recipient: "ana@me.example", Raw: rawMessage("n1@me.example")}
	if _, err := s.EnqueueNotice(ctx, n, evs[0].ID, now); err != nil {
		t.Fatal(err)
	}
	if evs, err := s.EventsToNotify(ctx, "reply"); err != nil || len(evs) != 0 {
		t.Errorf("EventsToNotify() after EnqueueNotice = %v, %v; want none", evs, err)
	}
	if n, err := s.PruneEvents(ctx, now.Add(time.Second)); err != nil || n != 1 {
		t.Errorf("PruneEvents() = %d, %v; want 1", n, err)
	}
}

func TestLeaseAlive(t *testing.T) {
	const ttl = 30 * time.Second
	tests := []struct {
		beat time.Time
		want bool
	}{
		{time.Time{}, false},
		{now.Add(-29 * time.Second), true},
		{now.Add(-ttl), false},
		{now.Add(5 * time.Second), true}, // a little ahead: the clock was set back a little
		{now.Add(time.Hour), false},      // far ahead: written before the clock went back, never renewed since
	}
	for _, tt := range tests {
		l := Lease{PID: 1, Heartbeat: tt.beat}
		if got := l.Alive(now, ttl); got != tt.want {
			t.Errorf("Lease{Heartbeat: %v}.Alive(%v, %v) = %v, want %v", tt.beat, now, ttl, got, tt.want)
		}
	}
}

// TestLeasesOfEveryAccount: the whole store's Leases lists each account's
// lease under its name, the default account's under "".
func TestLeasesOfEveryAccount(t *testing.T) {
	all := openTemp(t)
	ctx := t.Context()
	at := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	for i, name := range []string{"", "ana", "ben"} {
		st, err := all.ForAccount(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, err := st.AcquireLease(ctx, Lease{PID: 100 + i, Host: "h"}, at, time.Minute); err != nil || !ok {
			t.Fatalf("AcquireLease(%q) = %v, %v", name, ok, err)
		}
	}
	got, err := all.Leases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"", "ana", "ben"} {
		if l, ok := got[name]; !ok || l.PID != 100+i || !l.Heartbeat.Equal(at) {
			t.Errorf("Leases()[%q] = %+v, %v; want pid %d, heartbeat %s", name, l, ok, 100+i, at)
		}
	}
	if len(got) != 3 {
		t.Errorf("Leases() = %d leases, want 3: %+v", len(got), got)
	}
}

// TestRenewLeasesInOneGo: the leases of many accounts are renewed in one
// statement; one another daemon took over is reported lost and left as
// that daemon wrote it.
func TestRenewLeasesInOneGo(t *testing.T) {
	all := openTemp(t)
	ctx := t.Context()
	at := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	var rs []LeaseRenewal
	for _, name := range []string{"", "ana", "ben"} {
		st, _ := all.ForAccount(name)
		l := Lease{PID: 7, Host: "h", Started: at}
		if _, ok, err := st.AcquireLease(ctx, l, at, time.Minute); err != nil || !ok {
			t.Fatalf("AcquireLease(%q) = %v, %v", name, ok, err)
		}
		l.Heartbeat = at // as AcquireLease wrote it
		rs = append(rs, LeaseRenewal{Account: name, Lease: l})
	}
	ben, _ := all.ForAccount("ben")
	other := Lease{PID: 8, Host: "h2", Started: at}
	if err := ben.TakeLease(ctx, other, at.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	next := at.Add(10 * time.Second)
	lost, err := all.RenewLeases(ctx, rs, next)
	if err != nil || len(lost) != 1 || lost[0] != "ben" {
		t.Fatalf("RenewLeases = %v, %v; want ben lost", lost, err)
	}
	got, _ := all.Leases(ctx)
	for _, name := range []string{"", "ana"} {
		if !got[name].Heartbeat.Equal(next) || got[name].PID != 7 {
			t.Errorf("%q after RenewLeases = %+v, want pid 7 with heartbeat %s", name, got[name], next)
		}
	}
	if got["ben"].PID != 8 || !got["ben"].Heartbeat.Equal(at.Add(time.Second)) {
		t.Errorf("ben after RenewLeases = %+v, want the other daemon's lease untouched", got["ben"])
	}
}

// TestRenewLeasesFailedChunkLosesNothing: a renewal that failed half-way
// (its first thousand leases renewed, the rest not) is no lost lease at
// the next renewal. (From a review.)
func TestRenewLeasesFailedChunkLosesNothing(t *testing.T) {
	all := openTemp(t)
	ctx := t.Context()
	at := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	var rs []LeaseRenewal
	for i := range renewChunk + 1 {
		name := fmt.Sprintf("a%04d", i)
		st, err := all.ForAccount(name)
		if err != nil {
			t.Fatal(err)
		}
		l := Lease{PID: 7, Host: "h", Started: at}
		if _, ok, err := st.AcquireLease(ctx, l, at, time.Minute); err != nil || !ok {
			t.Fatalf("AcquireLease(%q) = %v, %v", name, ok, err)
		}
		l.Heartbeat = at
		rs = append(rs, LeaseRenewal{Account: name, Lease: l})
	}
	// The second statement fails (here: a heartbeat JSON cannot encode;
	// in use, a dropped connection or a timeout).
	bad := rs[renewChunk]
	bad.Lease.Started = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	try := append(append([]LeaseRenewal{}, rs[:renewChunk]...), bad)
	if _, err := all.RenewLeases(ctx, try, at.Add(10*time.Second)); err == nil {
		t.Fatal("RenewLeases did not fail")
	}
	lost, err := all.RenewLeases(ctx, rs, at.Add(20*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if len(lost) > 0 {
		t.Errorf("after a failed renewal, %d leases no other daemon touched are reported lost (e.g. %q)", len(lost), lost[0])
	}
}
