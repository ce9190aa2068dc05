package store

import (
	"fmt"
	"testing"

	"github.com/followup-dev/followup/internal/followup"
)

func TestNextPendingOf(t *testing.T) {
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
	next, err := s.NextPendingOf(ctx, []string{acme, globex})
	if err != nil {
		t.Fatal(err)
	}
	if len(next) != 1 || next[acme].Key != "check-in:1" || next[acme].Due.Location().String() != "Europe/Berlin" {
		t.Errorf("NextPendingOf() = %+v, want only %s's check-in, in Europe/Berlin", next, acme)
	}
}

func TestNextPendingOfTakesTheEarliestAcrossChunks(t *testing.T) {
	const chunked = 503 // more ids than one IN list of 500 takes
	s := openTemp(t)
	ctx := t.Context()
	var ids []string
	for i := range chunked {
		iv := sample("Acme")
		iv.ID = ""
		iv.Company = fmt.Sprintf("Co %d", i)
		id, err := s.AddInterview(ctx, iv, now)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
		if i%2 == 1 {
			continue // nothing pending
		}
		if err := s.SyncActions(ctx, id, []followup.Action{
			planned("networking:2", followup.KindNetworking, "2026-12-14T08:00:00Z", followup.StatePending, "quiet"),
			planned("check-in:1", followup.KindCheckIn, "2026-11-30T08:00:00Z", followup.StatePending, "promised"),
		}, now); err != nil {
			t.Fatal(err)
		}
	}
	next, err := s.NextPendingOf(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if want := (chunked + 1) / 2; len(next) != want {
		t.Fatalf("NextPending() has %d interviews, want %d", len(next), want)
	}
	for i, id := range ids {
		ac, ok := next[id]
		if ok != (i%2 == 0) || ok && ac.Key != "check-in:1" {
			t.Errorf("NextPendingOf()[%d] = %+v, %v; want the check-in only for even interviews", i, ac, ok)
		}
	}
}

func TestListSummariesMatchesListInterviews(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	for _, co := range []string{"Globex", "Acme"} {
		if _, err := s.AddInterview(ctx, sample(co), now); err != nil {
			t.Fatal(err)
		}
	}
	ivs, err := s.ListInterviews(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	sums, err := s.ListSummaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != len(ivs) {
		t.Fatalf("ListSummaries() = %d, want %d", len(sums), len(ivs))
	}
	for i, iv := range ivs {
		sm := sums[i]
		if sm.ID != iv.ID || sm.Company != iv.Company || sm.Role != iv.Role || !sm.Start.Equal(iv.Start) ||
			sm.Start.Location().String() != iv.Start.Location().String() || sm.CurrentStatus(now) != iv.CurrentStatus(now) {
			t.Errorf("summary %d = %+v, want the fields of %+v", i, sm, iv)
		}
	}
}
