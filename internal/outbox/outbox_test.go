package outbox

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/mailer/smtptest"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

func TestSendApproved(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(f *sendFixture)
		wantErr string // "" for success
		sent    int
	}{
		{"draft-first mode, outside the window", func(f *sendFixture) {
			f.e.Config.Policy.SendWindow = config.Window{Start: 6 * 60, End: 7 * 60}
		}, "", 2},
		{"paused", func(f *sendFixture) { f.e.Pause(f.t.Context()) }, "sending is paused", 0},
		{"daily cap", func(f *sendFixture) { f.e.Config.Policy.DailySendCap = 1 }, "daily_send_cap = 1", 0},
		{"no smtp", func(f *sendFixture) { f.e.NewSender = nil }, "no [smtp] section", 0},
		{"answered meanwhile", func(f *sendFixture) {
			for _, key := range []string{janeKey, bobKey} {
				ac := actionByKey(f.t, f.e, f.id, key)
				f.e.Store.SetActionState(f.t.Context(), ac.ID, followup.StateCancelled, "reply from Jane Roe", "", f.now)
			}
		}, "reply from Jane Roe", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSendFixture(t, false, nil)
			ap, err := f.e.Approve(t.Context(), SendRequest{InterviewID: f.id})
			if err != nil || len(ap.Messages) != 2 {
				t.Fatalf("Approve(%s) = %v, %v; want the two thank-you notes", f.id, ap, err)
			}
			tt.setup(f)
			rep, err := f.e.SendApproved(t.Context(), ap)
			if tt.wantErr != "" {
				if !usage.Is(err) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("SendApproved() = %v, want a request error saying %q", err, tt.wantErr)
				}
			} else if err != nil {
				t.Fatalf("SendApproved() = %v", err)
			}
			if rep.Sent != tt.sent || len(f.srv.Messages()) != tt.sent {
				t.Errorf("SendApproved() = %+v with %d delivered, want %d sent", rep, len(f.srv.Messages()), tt.sent)
			}
			if tt.sent == 0 && len(f.rows()) != 0 {
				t.Errorf("outbox after a refused send = %+v, want empty", f.rows())
			}
			for i, m := range f.srv.Messages() {
				if !strings.Contains(string(m), "<"+ap.Messages[i].MessageID+">") {
					t.Errorf("delivered message %d is not the approved one %s", i, ap.Messages[i].MessageID)
				}
			}
		})
	}
}

func TestApproveActions(t *testing.T) {
	f := newSendFixture(t, false, nil)
	jane := actionByKey(t, f.e, f.id, janeKey)
	checkIn := actionByKey(t, f.e, f.id, "check-in:1")
	tests := []struct {
		name    string
		req     SendRequest
		wantTo  []string
		wantErr string
	}{
		{"interview: the due notes", SendRequest{InterviewID: f.id}, []string{"jane@acme.example", "bob@acme.example"}, ""},
		{"one action", SendRequest{ActionID: jane.ID}, []string{"jane@acme.example"}, ""},
		{"a later action", SendRequest{ActionID: checkIn.ID}, []string{"jane@acme.example"}, ""},
		{"unknown action", SendRequest{ActionID: 999}, nil, "no follow-up 999"},
		{"unknown interview", SendRequest{InterviewID: "nope-0101"}, nil, "unknown interview id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ap, err := f.e.Approve(t.Context(), tt.req)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Approve(%+v) = %v, want an error saying %q", tt.req, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Approve(%+v) = %v", tt.req, err)
			}
			var to []string
			for _, c := range ap.Messages {
				to = append(to, c.To.Email)
			}
			if strings.Join(to, ",") != strings.Join(tt.wantTo, ",") {
				t.Errorf("Approve(%+v) recipients = %v, want %v", tt.req, to, tt.wantTo)
			}
		})
	}
	if f.srv.Connections() != 0 || len(f.rows()) != 0 {
		t.Errorf("Approve wrote %d outbox rows and opened %d connections, want none", len(f.rows()), f.srv.Connections())
	}
}

func TestSendApprovedTakesHeldMessage(t *testing.T) {
	f := newSendFixture(t, true, func(n int, _ smtptest.Delivery) error {
		if n == 0 {
			return smtptest.ErrDrop
		}
		return nil
	})
	f.onlyJane()
	f.pass() // unknown
	f.pass() // needs review (no IMAP)
	held := f.rows(store.OutboxNeedsReview)
	if len(held) != 1 {
		t.Fatalf("needs-review rows = %+v, want 1", held)
	}
	jane := actionByKey(t, f.e, f.id, janeKey)
	ap, err := f.e.Approve(t.Context(), SendRequest{ActionID: jane.ID})
	if err != nil || len(ap.Messages) != 1 || ap.Messages[0].MessageID != held[0].MessageID {
		t.Fatalf("Approve(held) = %+v, %v; want the stored message %s", ap, err, held[0].MessageID)
	}
	if rep, err := f.e.SendApproved(t.Context(), ap); err != nil || rep.Sent != 1 {
		t.Fatalf("SendApproved() = %+v, %v; want 1 sent", rep, err)
	}
	if rows := f.rows(); len(rows) != 1 || rows[0].State != store.OutboxSent {
		t.Errorf("outbox = %+v, want the one row, sent", rows)
	}
}

func TestRetryAndDrop(t *testing.T) {
	f := newSendFixture(t, true, func(int, smtptest.Delivery) error { return reply(550, "no such user") })
	f.onlyJane()
	f.pass()
	id := f.rows(store.OutboxFailed)[0].ID
	if err := f.e.DropOutbox(t.Context(), 999); !usage.Is(err) {
		t.Errorf("DropOutbox(999) = %v, want a request error", err)
	}
	if err := f.e.RetryOutbox(t.Context(), id); err != nil {
		t.Fatalf("RetryOutbox(%d) = %v", id, err)
	}
	if got := f.state(janeKey); got != followup.StatePending {
		t.Errorf("thank-you after retry = %s, want pending", got)
	}
	if err := f.e.DropOutbox(t.Context(), id); err != nil {
		t.Fatalf("DropOutbox(%d) = %v", id, err)
	}
	if got := f.state(janeKey); got != followup.StateCancelled {
		t.Errorf("thank-you after drop = %s, want cancelled", got)
	}
	if err := f.e.RetryOutbox(t.Context(), id); !usage.Is(err) || !strings.Contains(err.Error(), "dropped") {
		t.Errorf("RetryOutbox(dropped) = %v, want a request error naming the state", err)
	}
	f.now = f.now.Add(time.Hour)
	if rep := f.pass(); rep != (Report{}) || f.srv.Connections() != 1 {
		t.Errorf("ProcessOnce() after drop = %+v after %d connections, want nothing", rep, f.srv.Connections())
	}
}

func TestSendLockIsExclusive(t *testing.T) {
	f := newSendFixture(t, true, nil)
	unlock, err := f.e.lockSending(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.e.ProcessOnce(t.Context()); !errors.Is(err, ErrBusy) {
		t.Errorf("ProcessOnce() while another holds the send lock = %v, want ErrBusy", err)
	}
	unlock()
	if rep := f.pass(); rep.Sent != 2 {
		t.Errorf("ProcessOnce() after unlock = %+v, want 2 sent", rep)
	}
}

func TestPreviewOnceChangesNothing(t *testing.T) {
	tests := []struct {
		name   string
		auto   bool
		window config.Window
		want   string
	}{
		{"drafts", false, config.Window{}, "draft,draft"},
		{"sends", true, config.Window{}, "send,send"},
		{"waits for the window", true, config.Window{Start: 6 * 60, End: 7 * 60}, "wait,wait"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSendFixture(t, tt.auto, nil)
			f.e.Config.Policy.SendWindow = tt.window
			ps, err := f.e.PreviewOnce(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			var do []string
			for _, p := range ps {
				do = append(do, p.Do)
				if len(p.Message.Raw) == 0 {
					t.Errorf("preview %+v has no message", p)
				}
			}
			if strings.Join(do, ",") != tt.want {
				t.Errorf("PreviewOnce() = %v, want %s", do, tt.want)
			}
			if f.srv.Connections() != 0 || len(f.rows()) != 0 || f.state(janeKey) != followup.StatePending {
				t.Errorf("PreviewOnce changed something: %d connections, outbox %d, thank-you %s", f.srv.Connections(), len(f.rows()), f.state(janeKey))
			}
		})
	}
}
