package demo

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/demo/mailserver"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
)

// isolate points HOME, the XDG folders and FOLLOWUP_CONFIG at an empty
// folder, and TMPDIR at another; it returns both.
func isolate(t *testing.T) (home, tmp string) {
	t.Helper()
	home, tmp = t.TempDir(), t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, "data"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(home, "state"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, "cache"))
	t.Setenv("FOLLOWUP_CONFIG", filepath.Join(home, "config.toml"))
	t.Setenv("TMPDIR", tmp)
	return home, tmp
}

func assertEmpty(t *testing.T, what, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("%s %s holds %s after the demo, want it empty", what, dir, e.Name())
	}
}

func play(t *testing.T, o Options) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	res, err := Run(ctx, o)
	if err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	return res
}

// TestDemoFinalState plays the whole story and checks where it ends: both
// interviews answered, every note in the interviewer's mailbox, the
// check-in moved by the out-of-office, the bounced address marked, the
// follow-ups cancelled by the replies, the digest in the user's inbox.
func TestDemoFinalState(t *testing.T) {
	home, _ := isolate(t)
	keep := filepath.Join(t.TempDir(), "kept")
	var out bytes.Buffer
	res := play(t, Options{Out: &out, Keep: keep, Start: time.Date(2026, 11, 16, 8, 0, 0, 0, berlin(t))})
	assertEmpty(t, "HOME", home)
	if out.Len() == 0 {
		t.Error("Run narrated nothing")
	}

	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(keep, "followup.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	acme, globex := res.Interviews["acme"], res.Interviews["globex"]
	for _, id := range []string{acme, globex} {
		iv, err := st.GetInterview(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if iv.Status != followup.StatusReplied {
			t.Errorf("interview %s status = %s, want replied", id, iv.Status)
		}
	}
	wantStates(t, st, acme, map[string]followup.ActionState{
		"thank-you:" + jane.Email: followup.StateSent, "thank-you:" + bob.Email: followup.StateSent,
		"check-in:1": followup.StateSent, "networking:2": followup.StateSent, "networking:3": followup.StateCancelled,
	})
	wantStates(t, st, globex, map[string]followup.ActionState{
		"thank-you:" + priya.Email: followup.StateSent, "thank-you:" + sam.Email: followup.StateSent,
		"check-in:1": followup.StateSent, "networking:2": followup.StateCancelled, "networking:3": followup.StateCancelled,
	})
	checkIn := action(t, st, acme, "check-in:1")
	if want := time.Date(2026, 11, 26, 9, 0, 0, 0, checkIn.Due.Location()); !checkIn.Due.Equal(want) {
		t.Errorf("acme check-in:1 due = %v, want %v (held by the out-of-office from Tue 24 Nov)", checkIn.Due, want)
	}
	iv, err := st.GetInterview(ctx, globex)
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := iv.Person(sam.Email); !ok || !p.Undeliverable {
		t.Errorf("globex person %s = %+v, want undeliverable after the bounce", sam.Email, p)
	}

	checkMail(t, res.Mail)
	checkKept(t, keep, res.Mail)
}

func berlin(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skipf("no zone data: %v", err)
	}
	return loc
}

// TestDemoAcrossDST plays the story over the weeks when Europe/Berlin
// changes its clocks (the default start moves with the calendar): it
// ends the same way.
func TestDemoAcrossDST(t *testing.T) {
	isolate(t)
	for _, start := range []time.Time{time.Date(2026, 3, 16, 8, 0, 0, 0, berlin(t)), time.Date(2026, 10, 12, 8, 0, 0, 0, berlin(t))} {
		keep := filepath.Join(t.TempDir(), "kept")
		res := play(t, Options{Keep: keep, Start: start})
		st, err := store.Open(context.Background(), filepath.Join(keep, "followup.db"))
		if err != nil {
			t.Fatal(err)
		}
		wantStates(t, st, res.Interviews["acme"], map[string]followup.ActionState{
			"thank-you:" + jane.Email: followup.StateSent, "thank-you:" + bob.Email: followup.StateSent,
			"check-in:1": followup.StateSent, "networking:2": followup.StateSent, "networking:3": followup.StateCancelled,
		})
		checkMail(t, res.Mail)
		st.Close()
	}
}

func TestDefaultStart(t *testing.T) {
	loc := berlin(t)
	for _, now := range []time.Time{time.Date(2026, 12, 2, 18, 0, 0, 0, time.UTC), time.Date(2026, 12, 7, 0, 30, 0, 0, loc),
		time.Date(2026, 12, 6, 23, 59, 0, 0, loc)} {
		got := DefaultStart(now, loc)
		if got.Weekday() != time.Monday || got.Hour() != 8 || !got.AddDate(0, 0, 19).Before(now) || now.Sub(got) > 28*24*time.Hour {
			t.Errorf("DefaultStart(%v) = %v, want the Monday 08:00 three weeks before the week of now", now, got)
		}
	}
}

func wantStates(t *testing.T, st *store.Store, id string, want map[string]followup.ActionState) {
	t.Helper()
	acs, err := st.Actions(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]followup.ActionState{}
	for _, ac := range acs {
		got[ac.Key] = ac.State
	}
	for key, state := range want {
		if got[key] != state {
			t.Errorf("%s action %s state = %q, want %q", id, key, got[key], state)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s actions = %v, want %v", id, got, want)
	}
}

func action(t *testing.T, st *store.Store, id, key string) followup.Action {
	t.Helper()
	acs, err := st.Actions(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, ac := range acs {
		if ac.Key == key {
			return ac
		}
	}
	t.Fatalf("%s has no action %s", id, key)
	return followup.Action{}
}

// checkMail checks the in-process mailboxes: what each person received
// and what arrived in the user's inbox.
func checkMail(t *testing.T, mail []mailserver.Message) {
	t.Helper()
	count := map[string]int{}
	var article, ooo, bounce, digests, replies int
	for _, m := range mail {
		count[m.Owner+" "+m.Mailbox]++
		if m.Owner == jane.Email && strings.Contains(string(m.Raw), articleURL) {
			article++
		}
		if m.Owner != userEmail || m.Mailbox != "INBOX" {
			continue
		}
		from, subject := m.Header("From"), m.Header("Subject")
		switch {
		case strings.Contains(from, "MAILER-DAEMON"):
			bounce++
		case strings.HasPrefix(subject, "Automatic reply:"):
			ooo++
		case strings.HasPrefix(subject, "Re: "):
			replies++
		case strings.Contains(from, userEmail) && strings.HasPrefix(subject, "followup "):
			digests++
		}
	}
	want := map[string]int{jane.Email + " INBOX": 3, bob.Email + " INBOX": 1, priya.Email + " INBOX": 2,
		userEmail + " Sent": 7, userEmail + " Drafts": 1}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("messages in %s = %d, want %d", k, count[k], n)
		}
	}
	if count[sam.Email+" INBOX"] != 0 {
		t.Errorf("messages for %s = %d, want 0 (no such mailbox)", sam.Email, count[sam.Email+" INBOX"])
	}
	if article != 1 || ooo != 1 || bounce != 1 || replies != 2 || digests < 10 {
		t.Errorf("article %d, out-of-office %d, bounce %d, replies %d, digests %d; want 1, 1, 1, 2 and at least 10",
			article, ooo, bounce, replies, digests)
	}
}

// checkKept checks what --keep leaves: a config that loads and names no
// server, the store, every message as an .eml file, no CA file.
func checkKept(t *testing.T, dir string, mail []mailserver.Message) {
	t.Helper()
	cfg, err := config.Load(filepath.Join(dir, "config.toml"), true)
	if err != nil {
		t.Fatalf("kept config: %v", err)
	}
	if cfg.SMTP.Configured() || cfg.IMAP.Configured() || cfg.SMTP.Password != "" {
		t.Errorf("kept config names a mail server or a password: %+v %+v", cfg.SMTP, cfg.IMAP)
	}
	emls, err := filepath.Glob(filepath.Join(dir, "mail", "*", "*", "*.eml"))
	if err != nil || len(emls) != len(mail) {
		t.Errorf("kept .eml files = %d (%v), want %d", len(emls), err, len(mail))
	}
	if _, err := os.Stat(filepath.Join(dir, "demo-ca.pem")); !os.IsNotExist(err) {
		t.Errorf("kept demo-ca.pem: stat = %v, want it removed", err)
	}
}

// TestDemoLeavesNothing: without --keep nothing is left in TMPDIR, HOME
// is untouched, both servers' ports are closed and every goroutine ended.
func TestDemoLeavesNothing(t *testing.T) {
	home, tmp := isolate(t)
	before := runtime.NumGoroutine()
	res := play(t, Options{})
	assertEmpty(t, "HOME", home)
	assertEmpty(t, "TMPDIR", tmp)
	if len(res.Addrs) != 2 {
		t.Fatalf("Addrs = %v, want the SMTP and IMAP addresses", res.Addrs)
	}
	for _, addr := range res.Addrs {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			t.Errorf("dial %s after Run = connected, want refused", addr)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("goroutines after Run = %d, want at most %d:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

// TestDemoKeepRefusesFullFolder: --keep never writes into a folder that
// holds files.
func TestDemoKeepRefusesFullFolder(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Run(context.Background(), Options{Keep: dir})
	if _, ok := err.(ErrKeepNotEmpty); !ok {
		t.Errorf("Run(Keep: non-empty) = %v, want ErrKeepNotEmpty", err)
	}
}

// TestDemoStep: with Step the demo waits for a line after each step and,
// once the input ends, goes on to the end.
func TestDemoStep(t *testing.T) {
	isolate(t)
	var out bytes.Buffer
	res := play(t, Options{Out: &out, Step: true, In: strings.NewReader("\n\n\n")})
	if got := strings.Count(out.String(), "[Enter]"); got != 4 {
		t.Errorf("Enter prompts = %d, want 4 (three lines, then the end of the input)", got)
	}
	if len(res.Interviews) != 2 {
		t.Errorf("Interviews = %v, want acme and globex", res.Interviews)
	}
}

// cancelOn cancels when the narration reaches a text.
type cancelOn struct {
	text   string
	cancel context.CancelFunc
	buf    bytes.Buffer
}

func (c *cancelOn) Write(p []byte) (int, error) {
	c.buf.Write(p)
	if strings.Contains(c.buf.String(), c.text) {
		c.cancel()
	}
	return len(p), nil
}

// TestDemoInterrupted: Ctrl-C in the middle ends the demo with
// context.Canceled, and still nothing is left behind.
func TestDemoInterrupted(t *testing.T) {
	home, tmp := isolate(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := &cancelOn{text: "Alex records it", cancel: cancel}
	res, err := Run(ctx, Options{Out: w, Pause: time.Minute})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Run interrupted = %v, want context.Canceled", err)
	}
	assertEmpty(t, "HOME", home)
	assertEmpty(t, "TMPDIR", tmp)
	for _, addr := range res.Addrs {
		if host, _, _ := net.SplitHostPort(addr); !net.ParseIP(host).IsLoopback() {
			t.Errorf("server address %s is not loopback", addr)
		}
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			t.Errorf("dial %s after Run = connected, want refused", addr)
		}
	}
}
