package store

import (
	"errors"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/ics"
)

func TestInviteRoundTripAndDecide(t *testing.T) {
	s := openTemp(t)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	p := ics.Proposal{UID: "u1@example.com", Method: "REQUEST", Summary: "Final round", Start: time.Date(2026, 12, 3, 15, 0, 0, 0, berlin),
		Duration: time.Hour, Interviewers: []followup.Person{{Name: "Jane Roe", Email: "jane@acme.example", Role: followup.RoleInterviewer}}}
	inv, changed, err := s.ApplyInvite(t.Context(), p.UID, func(cur *Invite) InviteDecision {
		if cur != nil {
			t.Errorf("ApplyInvite: cur = %+v, want nil for a new UID", cur)
		}
		return InviteDecision{Next: &Invite{Method: p.Method, State: InviteProposed, Proposal: p, MessageID: "m1@acme.example",
			Received: now, Updated: now}, Events: []Event{{At: now, Kind: "invite", Detail: `"Final round"`}}}
	})
	if err != nil || !changed || inv.ID == 0 {
		t.Fatalf("ApplyInvite = %+v, %t, %v; want a new row", inv, changed, err)
	}
	got, err := s.GetInvite(t.Context(), inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Proposal.Start.Equal(p.Start) || got.Proposal.Start.Location().String() != "Europe/Berlin" ||
		got.Proposal.Interviewers[0].Role != followup.RoleInterviewer || got.State != InviteProposed {
		t.Errorf("GetInvite = %s (%s) %+v %s, want the stored start in Berlin, an interviewer, proposed",
			got.Proposal.Start, got.Proposal.Start.Location(), got.Proposal.Interviewers, got.State)
	}
	evs, _ := s.EventsSince(t.Context(), time.Time{})
	if len(evs) != 1 || evs[0].Detail != `invite 1: "Final round"` {
		t.Fatalf("events = %+v, want one with detail %q", evs, `invite 1: "Final round"`)
	}
	if id, ok := InviteOfEvent(evs[0]); !ok || id != inv.ID {
		t.Errorf("InviteOfEvent(%+v) = %d, %t; want %d", evs[0], id, ok, inv.ID)
	}
	if err := s.DecideInvite(t.Context(), inv.ID, InviteProposed, InviteDismissed, "", now); err != nil {
		t.Fatal(err)
	}
	if err := s.DecideInvite(t.Context(), inv.ID, InviteProposed, InviteAccepted, "", now); !errors.Is(err, ErrInviteChanged) {
		t.Errorf("DecideInvite(no longer proposed) = %v, want ErrInviteChanged", err)
	}
	if _, err := s.GetInvite(t.Context(), 99); !errors.Is(err, ErrNotFound) {
		t.Errorf("GetInvite(99) = %v, want ErrNotFound", err)
	}
	if invs, err := s.Invites(t.Context(), InviteProposed); err != nil || len(invs) != 0 {
		t.Errorf("Invites(proposed) = %d, %v; want none after dismissing", len(invs), err)
	}
}
