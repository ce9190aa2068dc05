package store

import (
	"testing"

	"github.com/followup-dev/followup/internal/followup"
)

func TestRecordSentWritesRowActionEventAndFiledMarksAtOnce(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	ivID, err := s.AddInterview(ctx, sample("Acme"), now)
	if err != nil {
		t.Fatal(err)
	}
	ac := followup.Action{Key: "thank-you:jane@acme.example", Kind: followup.KindThankYou, To: []string{"jane@acme.example"},
		Due: now, Zone: "Europe/Berlin", State: followup.StatePending}
	if err := s.SyncActions(ctx, ivID, []followup.Action{ac}, now); err != nil {
		t.Fatal(err)
	}
	acs, err := s.Actions(ctx, ivID)
	if err != nil || len(acs) != 1 {
		t.Fatalf("Actions = %v, %v; want one", acs, err)
	}
	first, second := outboxItem("r1@me.example"), outboxItem("r2@me.example")
	first.InterviewID, second.InterviewID = ivID, ivID
	second.ActionID = acs[0].ID
	a, b := enqueue(t, s, first), enqueue(t, s, second)
	claim(t, s, now)
	if err := s.RecordSent(ctx, a, now, SentRecord{CopyPending: true}); err != nil {
		t.Fatal(err)
	}
	ev := Event{At: now, InterviewID: ivID, Kind: "sent", Detail: "sent to jane@acme.example"}
	if err := s.RecordSent(ctx, b, now, SentRecord{CopyPending: true, Reason: "sent to jane@acme.example", Event: ev, Filed: []int64{a}}); err != nil {
		t.Fatal(err)
	}
	pending, err := s.SentCopiesPending(ctx)
	if err != nil || len(pending) != 1 || pending[0].ID != b {
		t.Errorf("SentCopiesPending = %v, %v; want only row %d (row %d's copy was filed)", pending, err, b, a)
	}
	got, err := s.Action(ctx, acs[0].ID)
	if err != nil || got.State != followup.StateSent || got.Reason != "sent to jane@acme.example" || got.MessageID != "r2@me.example" {
		t.Errorf("action after RecordSent = %+v, %v; want sent to jane with the message's id", got, err)
	}
	evs, err := s.EventsSince(ctx, now)
	if err != nil || len(evs) != 1 || evs[0].Kind != "sent" || evs[0].Detail != ev.Detail {
		t.Errorf("events after RecordSent = %+v, %v; want the one sent event", evs, err)
	}
	if err := s.RecordSent(ctx, b, now, SentRecord{}); err == nil {
		t.Error("RecordSent on a row already sent succeeded, want a state error")
	}
}
