package store

import (
	"testing"

	"github.com/followup-dev/followup/internal/followup"
)

func TestRecordDraft(t *testing.T) {
	tests := []struct {
		name      string
		state     followup.ActionState
		wantState followup.ActionState
		wantID    string
	}{
		{"pending becomes drafted", followup.StatePending, followup.StateDrafted, "d1@example.org"},
		{"needs-review becomes drafted", followup.StateNeedsReview, followup.StateDrafted, "d1@example.org"},
		{"sent stays sent", followup.StateSent, followup.StateSent, ""},
		{"cancelled stays cancelled", followup.StateCancelled, followup.StateCancelled, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTemp(t)
			ctx := t.Context()
			id, err := s.AddInterview(ctx, sample("Acme"), now)
			if err != nil {
				t.Fatal(err)
			}
			ac := planned("thank-you:jane@acme.example", followup.KindThankYou, "2026-11-20T18:00:00Z", tt.state, "")
			ac.To = []string{"jane@acme.example"}
			if err := s.SyncActions(ctx, id, []followup.Action{ac}, now); err != nil {
				t.Fatal(err)
			}
			acs, _ := s.Actions(ctx, id)
			d := Draft{MessageID: "d1@example.org", InterviewID: id, ActionID: acs[0].ID, Kind: "thank-you",
				Recipient: "jane@acme.example", Subject: "Thank you", Location: "stdout", At: now}
			for range 2 { // recording twice keeps one row
				if err := s.RecordDraft(ctx, d); err != nil {
					t.Fatalf("RecordDraft = %v", err)
				}
			}
			got, _ := s.Action(ctx, acs[0].ID)
			if got.State != tt.wantState || got.MessageID != tt.wantID {
				t.Errorf("action after RecordDraft = %s %q, want %s %q", got.State, got.MessageID, tt.wantState, tt.wantID)
			}
			msgs, err := s.Messages(ctx, id)
			if err != nil || len(msgs) != 1 || msgs[0].ActionID != acs[0].ID || msgs[0].Location != "stdout" || msgs[0].Subject != "Thank you" {
				t.Errorf("Messages = %+v, %v; want the one draft", msgs, err)
			}
			if n := countRows(t, s, "events", "kind = 'drafted'"); n != 1 {
				t.Errorf("drafted events = %d, want 1", n)
			}
		})
	}
}

func TestRecordDraftUnknownInterviewWritesNothing(t *testing.T) {
	s := openTemp(t)
	err := s.RecordDraft(t.Context(), Draft{MessageID: "x@example.org", InterviewID: "nope-1120", Kind: "thank-you",
		Recipient: "a@acme.example", Location: "stdout", At: now})
	if err == nil {
		t.Fatalf("RecordDraft(unknown interview) = nil, want an error")
	}
	if n := countRows(t, s, "events", "1 = 1"); n != 0 {
		t.Errorf("events after a failed RecordDraft = %d, want 0", n)
	}
}
