package mail_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"

	"github.com/followup-dev/followup/internal/cli/clitest"
	"github.com/followup-dev/followup/internal/cli/mail"
	"github.com/followup-dev/followup/internal/mailer/smtptest"
)

func smtpReply(code int, msg string) error {
	return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCodeNotSet, Message: msg}
}

func TestDaemonOnce(t *testing.T) {
	tests := []struct {
		name       string
		auto       bool
		args       []string
		wantErr    string
		wantOut    []string
		wantConns  int
		wantOutbox int
	}{
		{"draft first", false, nil, "drafted 2, queued 0, sent 0", nil, 0, 0},
		{"auto send", true, nil, "queued 2, sent 2", nil, 1, 2},
		{"dry run", true, []string{"--dry-run"}, "dry run: 2 to do, nothing changed",
			[]string{"=== send thank-you to jane@acme.example", "=== send thank-you to bob@acme.example", "Subject: Thank you for the Backend Engineer interview", "Hi Jane,"}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := clitest.NewEnv(t)
			srv := smtptest.New(t, smtptest.Options{})
			clitest.WithSendConfig(t, e, srv, tt.auto)
			e.MustRun(clitest.AddArgs...)
			out, errs, code := e.Run(append([]string{"daemon", "--once", "--log-level", "error"}, tt.args...)...)
			if code != 0 || !strings.Contains(errs, tt.wantErr) {
				t.Fatalf("daemon --once %v = exit %d, stderr %q; want 0 and %q", tt.args, code, errs, tt.wantErr)
			}
			for _, want := range tt.wantOut {
				if !strings.Contains(out, want) {
					t.Errorf("daemon --once %v stdout lacks %q:\n%s", tt.args, want, out)
				}
			}
			var rows []mail.OutboxView
			if err := json.Unmarshal([]byte(e.MustRun("outbox", "--json", "--all")), &rows); err != nil {
				t.Fatal(err)
			}
			if srv.Connections() != tt.wantConns || len(rows) != tt.wantOutbox {
				t.Errorf("after daemon --once %v: %d connections, %d outbox rows; want %d, %d", tt.args, srv.Connections(), len(rows), tt.wantConns, tt.wantOutbox)
			}
			if _, errs, _ := e.Run("daemon", "--once", "--log-level", "error"); tt.auto && len(tt.args) == 0 && !strings.Contains(errs, "sent 0") {
				t.Errorf("second daemon --once: stderr %q, want nothing more sent", errs)
			}
			if got := len(srv.Messages()); tt.auto && len(tt.args) == 0 && got != 2 {
				t.Errorf("delivered after two runs = %d, want 2", got)
			}
		})
	}
}

func TestSend(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		tty      bool
		in       string
		smtp     bool
		pause    bool
		wantCode int
		wantOut  string
		wantErr  string
		wantSent int
	}{
		{"yes", []string{"--yes"}, false, "", true, false, 0, "sent: thank-you to jane@acme.example", "", 2},
		{"confirmed on a terminal", nil, true, "y\n", true, false, 0, "sent: thank-you to bob@acme.example", "", 2},
		{"declined on a terminal", nil, true, "n\n", true, false, 0, "", "nothing sent", 0},
		{"no terminal, no --yes", nil, false, "", true, false, 2, "", "pass --yes", 0},
		{"dry run", []string{"--dry-run"}, false, "", true, false, 0, "=== send thank-you to jane@acme.example", "", 0},
		{"no smtp", []string{"--yes"}, false, "", false, false, 2, "", "[smtp] section", 0},
		{"paused", []string{"--yes"}, false, "", true, true, 2, "", "sending is paused", 0},
		{"bad id", []string{"--yes"}, false, "", true, false, 2, "", "id", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := clitest.NewEnv(t)
			srv := smtptest.New(t, smtptest.Options{})
			if tt.smtp {
				clitest.WithSendConfig(t, e, srv, false)
			} else {
				clitest.WithBerlinConfig(t, e)
			}
			id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
			if tt.pause {
				e.MustRun("pause")
			}
			e.TTY, e.In = tt.tty, tt.in
			if tt.name == "bad id" {
				id = "Nope!"
			}
			args := append([]string{"send", id}, tt.args...)
			out, errs, code := e.Run(args...)
			if code != tt.wantCode || !strings.Contains(out, tt.wantOut) || !strings.Contains(errs, tt.wantErr) {
				t.Errorf("followup %v = exit %d, stdout %q, stderr %q; want exit %d, %q on stdout, %q on stderr",
					args, code, out, errs, tt.wantCode, tt.wantOut, tt.wantErr)
			}
			if got := len(srv.Messages()); got != tt.wantSent {
				t.Errorf("delivered = %d, want %d", got, tt.wantSent)
			}
			if tt.wantSent == 0 && srv.Connections() != 0 {
				t.Errorf("SMTP connections = %d, want none", srv.Connections())
			}
		})
	}
}

func TestOutboxCommands(t *testing.T) {
	e := clitest.NewEnv(t)
	srv := smtptest.New(t, smtptest.Options{Script: func(_ int, d smtptest.Delivery) error {
		if d.To[0] == "jane@acme.example" {
			return smtpReply(550, "no such user")
		}
		return nil
	}})
	clitest.WithSendConfig(t, e, srv, false)
	id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	out, errs, code := e.Run("send", id, "--yes")
	if code != 1 || !strings.Contains(out, "failed: thank-you to jane@acme.example") || !strings.Contains(errs, "1 of 2 messages not sent") {
		t.Fatalf("send with a 550 = exit %d, stdout %q, stderr %q; want exit 1 naming the failed message", code, out, errs)
	}
	var rows []mail.OutboxView
	if err := json.Unmarshal([]byte(e.MustRun("outbox", "--json")), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].State != "failed" || !strings.Contains(rows[0].Reason, "no such user") || rows[0].To != "jane@acme.example" {
		t.Fatalf("outbox --json = %+v, want the failed message to Jane with its reason", rows)
	}
	if table := e.MustRun("outbox"); !strings.Contains(table, "failed") || !strings.Contains(table, "no such user") {
		t.Errorf("outbox = %q, want the failed row with its reason", table)
	}
	rowID := fmt.Sprint(rows[0].ID)
	if out := e.MustRun("outbox", "retry", rowID); !strings.Contains(out, "queued again") {
		t.Errorf("outbox retry = %q, want it queued again", out)
	}
	if out := e.MustRun("outbox", "drop", rowID); !strings.Contains(out, "dropped") {
		t.Errorf("outbox drop = %q, want it dropped", out)
	}
	for _, args := range [][]string{{"outbox", "retry", rowID}, {"outbox", "drop", "999"}, {"outbox", "drop", "x"}} {
		if _, errs, code := e.Run(args...); code != 2 || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("followup %v = exit %d, stderr %q; want exit 2 and one line", args, code, errs)
		}
	}
	if out := e.MustRun("outbox", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("outbox --json after drop = %q, want []", out)
	}
}

func TestPauseResume(t *testing.T) {
	e := clitest.NewEnv(t)
	steps := []struct{ cmd, want string }{
		{"resume", "sending was not paused"},
		{"pause", "sending paused"},
		{"pause", "already paused"},
		{"resume", "sending resumed"},
	}
	for _, s := range steps {
		if out := e.MustRun(s.cmd); !strings.Contains(out, s.want) {
			t.Errorf("followup %s = %q, want %q", s.cmd, out, s.want)
		}
	}
}

// TestDaemonOnceSendsNotices: `daemon --once` (cron-friendly) tells the
// user at once about a refused message, as the long-running daemon does.
func TestDaemonOnceSendsNotices(t *testing.T) {
	e := clitest.NewEnv(t)
	srv := smtptest.New(t, smtptest.Options{Script: func(_ int, d smtptest.Delivery) error {
		if d.To[0] == "jane@acme.example" {
			return smtpReply(550, "no such user")
		}
		return nil
	}})
	clitest.WithSendConfig(t, e, srv, true)
	e.MustRun(clitest.AddArgs...)
	if _, errs, code := e.Run("daemon", "--once"); code != 0 || !strings.Contains(errs, "failed 1") {
		t.Fatalf("daemon --once = exit %d, stderr %q; want exit 0 reporting the failed message", code, errs)
	}
	var toMe int
	for _, d := range srv.Deliveries() {
		if d.To[0] == "max@example.org" && d.Reply == nil && strings.Contains(string(d.Data), "jane@acme.example") {
			toMe++
		}
	}
	if toMe != 1 {
		t.Errorf("notices to the user after daemon --once = %d, want 1 about the refused message to Jane", toMe)
	}
	e.Run("daemon", "--once")
	if n := len(srv.Deliveries()); n != 3 {
		t.Errorf("deliveries after a second daemon --once = %d, want 3 (Bob, the refused Jane, one notice): nothing again", n)
	}
}
