package store

import (
	"testing"

	"github.com/followup-dev/followup/internal/followup"
)

func TestNextPendingByInterview(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	acme, err := s.AddInterview(ctx, sample("Acme"), now)
	if err != nil {
		t.Fatal(err)
	}
	globex, err := s.AddInterview(ctx, sample("Globex"), now)
	if err != nil {
		t.Fatal(err)
	}
	err = s.SyncActions(ctx, acme, []followup.Action{
		planned("thank-you:jane@acme.example", followup.KindThankYou, "2026-11-20T15:00:00Z", followup.StateSent, "sent"),
		planned("networking:2", followup.KindNetworking, "2026-12-14T08:00:00Z", followup.StatePending, "nothing heard"),
		planned("check-in:1", followup.KindCheckIn, "2026-11-30T08:00:00Z", followup.StatePending, "they promised"),
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SyncActions(ctx, globex, []followup.Action{
		planned("check-in:1", followup.KindCheckIn, "2026-11-30T08:00:00Z", followup.StateCancelled, "replied"),
	}, now); err != nil {
		t.Fatal(err)
	}
	next, err := s.NextPendingByInterview(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(next) != 1 || next[acme].Key != "check-in:1" || next[acme].Due.Location().String() != "Europe/Berlin" {
		t.Errorf("NextPendingByInterview() = %+v, want only %s's check-in, in Europe/Berlin", next, acme)
	}
}
