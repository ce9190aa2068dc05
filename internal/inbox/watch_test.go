package inbox

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/apptest"
	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/followup/reply"
	"github.com/followup-dev/followup/internal/imapwatch"
	"github.com/followup-dev/followup/internal/imapwatch/imaptest"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

const (
	imapUser = "max@example.org"
	imapPass = "test-only-pass"
)

// newMemIMAP starts an imaptest server with INBOX and Sent for imapUser.
func newMemIMAP(t *testing.T) *imaptest.Server {
	t.Helper()
	return imaptest.New(t, imaptest.Options{User: imapUser, Password: imapPass, Mailboxes: []string{"INBOX", "Sent"}})
}

// watchEnv is newTestEnv wired to a fresh in-process IMAP server.
func watchEnv(t *testing.T) (*Inbox, string, *imaptest.Server) {
	t.Helper()
	e, id := newTestEnv(t)
	s := newMemIMAP(t)
	e.Config.IMAP = s.Config()
	e.DialWatch = func(ctx context.Context) (*imapwatch.Client, error) {
		return imapwatch.Dial(ctx, s.Config(), imapPass, imapwatch.Options{})
	}
	e.ScreenMin = 1 // these tests' few messages go through the screen, as a big catch-up's do
	return e, id, s
}

// runWatcher runs e's watcher in a goroutine until the returned stop is
// called (or the test ends); stop waits for Run to return.
func runWatcher(t *testing.T, e *Inbox, opts imapwatch.WatchOptions) (stop func()) {
	t.Helper()
	w, err := e.NewWatcher(t.Context(), opts)
	if err != nil {
		t.Fatalf("NewWatcher = %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) {
					t.Errorf("Run = %v, want context.Canceled", err)
				}
			case <-time.After(5 * time.Second):
				t.Errorf("Run did not return within 5s of cancel")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// checkIn describes the interview's check-in and status; cancelled says
// the check-in was cancelled and the interview marked replied.
func checkIn(t *testing.T, e *Inbox, id string) (string, bool) {
	ac := actionByKey(t, e, id, "check-in:1")
	iv, err := e.Store.GetInterview(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("check-in %s due %s, status %s", ac.State, ac.Due.UTC().Format(time.RFC3339), iv.Status)
	return got, ac.State == followup.StateCancelled && iv.Status == followup.StatusReplied
}

func countEvents(t *testing.T, e *Inbox, kind string) int {
	t.Helper()
	evs, err := e.Store.EventsSince(t.Context(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ev := range evs {
		if ev.Kind == kind {
			n++
		}
	}
	return n
}

// msg builds a message from header lines and a body.
func msg(body string, headers ...string) []byte {
	return []byte(strings.Join(headers, "\r\n") + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n")
}

var (
	janeReply = msg("Hi Max,\r\n\r\nthanks, we would like to invite you to a second round.\r\n\r\nJane",
		"From: Jane Roe <jane@acme.example>", "To: Max Mustermann <max@example.org>", "Subject: Re: Thank you",
		"Date: Fri, 20 Nov 2026 15:30:00 +0000", "Message-ID: <reply.1@acme.example>")
	janeAway = msg("Thank you for your message. I am out of the office and back on 2026-12-07.",
		"From: Jane Roe <jane@acme.example>", "To: max@example.org", "Subject: Automatic reply: Thank you",
		"Date: Fri, 20 Nov 2026 15:30:00 +0000", "Message-ID: <ooo.1@acme.example>", "Auto-Submitted: auto-replied")
	bobBounce = msg("A message that you sent could not be delivered. The following address failed:\r\n\r\n  bob@acme.example\r\n    mailbox unavailable",
		"From: Mail Delivery System <MAILER-DAEMON@mx.acme.example>", "To: max@example.org",
		"Subject: Mail delivery failed: returning message to sender", "Date: Fri, 20 Nov 2026 15:00:00 +0000",
		"Message-ID: <bounce.1@mx.acme.example>", "X-Failed-Recipients: bob@acme.example", "Auto-Submitted: auto-replied")
	oldJane = msg("See you on the 20th.", "From: Jane Roe <jane@acme.example>", "To: max@example.org",
		"Subject: Interview invitation", "Date: Thu, 01 Oct 2026 09:00:00 +0000", "Message-ID: <old.1@acme.example>")
)

// TestWatchReplyStopsFollowUps: a reply arriving while the watcher idles
// cancels the check-in within 2 s; after a restart, and even when the
// reply is handed over again, there is still one reply event; no flag
// changes.
func TestWatchReplyStopsFollowUps(t *testing.T) {
	e, id, s := watchEnv(t)
	stop := runWatcher(t, e, imapwatch.WatchOptions{})
	s.WaitIdle("INBOX", 0)
	s.Deliver("INBOX", janeReply, testNow)
	apptest.WaitFor(t, 2*time.Second, "check-in cancelled, status replied", func() (string, bool) { return checkIn(t, e, id) })
	stop()

	idles := s.IdleCount("INBOX")
	stop = runWatcher(t, e, imapwatch.WatchOptions{})
	s.WaitIdle("INBOX", idles)
	stop()
	if n := countEvents(t, e, reply.EffectReply); n != 1 {
		t.Errorf("reply events after a restart = %d, want 1", n)
	}

	// A crash after handling but before recording progress hands the
	// reply over again.
	uv, _, _, err := e.Store.IMAPState(t.Context(), "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Store.SetIMAPState(t.Context(), "INBOX", uv, 0, testNow, "ok"); err != nil {
		t.Fatal(err)
	}
	sum, err := e.CatchUp(t.Context(), nil)
	if err != nil || sum.Seen["INBOX"] != 1 || sum.Replies != 0 {
		t.Errorf("CatchUp after rewinding = %+v, %v; want the reply seen again and not recorded again", sum, err)
	}
	if n := countEvents(t, e, reply.EffectReply); n != 1 {
		t.Errorf("reply events after seeing the reply again = %d, want 1", n)
	}
	s.AssertNotSeen("INBOX", "Sent")
}

// TestWatchOutOfOfficeHoldsCheckIn: an auto-reply with a return date moves
// the check-in instead of cancelling it.
func TestWatchOutOfOfficeHoldsCheckIn(t *testing.T) {
	e, id, s := watchEnv(t)
	before := actionByKey(t, e, id, "check-in:1")
	runWatcher(t, e, imapwatch.WatchOptions{})
	s.WaitIdle("INBOX", 0)
	s.Deliver("INBOX", janeAway, testNow)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	back := time.Date(2026, 12, 7, 0, 0, 0, 0, berlin)
	apptest.WaitFor(t, 2*time.Second, "check-in pending on or after 2026-12-07", func() (string, bool) {
		ac := actionByKey(t, e, id, "check-in:1")
		return fmt.Sprintf("check-in %s due %s (was %s)", ac.State, ac.Due.In(berlin), before.Due.In(berlin)),
			ac.State == followup.StatePending && !ac.Due.Before(back)
	})
	if iv, err := e.Store.GetInterview(t.Context(), id); err != nil || iv.Status == followup.StatusReplied {
		t.Errorf("status after an out-of-office = %v (%v), want not replied", iv.Status, err)
	}
	s.AssertNotSeen("INBOX")
}

// TestWatchSurvivesServerRestart: the server goes away in the middle of
// IDLE; a reply that arrived during the outage is found after reconnecting.
func TestWatchSurvivesServerRestart(t *testing.T) {
	e, id, s := watchEnv(t)
	fast := func(int) time.Duration { return 5 * time.Millisecond }
	runWatcher(t, e, imapwatch.WatchOptions{Backoff: fast})
	s.WaitIdle("INBOX", 0)
	idles := s.IdleCount("INBOX")

	s.Stop()
	s.Deliver("INBOX", janeReply, testNow)
	s.Start()
	apptest.WaitFor(t, 5*time.Second, "check-in cancelled, status replied", func() (string, bool) { return checkIn(t, e, id) })
	s.WaitIdle("INBOX", idles)
	s.AssertNotSeen("INBOX")
}

// TestWatchSentIsATouch: mail the user sent an interviewer, found in Sent,
// is recorded as the user's own message even from another of their
// addresses.
func TestWatchSentIsATouch(t *testing.T) {
	e, id, s := watchEnv(t)
	runWatcher(t, e, imapwatch.WatchOptions{})
	s.WaitIdle("Sent", 0)
	s.Deliver("Sent", msg("Hi Bob, one more question.", "From: Max <max@alias.example>", "To: Bob Poe <bob@acme.example>",
		"Subject: A question", "Date: Fri, 20 Nov 2026 15:45:00 +0000", "Message-ID: <mine.1@alias.example>"), testNow)
	apptest.WaitFor(t, 2*time.Second, "one user message to bob", func() (string, bool) {
		ms, err := e.Store.Messages(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range ms {
			got = append(got, m.Kind+" "+m.Recipient+" "+m.MessageID)
		}
		return fmt.Sprintf("messages %q", got), slices.Equal(got, []string{"user bob@acme.example mine.1@alias.example"})
	})
	if n := countEvents(t, e, reply.EffectReply); n != 0 {
		t.Errorf("reply events after the user's own mail = %d, want 0", n)
	}
	s.AssertNotSeen("Sent")
}

// A sync that finds only a few new messages (what a watcher wakes up for)
// fetches them whole without building a screen: progress is told after
// each message, not once per screened batch, and every answer is found.
func TestFewNewMessagesAreNotScreened(t *testing.T) {
	e, _, s := watchEnv(t)
	e.ScreenMin = 0 // the default
	for _, raw := range [][]byte{bobBounce, janeAway, janeReply} {
		s.Deliver("INBOX", raw, testNow)
	}
	var progress []imapwatch.Progress
	sum, err := e.CatchUp(t.Context(), func(p imapwatch.Progress) { progress = append(progress, p) })
	if err != nil {
		t.Fatalf("CatchUp = %v", err)
	}
	if want := []imapwatch.Progress{{Mailbox: "INBOX", Done: 1, Total: 3, Read: 1},
		{Mailbox: "INBOX", Done: 2, Total: 3, Read: 1}, {Mailbox: "INBOX", Done: 3, Total: 3, Read: 1}}; !slices.Equal(progress, want) {
		t.Errorf("progress = %v, want one step per message %v", progress, want)
	}
	if sum.Replies != 1 || sum.AutoReplies != 1 || sum.Bounces != 1 {
		t.Errorf("CatchUp = %+v, want the reply, the auto-reply and the bounce", sum)
	}
}

// TestCatchUp: one pass looks back only to a day before the oldest open
// interview, reports progress and counts what it recorded; a second pass
// finds nothing new.
func TestCatchUp(t *testing.T) {
	e, _, s := watchEnv(t)
	old := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	s.Deliver("INBOX", oldJane, old)
	s.Deliver("INBOX", msg("Sale!", "From: shop@shop.example", "Subject: Sale", "Message-ID: <sale@shop.example>"), old)
	for _, raw := range [][]byte{bobBounce, janeAway, janeReply} {
		s.Deliver("INBOX", raw, testNow)
	}
	s.Deliver("Sent", msg("Hi Bob.", "From: max@example.org", "To: bob@acme.example", "Subject: Hello",
		"Date: Fri, 20 Nov 2026 15:45:00 +0000", "Message-ID: <mine.2@example.org>"), testNow)

	var progress []imapwatch.Progress
	sum, err := e.CatchUp(t.Context(), func(p imapwatch.Progress) { progress = append(progress, p) })
	if err != nil {
		t.Fatalf("CatchUp = %v", err)
	}
	want := InboxSummary{Seen: map[string]int{"INBOX": 3, "Sent": 1}, Replies: 1, AutoReplies: 1, Bounces: 1}
	if fmt.Sprint(sum) != fmt.Sprint(want) || sum.Total() != 4 {
		t.Errorf("CatchUp = %+v, total %d; want %+v, total 4", sum, sum.Total(), want)
	}
	// Screened, the three new messages of INBOX are one batch.
	wantProgress := []imapwatch.Progress{{Mailbox: "Sent", Done: 1, Total: 1, Read: 1}, {Mailbox: "INBOX", Done: 3, Total: 3, Read: 3}}
	if !slices.Equal(progress, wantProgress) {
		t.Errorf("progress = %v, want %v", progress, wantProgress)
	}
	if sum, err := e.CatchUp(t.Context(), nil); err != nil || sum.Total() != 0 || sum.Replies+sum.AutoReplies+sum.Bounces != 0 {
		t.Errorf("second CatchUp = %+v, %v; want nothing new", sum, err)
	}
	s.AssertNotSeen("INBOX", "Sent")
}

func TestCatchUpErrors(t *testing.T) {
	e, _ := newTestEnv(t)
	if _, err := e.CatchUp(t.Context(), nil); !usage.Is(err) || err.Error() != ErrNoIMAP.Error() {
		t.Errorf("CatchUp without [imap] = %v, want ErrNoIMAP", err)
	}
	e.DialWatch = func(ctx context.Context) (*imapwatch.Client, error) {
		cfg := config.IMAP{Server: config.Server{Host: "127.0.0.1", Port: 1, Security: config.SecurityNone,
			Credentials: config.Credentials{Username: imapUser}}}
		return imapwatch.Dial(ctx, cfg, imapPass, imapwatch.Options{})
	}
	_, err := e.CatchUp(t.Context(), nil)
	if err == nil || usage.Is(err) || strings.Contains(err.Error(), imapPass) {
		t.Errorf("CatchUp with the server down = %v, want a run-time error without the password", err)
	}
}

func TestWatchSince(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 10, 0, 0, 0, berlin) }
	type iv struct {
		start  time.Time
		status followup.Status
	}
	tests := []struct {
		name string
		ivs  []iv
		want time.Time
	}{
		{"none", nil, testNow.Add(-24 * time.Hour)},
		{"upcoming only", []iv{{at(12, 1), followup.StatusUpcoming}}, testNow.Add(-24 * time.Hour)},
		{"oldest awaiting", []iv{{at(11, 2), followup.StatusAwaiting}, {at(10, 20), followup.StatusQuiet}, {at(11, 10), followup.StatusAwaiting}}, at(10, 19)},
		{"answered and closed are done", []iv{{at(11, 2), followup.StatusAwaiting}, {at(9, 1), followup.StatusReplied}, {at(8, 1), followup.StatusClosed}}, at(11, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := store.Open(t.Context(), t.TempDir()+"/followup.db")
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			for i, v := range tt.ivs {
				x := &followup.Interview{Company: "Co" + strconv.Itoa(i), Role: "Eng", Start: v.start, Duration: time.Hour, Status: v.status,
					Interviewers: []followup.Person{{Email: "p@co.example", Role: followup.RoleInterviewer}}}
				if _, err := st.AddInterview(t.Context(), x, testNow); err != nil {
					t.Fatal(err)
				}
			}
			e := &Inbox{Store: st, Clock: clock.Func(func() time.Time { return testNow })}
			if got, err := e.WatchSince(t.Context()); err != nil || !got.Equal(tt.want) {
				t.Errorf("WatchSince = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

// TestWatchReplyBeforeItsSentCopy: the user sent a message from their own
// client (which chose its own Message-ID); an answer from someone followup
// does not know, threaded on that message, is in INBOX before the watcher
// read Sent. Sent is read first, so the answer still stops the follow-ups,
// in a catch-up pass and in the watcher.
func TestWatchReplyBeforeItsSentCopy(t *testing.T) {
	mine := msg("Hi Jane, attached my references.", "From: Max <max@example.org>", "To: Jane Roe <jane@acme.example>",
		"Subject: References", "Date: Fri, 20 Nov 2026 15:40:00 +0000", "Message-ID: <client.1@example.org>")
	agency := msg("Hi Max, Jane forwarded your references; we would like to make an offer.",
		"From: Rita Hunt <rita@talent-agency.example>", "To: max@example.org", "Subject: Re: References",
		"Date: Fri, 20 Nov 2026 15:50:00 +0000", "Message-ID: <agency.1@talent-agency.example>",
		"In-Reply-To: <client.1@example.org>", "References: <client.1@example.org>")
	t.Run("catch-up", func(t *testing.T) {
		e, id, s := watchEnv(t)
		s.Deliver("Sent", mine, testNow)
		s.Deliver("INBOX", agency, testNow)
		if _, err := e.CatchUp(t.Context(), nil); err != nil {
			t.Fatalf("CatchUp = %v", err)
		}
		if got, ok := checkIn(t, e, id); !ok {
			t.Errorf("after CatchUp: %s, want check-in cancelled, status replied", got)
		}
	})
	t.Run("watcher", func(t *testing.T) {
		e, id, s := watchEnv(t)
		s.Deliver("Sent", mine, testNow)
		s.Deliver("INBOX", agency, testNow)
		runWatcher(t, e, imapwatch.WatchOptions{Since: testNow.Add(-24 * time.Hour)})
		s.WaitIdle("INBOX", 0)
		s.WaitIdle("Sent", 0)
		if got, ok := checkIn(t, e, id); !ok {
			t.Errorf("after the first sync: %s, want check-in cancelled, status replied", got)
		}
	})
}

// TestAnswerGoesToTheInterviewThatHappened: a second round at the same
// company with the same interviewer is scheduled; an answer from the
// interviewer or a colleague, written now, is about the interview that has
// taken place and stops its follow-ups, not a note on the upcoming one.
func TestAnswerGoesToTheInterviewThatHappened(t *testing.T) {
	carol := msg("Hi Max, the team liked your interview; an offer follows.", "From: Carol Day <carol@acme.example>",
		"To: max@example.org", "Subject: Your application", "Date: Fri, 20 Nov 2026 15:30:00 +0000", "Message-ID: <carol.1@acme.example>")
	for name, raw := range map[string][]byte{"interviewer": janeReply, "colleague": carol} {
		t.Run(name, func(t *testing.T) {
			e, id := newTestEnv(t)
			e.Config.Policy.MatchCompanyDomain = true
			second := &followup.Interview{Company: "Acme", Role: "Backend Engineer, second round", Start: testNow.AddDate(0, 0, 7),
				Duration: time.Hour, Status: followup.StatusUpcoming,
				Interviewers: []followup.Person{{Name: "Jane Roe", Email: "jane@acme.example", Role: followup.RoleInterviewer}}}
			if _, err := e.Store.AddInterview(t.Context(), second, testNow); err != nil {
				t.Fatal(err)
			}
			if err := e.HandleIncoming(t.Context(), "INBOX", raw, false); err != nil {
				t.Fatalf("HandleIncoming = %v", err)
			}
			if got, ok := checkIn(t, e, id); !ok {
				t.Errorf("after an answer from the %s: %s, want check-in cancelled, status replied", name, got)
			}
		})
	}
}

// TestSubaddresses: an address with a +tag is the same mailbox. An answer
// from the interviewer's tagged address stops the follow-ups without the
// domain rule; the user's own mail from a tagged address, found in INBOX
// in the thread, is the user's and stops nothing.
func TestSubaddresses(t *testing.T) {
	tagged := msg("Hi Max, good news: we would like to continue.", "From: Jane Roe <Jane+Jobs@Acme.example>",
		"To: max@example.org", "Subject: Next steps", "Date: Fri, 20 Nov 2026 15:30:00 +0000", "Message-ID: <tagged.1@acme.example>")
	mine := msg("Hi Jane, one more thing.", "From: Max <max+jobs@example.org>", "To: jane@acme.example",
		"Subject: Re: Thank you", "Date: Fri, 20 Nov 2026 15:40:00 +0000", "Message-ID: <mine.9@example.org>",
		"In-Reply-To: <thanks.1@example.org>", "References: <thanks.1@example.org>")
	t.Run("interviewer", func(t *testing.T) {
		e, id := newTestEnv(t)
		e.Config.Policy.MatchCompanyDomain = false
		if err := e.HandleIncoming(t.Context(), "INBOX", tagged, false); err != nil {
			t.Fatalf("HandleIncoming = %v", err)
		}
		if got, ok := checkIn(t, e, id); !ok {
			t.Errorf("after an answer from jane+jobs: %s, want check-in cancelled, status replied", got)
		}
	})
	t.Run("user", func(t *testing.T) {
		e, id := newTestEnv(t)
		if _, err := e.Store.RecordTouch(t.Context(), store.Touch{InterviewID: id, MessageID: "thanks.1@example.org",
			Recipient: "jane@acme.example", Subject: "Thank you", At: testNow}); err != nil {
			t.Fatal(err)
		}
		if err := e.HandleIncoming(t.Context(), "INBOX", mine, false); err != nil {
			t.Fatalf("HandleIncoming = %v", err)
		}
		if got, cancelled := checkIn(t, e, id); cancelled || countEvents(t, e, reply.EffectReply) != 0 {
			t.Errorf("after the user's own mail from max+jobs: %s, %d reply events; want nothing cancelled",
				got, countEvents(t, e, reply.EffectReply))
		}
	})
}

// TestReplyWithBrokenCalendar: a [calendar] the business calendar cannot
// be built from (an unsupported country) must not cost an answer: the
// watcher skips messages whose handling fails on configuration, and a
// reply does not need the calendar.
func TestReplyWithBrokenCalendar(t *testing.T) {
	e, id := newTestEnv(t)
	e.Config.Calendar.Country = "XX"
	if err := e.handleWatched(t.Context(), imapwatch.Message{Mailbox: "INBOX", Raw: janeReply}); err != nil {
		t.Errorf("handleWatched(reply) = %v, want nil", err)
	}
	if got, ok := checkIn(t, e, id); !ok {
		t.Errorf("after a reply: %s, want check-in cancelled, status replied", got)
	}
}
