// Package clitest runs followup's command line in process for the tests of
// the command packages: an empty HOME with XDG folders and a fixed clock,
// and the fixtures several packages share.
package clitest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/cli"
	"github.com/followup-dev/followup/internal/cli/agenda"
	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/cli/setup"
	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/mailer/smtptest"
)

// Env is an empty HOME with XDG folders, and a fixed clock.
type Env struct {
	T    *testing.T
	Dir  string
	Vars map[string]string
	Now  time.Time
	In   string // standard input
	TTY  bool   // whether standard input is a terminal
}

// NewEnv is an Env in a new temporary folder.
func NewEnv(t *testing.T) *Env {
	dir := t.TempDir()
	return &Env{T: t, Dir: dir, Now: time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC), Vars: map[string]string{
		"HOME": dir, "XDG_CONFIG_HOME": filepath.Join(dir, "config"), "XDG_DATA_HOME": filepath.Join(dir, "data"),
	}}
}

// Run executes one command line in process and returns stdout, stderr and the exit code.
func (e *Env) Run(args ...string) (string, string, int) {
	e.T.Helper()
	var out, errb bytes.Buffer
	app := &cli.App{
		Streams: cli.Streams{In: strings.NewReader(e.In), Out: &out, Err: &errb, Env: func(k string) string { return e.Vars[k] }, InTTY: e.TTY},
		Clock:   clock.Func(func() time.Time { return e.Now }),
	}
	code := cli.Run(context.Background(), args, app)
	return out.String(), errb.String(), code
}

// MustRun is Run, failing the test unless the command exits 0; it returns stdout.
func (e *Env) MustRun(args ...string) string {
	e.T.Helper()
	out, errs, code := e.Run(args...)
	if code != 0 {
		e.T.Fatalf("followup %s = exit %d, stderr %q", strings.Join(args, " "), code, errs)
	}
	return out
}

// DBPath is the store's file.
func (e *Env) DBPath() string { return filepath.Join(e.Dir, "data", "followup", "followup.db") }

// AddArgs adds the Acme interview: 20 Nov 2026 14:00 in Berlin, Jane and Bob.
var AddArgs = []string{"add", "--company", "Acme", "--role", "Backend Engineer", "--at", "2026-11-20 14:00",
	"--tz", "Europe/Berlin", "--duration", "45m",
	"--interviewer", "Jane Roe <jane@acme.example>", "--interviewer", "Bob Poe <bob@acme.example>",
	"--next-steps", "we'll get back to you in 4-5 working days"}

// WithBerlinConfig writes a config whose user lives in Europe/Berlin.
func WithBerlinConfig(t *testing.T, e *Env) {
	t.Helper()
	dir := filepath.Join(e.Dir, "config", "followup")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	body := "[me]\nname = \"Max Mustermann\"\nemail = \"max@example.org\"\ntimezone = \"Europe/Berlin\"\n"
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

// WithSendConfig writes a config sending to srv (plain text on loopback,
// no login) with a whole-day send window on every day.
func WithSendConfig(t *testing.T, e *Env, srv *smtptest.Server, auto bool) {
	t.Helper()
	dir := filepath.Join(e.Dir, "config", "followup")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	body := fmt.Sprintf(`[me]
name = "Max Mustermann"
email = "max@example.org"
timezone = "Europe/Berlin"

[smtp]
host = "127.0.0.1"
port = %d
security = "none"

[calendar]
workdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

[policy]
auto_send = %v
send_window = "00:00-24:00"
`, srv.Port, auto)
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

// CheckOneLine fails unless a run exited 2 with exactly one stderr line
// starting with "followup: " and no trace of a panic.
func CheckOneLine(t *testing.T, args []string, out, errs string, code int) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(errs, "\n"), "\n")
	if code != command.ExitUsage || len(lines) != 1 || !strings.HasPrefix(lines[0], "followup: ") {
		t.Errorf("followup %s = exit %d, stderr %q; want exit 2 and one line starting with \"followup: \"", strings.Join(args, " "), code, errs)
	}
	if s := out + errs; strings.Contains(s, "panic:") || strings.Contains(s, "goroutine ") {
		t.Errorf("followup %s printed a stack trace: %q", strings.Join(args, " "), s)
	}
}

// InboxNow is when received mail is handled: Monday after the interview.
var InboxNow = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// InboxEnv is a test environment with the user's address configured and
// the Acme interview added (and planned); it returns the interview id.
func InboxEnv(t *testing.T, extraConfig string) (*Env, string) {
	t.Helper()
	e := NewEnv(t)
	dir := filepath.Join(e.Dir, "config", "followup")
	cfg := "[me]\nemail = \"me@candidate.example\"\ntimezone = \"Europe/Berlin\"\n" + extraConfig
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	id := strings.TrimSpace(e.MustRun(AddArgs...))
	e.Now = InboxNow
	return e, id
}

// Deliver hands raw to the inbox as the watcher would.
func Deliver(t *testing.T, e *Env, mailbox string, raw []byte, isSent bool) {
	t.Helper()
	var out, errb bytes.Buffer
	app := &cli.App{
		Streams: cli.Streams{In: strings.NewReader(""), Out: &out, Err: &errb, Env: func(k string) string { return e.Vars[k] }},
		Clock:   clock.Func(func() time.Time { return e.Now }),
	}
	defer app.Close()
	ctx := context.Background()
	in, err := app.Inbox(ctx)
	if err == nil {
		err = in.HandleIncoming(ctx, mailbox, raw, isSent)
	}
	if err != nil {
		t.Fatalf("handleIncoming(%s) = %v", mailbox, err)
	}
}

// Mail builds a message from header lines.
func Mail(headers ...string) []byte {
	return []byte(strings.Join(headers, "\r\n") + "\r\n\r\nHi,\r\nthanks.\r\n")
}

// Shown is the part of `followup show --json` the tests look at.
type Shown struct {
	Status       string `json:"status"`
	Interviewers []struct {
		Email         string `json:"email"`
		Undeliverable bool   `json:"undeliverable"`
	} `json:"interviewers"`
	Actions []agenda.ActionView  `json:"actions"`
	Drafts  []agenda.MessageView `json:"drafts"`
	Replies []agenda.ReplyView   `json:"replies"`
}

// Show is `followup show ID --json`, decoded.
func Show(t *testing.T, e *Env, id string) Shown {
	t.Helper()
	var v Shown
	if err := json.Unmarshal([]byte(e.MustRun("show", id, "--json")), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// States summarises actions as "kind to: state reason".
func States(v Shown) []string {
	var out []string
	for _, ac := range v.Actions {
		out = append(out, ac.Kind+" "+strings.Join(ac.To, ",")+": "+ac.State+" "+ac.Reason)
	}
	return out
}

// StatusOf is `followup status --json`, decoded.
func StatusOf(t *testing.T, e *Env) setup.StatusView {
	t.Helper()
	var v setup.StatusView
	if err := json.Unmarshal([]byte(e.MustRun("status", "--json")), &v); err != nil {
		t.Fatal(err)
	}
	return v
}
