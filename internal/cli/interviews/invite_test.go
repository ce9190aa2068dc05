package interviews_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/cli/clitest"
	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/cli/interviews"
)

func inviteMail(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "inbox", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	// The fixtures invite max@example.org; this user is me@candidate.example.
	return []byte(strings.ReplaceAll(string(raw), "max@example.org", "me@candidate.example"))
}

func listInvites(t *testing.T, e *clitest.Env) []interviews.InviteView {
	t.Helper()
	var out []interviews.InviteView
	if err := json.Unmarshal([]byte(e.MustRun("invites", "--json")), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAcceptInvite(t *testing.T) {
	e, _ := clitest.InboxEnv(t, "")
	clitest.Deliver(t, e, "INBOX", inviteMail(t, "google-invite.eml"), false)
	invs := listInvites(t, e)
	if len(invs) != 1 || invs[0].State != "proposed" || invs[0].Start != "2026-12-03T15:00:00+01:00" || len(invs[0].Interviewers) != 2 {
		t.Fatalf("invites --json = %+v, want one proposed on 3 Dec 15:00 Berlin with Jane and Carla", invs)
	}
	for _, args := range [][]string{{"accept-invite", "x"}, {"accept-invite", "0"}, {"accept-invite", "9"}, {"dismiss-invite", "9"}, {"accept-invite", "1"}} {
		out, errs, code := e.Run(args...)
		if code != command.ExitUsage || out != "" || strings.Count(strings.TrimSpace(errs), "followup: ") != 1 {
			t.Errorf("followup %s = exit %d, stdout %q, stderr %q; want exit 2 and one error line", strings.Join(args, " "), code, out, errs)
		}
	}
	id := strings.TrimSpace(e.MustRun("accept-invite", "1", "--yes", "--role", "Backend Engineer"))
	v := clitest.Show(t, e, id)
	if v.Status != "upcoming" || len(v.Interviewers) != 2 {
		t.Errorf("show %s = %+v, want an upcoming interview with 2 interviewers", id, v)
	}
	if invs := listInvites(t, e); invs[0].State != "accepted" || invs[0].InterviewID != id {
		t.Errorf("after accept-invite: %s (%s), want accepted as %s", invs[0].State, invs[0].InterviewID, id)
	}
	if _, _, code := e.Run("accept-invite", "1", "--yes"); code != command.ExitUsage {
		t.Errorf("accept-invite twice = exit %d, want 2", code)
	}
	clitest.Deliver(t, e, "INBOX", inviteMail(t, "google-cancel.eml"), false)
	if invs := listInvites(t, e); invs[0].State != "cancelled" {
		t.Errorf("after the CANCEL: %s, want cancelled", invs[0].State)
	}
	if v := clitest.Show(t, e, id); v.Status == "closed" {
		t.Errorf("interview after the CANCEL = closed, want it left for the user")
	}
	if out := e.MustRun("invites"); !strings.Contains(out, "cancelled") || !strings.Contains(out, id) {
		t.Errorf("invites = %q, want the cancelled invitation and its interview", out)
	}
}

func TestAcceptInviteOnATerminalAndDismiss(t *testing.T) {
	e, _ := clitest.InboxEnv(t, "")
	clitest.Deliver(t, e, "INBOX", inviteMail(t, "outlook-invite.eml"), false)
	clitest.Deliver(t, e, "INBOX", inviteMail(t, "google-invite.eml"), false)
	e.TTY, e.In = true, "n\n"
	if _, _, code := e.Run("accept-invite", "1"); code != command.ExitUsage {
		t.Errorf("accept-invite answered no = exit %d, want 2", code)
	}
	e.In = "y\n"
	_, errs, code := e.Run("accept-invite", "1")
	if code != command.ExitOK || !strings.Contains(errs, "Final interview - Backend Engineer") {
		t.Errorf("accept-invite answered yes = exit %d, stderr %q; want 0 and the proposal shown", code, errs)
	}
	e.TTY, e.In = false, ""
	if out := e.MustRun("dismiss-invite", "2"); !strings.Contains(out, "dismissed") {
		t.Errorf("dismiss-invite 2 = %q", out)
	}
	if invs := listInvites(t, e); invs[0].State != "accepted" || invs[1].State != "dismissed" {
		t.Errorf("invites = %s, %s; want accepted, dismissed", invs[0].State, invs[1].State)
	}
}
