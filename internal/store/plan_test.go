package store

import (
	"errors"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/classify"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/followup/reply"
)

func planned(key string, kind followup.ActionKind, due string, state followup.ActionState, reason string) followup.Action {
	t, _ := time.Parse(time.RFC3339, due)
	return followup.Action{Key: key, Kind: kind, To: []string{"jane@acme.example"}, Due: t, Zone: "Europe/Berlin", State: state, Reason: reason}
}

func statesByKey(t *testing.T, s *Store, id string) map[string]followup.Action {
	t.Helper()
	acs, err := s.Actions(t.Context(), id)
	if err != nil {
		t.Fatalf("Actions(%s) = %v", id, err)
	}
	m := map[string]followup.Action{}
	for _, ac := range acs {
		m[ac.Key] = ac
	}
	return m
}

func TestSyncActions(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	id, err := s.AddInterview(ctx, sample("Acme"), now)
	if err != nil {
		t.Fatal(err)
	}
	first := []followup.Action{
		planned("thank-you:jane@acme.example", followup.KindThankYou, "2026-11-20T15:00:00Z", followup.StatePending, "thank-you 2h after the interview"),
		planned("check-in:1", followup.KindCheckIn, "2026-11-30T08:00:00Z", followup.StatePending, "they promised by Fri 27 Nov"),
		planned("networking:2", followup.KindNetworking, "2026-12-14T08:00:00Z", followup.StatePending, "nothing heard"),
	}
	if err := s.SyncActions(ctx, id, first, now); err != nil {
		t.Fatalf("SyncActions(first) = %v", err)
	}
	before := statesByKey(t, s, id)
	if len(before) != 3 || before["check-in:1"].Due.Location().String() != "Europe/Berlin" {
		t.Fatalf("after first sync: %+v, want 3 actions in Europe/Berlin", before)
	}
	ty := before["thank-you:jane@acme.example"]
	if err := s.SetActionState(ctx, ty.ID, followup.StateSent, "sent", "abc@followup", now.Add(time.Hour)); err != nil {
		t.Fatalf("SetActionState = %v", err)
	}
	later := now.Add(24 * time.Hour)
	second := []followup.Action{
		// A stale plan that still thinks the thank-you is pending must not undo the send.
		planned("thank-you:jane@acme.example", followup.KindThankYou, "2026-11-23T08:00:00Z", followup.StatePending, "stale"),
		planned("check-in:1", followup.KindCheckIn, "2026-12-07T08:00:00Z", followup.StatePending, "they promised by Fri 4 Dec"),
		planned("networking:2", followup.KindNetworking, "2026-12-14T08:00:00Z", followup.StatePending, "nothing heard"),
		planned("networking:3", followup.KindNetworking, "2026-12-28T08:00:00Z", followup.StateCancelled, "no longer planned"),
	}
	if err := s.SyncActions(ctx, id, second, later); err != nil {
		t.Fatalf("SyncActions(second) = %v", err)
	}
	after := statesByKey(t, s, id)
	if got := after["thank-you:jane@acme.example"]; got.State != followup.StateSent || got.Reason != "sent" || got.MessageID != "abc@followup" {
		t.Errorf("sent thank-you after sync = %+v, want untouched (sent, abc@followup)", got)
	}
	if got := after["check-in:1"]; got.ID != before["check-in:1"].ID || got.Due.UTC().Format(time.RFC3339) != "2026-12-07T08:00:00Z" || !got.UpdatedAt.Equal(later) {
		t.Errorf("check-in after sync = %+v, want same id, due 2026-12-07T08:00:00Z, updated %s", got, later)
	}
	if got := after["networking:2"]; !got.UpdatedAt.Equal(now) {
		t.Errorf("unchanged networking:2 updated = %s, want %s (not rewritten)", got.UpdatedAt, now)
	}
	if got := after["networking:3"]; got.State != followup.StateCancelled {
		t.Errorf("networking:3 = %+v, want cancelled", got)
	}
	due, err := s.ActionsDueBetween(ctx, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC))
	if err != nil || len(due) != 2 || due[0].Key != "check-in:1" || due[1].Key != "networking:2" {
		t.Errorf("ActionsDueBetween(1 Dec, 15 Dec) = %d actions (%v), want check-in:1 and networking:2", len(due), err)
	}
	if err := s.SetActionState(ctx, 9999, followup.StateSent, "", "", now); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetActionState(9999) = %v, want ErrNotFound", err)
	}
}

// TestSyncActionsStalePlanKeepsAnswerCancel: a plan computed from the
// history before an answer cancelled a follow-up (the daemon's watcher and
// a replan run at the same time) does not bring that follow-up back.
func TestSyncActionsStalePlanKeepsAnswerCancel(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	id, err := s.AddInterview(ctx, sample("Acme"), now)
	if err != nil {
		t.Fatal(err)
	}
	first := []followup.Action{planned("check-in:1", followup.KindCheckIn, "2026-11-30T08:00:00Z", followup.StatePending, "they promised by Fri 27 Nov")}
	if err := s.SyncActions(ctx, id, first, now); err != nil {
		t.Fatal(err)
	}
	history, err := s.Actions(ctx, id) // the planner reads the history …
	if err != nil {
		t.Fatal(err)
	}
	ci := history[0]
	answered := now.Add(time.Hour) // … an answer cancels the check-in …
	_, err = s.RecordReply(ctx, ReplyRecord{InterviewID: id, Seen: answered,
		Result: classify.Result{Class: classify.Reply, Message: classify.Message{MessageID: "answer-1@acme.example"}},
		Effect: reply.Effect{Kind: reply.EffectReply, Status: followup.StatusReplied, Actions: []followup.Action{
			{ID: ci.ID, Key: ci.Key, Due: ci.Due, Zone: ci.Zone, State: followup.StateCancelled, Reason: "reply from jane@acme.example"}}}})
	if err != nil {
		t.Fatal(err)
	}
	ci.Due, ci.Reason = ci.Due.Add(7*24*time.Hour), "they promised by Fri 4 Dec" // … and the plan from before it is written.
	if err := s.SyncActions(ctx, id, []followup.Action{ci}, answered.Add(time.Minute)); !errors.Is(err, ErrStalePlan) {
		t.Errorf("SyncActions(plan from before the answer) = %v, want ErrStalePlan", err)
	}
	if got := statesByKey(t, s, id)["check-in:1"]; got.State != followup.StateCancelled || got.Reason != "reply from jane@acme.example" {
		t.Errorf("check-in:1 after a stale plan = %s %q, want still cancelled by the reply", got.State, got.Reason)
	}
}
