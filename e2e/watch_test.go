//go:build e2e

package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/followup-dev/followup/internal/apptest"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/daemon"
	"github.com/followup-dev/followup/internal/followup"
	followupreply "github.com/followup-dev/followup/internal/followup/reply"
	"github.com/followup-dev/followup/internal/imapwatch"
	"github.com/followup-dev/followup/internal/inbox"
	"github.com/followup-dev/followup/internal/store"
)

// answerWait bounds how long an answer may take from SMTP to the store:
// Dovecot alone delays IDLE notifications by 500 ms.
const answerWait = 5 * time.Second

// watchSetup writes a config for the user's real mailbox over IMAPS and
// opens its store; the Env is what `followup daemon` would build.
func watchSetup(t *testing.T) (home, configPath string, env *inbox.Inbox) {
	t.Helper()
	home = t.TempDir()
	configPath = writeIMAPConfig(t, home, "Europe/Berlin", "")
	cfg, err := config.Load(configPath, true)
	if err != nil {
		t.Fatalf("config.Load = %v", err)
	}
	st, err := store.Open(t.Context(), cfg.Store.Path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	env = daemon.Wire(daemon.Deps{Config: cfg, Store: st, DialIMAP: func(ctx context.Context) (*imapwatch.Client, error) {
		pw, err := cfg.IMAP.Secret(ctx)
		if err != nil {
			return nil, err
		}
		return imapwatch.Dial(ctx, cfg.IMAP, pw, imapwatch.Options{})
	}}).Inbox
	return home, configPath, env
}

// writeIMAPConfig writes home/config.toml: me@candidate.test in timezone,
// the store in home, IMAPS to the stack, and extraIMAP lines added to
// [imap]; it returns the file's path.
func writeIMAPConfig(t *testing.T, home, timezone, extraIMAP string) string {
	t.Helper()
	path := filepath.Join(home, "config.toml")
	body := fmt.Sprintf(`[me]
name = "Casey Candidate"
email = %q
timezone = %q

[store]
path = %q

[imap]
host = %q
port = %s
security = "tls"
ca_file = %q
username = %q
password_env = "FOLLOWUP_E2E_ME_PASS"
%s`, stack.Me.User, timezone, filepath.Join(home, "followup.db"), stack.Host, stack.IMAPSPort, stack.CAFile, stack.Me.User, extraIMAP)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// startWatcher runs env's watcher until the returned stop is called or the
// test ends, and waits until it has synced INBOX once.
func startWatcher(t *testing.T, env *inbox.Inbox) (stop func()) {
	t.Helper()
	if uv, last, ok, err := env.Store.IMAPState(t.Context(), "INBOX"); err != nil || !ok {
		t.Fatalf("IMAPState(INBOX) = %v, %v; want a position", ok, err)
	} else if err := env.Store.SetIMAPState(t.Context(), "INBOX", uv, last, time.Now(), "starting"); err != nil {
		t.Fatal(err)
	}
	w, err := env.NewWatcher(t.Context(), imapwatch.WatchOptions{})
	if err != nil {
		t.Fatalf("NewWatcher = %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("watcher Run = %v, want context.Canceled", err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("watcher did not stop within 10s")
		}
	}
	t.Cleanup(stop)
	apptest.WaitFor(t, answerWait, "the watcher synced INBOX", func() (string, bool) {
		states, err := env.Store.IMAPStates(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range states {
			if s.Mailbox == "INBOX" && s.Result == "ok" {
				return "", true
			}
		}
		return fmt.Sprintf("imap states %+v", states), false
	})
	return stop
}

func uniqueToken(t *testing.T) string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b[:])
}

// companyMail is a message from → to with the given extra header lines and
// body, and a fresh Message-ID (returned without angle brackets).
func companyMail(t *testing.T, from, subject, body string, headers ...string) ([]byte, string) {
	id := uniqueToken(t) + "@acme.test"
	h := append([]string{"From: " + from, "To: Casey Candidate <" + stack.Me.User + ">", "Subject: " + subject,
		"Date: " + time.Now().Format(time.RFC1123Z), "Message-ID: <" + id + ">", "MIME-Version: 1.0",
		"Content-Type: text/plain; charset=utf-8"}, headers...)
	return []byte(strings.Join(h, "\r\n") + "\r\n\r\n" + body + "\r\n"), id
}

func checkInOf(t *testing.T, st *store.Store, id string) followup.Action {
	t.Helper()
	acs, err := st.Actions(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, ac := range acs {
		if ac.Kind == followup.KindCheckIn {
			return ac
		}
	}
	t.Fatalf("interview %s has no check-in; actions %+v", id, acs)
	return followup.Action{}
}

// repliesWithID counts the replies recorded for interview id with Message-ID msgID.
func repliesWithID(t *testing.T, st *store.Store, id, msgID string) int {
	t.Helper()
	rs, err := st.Replies(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rs {
		if r.MessageID == msgID {
			n++
		}
	}
	return n
}

// TestWatchDovecot: against the real Dovecot, a reply delivered over SMTP
// stops the interview's follow-ups within seconds, an out-of-office holds
// another interview's check-in, a restarted watcher records nothing twice,
// and no message is marked as read.
func TestWatchDovecot(t *testing.T) {
	home, cfgPath, env := watchSetup(t)
	// Take up the mailbox where it is now, so mail other tests left there
	// does not count.
	if _, err := env.CatchUp(t.Context(), nil); err != nil {
		t.Fatalf("CatchUp = %v", err)
	}
	uv, before, _, err := env.Store.IMAPState(t.Context(), "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := time.Now().In(berlin).Add(-time.Hour).Format("2006-01-02 15:04")
	token := uniqueToken(t)
	add := func(company, interviewer string) string {
		return strings.TrimSpace(followupCLI(t, home, cfgPath, "add", "--company", company, "--role", "Engineer", "--at", at,
			"--tz", "Europe/Berlin", "--duration", "30m", "--interviewer", interviewer,
			"--next-steps", "we'll get back to you in 2-3 working days"))
	}
	replied := add("Acme "+token, "Jane Roe <"+stack.Jane.User+">")
	away := add("Beta "+token, "Sam Poe <"+stack.Sam.User+">")
	awayDue := checkInOf(t, env.Store, away).Due
	if ac := checkInOf(t, env.Store, replied); ac.State != followup.StatePending {
		t.Fatalf("check-in of %s = %+v, want pending", replied, ac)
	}

	stop := startWatcher(t, env)
	subject := "Re: Thank you " + token
	reply, replyID := companyMail(t, "Jane Roe <"+stack.Jane.User+">", subject, "Hi Casey,\r\n\r\nwe would like to invite you to a second round.\r\n\r\nJane")
	sent := time.Now()
	deliver(t, stack.Jane.User, []string{stack.Me.User}, reply)
	apptest.WaitFor(t, answerWait, "check-in cancelled and status replied", func() (string, bool) {
		ac := checkInOf(t, env.Store, replied)
		iv, err := env.Store.GetInterview(t.Context(), replied)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("check-in %s (%s), status %s", ac.State, ac.Reason, iv.Status),
			ac.State == followup.StateCancelled && iv.Status == followup.StatusReplied
	})
	t.Logf("reply detected %v after SMTP delivery", time.Since(sent).Round(time.Millisecond))

	backDay := time.Now().In(berlin).AddDate(0, 0, 10)
	back := time.Date(backDay.Year(), backDay.Month(), backDay.Day(), 0, 0, 0, 0, berlin)
	ooo, oooID := companyMail(t, "Sam Poe <"+stack.Sam.User+">", "Automatic reply: Thank you "+token,
		"Thank you for your message. I am out of the office and back on "+back.Format("2006-01-02")+".", "Auto-Submitted: auto-replied")
	deliver(t, stack.Sam.User, []string{stack.Me.User}, ooo)
	apptest.WaitFor(t, answerWait, "check-in held until "+back.Format("2006-01-02"), func() (string, bool) {
		ac := checkInOf(t, env.Store, away)
		return fmt.Sprintf("check-in %s due %s (was %s)", ac.State, ac.Due.In(berlin), awayDue.In(berlin)),
			ac.State == followup.StatePending && !ac.Due.Before(back)
	})
	if iv, err := env.Store.GetInterview(t.Context(), away); err != nil || iv.Status != followup.StatusAwaiting {
		t.Errorf("status of %s after an out-of-office = %v (%v), want awaiting", away, iv.Status, err)
	}
	stop()

	// A restarted watcher, then a pass that sees both messages again (as
	// after a crash before the position was saved), record nothing twice.
	startWatcher(t, env)()
	if err := env.Store.SetIMAPState(t.Context(), "INBOX", uv, before, time.Now(), "ok"); err != nil {
		t.Fatal(err)
	}
	if out := followupCLI(t, home, cfgPath, "sync"); !strings.Contains(out, "(INBOX ") {
		t.Errorf("followup sync after rewinding = %q, want the messages seen again", out)
	}
	if n, m := repliesWithID(t, env.Store, replied, replyID), repliesWithID(t, env.Store, away, oooID); n != 1 || m != 1 {
		t.Errorf("recorded %d times the reply and %d times the out-of-office, want once each", n, m)
	}
	evs, err := env.Store.EventsSince(t.Context(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ev := range evs {
		if ev.InterviewID == replied && ev.Kind == followupreply.EffectReply && strings.Contains(ev.Detail, token) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("reply events for %s = %d, want 1", replied, n)
	}

	for _, id := range []string{replyID, oooID} {
		if _, flags := waitForMessage(t, stack.Me.User, stack.Me.Pass, "INBOX", id); slices.Contains(flags, imap.FlagSeen) {
			t.Errorf("message %s has flags %v after watching, want no \\Seen", id, flags)
		}
	}
}
