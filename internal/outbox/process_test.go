package outbox

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/imapwatch"
	"github.com/followup-dev/followup/internal/imapwatch/imaptest"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/mailer/smtptest"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/store/storetest"
	"github.com/followup-dev/followup/internal/usage"
)

// sendFixture is newTestEnv's interview with [smtp] pointing at a scripted
// server, a whole-day send window on every day and a clock the test moves.
type sendFixture struct {
	t   *testing.T
	e   *Outbox
	id  string
	srv *smtptest.Server
	now time.Time
}

func newSendFixture(t *testing.T, auto bool, script func(n int, d smtptest.Delivery) error) *sendFixture {
	t.Helper()
	e, id := newTestEnv(t)
	f := &sendFixture{t: t, e: e, id: id, now: testNow.Add(2 * time.Hour)}
	f.srv = smtptest.New(t, smtptest.Options{Script: script})
	configureSend(e, f.srv.Config(), auto, func() time.Time { return f.now })
	return f
}

// configureSend points e at an SMTP server without authentication, with a
// whole-day send window on every day of the week.
func configureSend(e *Outbox, c config.SMTP, auto bool, now func() time.Time) {
	e.Config.SMTP = c
	e.Config.Policy.AutoSend = auto
	e.Config.Policy.SendWindow = config.Window{}
	e.Config.Calendar.Workdays = []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
	setClock(e, now)
	e.NewSender = func(context.Context) (Sender, error) { return mailer.NewSender(e.Config.SMTP, "") }
}

// onlyJane cancels the thank-you to Bob so that one message is due.
func (f *sendFixture) onlyJane() {
	f.t.Helper()
	bob := actionByKey(f.t, f.e, f.id, "thank-you:bob@acme.example")
	if err := f.e.Store.SetActionState(f.t.Context(), bob.ID, followup.StateCancelled, "test", "", f.now); err != nil {
		f.t.Fatal(err)
	}
}

// pass runs ProcessOnce and fails the test on an error.
func (f *sendFixture) pass() Report {
	f.t.Helper()
	rep, err := f.e.ProcessOnce(f.t.Context())
	if err != nil {
		f.t.Fatalf("ProcessOnce() = %+v, %v; want no error", rep, err)
	}
	return rep
}

func (f *sendFixture) rows(states ...store.OutboxState) []store.OutboxItem {
	f.t.Helper()
	rows, err := f.e.Store.ListOutbox(f.t.Context(), states...)
	if err != nil {
		f.t.Fatal(err)
	}
	return rows
}

func (f *sendFixture) state(key string) followup.ActionState {
	f.t.Helper()
	return actionByKey(f.t, f.e, f.id, key).State
}

func reply(code int, msg string) error {
	return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCodeNotSet, Message: msg}
}

const janeKey, bobKey = "thank-you:jane@acme.example", "thank-you:bob@acme.example"

func TestProcessOnceDraftsByDefault(t *testing.T) {
	f := newSendFixture(t, false, nil)
	if rep := f.pass(); rep.Drafted != 2 || rep.Sent != 0 || rep.Queued != 0 {
		t.Errorf("ProcessOnce() = %+v, want 2 drafted, nothing queued or sent", rep)
	}
	if got := f.srv.Connections(); got != 0 {
		t.Errorf("SMTP Connections() = %d, want 0 with auto_send = false", got)
	}
	files, _ := filepath.Glob(filepath.Join(f.e.Composer.DataDir, "drafts", "*.eml"))
	if len(files) != 2 {
		t.Errorf("draft files = %v, want one per due message", files)
	}
	for _, key := range []string{janeKey, bobKey} {
		if got := f.state(key); got != followup.StateDrafted {
			t.Errorf("%s state = %s, want drafted", key, got)
		}
	}
	if rep := f.pass(); rep != (Report{}) {
		t.Errorf("second ProcessOnce() = %+v, want nothing done", rep)
	}
}

func TestProcessOnceSendsOnce(t *testing.T) {
	f := newSendFixture(t, true, nil)
	if rep := f.pass(); rep.Queued != 2 || rep.Sent != 2 {
		t.Fatalf("ProcessOnce() = %+v, want 2 queued and 2 sent", rep)
	}
	sent := f.rows(store.OutboxSent)
	if len(sent) != 2 || len(f.srv.Messages()) != 2 || f.srv.Connections() != 1 {
		t.Fatalf("sent rows %d, delivered %d over %d connections; want 2, 2 over 1", len(sent), len(f.srv.Messages()), f.srv.Connections())
	}
	for i, it := range sent {
		if !bytes.Contains(f.srv.Messages()[i], []byte("<"+it.MessageID+">")) {
			t.Errorf("delivered message %d lacks the Message-ID %s of its row", i, it.MessageID)
		}
	}
	for _, key := range []string{janeKey, bobKey} {
		if ac := actionByKey(t, f.e, f.id, key); ac.State != followup.StateSent || ac.MessageID == "" {
			t.Errorf("%s = %s with Message-ID %q, want sent with its Message-ID", key, ac.State, ac.MessageID)
		}
	}
	f.now = f.now.Add(time.Hour)
	if rep := f.pass(); rep != (Report{}) || len(f.srv.Deliveries()) != 2 {
		t.Errorf("second ProcessOnce() = %+v with %d deliveries, want nothing more", rep, len(f.srv.Deliveries()))
	}
}

func TestProcessOnceRetriesAfter451(t *testing.T) {
	f := newSendFixture(t, true, func(n int, _ smtptest.Delivery) error {
		if n == 0 {
			return reply(451, "greylisted")
		}
		return nil
	})
	f.onlyJane()
	if rep := f.pass(); rep.Deferred != 1 || rep.Sent != 0 {
		t.Fatalf("first ProcessOnce() = %+v, want 1 deferred", rep)
	}
	if rep := f.pass(); rep.Sent != 0 || f.srv.Connections() != 1 {
		t.Errorf("ProcessOnce() before the retry time = %+v after %d connections, want nothing tried", rep, f.srv.Connections())
	}
	f.now = f.now.Add(time.Hour)
	if rep := f.pass(); rep.Sent != 1 {
		t.Fatalf("ProcessOnce() after the backoff = %+v, want 1 sent", rep)
	}
	rows := f.rows()
	if len(rows) != 1 || rows[0].State != store.OutboxSent || rows[0].Attempts != 2 || len(f.srv.Messages()) != 1 {
		t.Errorf("outbox %+v with %d delivered, want one row sent after 2 attempts and one delivery", rows, len(f.srv.Messages()))
	}
	if got := f.state(janeKey); got != followup.StateSent {
		t.Errorf("thank-you state = %s, want sent", got)
	}
}

func TestProcessOnceGivesUp(t *testing.T) {
	f := newSendFixture(t, true, func(int, smtptest.Delivery) error { return reply(421, "try later") })
	f.onlyJane()
	f.pass()
	f.now = f.now.Add(f.e.Config.Policy.GiveUpAfter + time.Hour)
	if rep := f.pass(); rep.NeedsReview != 1 {
		t.Fatalf("ProcessOnce() after give_up_after = %+v, want 1 needs review", rep)
	}
	if rows := f.rows(store.OutboxNeedsReview); len(rows) != 1 || !strings.Contains(rows[0].LastError, "followup outbox retry") {
		t.Errorf("needs-review rows = %+v, want one saying how to retry", rows)
	}
}

func TestProcessOnce550Fails(t *testing.T) {
	f := newSendFixture(t, true, func(int, smtptest.Delivery) error { return reply(550, "no such user") })
	f.onlyJane()
	if rep := f.pass(); rep.Failed != 1 {
		t.Fatalf("ProcessOnce() = %+v, want 1 failed", rep)
	}
	f.now = f.now.Add(48 * time.Hour)
	f.pass()
	if rows := f.rows(store.OutboxFailed); len(rows) != 1 || f.srv.Connections() != 1 {
		t.Errorf("failed rows %d after %d connections, want 1 after 1 (no retry)", len(rows), f.srv.Connections())
	}
	if got := f.state(janeKey); got != followup.StateFailed {
		t.Errorf("thank-you state = %s, want failed", got)
	}
	evs, _ := f.e.Store.EventsSince(t.Context(), time.Time{})
	found := false
	for _, ev := range evs {
		found = found || ev.Kind == "send-failed" && strings.Contains(ev.Detail, "jane@acme.example") && strings.Contains(ev.Detail, "no such user")
	}
	if !found {
		t.Errorf("events = %+v, want a send-failed event naming the recipient and the reason", evs)
	}
}

func TestProcessOnceUnsureIsNotResent(t *testing.T) {
	tests := []struct {
		name      string
		withIMAP  bool
		inSent    bool
		wantState store.OutboxState
		wantRep   Report
	}{
		{"no imap", false, false, store.OutboxNeedsReview, Report{NeedsReview: 1}},
		{"not in sent", true, false, store.OutboxNeedsReview, Report{NeedsReview: 1}},
		{"found in sent", true, true, store.OutboxSent, Report{Reconciled: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSendFixture(t, true, func(int, smtptest.Delivery) error { return smtptest.ErrDrop })
			f.onlyJane()
			var srv *imaptest.Server
			if tt.withIMAP {
				srv = f.withIMAP()
			}
			if rep := f.pass(); rep.Unknown != 1 {
				t.Fatalf("ProcessOnce() = %+v, want 1 unknown", rep)
			}
			if tt.inSent {
				srv.Deliver("Sent", f.srv.Deliveries()[0].Data, time.Now())
			}
			f.now = f.now.Add(time.Hour)
			if rep := f.pass(); rep != tt.wantRep {
				t.Errorf("next ProcessOnce() = %+v, want %+v", rep, tt.wantRep)
			}
			rows := f.rows()
			if len(rows) != 1 || rows[0].State != tt.wantState || len(f.srv.Deliveries()) != 1 {
				t.Errorf("outbox = %+v after %d deliveries, want one %s row and one delivery", rows, len(f.srv.Deliveries()), tt.wantState)
			}
			want := followup.StateNeedsReview
			if tt.inSent {
				want = followup.StateSent
			}
			if got := f.state(janeKey); got != want {
				t.Errorf("thank-you state = %s, want %s", got, want)
			}
		})
	}
}

func TestProcessOnceDailyCapSurvivesRestart(t *testing.T) {
	f := newSendFixture(t, true, nil)
	f.e.Config.Policy.DailySendCap = 1
	if rep := f.pass(); rep.Queued != 2 || rep.Sent != 1 {
		t.Fatalf("ProcessOnce() = %+v, want 2 queued and 1 sent (cap 1)", rep)
	}
	restarted := *f.e // a new process: same config and store
	f.e = &restarted
	f.now = f.now.Add(time.Hour)
	if rep := f.pass(); rep.Sent != 0 {
		t.Errorf("ProcessOnce() after a restart the same day = %+v, want nothing sent", rep)
	}
	f.now = f.now.Add(24 * time.Hour)
	if rep := f.pass(); rep.Sent != 1 || len(f.srv.Messages()) != 2 {
		t.Errorf("ProcessOnce() the next day = %+v with %d delivered, want 1 sent and 2 in all", rep, len(f.srv.Messages()))
	}
}

func TestProcessOnceKeepsToTheSendWindow(t *testing.T) {
	f := newSendFixture(t, true, nil)
	f.e.Config.Policy.SendWindow = config.Window{Start: 9 * 60, End: 17 * 60}
	f.e.Config.Calendar.Workdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	// Friday 19:00 in Berlin.
	if rep := f.pass(); rep.Sent != 0 || rep.Queued != 2 || f.srv.Connections() != 0 {
		t.Fatalf("ProcessOnce() after the window = %+v with %d connections, want 2 queued, none sent", rep, f.srv.Connections())
	}
	f.now = time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC) // Saturday
	if rep := f.pass(); rep.Sent != 0 || f.srv.Connections() != 0 {
		t.Errorf("ProcessOnce() on Saturday = %+v, want nothing sent", rep)
	}
	f.now = time.Date(2026, 11, 23, 8, 30, 0, 0, time.UTC) // Monday 09:30 in Berlin
	if rep := f.pass(); rep.Sent != 2 {
		t.Errorf("ProcessOnce() on Monday in the window = %+v, want 2 sent", rep)
	}
}

func TestProcessOncePaused(t *testing.T) {
	f := newSendFixture(t, true, nil)
	if err := f.e.Pause(t.Context()); err != nil {
		t.Fatal(err)
	}
	if rep := f.pass(); rep != (Report{}) || f.srv.Connections() != 0 {
		t.Fatalf("ProcessOnce() while paused = %+v with %d connections, want nothing", rep, f.srv.Connections())
	}
	if got := f.state(janeKey); got != followup.StatePending {
		t.Errorf("thank-you while paused = %s, want pending", got)
	}
	if err := f.e.Resume(t.Context()); err != nil {
		t.Fatal(err)
	}
	if rep := f.pass(); rep.Sent != 2 {
		t.Errorf("ProcessOnce() after resume = %+v, want 2 sent", rep)
	}
}

func TestProcessOnceStaleNeedsReview(t *testing.T) {
	for _, auto := range []bool{false, true} {
		t.Run(fmt.Sprintf("auto_send=%v", auto), func(t *testing.T) {
			f := newSendFixture(t, auto, nil)
			f.now = testNow.Add(time.Hour + 3*24*time.Hour + time.Minute)
			if rep := f.pass(); rep.NeedsReview != 2 || rep.Drafted+rep.Queued+rep.Sent != 0 {
				t.Fatalf("ProcessOnce() 3 days late = %+v, want 2 needing review and nothing else", rep)
			}
			ac := actionByKey(t, f.e, f.id, janeKey)
			if ac.State != followup.StateNeedsReview || ac.Reason != "overdue by 3 days after downtime: send or drop it" {
				t.Errorf("thank-you = %s %q, want needs-review, overdue by 3 days", ac.State, ac.Reason)
			}
			if f.srv.Connections() != 0 {
				t.Errorf("SMTP Connections() = %d, want 0", f.srv.Connections())
			}
		})
	}
}

func TestProcessOnceAnswerCancelsSend(t *testing.T) {
	tests := []struct {
		name        string
		queuedFirst bool // the messages wait for the send window when the answer comes
		want        Report
	}{
		{"answer before the follow-up is queued", false, Report{}},
		{"answer while queued", true, Report{Dropped: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSendFixture(t, true, nil)
			srv := f.withIMAP()
			if tt.queuedFirst {
				f.e.Config.Policy.SendWindow = config.Window{Start: 6 * 60, End: 7 * 60}
				if rep := f.pass(); rep.Queued != 2 {
					t.Fatalf("ProcessOnce() outside the window = %+v, want 2 queued", rep)
				}
				f.e.Config.Policy.SendWindow = config.Window{}
			}
			srv.Deliver("INBOX", []byte("From: Jane Roe <jane@acme.example>\r\nTo: max@example.org\r\nSubject: Re: our interview\r\n"+
				"Message-ID: <answer-1@acme.example>\r\nDate: "+f.now.Add(-10*time.Minute).Format(time.RFC1123Z)+"\r\n\r\n"+
				"Hi Max, we would like to invite you to the next round. Could you do Tuesday?\r\n"), time.Now())
			if rep := f.pass(); rep != tt.want || f.srv.Connections() != 0 {
				t.Errorf("ProcessOnce() after the answer = %+v with %d connections, want %+v and none", rep, f.srv.Connections(), tt.want)
			}
			if got := f.state(janeKey); got != followup.StateCancelled {
				t.Errorf("thank-you after the answer = %s, want cancelled", got)
			}
		})
	}
}

func TestProcessOnceFilesSentCopy(t *testing.T) {
	for _, savesSent := range []bool{false, true} {
		t.Run(fmt.Sprintf("saves_sent=%v", savesSent), func(t *testing.T) {
			f := newSendFixture(t, true, nil)
			f.onlyJane()
			f.e.Config.SMTP.SavesSent = savesSent
			f.withIMAP()
			if rep := f.pass(); rep.Sent != 1 {
				t.Fatalf("ProcessOnce() = %+v, want 1 sent", rep)
			}
			mb, err := f.e.DialIMAP(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			defer mb.Close()
			found, err := mb.HasMessageID(t.Context(), "Sent", f.rows()[0].MessageID)
			if err != nil || found == savesSent {
				t.Errorf("HasMessageID(Sent) = %v, %v; want %v", found, err, !savesSent)
			}
		})
	}
}

// withIMAP starts an imaptest server (INBOX, Drafts and Sent) and
// configures [imap] for it.
func (f *sendFixture) withIMAP() *imaptest.Server {
	f.t.Helper()
	s := imaptest.New(f.t, imaptest.Options{})
	f.e.Config.IMAP = s.Config()
	f.e.Config.IMAP.Drafts, f.e.Config.IMAP.Sent = "Drafts", "Sent"
	setIMAP(f.e, func(ctx context.Context) (*imapwatch.Client, error) {
		return imapwatch.Dial(ctx, f.e.Config.IMAP, s.Password(), imapwatch.Options{})
	})
	return s
}

// TestProcessOnceReportsAConfigProblemOnce: with no [me] email nothing can
// be drafted; the pass says so once, not once per due follow-up.
func TestProcessOnceReportsAConfigProblemOnce(t *testing.T) {
	e, _ := newTestEnv(t)
	e.Config.Me.Email = ""
	setClock(e, func() time.Time { return testNow.Add(72 * time.Hour) })
	e.Config.Policy.StaleAfter = 30 * 24 * time.Hour
	_, err := e.ProcessOnce(t.Context())
	if !usage.Is(err) {
		t.Fatalf("ProcessOnce without [me] email = %v, want a usage error", err)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "due follow-up(s) wait: set [me] email") {
		t.Errorf("ProcessOnce error = %q, want one line counting the follow-ups that wait for [me] email", err)
	}
}

// TestProcessOnceDeletedInterviewSendsNothing: messages queued for an
// interview the user then deleted are never sent.
func TestProcessOnceDeletedInterviewSendsNothing(t *testing.T) {
	f := newSendFixture(t, true, nil)
	f.e.Config.Policy.SendWindow = config.Window{Start: 9 * 60, End: 17 * 60}
	f.e.Config.Calendar.Workdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	if rep := f.pass(); rep.Queued != 2 || f.srv.Connections() != 0 {
		t.Fatalf("ProcessOnce() after the window = %+v, want 2 queued and no connection", rep)
	}
	if err := f.e.Store.DeleteInterview(t.Context(), f.id, f.now); err != nil {
		t.Fatal(err)
	}
	f.now = time.Date(2026, 11, 23, 8, 30, 0, 0, time.UTC) // Monday 09:30 in Berlin
	f.pass()
	if n := f.srv.Connections(); n != 0 {
		t.Errorf("after deleting the interview: %d SMTP connections, want none (nothing may be sent)", n)
	}
	if rows := f.rows(store.OutboxQueued, store.OutboxDeferred); len(rows) != 0 {
		t.Errorf("after deleting the interview: outbox %+v, want nothing left to send", rows)
	}
}

// TestProcessOnceReplannedLaterIsNotSentEarly: a message queued outside the
// send window is not sent once the plan has moved its follow-up later (the
// user recorded new next steps meanwhile); it is queued again when due.
func TestProcessOnceReplannedLaterIsNotSentEarly(t *testing.T) {
	f := newSendFixture(t, true, nil)
	f.onlyJane()
	f.e.Config.Policy.SendWindow = config.Window{Start: 9 * 60, End: 17 * 60}
	f.e.Config.Calendar.Workdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	if rep := f.pass(); rep.Queued != 1 || f.srv.Connections() != 0 {
		t.Fatalf("ProcessOnce() after the window = %+v, want 1 queued and no connection", rep)
	}
	jane := actionByKey(t, f.e, f.id, janeKey)
	jane.Due = time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC) // moved to Wednesday
	f.now = f.now.Add(time.Minute)
	if err := f.e.Store.SyncActions(t.Context(), f.id, []followup.Action{jane}, f.now); err != nil {
		t.Fatal(err)
	}
	f.now = time.Date(2026, 11, 23, 8, 30, 0, 0, time.UTC) // Monday 09:30 in Berlin
	f.pass()
	if n := f.srv.Connections(); n != 0 {
		t.Fatalf("Monday, follow-up moved to Wednesday: %d SMTP connections, want none", n)
	}
	f.now = time.Date(2026, 11, 25, 8, 30, 0, 0, time.UTC) // Wednesday 09:30
	f.pass()
	if got := len(f.srv.Messages()); got != 1 {
		t.Errorf("Wednesday: %d messages delivered, want the thank-you once", got)
	}
}

// TestProcessOnceRecipientChangedWhileQueued: a check-in queued to Jane
// outside the send window is not sent to her once the user removed her
// from the interview (the check-in now goes to Bob): Bob gets it once,
// Jane never.
func TestProcessOnceRecipientChangedWhileQueued(t *testing.T) {
	f := newSendFixture(t, true, nil)
	f.e.Config.Policy.SendWindow = config.Window{Start: 9 * 60, End: 17 * 60}
	f.e.Config.Calendar.Workdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	for _, key := range []string{janeKey, bobKey} {
		if err := f.e.Store.SetActionState(t.Context(), actionByKey(t, f.e, f.id, key).ID, followup.StateSent, "test", "", f.now); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.e.Planner.ReplanID(t.Context(), f.id); err != nil {
		t.Fatal(err)
	}
	if ac := actionByKey(t, f.e, f.id, "check-in:1"); !ac.Due.Equal(time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)) || ac.To[0] != "jane@acme.example" {
		t.Fatalf("check-in:1 = %v to %v, want Monday 30 Nov 09:00 Berlin to Jane", ac.Due, ac.To)
	}
	f.now = time.Date(2026, 11, 30, 16, 30, 0, 0, time.UTC) // Monday 17:30 in Berlin: after the window
	if rep := f.pass(); rep.Queued != 1 || f.srv.Connections() != 0 {
		t.Fatalf("ProcessOnce() after the window = %+v, want 1 queued and no connection", rep)
	}
	iv, err := f.e.Store.GetInterview(t.Context(), f.id)
	if err != nil {
		t.Fatal(err)
	}
	iv.Interviewers = iv.Interviewers[1:] // `followup edit`: Jane removed
	f.now = f.now.Add(time.Minute)
	if err := f.e.Store.UpdateInterview(t.Context(), iv, f.now); err != nil {
		t.Fatal(err)
	}
	if _, err := f.e.Planner.Replan(t.Context(), iv); err != nil {
		t.Fatal(err)
	}
	f.now = time.Date(2026, 12, 1, 8, 30, 0, 0, time.UTC) // Tuesday 09:30 in Berlin
	f.pass()
	var to []string
	for _, d := range f.srv.Deliveries() {
		to = append(to, d.To...)
	}
	if len(to) != 1 || to[0] != "bob@acme.example" {
		t.Errorf("after Jane was removed: delivered to %v, want the check-in to Bob once", to)
	}
}

// TestProcessOnceAutoSendTurnedOffWhileQueued: messages queued while
// auto_send was on and still waiting for the send window are not sent once
// the user turned auto_send off; their follow-ups become drafts instead.
func TestProcessOnceAutoSendTurnedOffWhileQueued(t *testing.T) {
	f := newSendFixture(t, true, nil)
	f.e.Config.Policy.SendWindow = config.Window{Start: 6 * 60, End: 7 * 60}
	if rep := f.pass(); rep.Queued != 2 || f.srv.Connections() != 0 {
		t.Fatalf("ProcessOnce() outside the window = %+v, want 2 queued and no connection", rep)
	}
	f.e.Config.Policy.AutoSend = false                     // the user changed the config and reloaded
	f.now = time.Date(2026, 11, 21, 5, 30, 0, 0, time.UTC) // Saturday 06:30 in Berlin: in the window
	rep := f.pass()
	if n := f.srv.Connections(); n != 0 {
		t.Errorf("ProcessOnce() with auto_send = false = %+v after %d SMTP connections, want none", rep, n)
	}
	for _, key := range []string{janeKey, bobKey} {
		if got := f.state(key); got != followup.StateDrafted {
			t.Errorf("%s after auto_send was turned off = %s, want drafted", key, got)
		}
	}
	if rows := f.rows(store.OutboxQueued, store.OutboxDeferred); len(rows) != 0 {
		t.Errorf("outbox after auto_send was turned off = %+v, want nothing left to send", rows)
	}
}

// TestProcessOnceQueuedGoesStaleWhilePaused: messages queued before a pause
// do not go out days late on resume: overdue by more than stale_after,
// they wait for the user's review like a follow-up that was never queued.
func TestProcessOnceQueuedGoesStaleWhilePaused(t *testing.T) {
	f := newSendFixture(t, true, nil)
	f.e.Config.Policy.SendWindow = config.Window{Start: 6 * 60, End: 7 * 60}
	if rep := f.pass(); rep.Queued != 2 || f.srv.Connections() != 0 {
		t.Fatalf("ProcessOnce() outside the window = %+v, want 2 queued and no connection", rep)
	}
	if err := f.e.Pause(t.Context()); err != nil {
		t.Fatal(err)
	}
	f.now = time.Date(2026, 11, 25, 5, 30, 0, 0, time.UTC) // Wednesday 06:30 in Berlin, 5 days late
	f.pass()
	if err := f.e.Resume(t.Context()); err != nil {
		t.Fatal(err)
	}
	rep := f.pass()
	if n := f.srv.Connections(); n != 0 {
		t.Errorf("ProcessOnce() after resuming 5 days late = %+v after %d SMTP connections, want none", rep, n)
	}
	if rows := f.rows(store.OutboxNeedsReview); len(rows) != 2 {
		t.Errorf("needs-review rows after resuming 5 days late = %+v, want both held", rows)
	}
	if got := f.state(janeKey); got != followup.StateNeedsReview {
		t.Errorf("thank-you after resuming 5 days late = %s, want needs-review", got)
	}
	for _, it := range f.rows(store.OutboxNeedsReview) {
		if err := f.e.RetryOutbox(t.Context(), it.ID); err != nil {
			t.Fatal(err)
		}
	}
	if rep := f.pass(); rep.Sent != 2 || len(f.srv.Messages()) != 2 {
		t.Errorf("ProcessOnce() after `outbox retry` of both = %+v with %d delivered, want 2 sent once", rep, len(f.srv.Messages()))
	}
}

// TestRetryOutboxRefusesWhatIsInSent: the user's retry of a message that
// may have gone out looks in Sent first and does not send a second copy.
func TestRetryOutboxRefusesWhatIsInSent(t *testing.T) {
	f := newSendFixture(t, true, func(n int, _ smtptest.Delivery) error {
		if n == 0 { // the first message: the connection drops after DATA
			return smtptest.ErrDrop
		}
		return nil
	})
	f.onlyJane()
	srv := f.withIMAP()
	if rep := f.pass(); rep.Unknown != 1 {
		t.Fatalf("ProcessOnce() = %+v, want 1 unknown", rep)
	}
	row := f.rows(store.OutboxUnknown)[0]
	srv.Deliver("Sent", f.srv.Deliveries()[0].Data, time.Now())
	err := f.e.RetryOutbox(t.Context(), row.ID)
	if !usage.Is(err) || !strings.Contains(err.Error(), "not sent again") {
		t.Fatalf("RetryOutbox(found in Sent) = %v, want a refusal saying it went out", err)
	}
	f.now = f.now.Add(time.Hour)
	f.pass()
	if n := len(f.srv.Deliveries()); n != 1 {
		t.Errorf("after a refused retry: %d deliveries, want 1", n)
	}
}

// TestProcessOnceLaterNoteWaitsForHeldOne: after downtime the thank-you
// to Jane is held for review (overdue by days); the check-in to her that
// fell due since must not go out before it: nothing later in the plan is
// sent to a person while an earlier note to them waits for the user.
func TestProcessOnceLaterNoteWaitsForHeldOne(t *testing.T) {
	f := newSendFixture(t, true, nil)
	f.now = testNow.Add(10*24*time.Hour + time.Minute) // the check-in just fell due
	rep := f.pass()
	if rep.NeedsReview != 2 || rep.Queued != 0 || rep.Sent != 0 || len(f.srv.Messages()) != 0 {
		t.Fatalf("ProcessOnce() = %+v with %d delivered; want the two thank-yous held and nothing sent", rep, len(f.srv.Messages()))
	}
	if ac := actionByKey(t, f.e, f.id, janeKey); !strings.Contains(ac.Reason, "overdue by 9 days") {
		t.Errorf("thank-you reason = %q, want overdue by 9 days", ac.Reason)
	}
	if ac := actionByKey(t, f.e, f.id, "check-in:1"); ac.State != followup.StatePending || !strings.Contains(ac.Reason, "thank-you") {
		t.Errorf("check-in = %s %q, want pending, waiting for the held thank-you", ac.State, ac.Reason)
	}
}

// TestDraftNotRecordedLeavesNoFile: when a draft's record cannot be
// written (a full disk, say) after its .eml file was, the file is removed,
// so the next pass leaves exactly one draft per follow-up.
func TestDraftNotRecordedLeavesNoFile(t *testing.T) {
	f := newSendFixture(t, false, nil)
	db := f.e.Store.DB()
	trigger := `CREATE TRIGGER no_drafts BEFORE INSERT ON messages BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`
	if storetest.Postgres() {
		trigger = `CREATE FUNCTION no_drafts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'; END $$;
			CREATE TRIGGER no_drafts BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION no_drafts()`
	}
	if _, err := db.Exec(trigger); err != nil {
		t.Fatal(err)
	}
	if _, err := f.e.ProcessOnce(t.Context()); err == nil {
		t.Fatal("ProcessOnce() with drafts that cannot be recorded = nil error, want the failure")
	}
	dir := filepath.Join(f.e.Composer.DataDir, "drafts")
	if files, _ := filepath.Glob(filepath.Join(dir, "*.eml")); len(files) != 0 {
		t.Errorf("draft files after a failed record = %v, want none", files)
	}
	drop := `DROP TRIGGER no_drafts`
	if storetest.Postgres() {
		drop = `DROP TRIGGER no_drafts ON messages`
	}
	if _, err := db.Exec(drop); err != nil {
		t.Fatal(err)
	}
	f.pass()
	if files, _ := filepath.Glob(filepath.Join(dir, "*.eml")); len(files) != 2 {
		t.Errorf("draft files after the next pass = %d, want 2 (one per interviewer)", len(files))
	}
}
