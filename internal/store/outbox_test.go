package store

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

func rawMessage(id string) []byte {
	return []byte("From: \"Ana\" <ana@me.example>\r\nTo: <jane@acme.example>\r\nSubject: =?UTF-8?q?Thank_you_=E2=80=93_Acme?=\r\n" +
		"Message-ID: <" + id + ">\r\n\r\nHi Jane,\r\n")
}

func outboxItem(id string) OutboxItem {
	return OutboxItem{MessageID: id, Recipient: "jane@acme.example, ana@me.example", Raw: rawMessage(id)}
}

func enqueue(t *testing.T, s *Store, it OutboxItem) int64 {
	t.Helper()
	id, err := s.EnqueueOutbox(t.Context(), it, now)
	if err != nil {
		t.Fatalf("EnqueueOutbox(%s) = %v", it.MessageID, err)
	}
	return id
}

func claim(t *testing.T, s *Store, at time.Time) []int64 {
	t.Helper()
	items, err := s.ClaimOutbox(t.Context(), at, 0)
	if err != nil {
		t.Fatalf("ClaimOutbox(%v) = %v", at, err)
	}
	var ids []int64
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	return ids
}

func TestOutboxSendLifecycle(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	ivID, err := s.AddInterview(ctx, sample("Acme"), now)
	if err != nil {
		t.Fatal(err)
	}
	it := outboxItem("a1@me.example")
	it.InterviewID = ivID
	id := enqueue(t, s, it)
	if again := enqueue(t, s, it); again != id {
		t.Errorf("EnqueueOutbox(same message) = %d, want %d", again, id)
	}
	other := it
	other.Raw = rawMessage("different")
	if _, err := s.EnqueueOutbox(ctx, other, now); !errors.Is(err, ErrOutboxConflict) {
		t.Errorf("EnqueueOutbox(same id, other content) = %v, want ErrOutboxConflict", err)
	}

	// First try: 451, deferred for 5 minutes.
	if got := claim(t, s, now); !slices.Equal(got, []int64{id}) {
		t.Fatalf("ClaimOutbox = %v, want [%d]", got, id)
	}
	if got := claim(t, s, now); len(got) != 0 {
		t.Errorf("ClaimOutbox(again) = %v, want nothing: the row is sending", got)
	}
	next := now.Add(5 * time.Minute)
	if err := s.MarkOutboxDeferred(ctx, id, now, next, "451 try later"); err != nil {
		t.Fatal(err)
	}
	if got := claim(t, s, next.Add(-time.Second)); len(got) != 0 {
		t.Errorf("ClaimOutbox(before next attempt) = %v, want nothing", got)
	}
	// Second try succeeds.
	if got := claim(t, s, next); !slices.Equal(got, []int64{id}) {
		t.Fatalf("ClaimOutbox(at next attempt) = %v, want [%d]", got, id)
	}
	if err := s.MarkOutboxSent(ctx, id, next); err != nil {
		t.Fatal(err)
	}
	got, err := s.OutboxByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != OutboxSent || got.Attempts != 2 || !got.FirstTry.Equal(now) || !got.Sent.Equal(next) || got.LastError != "" {
		t.Errorf("OutboxByID after retry = %s attempts %d first %v sent %v err %q; want sent, 2, %v, %v, no error",
			got.State, got.Attempts, got.FirstTry, got.Sent, got.LastError, now, next)
	}
	msgs, _ := s.Messages(ctx, ivID)
	if len(msgs) != 1 || msgs[0].Subject != "Thank you – Acme" || msgs[0].Location != "smtp" || msgs[0].Recipient != "jane@acme.example" || msgs[0].Kind != "follow-up" {
		t.Errorf("Messages after sent = %+v, want one smtp message to jane with the decoded subject", msgs)
	}
	if n, err := s.SentToday(ctx, now.Truncate(24*time.Hour)); n != 1 || err != nil {
		t.Errorf("SentToday = %d, %v; want 1", n, err)
	}
}

func TestOutboxTransitions(t *testing.T) {
	type op struct {
		name string
		do   func(s *Store, id int64) error
	}
	var (
		ctx      = t.Context()
		toSent   = op{"sent", func(s *Store, id int64) error { return s.MarkOutboxSent(ctx, id, now) }}
		toDefer  = op{"deferred", func(s *Store, id int64) error { return s.MarkOutboxDeferred(ctx, id, now, now.Add(time.Hour), "451") }}
		toFailed = op{"failed", func(s *Store, id int64) error { return s.MarkOutboxFailed(ctx, id, now, "550") }}
		toUnk    = op{"unknown", func(s *Store, id int64) error { return s.MarkOutboxUnknown(ctx, id, now, "lost after data") }}
		toReview = op{"needs-review", func(s *Store, id int64) error { return s.MarkOutboxNeedsReview(ctx, id, now, "stale") }}
		retry    = op{"retry", func(s *Store, id int64) error { return s.RetryOutbox(ctx, id, now) }}
		drop     = op{"drop", func(s *Store, id int64) error { return s.DropOutbox(ctx, id, now) }}
		claimOp  = op{"claim", func(s *Store, id int64) error { _, err := s.ClaimOutbox(ctx, now.Add(2*time.Hour), 0); return err }}
	)
	tests := []struct {
		path []op // applied first, all must succeed
		last op
		want OutboxState // "" means the last op is refused
	}{
		{nil, toSent, ""},
		{nil, toUnk, ""},
		{nil, toFailed, OutboxFailed},
		{nil, drop, OutboxDropped},
		{nil, retry, ""},
		{[]op{claimOp}, toSent, OutboxSent},
		{[]op{claimOp}, drop, ""},
		{[]op{claimOp}, toReview, OutboxNeedsReview},
		{[]op{claimOp, toSent}, drop, ""},
		{[]op{claimOp, toSent}, retry, ""},
		{[]op{claimOp, toSent}, toReview, ""},
		{[]op{claimOp, toDefer}, retry, OutboxQueued},
		{[]op{claimOp, toDefer}, toSent, ""},
		{[]op{claimOp, toDefer}, toFailed, OutboxFailed},
		{[]op{claimOp, toDefer, claimOp}, toUnk, OutboxUnknown},
		{[]op{claimOp, toUnk}, retry, OutboxQueued},
		{[]op{claimOp, toUnk}, drop, OutboxDropped},
		{[]op{claimOp, toUnk}, toSent, OutboxSent},
		{[]op{claimOp, toFailed}, retry, OutboxQueued},
		{[]op{drop}, retry, ""},
		{[]op{toReview}, retry, OutboxQueued},
	}
	for i, tt := range tests {
		var names []string
		for _, p := range tt.path {
			names = append(names, p.name)
		}
		t.Run(fmt.Sprintf("%d %v then %s", i, names, tt.last.name), func(t *testing.T) {
			s := openTemp(t)
			id := enqueue(t, s, outboxItem("t@me.example"))
			for _, p := range tt.path {
				if err := p.do(s, id); err != nil {
					t.Fatalf("%s = %v", p.name, err)
				}
			}
			err := tt.last.do(s, id)
			var se *OutboxStateError
			if tt.want == "" {
				if !errors.As(err, &se) {
					t.Errorf("%s = %v, want an OutboxStateError", tt.last.name, err)
				}
				return
			}
			got, _ := s.OutboxByID(t.Context(), id)
			if err != nil || got.State != tt.want {
				t.Errorf("%s = %v, state %s; want state %s", tt.last.name, err, got.State, tt.want)
			}
		})
	}
}

func TestOutboxCrashWhileSending(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	id := enqueue(t, s, outboxItem("crash@me.example"))
	claim(t, s, now)
	// The process dies here; a new one opens the same file.
	s2, err := s.Reopen(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	stuck, err := s2.OutboxStuckSending(ctx)
	if err != nil || len(stuck) != 1 || stuck[0].ID != id {
		t.Fatalf("OutboxStuckSending = %+v, %v; want row %d", stuck, err, id)
	}
	if err := s2.MarkOutboxUnknown(ctx, id, now, "interrupted while sending"); err != nil {
		t.Fatal(err)
	}
	if got := claim(t, s2, now.Add(48*time.Hour)); len(got) != 0 {
		t.Errorf("ClaimOutbox after unknown = %v, want nothing: never resent blindly", got)
	}
	if n, _ := s2.SentToday(ctx, now.Add(-time.Hour)); n != 1 {
		t.Errorf("SentToday with an unknown row = %d, want 1 (it may have gone out)", n)
	}
	if err := s2.RetryOutbox(ctx, id, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := claim(t, s2, now.Add(time.Hour)); !slices.Equal(got, []int64{id}) {
		t.Errorf("ClaimOutbox after RetryOutbox = %v, want [%d]", got, id)
	}
}

func TestClaimOutboxOrderAndLimit(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	later := outboxItem("later@me.example")
	later.NextAttempt = now.Add(time.Hour)
	idLater := enqueue(t, s, later)
	a := enqueue(t, s, outboxItem("a@me.example"))
	b := enqueue(t, s, outboxItem("b@me.example"))
	if due, ok, err := s.NextOutboxDue(ctx); !ok || err != nil || !due.Equal(now) {
		t.Errorf("NextOutboxDue = %v, %v, %v; want %v", due, ok, err, now)
	}
	items, err := s.ClaimOutbox(ctx, now, 1)
	if err != nil || len(items) != 1 || items[0].ID != a || items[0].State != OutboxSending || items[0].Attempts != 1 {
		t.Fatalf("ClaimOutbox(limit 1) = %+v, %v; want row %d sending, attempt 1", items, err, a)
	}
	if got := claim(t, s, now.Add(time.Hour)); !slices.Equal(got, []int64{idLater, b}) {
		t.Errorf("ClaimOutbox(in an hour) = %v, want [%d %d] by id", got, idLater, b)
	}
	if _, ok, _ := s.NextOutboxDue(ctx); ok {
		t.Errorf("NextOutboxDue with nothing waiting: ok = true, want false")
	}
	list, _ := s.ListOutbox(ctx, OutboxQueued, OutboxSending)
	all, _ := s.ListOutbox(ctx)
	if len(list) != 3 || len(all) != 3 {
		t.Errorf("ListOutbox = %d (queued, sending) and %d (all), want 3 and 3", len(list), len(all))
	}
	if _, err := s.OutboxByID(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("OutboxByID(999) = %v, want ErrNotFound", err)
	}
	if err := s.MarkOutboxSent(ctx, 999, now); !errors.Is(err, ErrNotFound) {
		t.Errorf("MarkOutboxSent(999) = %v, want ErrNotFound", err)
	}
}

func TestSentToday(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	yesterday := now.Add(-24 * time.Hour)
	old := enqueue(t, s, outboxItem("old@me.example"))
	claim(t, s, now)
	if err := s.MarkOutboxSent(ctx, old, yesterday); err != nil {
		t.Fatal(err)
	}
	for i, mark := range []func(int64) error{
		func(id int64) error { return s.MarkOutboxSent(ctx, id, now) },
		func(id int64) error { return s.MarkOutboxFailed(ctx, id, now, "550") },
		func(id int64) error { return s.MarkOutboxDeferred(ctx, id, now, now.Add(time.Hour), "451") },
		func(id int64) error { return nil }, // still sending
	} {
		id := enqueue(t, s, outboxItem(fmt.Sprintf("m%d@me.example", i)))
		claim(t, s, now)
		if err := mark(id); err != nil {
			t.Fatal(err)
		}
	}
	// Mail to the user (digest, notices) does not count against the cap.
	for _, purpose := range []string{"digest", "notice"} {
		it := outboxItem(purpose + "@me.example")
		it.Purpose = purpose
		id := enqueue(t, s, it)
		claim(t, s, now)
		if err := s.MarkOutboxSent(ctx, id, now); err != nil {
			t.Fatal(err)
		}
	}
	dayStart := now.Truncate(24 * time.Hour)
	if n, err := s.SentToday(ctx, dayStart); n != 2 || err != nil {
		t.Errorf("SentToday(%v) = %d, %v; want 2 (one sent, one sending)", dayStart, n, err)
	}
}

func TestOutboxEnvelope(t *testing.T) {
	it := outboxItem("e@me.example")
	from, to, err := it.Envelope()
	if err != nil || from != "ana@me.example" || !slices.Equal(to, []string{"jane@acme.example", "ana@me.example"}) {
		t.Errorf("Envelope() = %q, %q, %v; want ana@me.example, [jane@acme.example ana@me.example]", from, to, err)
	}
	it.Raw = []byte("Subject: no from\r\n\r\nbody")
	if _, _, err := it.Envelope(); err == nil {
		t.Errorf("Envelope(no From) = nil error, want one")
	}
}
