package inbox

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

// answersOfOneInterview are messages of one company that each change its
// interview or plan differently: a hold (replanned), a bounce (an
// undeliverable person, replanned), an out-of-office (a check-in held), a
// reply (follow-ups stopped), and replies after it (nothing left to stop).
func answersOfOneInterview() [][]byte {
	hold := msg("Hi Max,\r\n\r\nThanks for your note. We have put the hiring for this role on hold for now and will be back in touch in three weeks.\r\n\r\nJane",
		"From: Jane Roe <jane@acme.example>", "To: max@example.org", "Subject: Re: Thank you",
		"Date: Fri, 20 Nov 2026 15:10:00 +0000", "Message-ID: <hold.1@acme.example>")
	later := func(n int) []byte {
		return msg("Hi Max,\r\n\r\none more thing about the second round.\r\n\r\nJane",
			"From: Jane Roe <jane@acme.example>", "To: max@example.org", "Subject: Re: Thank you",
			fmt.Sprintf("Date: Fri, 20 Nov 2026 16:%02d:00 +0000", n), fmt.Sprintf("Message-ID: <later.%d@acme.example>", n))
	}
	return [][]byte{hold, bobBounce, janeAway, janeReply, later(1), later(2)}
}

// storeState is what handling mail may change in the store, as text.
func storeState(t *testing.T, e *Inbox, id string) []string {
	t.Helper()
	iv, err := e.Store.GetInterview(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{fmt.Sprintf("interview %s, next steps %q", iv.Status, iv.NextSteps)}
	for _, p := range iv.Interviewers {
		out = append(out, fmt.Sprintf("person %s undeliverable %v", p.Email, p.Undeliverable))
	}
	for _, ac := range mustActions(t, e, id) {
		out = append(out, fmt.Sprintf("action %s %s due %s: %s", ac.Key, ac.State, ac.Due.UTC().Format(time.RFC3339), ac.Reason))
	}
	rs, err := e.Store.Replies(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		out = append(out, fmt.Sprintf("reply %s %s %s", r.MessageID, r.Class, r.Label))
	}
	evs, err := e.Store.EventsSince(t.Context(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		out = append(out, fmt.Sprintf("event %s: %s", ev.Kind, ev.Detail))
	}
	return out
}

// Answers handled in one store batch, where an interview and its actions
// are read once and kept while no answer changes them, leave the store as
// the same answers handled one by one do.
func TestAnswersInOneBatchAsOneByOne(t *testing.T) {
	one, id := newTestEnv(t)
	for _, raw := range answersOfOneInterview() {
		if err := one.HandleIncoming(t.Context(), "INBOX", raw, false); err != nil {
			t.Fatal(err)
		}
	}
	batched, id2 := newTestEnv(t)
	err := batched.Store.Batch(t.Context(), func(ctx context.Context) error {
		for _, raw := range answersOfOneInterview() {
			if err := batched.HandleIncoming(ctx, "INBOX", raw, false); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want, got := storeState(t, one, id), storeState(t, batched, id2)
	if !slices.Equal(got, want) {
		t.Errorf("handled in one batch:\n%q\nwant as one by one:\n%q", got, want)
	}
}
