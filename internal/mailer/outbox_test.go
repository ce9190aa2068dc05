package mailer_test

// These tests drive the store's outbox state machine with real sends to the
// scripted server, as the daemon will. Importing store here is test-only:
// the mailer package itself does not depend on it.

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/mailer/smtptest"
	"github.com/followup-dev/followup/internal/store"
)

// sendDue claims the due rows, sends them and records each outcome, the
// way the daemon's loop does; it returns the results.
func sendDue(t *testing.T, st *store.Store, s *mailer.Sender, now time.Time) []mailer.Result {
	t.Helper()
	ctx := t.Context()
	items, err := st.ClaimOutbox(ctx, now, 0)
	if err != nil {
		t.Fatalf("ClaimOutbox = %v", err)
	}
	var msgs []mailer.Outgoing
	for _, it := range items {
		from, to, err := it.Envelope()
		if err != nil {
			t.Fatalf("Envelope = %v", err)
		}
		msgs = append(msgs, mailer.Outgoing{MessageID: it.MessageID, From: from, To: to, Raw: it.Raw})
	}
	res := s.Send(ctx, msgs)
	for i, r := range res {
		id := items[i].ID
		switch r.Outcome {
		case mailer.Sent:
			err = st.MarkOutboxSent(ctx, id, now)
		case mailer.Transient:
			err = st.MarkOutboxDeferred(ctx, id, now, mailer.NextAttempt(items[i].Attempts, now, nil), r.Err.Error())
		case mailer.Permanent:
			err = st.MarkOutboxFailed(ctx, id, now, r.Err.Error())
		case mailer.Ambiguous:
			err = st.MarkOutboxUnknown(ctx, id, now, r.Err.Error())
		}
		if err != nil {
			t.Fatalf("recording %v for %d = %v", r.Outcome, id, err)
		}
	}
	return res
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "followup.db"))
	if err != nil {
		t.Fatalf("store.Open = %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func enqueueOne(t *testing.T, st *store.Store, now time.Time) int64 {
	t.Helper()
	m := outgoing(t, 1)[0]
	id, err := st.EnqueueOutbox(t.Context(), store.OutboxItem{MessageID: m.MessageID, Recipient: m.To[0], Raw: m.Raw}, now)
	if err != nil {
		t.Fatalf("EnqueueOutbox = %v", err)
	}
	return id
}

func TestOutboxRetriesAfter451(t *testing.T) {
	srv := smtptest.New(t, smtptest.Options{Mode: smtptest.StartTLS, Username: testUser, Password: testPassword,
		Script: func(n int, _ smtptest.Delivery) error {
			if n == 0 {
				return reply(451, "greylisted")
			}
			return nil
		}})
	st, s := openStore(t), sender(t, srv.Config(), testPassword)
	now := sendDate
	id := enqueueOne(t, st, now)

	if res := sendDue(t, st, s, now); len(res) != 1 || res[0].Outcome != mailer.Transient {
		t.Fatalf("first send = %+v, want Transient", res)
	}
	row, _ := st.OutboxByID(t.Context(), id)
	if row.State != store.OutboxDeferred || !row.NextAttempt.Equal(now.Add(5*time.Minute)) {
		t.Fatalf("after 451 the row is %s due %v, want deferred due %v", row.State, row.NextAttempt, now.Add(5*time.Minute))
	}
	if res := sendDue(t, st, s, now.Add(time.Minute)); len(res) != 0 {
		t.Errorf("send before the retry time = %+v, want nothing sent", res)
	}
	now = row.NextAttempt
	if res := sendDue(t, st, s, now); len(res) != 1 || res[0].Outcome != mailer.Sent {
		t.Fatalf("second send = %+v, want Sent", res)
	}
	row, _ = st.OutboxByID(t.Context(), id)
	if row.State != store.OutboxSent || row.Attempts != 2 {
		t.Errorf("after the retry the row is %s with %d attempts, want sent with 2", row.State, row.Attempts)
	}
	if got := len(srv.Messages()); got != 1 {
		t.Errorf("server Messages() = %d, want 1", got)
	}
	if got := srv.Connections(); got != 2 {
		t.Errorf("server Connections() = %d, want 2 (one per try; none before the retry time)", got)
	}
}

func TestOutboxNeverResendsAmbiguous(t *testing.T) {
	srv := smtptest.New(t, smtptest.Options{Mode: smtptest.ImplicitTLS,
		Script: func(int, smtptest.Delivery) error { return smtptest.ErrDrop }})
	st, s := openStore(t), sender(t, srv.Config(), "")
	id := enqueueOne(t, st, sendDate)
	if res := sendDue(t, st, s, sendDate); len(res) != 1 || res[0].Outcome != mailer.Ambiguous {
		t.Fatalf("send = %+v, want Ambiguous", res)
	}
	row, _ := st.OutboxByID(t.Context(), id)
	if row.State != store.OutboxUnknown {
		t.Errorf("after a drop after DATA the row is %s, want unknown", row.State)
	}
	if res := sendDue(t, st, s, sendDate.Add(48*time.Hour)); len(res) != 0 {
		t.Errorf("later send = %+v, want nothing: an unknown row waits for the user", res)
	}
	if got := len(srv.Deliveries()); got != 1 {
		t.Errorf("server Deliveries() = %d, want 1", got)
	}
}

func TestOutboxPermanentIsNotRetried(t *testing.T) {
	srv := smtptest.New(t, smtptest.Options{Mode: smtptest.StartTLS,
		Script: func(int, smtptest.Delivery) error { return reply(550, "no such user") }})
	st, s := openStore(t), sender(t, srv.Config(), "")
	id := enqueueOne(t, st, sendDate)
	sendDue(t, st, s, sendDate)
	sendDue(t, st, s, sendDate.Add(48*time.Hour))
	row, _ := st.OutboxByID(t.Context(), id)
	if row.State != store.OutboxFailed || row.Attempts != 1 || srv.Connections() != 1 {
		t.Errorf("after 550 the row is %s with %d attempts and %d connections, want failed, 1, 1", row.State, row.Attempts, srv.Connections())
	}
}
