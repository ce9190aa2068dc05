package process_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/cli"
	"github.com/followup-dev/followup/internal/cli/clitest"
	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/cli/setup"
	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/store"
)

// startDaemon runs `followup daemon` (with extra flags) in process until
// the test ends and returns once `followup status --json` reports it
// running.
func startDaemon(t *testing.T, e *clitest.Env, extra ...string) {
	t.Helper()
	// Create the store first: two processes switching a brand-new file to
	// WAL at the same instant may see "database is locked".
	clitest.StatusOf(t, e)
	r := launchDaemon(t, e, extra...)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for !clitest.StatusOf(t, e).Daemon.Running {
		select {
		case <-tick.C:
		case code := <-r.done:
			r.ended = true
			t.Fatalf("daemon = exit %d before it ran; stderr %s", code, r.errb.String())
		case <-deadline:
			t.Fatalf("status never reported the daemon running; stderr %s", r.errb.String())
		}
	}
}

// runDaemon runs `followup daemon` with args in process and returns what
// stops it (launchDaemon).
func runDaemon(t *testing.T, e *clitest.Env, args ...string) func() {
	return launchDaemon(t, e, args...).stop
}

// daemonRun is `followup daemon` run in process on the real clock.
type daemonRun struct {
	t      *testing.T
	args   []string
	errb   syncBuffer
	cancel context.CancelFunc
	done   chan int // its exit code
	ended  bool     // stopped, or its exit code read
}

// launchDaemon starts `followup daemon` with args; it is stopped when
// the test ends, if not before.
func launchDaemon(t *testing.T, e *clitest.Env, args ...string) *daemonRun {
	r := &daemonRun{t: t, args: args, done: make(chan int, 1)}
	app := &cli.App{Streams: cli.Streams{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &r.errb, Env: func(k string) string { return e.Vars[k] }},
		Clock: clock.Func(time.Now)}
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	go func() { r.done <- cli.Run(ctx, append([]string{"daemon", "--log-format", "json"}, args...), app) }()
	t.Cleanup(r.stop)
	return r
}

// stop cancels the daemon and fails the test unless it exits 0 within
// 20 seconds. Calling it again does nothing.
func (r *daemonRun) stop() {
	r.cancel()
	if r.ended {
		return
	}
	r.ended = true
	select {
	case code := <-r.done:
		if code != 0 {
			r.t.Errorf("daemon %v after cancel = exit %d, want 0; stderr %s", r.args, code, r.errb.String())
		}
	case <-time.After(20 * time.Second):
		r.t.Errorf("daemon %v did not stop within 20 seconds of cancel", r.args)
	}
}

// syncBuffer is a bytes.Buffer safe for the daemon's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestDaemonOfAllAccounts: one process runs the daemon of every account;
// each account's status says its daemon runs, and a daemon of one account
// alone is refused meanwhile.
func TestDaemonOfAllAccounts(t *testing.T) {
	e := clitest.NewEnv(t)
	e.Now = time.Now() // the daemon's heartbeats are real time
	dir := e.Dir + "/config/followup"
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	body := "[me]\nemail = \"max@example.org\"\n\n[[account]]\nname = \"uni\"\n[account.me]\nemail = \"max@uni.example\"\n"
	if err := os.WriteFile(dir+"/config.toml", []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	startDaemon(t, e, "--all-accounts")
	deadline := time.Now().Add(10 * time.Second)
	for !statusOf(t, e, "--account", "uni").Daemon.Running {
		if time.Now().After(deadline) {
			t.Fatal("status --account uni never reported its daemon running")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, errs, code := e.Run("daemon", "--account", "uni"); code == 0 || !strings.Contains(errs, "another followup daemon is running") {
		t.Errorf("a second daemon of uni = exit %d, %q; want it refused", code, errs)
	}
}

func statusOf(t *testing.T, e *clitest.Env, args ...string) setup.StatusView {
	t.Helper()
	var v setup.StatusView
	if err := json.Unmarshal([]byte(e.MustRun(append([]string{"status", "--json"}, args...)...)), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestStatusReportsRunningDaemonAndNextDue(t *testing.T) {
	e := clitest.NewEnv(t)
	e.Now = time.Now()
	at := e.Now.Add(24 * time.Hour).In(time.UTC).Format("2006-01-02 15:04")
	id := strings.TrimSpace(e.MustRun("add", "--company", "Acme", "--role", "Backend Engineer", "--at", at, "--tz", "UTC",
		"--interviewer", "Jane Roe <jane@acme.example>"))
	if v := clitest.StatusOf(t, e); v.Daemon.Running {
		t.Fatalf("status before the daemon = %+v, want not running", v.Daemon)
	}
	startDaemon(t, e)
	v := clitest.StatusOf(t, e)
	if v.Daemon.PID != os.Getpid() || v.Daemon.Since == nil {
		t.Errorf("status daemon = %+v, want pid %d with a start time", v.Daemon, os.Getpid())
	}
	if len(v.Next) == 0 || v.Next[0].Interview != id || v.Next[0].Kind != "thank-you" {
		t.Errorf("status next = %+v, want the thank-you of %s first", v.Next, id)
	}
	out := e.MustRun("status")
	if !strings.Contains(out, fmt.Sprintf("running, pid %d", os.Getpid())) || !strings.Contains(out, "thank-you to jane@acme.example") {
		t.Errorf("status = %q, want the running daemon and the next thank-you", out)
	}
}

func TestSecondDaemonExitsNonZero(t *testing.T) {
	e := clitest.NewEnv(t)
	e.Now = time.Now()
	startDaemon(t, e)
	_, errs, code := e.Run("daemon")
	if code == 0 || !strings.Contains(errs, fmt.Sprintf("pid %d", os.Getpid())) || !strings.Contains(errs, "already") && !strings.Contains(errs, "another followup daemon") {
		t.Errorf("second daemon = exit %d, stderr %q; want non-zero naming pid %d", code, errs, os.Getpid())
	}
}

func TestPrintSystemdUnitMatchesContrib(t *testing.T) {
	e := clitest.NewEnv(t)
	out := e.MustRun("daemon", "--print-systemd-unit")
	file, err := os.ReadFile("../../../contrib/systemd/followup.service")
	if err != nil {
		t.Fatal(err)
	}
	if out != string(file) {
		t.Errorf("daemon --print-systemd-unit differs from contrib/systemd/followup.service:\n%s", out)
	}
	for _, want := range []string{"ExecStart=%h/go/bin/followup daemon", "Restart=on-failure", "WantedBy=default.target"} {
		if !strings.Contains(out, want) {
			t.Errorf("unit lacks %q", want)
		}
	}
}

func TestDaemonFlagErrors(t *testing.T) {
	tests := []struct{ args []string }{
		{[]string{"daemon", "--log-level", "loud"}},
		{[]string{"daemon", "--log-format", "xml"}},
	}
	for _, tt := range tests {
		e := clitest.NewEnv(t)
		if _, errs, code := e.Run(tt.args...); code != command.ExitUsage {
			t.Errorf("followup %s = exit %d (%q), want %d", strings.Join(tt.args, " "), code, errs, command.ExitUsage)
		}
	}
}

func TestDigestCommand(t *testing.T) {
	e := clitest.NewEnv(t)
	e.MustRun(clitest.AddArgs...) // 20 Nov 14:00 Berlin, the thank-you due today
	out := e.MustRun("digest")
	if !strings.HasPrefix(out, "Subject: followup ") || !strings.Contains(out, "DUE TODAY") || !strings.Contains(out, "Jane Roe") {
		t.Errorf("digest = %q, want a subject and the thank-you due today", out)
	}
	if _, errs, code := e.Run("digest", "--send"); code != command.ExitUsage || !strings.Contains(errs, "[smtp]") {
		t.Errorf("digest --send without [smtp] = exit %d, %q; want %d naming [smtp]", code, errs, command.ExitUsage)
	}
}

// TestDaemonOfAllAccountsFollowsTheFileOnSIGHUP: after the config file
// gains an account and loses another, a SIGHUP starts the new account's
// daemon and stops the old one's.
func TestDaemonOfAllAccountsFollowsTheFileOnSIGHUP(t *testing.T) {
	e := clitest.NewEnv(t)
	e.Now = time.Now()
	dir := e.Dir + "/config/followup"
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(accounts ...string) {
		body := "[me]\nemail = \"max@example.org\"\n"
		for _, name := range accounts {
			body += fmt.Sprintf("\n[[account]]\nname = %q\n[account.me]\nemail = \"max@%s.example\"\n", name, name)
		}
		if err := os.WriteFile(dir+"/config.toml", []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("uni")
	startDaemon(t, e, "--all-accounts")
	waitRunning(t, e, "uni", true)
	write("work")
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitRunning(t, e, "work", true)
	waitRunning(t, e, "default", true)
	// uni is no longer in the file (status cannot be asked): its lease goes.
	all, err := store.Open(t.Context(), e.DBPath())
	if err != nil {
		t.Fatal(err)
	}
	defer all.Close()
	uni, _ := all.ForAccount("uni")
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, held, err := uni.CurrentLease(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if !held {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the daemon of uni, gone from the file, still holds its lease 10 s after SIGHUP")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitRunning waits until status --account name says its daemon runs
// (running true) or does not.
func waitRunning(t *testing.T, e *clitest.Env, name string, running bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for statusOf(t, e, "--account", name).Daemon.Running != running {
		if time.Now().After(deadline) {
			t.Fatalf("status --account %s never reported its daemon running = %v", name, running)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
