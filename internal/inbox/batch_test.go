package inbox

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/store"
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

// received is a message as the watcher hands it over: from a mailbox the
// user receives in, or from Sent.
type received struct {
	raw  []byte
	sent bool
}

// checkBatchAsOneByOne handles mail in one store batch, where an
// interview and its actions are read once and kept while nothing changes
// them, and one by one, each over a fresh fixture that setup prepared,
// and wants the store left the same.
func checkBatchAsOneByOne(t *testing.T, setup func(*Inbox, string), mail []received) {
	t.Helper()
	one, id := newTestEnv(t)
	setup(one, id)
	for _, m := range mail {
		if err := one.HandleIncoming(t.Context(), "INBOX", m.raw, m.sent); err != nil {
			t.Fatal(err)
		}
	}
	batched, id2 := newTestEnv(t)
	setup(batched, id2)
	err := batched.Store.Batch(t.Context(), func(ctx context.Context) error {
		for _, m := range mail {
			if err := batched.HandleIncoming(ctx, "INBOX", m.raw, m.sent); err != nil {
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

func nothingToSetUp(*Inbox, string) {}

func TestAnswersInOneBatchAsOneByOne(t *testing.T) {
	var mail []received
	for _, raw := range answersOfOneInterview() {
		mail = append(mail, received{raw: raw})
	}
	checkBatchAsOneByOne(t, nothingToSetUp, mail)
}

// early is Jane writing before the interview ended: recorded, changing
// nothing, so that the batch's transaction is open (and its reads kept)
// before the message under test.
func early(n int) received {
	return received{raw: msg("Hi Max, see you soon.\r\n\r\nJane", "From: Jane Roe <jane@acme.example>", "To: max@example.org",
		"Subject: Re: Interview", fmt.Sprintf("Date: Fri, 20 Nov 2026 13:%02d:00 +0000", n), fmt.Sprintf("Message-ID: <early.%d@acme.example>", n))}
}

// The user's own mail to Jane replans the check-ins; Jane's reply after it
// stops them as they were replanned.
func TestTouchInOneBatchAsOneByOne(t *testing.T) {
	touch := msg("Hi Jane, one more question.", "From: Max Mustermann <max@example.org>", "To: Jane Roe <jane@acme.example>",
		"Subject: A question", "Date: Fri, 20 Nov 2026 15:45:00 +0000", "Message-ID: <mine.1@example.org>")
	checkBatchAsOneByOne(t, nothingToSetUp, []received{early(1), early(2), {raw: touch, sent: true}, {raw: janeReply}})
}

// followup's draft sent from the user's mail client marks its thank-you
// sent; Jane's reply after it sees it sent, not drafted.
func TestDraftSentInOneBatchAsOneByOne(t *testing.T) {
	setup := func(e *Inbox, id string) {
		jane := actionByKey(t, e, id, "thank-you:jane@acme.example")
		if err := e.Store.RecordDraft(t.Context(), store.Draft{MessageID: "draft.1@example.org", InterviewID: id, ActionID: jane.ID, Kind: "thank-you",
			Recipient: "jane@acme.example", Subject: "Thank you", Location: "Drafts", At: testNow}); err != nil {
			t.Fatal(err)
		}
	}
	sent := msg("Hi Jane,\r\n\r\nthank you for your time today.\r\n\r\nMax",
		"From: Max Mustermann <max@example.org>", "To: Jane Roe <jane@acme.example>", "Subject: Thank you",
		"Date: Fri, 20 Nov 2026 15:35:00 +0000", "Message-ID: <draft.1@example.org>")
	checkBatchAsOneByOne(t, setup, []received{early(1), early(2), {raw: sent, sent: true}, {raw: janeReply}})
}

// An updated invitation moves the interview it was accepted as; Jane's
// reply after it is read against the interview's new time (written
// before it ended: nothing stops), not its old one.
func TestMovedInterviewInOneBatchAsOneByOne(t *testing.T) {
	setup := func(e *Inbox, id string) {
		handle(t, e, "google-invite.eml")
		inv := oneInvite(t, e)
		if err := e.Store.DecideInvite(t.Context(), inv.ID, store.InviteProposed, store.InviteAccepted, id, testNow); err != nil {
			t.Fatal(err)
		}
	}
	checkBatchAsOneByOne(t, setup, []received{early(1), early(2), {raw: readEML(t, "google-update.eml")}, {raw: janeReply}})
}
