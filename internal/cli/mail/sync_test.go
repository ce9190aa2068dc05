package mail_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/followup-dev/followup/internal/cli/clitest"
	"github.com/followup-dev/followup/internal/cli/mail"
	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/imapwatch"
	"github.com/followup-dev/followup/internal/inbox"
)

const syncUser = "me@candidate.example"

// imapInbox starts an in-process IMAP server for syncUser (see memIMAP)
// and returns its address and the user, to deliver mail to.
func imapInbox(t *testing.T) (string, *imapmemserver.User) {
	t.Helper()
	return memIMAP(t, syncUser)
}

// imapConfig is an [imap] section for addr; password is the config line
// that provides the password.
func imapConfig(addr, password string) string {
	host, port, _ := net.SplitHostPort(addr)
	return fmt.Sprintf("\n[imap]\nhost = %q\nport = %s\nsecurity = \"none\"\nusername = %q\n%s\n", host, port, syncUser, password)
}

type literalReader struct{ *bytes.Reader }

func (l literalReader) Size() int64 { return l.Reader.Size() }

func appendMail(t *testing.T, u *imapmemserver.User, mailbox string, raw []byte) {
	t.Helper()
	raw = bytes.ReplaceAll(bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
	if _, err := u.Append(mailbox, literalReader{bytes.NewReader(raw)}, &imap.AppendOptions{Time: clitest.InboxNow}); err != nil {
		t.Fatalf("append to %s: %v", mailbox, err)
	}
}

func TestSyncRecordsAnswers(t *testing.T) {
	addr, u := imapInbox(t)
	e, id := clitest.InboxEnv(t, imapConfig(addr, fmt.Sprintf("password = %q", testIMAPPassword)))
	appendMail(t, u, "INBOX", fixture(t, "reply.eml"))
	appendMail(t, u, "INBOX", clitest.Mail("From: news@shop.example", "Message-ID: <n1@shop.example>", "Subject: Sale"))

	out, errs, code := e.Run("sync")
	if want := "2 new messages (INBOX 2): 1 reply, 0 auto-replies, 0 bounces\n"; code != 0 || out != want || errs != "" {
		t.Fatalf("sync = exit %d, stdout %q, stderr %q; want 0, %q and a quiet stderr off a terminal", code, out, errs, want)
	}
	if v := clitest.Show(t, e, id); v.Status != "replied" || len(v.Replies) != 1 {
		t.Errorf("after sync: status %q, replies %+v; want replied with one reply", v.Status, v.Replies)
	}
	if out := e.MustRun("sync"); out != "No new messages.\n" {
		t.Errorf("second sync = %q, want No new messages.", out)
	}
	appendMail(t, u, "INBOX", fixture(t, "bounce.eml"))
	var v mail.SyncView
	if err := json.Unmarshal([]byte(e.MustRun("sync", "--json")), &v); err != nil {
		t.Fatal(err)
	}
	if v.Seen["INBOX"] != 1 || v.Bounces != 1 || v.Replies != 0 {
		t.Errorf("sync --json = %+v, want one new message in INBOX, a bounce", v)
	}
}

func TestSyncErrors(t *testing.T) {
	addr, _ := imapInbox(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	tests := []struct {
		name, config string
		wantCode     int
		wantErr      string
	}{
		{"no [imap]", "", 2, "no [imap] section"},
		{"password variable unset", imapConfig(addr, `password_env = "FOLLOWUP_TEST_UNSET"`), 2, "FOLLOWUP_TEST_UNSET"},
		{"server down", imapConfig(closed, fmt.Sprintf("password = %q", testIMAPPassword)), 1, "connection refused"},
		{"wrong password", imapConfig(addr, `password = "not-the-password"`), 1, "login as " + syncUser},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := clitest.InboxEnv(t, tt.config)
			out, errs, code := e.Run("sync")
			if code != tt.wantCode || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tt.wantErr) {
				t.Errorf("sync = exit %d, stdout %q, stderr %q; want exit %d and one line naming %q", code, out, errs, tt.wantCode, tt.wantErr)
			}
			if strings.Contains(errs, testIMAPPassword) || strings.Contains(errs, "not-the-password") {
				t.Errorf("sync stderr %q shows the password", errs)
			}
		})
	}
}

func TestSyncSummary(t *testing.T) {
	tests := []struct {
		sum  inbox.InboxSummary
		want string
	}{
		{inbox.InboxSummary{}, "No new messages."},
		{inbox.InboxSummary{Seen: map[string]int{"Sent": 1, "INBOX": 3}, Replies: 1, AutoReplies: 2, Bounces: 1},
			"4 new messages (INBOX 3, Sent 1): 1 reply, 2 auto-replies, 1 bounce"},
		{inbox.InboxSummary{Seen: map[string]int{"INBOX": 1}}, "1 new message (INBOX 1): 0 replies, 0 auto-replies, 0 bounces"},
		{inbox.InboxSummary{Seen: map[string]int{"INBOX": 1}, Replies: 1, Invites: 1},
			"1 new message (INBOX 1): 1 reply, 0 auto-replies, 0 bounces, 1 invitation (see followup invites)"},
	}
	for _, tt := range tests {
		if got := mail.SyncSummary(tt.sum); got != tt.want {
			t.Errorf("mail.SyncSummary(%+v) = %q, want %q", tt.sum, got, tt.want)
		}
	}
}

func TestProgressPrinter(t *testing.T) {
	tests := []struct {
		total, read int // messages, per report
		wantShown   int // updates written
		wantLast    string
	}{
		{3, 1, 3, "\rINBOX: 3/3\x1b[K\n"},
		{4000, 1, 101, "\rINBOX: 4000/4000\x1b[K\n"},
		{150, 1, 150, "\rINBOX: 150/150\x1b[K\n"},
		{3000, 1000, 3, "\rINBOX: 3000/3000\x1b[K\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		clk := clock.NewFake(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC))
		show := mail.ProgressPrinter(&b, clk)
		for i := tt.read; i <= tt.total; i += tt.read {
			show(imapwatch.Progress{Mailbox: "INBOX", Done: i, Total: tt.total, Read: tt.read})
			clk.Set(clk.Now().Add(time.Second))
		}
		got := b.String()
		if n := strings.Count(got, "\r"); n != tt.wantShown || !strings.HasSuffix(got, tt.wantLast) || strings.Count(got, "\n") != 1 {
			t.Errorf("progress over %d messages = %d updates ending %q, want %d ending %q on one line", tt.total, n, got[max(0, len(got)-25):], tt.wantShown, tt.wantLast)
		}
	}
	// In batches of 1000 a second, 1000 were read in the second since the first report.
	var b bytes.Buffer
	clk := clock.NewFake(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC))
	show := mail.ProgressPrinter(&b, clk)
	show(imapwatch.Progress{Mailbox: "INBOX", Done: 1000, Total: 5000, Read: 1000})
	clk.Set(clk.Now().Add(time.Second))
	show(imapwatch.Progress{Mailbox: "INBOX", Done: 2000, Total: 5000, Read: 1000})
	if want := "\rINBOX: 2000/5000, 1000/s, 0:03 left\x1b[K"; !strings.HasSuffix(b.String(), want) {
		t.Errorf("progress line = %q, want it to end %q", b.String(), want)
	}
}

// TestSyncSinceRereadsOlderMail: mail that arrived before its interview was
// added is matched only when the user asks to read it again.
func TestSyncSinceRereadsOlderMail(t *testing.T) {
	addr, u := imapInbox(t)
	e, id := clitest.InboxEnv(t, imapConfig(addr, fmt.Sprintf("password = %q", testIMAPPassword)))
	e.MustRun("rm", id, "--yes")
	appendMail(t, u, "INBOX", fixture(t, "reply.eml"))
	if out := e.MustRun("sync"); !strings.HasPrefix(out, "1 new message") {
		t.Fatalf("first sync = %q, want one new message (matching nothing yet)", out)
	}
	id = strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	if out := e.MustRun("sync"); out != "No new messages.\n" {
		t.Fatalf("sync after adding the interview = %q, want No new messages.", out)
	}
	if v := clitest.Show(t, e, id); v.Status == "replied" {
		t.Fatalf("status after a plain sync = replied, want the old reply not read yet")
	}
	out := e.MustRun("sync", "--since", "2026-11-20")
	if !strings.Contains(out, "1 reply") {
		t.Errorf("sync --since = %q, want the old reply found", out)
	}
	if v := clitest.Show(t, e, id); v.Status != "replied" || len(v.Replies) != 1 {
		t.Errorf("after sync --since: status %q, replies %+v; want replied with one reply", v.Status, v.Replies)
	}
	if out := e.MustRun("sync", "--since", "2026-11-20"); !strings.Contains(out, "0 replies") {
		t.Errorf("second sync --since = %q, want the reply not counted again", out)
	}
	if _, errs, code := e.Run("sync", "--since", "last week"); code != 2 || !strings.Contains(errs, "since") {
		t.Errorf("sync --since 'last week' = exit %d, %q; want 2 naming --since", code, errs)
	}
}

// TestSyncOffersToCloseARejection: on a terminal, a rejection found by
// sync is one keystroke from closing its interview; without the "y"
// nothing is closed.
func TestSyncOffersToCloseARejection(t *testing.T) {
	for _, answer := range []string{"y\n", "\n"} {
		addr, u := imapInbox(t)
		e, id := clitest.InboxEnv(t, imapConfig(addr, fmt.Sprintf("password = %q", testIMAPPassword)))
		appendMail(t, u, "INBOX", []byte("From: Jane Roe <jane@acme.example>\r\nTo: max@example.org\r\nSubject: Re: Thank you\r\n"+
			"Date: Mon, 23 Nov 2026 09:00:00 +0000\r\nMessage-ID: <rej1@acme.example>\r\n\r\n"+
			"Hi Max,\r\n\r\nThank you for your time. Unfortunately we have decided to move forward with other candidates.\r\n"))
		e.TTY, e.In = true, answer
		out, errs, code := e.Run("sync")
		want := map[string]string{"y\n": "closed", "\n": "replied"}[answer]
		if v := clitest.Show(t, e, id); code != 0 || !strings.Contains(errs, "answered with a rejection") || v.Status != want {
			t.Errorf("sync answered %q = exit %d, stdout %q, stderr %q, status %s; want the question and status %s", answer, code, out, errs, v.Status, want)
		}
	}
}
