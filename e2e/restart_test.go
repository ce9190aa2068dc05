//go:build e2e

package e2e

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/followup-dev/followup/internal/apptest"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/imapwatch"
	"github.com/followup-dev/followup/internal/inbox"
)

// restartWait bounds how long the watcher may take, after Dovecot is back,
// to reconnect and record the reply that arrived during the outage.
const restartWait = 30 * time.Second

// mailstack runs scripts/mailstack with args against the stack the tests
// use and fails the test when it fails.
func mailstack(t *testing.T, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", append([]string{filepath.Join("..", "scripts", "mailstack")}, args...)...)
	cmd.Env = append(os.Environ(), "FOLLOWUP_MAIL_STATE="+stack.State)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("scripts/mailstack %s = %v, output:\n%s", strings.Join(args, " "), err, out)
	}
	t.Logf("scripts/mailstack %s: %s", strings.Join(args, " "), strings.TrimSpace(string(out)))
}

// runWatcherWith runs env's watcher with opts until the test ends and waits
// until it has synced INBOX once; startWatcher, with options.
func runWatcherWith(t *testing.T, env *inbox.Inbox, opts imapwatch.WatchOptions) {
	t.Helper()
	uv, last, ok, err := env.Store.IMAPState(t.Context(), "INBOX")
	if err != nil || !ok {
		t.Fatalf("IMAPState(INBOX) = %v, %v; want a position", ok, err)
	}
	if err := env.Store.SetIMAPState(t.Context(), "INBOX", uv, last, time.Now(), "starting"); err != nil {
		t.Fatal(err)
	}
	w, err := env.NewWatcher(t.Context(), opts)
	if err != nil {
		t.Fatalf("NewWatcher = %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("watcher Run = %v, want context.Canceled", err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("watcher did not stop within 10s")
		}
	})
	apptest.WaitFor(t, answerWait, "the watcher synced INBOX", func() (string, bool) {
		r := inboxResult(t, env)
		return "INBOX result " + r, r == "ok"
	})
}

// inboxResult is the watcher's last recorded result for INBOX.
func inboxResult(t *testing.T, env *inbox.Inbox) string {
	t.Helper()
	states, err := env.Store.IMAPStates(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range states {
		if s.Mailbox == "INBOX" {
			return s.Result
		}
	}
	return "(none)"
}

// idlingOn reports the pids of Dovecot imap processes in IDLE on the
// Maildir folder dir: Dovecot puts an inotify watch on a mailbox's new/
// and cur/ only while a client idles on it, and removes it when IDLE ends.
// It reads /proc/PID/fdinfo of the vmail-owned processes, so it needs root
// (which scripts/mailstack does too).
func idlingOn(t *testing.T, dir string) []int {
	t.Helper()
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatalf("stat %s: %v", dir, err)
	}
	want := "ino:" + strconv.FormatUint(fi.Sys().(*syscall.Stat_t).Ino, 16) + " "
	procs, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var pids []int
	for _, p := range procs {
		pid, err := strconv.Atoi(p.Name())
		if err != nil {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", p.Name(), "cmdline"))
		if err != nil || !strings.HasSuffix(strings.TrimRight(string(cmdline), "\x00 "), "/imap") {
			continue
		}
		fdinfo := filepath.Join("/proc", p.Name(), "fdinfo")
		fds, _ := os.ReadDir(fdinfo) // the process may be gone already
		for _, fd := range fds {
			b, _ := os.ReadFile(filepath.Join(fdinfo, fd.Name()))
			if strings.Contains(string(b), "inotify wd:") && strings.Contains(string(b), want) {
				pids = append(pids, pid)
				break
			}
		}
	}
	return pids
}

// maildir is the root of user's Maildir in the stack (INBOX lives there).
func maildir(user string) string {
	local, domain, _ := strings.Cut(strings.ToLower(user), "@")
	return filepath.Join(stack.State, "mail", domain, local, "Maildir")
}

// TestWatchSurvivesDovecotRestart: Dovecot stops while the watcher idles on
// INBOX; a reply Postfix accepts during the outage (and queues) is recorded
// once Dovecot is back, by the same watcher reconnecting by itself, and the
// message stays unread.
func TestWatchSurvivesDovecotRestart(t *testing.T) {
	home, cfgPath, env := watchSetup(t)
	if _, err := env.CatchUp(t.Context(), nil); err != nil {
		t.Fatalf("CatchUp = %v", err)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := time.Now().In(berlin).Add(-time.Hour).Format("2006-01-02 15:04")
	token := uniqueToken(t)
	id := strings.TrimSpace(followupCLI(t, home, cfgPath, "add", "--company", "Acme "+token, "--role", "Engineer", "--at", at,
		"--tz", "Europe/Berlin", "--duration", "30m", "--interviewer", "Jane Roe <"+stack.Jane.User+">",
		"--next-steps", "we'll get back to you in 2-3 working days"))
	if ac := checkInOf(t, env.Store, id); ac.State != followup.StatePending {
		t.Fatalf("check-in of %s = %+v, want pending", id, ac)
	}

	inbox := filepath.Join(maildir(stack.Me.User), "new")
	runWatcherWith(t, env, imapwatch.WatchOptions{
		Backoff: func(int) time.Duration { return 200 * time.Millisecond },
		Logger:  slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelInfo})),
	})
	apptest.WaitFor(t, answerWait, "a Dovecot imap process idling on "+inbox, func() (string, bool) {
		pids := idlingOn(t, inbox)
		return fmt.Sprintf("idling pids %v (run as root?)", pids), len(pids) > 0
	})

	down := true
	t.Cleanup(func() {
		if down {
			mailstack(t, "imap-start") // leave the stack up for the tests that follow
		}
	})
	mailstack(t, "imap-stop")
	apptest.WaitFor(t, answerWait, "the watcher noticed the outage", func() (string, bool) {
		r := inboxResult(t, env)
		return "INBOX result " + r, strings.HasPrefix(r, "error")
	})

	reply, replyID := companyMail(t, "Jane Roe <"+stack.Jane.User+">", "Re: Thank you "+token,
		"Hi Casey,\r\n\r\nwe would like to invite you to a second round.\r\n\r\nJane")
	deliver(t, stack.Jane.User, []string{stack.Me.User}, reply)

	mailstack(t, "imap-start")
	down = false
	back := time.Now()
	apptest.WaitFor(t, restartWait, "check-in cancelled and status replied", func() (string, bool) {
		ac := checkInOf(t, env.Store, id)
		iv, err := env.Store.GetInterview(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("check-in %s (%s), status %s, INBOX result %s", ac.State, ac.Reason, iv.Status, inboxResult(t, env)),
			ac.State == followup.StateCancelled && iv.Status == followup.StatusReplied
	})
	t.Logf("reply recorded %v after Dovecot was back", time.Since(back).Round(time.Millisecond))
	apptest.WaitFor(t, answerWait, "the watcher idling on INBOX again", func() (string, bool) {
		pids := idlingOn(t, inbox)
		return fmt.Sprintf("idling pids %v", pids), len(pids) > 0
	})
	if n := repliesWithID(t, env.Store, id, replyID); n != 1 {
		t.Errorf("recorded the reply %d times, want once", n)
	}
	if _, flags := waitForMessage(t, stack.Me.User, stack.Me.Pass, "INBOX", replyID); slices.Contains(flags, imap.FlagSeen) {
		t.Errorf("message %s has flags %v after watching, want no \\Seen", replyID, flags)
	}
}
