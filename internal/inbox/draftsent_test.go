package inbox

import (
	"testing"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
)

// TestDraftSentFromTheMailClient: the user sends followup's draft from
// their own mail client; its copy in Sent, with the draft's Message-ID,
// marks the thank-you sent, once.
func TestDraftSentFromTheMailClient(t *testing.T) {
	e, id := newTestEnv(t)
	ctx := t.Context()
	jane := actionByKey(t, e, id, "thank-you:jane@acme.example")
	if err := e.Store.RecordDraft(ctx, store.Draft{MessageID: "draft.1@example.org", InterviewID: id, ActionID: jane.ID, Kind: "thank-you",
		Recipient: "jane@acme.example", Subject: "Thank you", Location: "Drafts", At: testNow}); err != nil {
		t.Fatal(err)
	}
	if got := actionByKey(t, e, id, jane.Key); got.State != followup.StateDrafted {
		t.Fatalf("thank-you after RecordDraft = %s, want drafted", got.State)
	}
	sent := msg("Hi Jane,\r\n\r\nthank you for your time today.\r\n\r\nMax",
		"From: Max Mustermann <max@example.org>", "To: Jane Roe <jane@acme.example>", "Subject: Thank you",
		"Date: Fri, 20 Nov 2026 18:05:00 +0000", "Message-ID: <draft.1@example.org>")
	for range 2 {
		if err := e.HandleIncoming(ctx, "Sent", sent, true); err != nil {
			t.Fatal(err)
		}
	}
	if got := actionByKey(t, e, id, jane.Key); got.State != followup.StateSent {
		t.Errorf("thank-you after its draft turned up in Sent = %s (%s), want sent", got.State, got.Reason)
	}
	if got := actionByKey(t, e, id, "thank-you:bob@acme.example"); got.State != followup.StatePending {
		t.Errorf("Bob's thank-you = %s, want still pending", got.State)
	}
	evs, err := e.Store.EventsSince(ctx, testNow.AddDate(0, 0, -30))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ev := range evs {
		if ev.Kind == "sent" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("sent events = %d, want 1 (the copy was handed over twice)", n)
	}
}
