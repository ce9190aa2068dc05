//go:build e2e

package e2e

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/apptest"
	"github.com/followup-dev/followup/internal/store"
)

// inviteMail is a Google Calendar invitation (or cancellation) from Jane
// for the e2e accounts, built from the unit tests' fixture: a
// multipart/mixed holding multipart/alternative (text/plain and
// text/calendar; method=...) and an invite.ics attachment. It returns the
// message and its Message-ID (without angle brackets).
func inviteMail(t *testing.T, fixture, uid, subject string) ([]byte, string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "internal", "inbox", "testdata", fixture))
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw)
	i, j := strings.Index(s, "BEGIN:VCALENDAR"), strings.Index(s, "END:VCALENDAR\r\n")
	if i < 0 || j < i {
		t.Fatalf("%s holds no inline calendar", fixture)
	}
	ics := strings.NewReplacer("jane@acme.example", stack.Jane.User, "carla.diaz@acme.example", "carla@acme.test",
		"max@example.org", stack.Me.User, "3v8k1q0m5n7p2r4t6w9y1b3d5f@google.com", uid).Replace(s[i : j+len("END:VCALENDAR\r\n")])
	method := "REQUEST"
	if strings.Contains(ics, "METHOD:CANCEL") {
		method = "CANCEL"
	}
	id := "calendar-" + uniqueToken(t) + "@google.com"
	var b strings.Builder
	fmt.Fprintf(&b, "MIME-Version: 1.0\r\nReply-To: Jane Roe <%s>\r\nSender: Google Calendar <calendar-notification@google.com>\r\n", stack.Jane.User)
	fmt.Fprintf(&b, "Message-ID: <%s>\r\nDate: %s\r\nSubject: %s\r\nFrom: Jane Roe <%s>\r\nTo: %s\r\n", id, time.Now().Format(time.RFC1123Z), subject, stack.Jane.User, stack.Me.User)
	b.WriteString("Content-Type: multipart/mixed; boundary=\"mixed42\"\r\n\r\n--mixed42\r\nContent-Type: multipart/alternative; boundary=\"alt42\"\r\n\r\n")
	b.WriteString("--alt42\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\n\r\n" + subject + "\r\n\r\nInvitation from Google Calendar\r\n")
	b.WriteString("--alt42\r\nContent-Type: text/calendar; charset=\"UTF-8\"; method=" + method + "\r\nContent-Transfer-Encoding: 7bit\r\n\r\n" + ics)
	b.WriteString("--alt42--\r\n--mixed42\r\nContent-Type: application/ics; name=\"invite.ics\"\r\nContent-Disposition: attachment; filename=\"invite.ics\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(ics))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n--mixed42--\r\n")
	return []byte(b.String()), id
}

type inviteRow struct {
	ID    int64  `json:"id"`
	State string `json:"state"`
	UID   string `json:"uid"`
	Start string `json:"start"`
}

func inviteByUID(t *testing.T, home, cfgPath, uid string) (inviteRow, bool) {
	t.Helper()
	var rows []inviteRow
	if err := json.Unmarshal([]byte(followupCLI(t, home, cfgPath, "invites", "--json")), &rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.UID == uid {
			return r, true
		}
	}
	return inviteRow{}, false
}

// TestInviteDovecot: a calendar invitation from the interviewer, delivered
// over SMTP to the real Dovecot, is proposed by `followup sync` (and
// nothing is added); its cancellation, delivered next, is seen by the
// watcher and marks the proposal cancelled.
func TestInviteDovecot(t *testing.T) {
	home, cfgPath, env := watchSetup(t)
	if _, err := env.CatchUp(t.Context(), nil); err != nil {
		t.Fatalf("CatchUp = %v", err)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := time.Now().In(berlin).Add(-time.Hour).Format("2006-01-02 15:04")
	token := uniqueToken(t)
	followupCLI(t, home, cfgPath, "add", "--company", "Acme "+token, "--role", "Backend Engineer", "--at", at,
		"--tz", "Europe/Berlin", "--duration", "30m", "--interviewer", "Jane Roe <"+stack.Jane.User+">",
		"--next-steps", "we'll get back to you in 2-3 working days")
	uid := token + "@google.com"

	invite, inviteID := inviteMail(t, "google-invite.eml", uid, "Invitation: Second round "+token)
	deliver(t, stack.Jane.User, []string{stack.Me.User}, invite)
	waitForMessage(t, stack.Me.User, stack.Me.Pass, "INBOX", inviteID)
	if out := followupCLI(t, home, cfgPath, "sync"); !strings.Contains(out, "1 reply") || !strings.Contains(out, "1 invitation") {
		t.Errorf("followup sync = %q, want the invitation counted as a reply and an invitation", out)
	}
	row, ok := inviteByUID(t, home, cfgPath, uid)
	if !ok || row.State != store.InviteProposed || row.Start != "2026-12-03T15:00:00+01:00" {
		t.Fatalf("invites after sync = %+v (found %t), want %s proposed for 2026-12-03 15:00 Berlin", row, ok, uid)
	}
	if out := followupCLI(t, home, cfgPath, "list"); strings.Count(out, token) != 1 {
		t.Errorf("list after the invitation = %q, want only the interview added by hand", out)
	}

	stop := startWatcher(t, env)
	defer stop()
	cancel, cancelID := inviteMail(t, "google-cancel.eml", uid, "Canceled event: Second round "+token)
	deliver(t, stack.Jane.User, []string{stack.Me.User}, cancel)
	waitForMessage(t, stack.Me.User, stack.Me.Pass, "INBOX", cancelID) // the stack's delay is not the watcher's
	apptest.WaitFor(t, answerWait, "invitation cancelled", func() (string, bool) {
		inv, err := env.Store.GetInvite(t.Context(), row.ID)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("invitation %d %s (sequence %d)", inv.ID, inv.State, inv.Sequence), inv.State == store.InviteCancelled
	})
	stop()
	evs, err := env.Store.EventsSince(t.Context(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, ev := range evs {
		if id, ok := store.InviteOfEvent(ev); ok && id == row.ID {
			kinds[ev.Kind]++
		}
	}
	if kinds["invite"] != 1 || kinds["invite-cancelled"] != 1 {
		t.Errorf("events about invitation %d = %v, want one invite and one invite-cancelled", row.ID, kinds)
	}
}
