package inbox

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
)

func readEML(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// oneInvite is the only stored invitation.
func oneInvite(t *testing.T, e *Inbox) store.Invite {
	t.Helper()
	invs, err := e.Store.Invites(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(invs) != 1 {
		t.Fatalf("Invites() = %d rows, want 1", len(invs))
	}
	return invs[0]
}

func handle(t *testing.T, e *Inbox, name string) {
	t.Helper()
	if err := e.HandleIncoming(t.Context(), "INBOX", readEML(t, name), false); err != nil {
		t.Fatalf("HandleIncoming(%s) = %v", name, err)
	}
}

func TestInviteFromKnownContactIsProposed(t *testing.T) {
	e, id := newTestEnv(t)
	handle(t, e, "google-invite.eml")
	handle(t, e, "google-invite.eml") // seen again: recorded once
	inv := oneInvite(t, e)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	want := time.Date(2026, 12, 3, 15, 0, 0, 0, berlin)
	if inv.State != store.InviteProposed || inv.AboutID != id || inv.Sequence != 0 || !inv.Proposal.Start.Equal(want) ||
		inv.Proposal.Start.Location().String() != "Europe/Berlin" || inv.Proposal.Duration != time.Hour {
		t.Errorf("invite = %s about %q seq %d at %s (%s) for %s, want proposed about %q seq 0 at %s (Europe/Berlin) for 1h",
			inv.State, inv.AboutID, inv.Sequence, inv.Proposal.Start, inv.Proposal.Start.Location(), inv.Proposal.Duration, id, want)
	}
	if got := countEvents(t, e, EventInvite); got != 1 {
		t.Errorf("invite events = %d, want 1", got)
	}
	if n := len(inv.Proposal.Interviewers); n != 2 || inv.Proposal.Interviewers[1].Email != "carla.diaz@acme.example" {
		t.Errorf("interviewers = %v, want Jane and Carla", inv.Proposal.Interviewers)
	}
	// The company answered: the invitation stops the check-ins like a reply.
	if got, ok := checkIn(t, e, id); !ok {
		t.Errorf("after the invitation: %s, want the check-in cancelled and the interview replied", got)
	}
	ivs, err := e.Store.ListInterviews(t.Context(), store.Filter{})
	if err != nil || len(ivs) != 1 {
		t.Errorf("interviews = %d (%v), want 1: nothing is created without the user's word", len(ivs), err)
	}
}

func TestInviteFromCompanyDomain(t *testing.T) {
	e, id := newTestEnv(t)
	e.Config.Policy.MatchCompanyDomain = false // invitations still match by domain
	handle(t, e, "outlook-invite.eml")
	inv := oneInvite(t, e)
	if inv.AboutID != id || inv.Proposal.Company == "" || inv.Proposal.Start.Location().String() != "Europe/Berlin" {
		t.Errorf("invite = about %q company %q zone %s, want about %q, a company, Europe/Berlin",
			inv.AboutID, inv.Proposal.Company, inv.Proposal.Start.Location(), id)
	}
	if inv.Proposal.Start.Hour() != 14 || inv.Proposal.Start.Day() != 9 {
		t.Errorf("start = %s, want 9 Dec 14:00", inv.Proposal.Start)
	}
}

func TestInviteFromStrangerIgnored(t *testing.T) {
	e, _ := newTestEnv(t)
	for _, from := range []string{"Jane Roe <jane.roe@gmail.com>", "Sam <sam@initech.example>"} {
		raw := strings.ReplaceAll(string(readEML(t, "google-invite.eml")), "From: Jane Roe <jane@acme.example>", "From: "+from)
		raw = strings.ReplaceAll(raw, "Reply-To: Jane Roe <jane@acme.example>\r\n", "")
		if err := e.HandleIncoming(t.Context(), "INBOX", []byte(raw), false); err != nil {
			t.Fatal(err)
		}
	}
	if invs, _ := e.Store.Invites(t.Context()); len(invs) != 0 {
		t.Errorf("Invites() = %d, want 0 from free mail or an unknown domain", len(invs))
	}
}

func TestInviteUpdatedThenCancelled(t *testing.T) {
	e, _ := newTestEnv(t)
	handle(t, e, "google-invite.eml")
	handle(t, e, "google-update.eml")
	inv := oneInvite(t, e)
	if inv.State != store.InviteProposed || inv.Sequence != 1 || inv.Proposal.Start.Day() != 4 || inv.Proposal.Duration != 90*time.Minute {
		t.Errorf("after the update: %s seq %d at %s for %s, want proposed seq 1 on the 4th for 1h30", inv.State, inv.Sequence, inv.Proposal.Start, inv.Proposal.Duration)
	}
	handle(t, e, "google-invite.eml") // the older version seen again changes nothing
	if got := oneInvite(t, e); got.Sequence != 1 || got.Proposal.Start.Day() != 4 {
		t.Errorf("after the old REQUEST again: seq %d on the %d, want seq 1 on the 4th", got.Sequence, got.Proposal.Start.Day())
	}
	handle(t, e, "google-cancel.eml")
	handle(t, e, "google-cancel.eml")
	if got := oneInvite(t, e); got.State != store.InviteCancelled {
		t.Errorf("after the CANCEL: %s, want cancelled", got.State)
	}
	for kind, want := range map[string]int{EventInvite: 1, EventInviteUpdated: 1, EventInviteCancelled: 1} {
		if got := countEvents(t, e, kind); got != want {
			t.Errorf("%s events = %d, want %d", kind, got, want)
		}
	}
}

func TestAcceptedInviteMovedAndCancelled(t *testing.T) {
	e, _ := newTestEnv(t)
	handle(t, e, "google-invite.eml")
	inv := oneInvite(t, e)
	iv := inv.Proposal.Interview()
	iv.Role = "Backend Engineer"
	newID, err := e.Planner.Add(t.Context(), iv)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Store.DecideInvite(t.Context(), inv.ID, store.InviteProposed, store.InviteAccepted, newID, testNow); err != nil {
		t.Fatal(err)
	}
	handle(t, e, "google-update.eml")
	got, err := e.Store.GetInterview(t.Context(), newID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Start.Day() != 4 || got.Start.Hour() != 10 || got.Duration != 90*time.Minute {
		t.Errorf("accepted interview after the update = %s for %s, want 4 Dec 10:00 for 1h30", got.Start, got.Duration)
	}
	if s := oneInvite(t, e).State; s != store.InviteAccepted {
		t.Errorf("state after the update = %s, want accepted", s)
	}
	handle(t, e, "google-cancel.eml")
	if s := oneInvite(t, e).State; s != store.InviteCancelled {
		t.Errorf("state after the CANCEL = %s, want cancelled", s)
	}
	got, err = e.Store.GetInterview(t.Context(), newID)
	if err != nil || got.Status == followup.StatusClosed {
		t.Errorf("interview after the CANCEL = %v, %v: want it kept open, the user decides", got, err)
	}
	evs, _ := e.Store.EventsSince(t.Context(), time.Time{})
	found := false
	for _, ev := range evs {
		found = found || ev.Kind == EventInviteCancelled && ev.InterviewID == newID
	}
	if !found {
		t.Errorf("events = %v, want an invite-cancelled event on %s", evs, newID)
	}
}

func TestCalendarPartsCutShort(t *testing.T) {
	raw := readEML(t, "outlook-invite.eml")
	if n := len(calendarParts(raw)); n != 1 {
		t.Fatalf("calendarParts(outlook) = %d parts, want 1", n)
	}
	if n := len(calendarParts(readEML(t, "google-invite.eml"))); n != 2 {
		t.Errorf("calendarParts(google) = %d parts, want 2 (inline and invite.ics)", n)
	}
	e, _ := newTestEnv(t)
	if _, ok := e.findInvite(raw[:len(raw)-400]); ok {
		t.Errorf("findInvite(a body prefix that cuts the invitation) = ok, want nothing")
	}
}

func TestAcceptedInviteWhoseInterviewWasRemoved(t *testing.T) {
	e, _ := newTestEnv(t)
	handle(t, e, "google-invite.eml")
	inv := oneInvite(t, e)
	iv := inv.Proposal.Interview()
	iv.Role = "Backend Engineer"
	newID, err := e.Planner.Add(t.Context(), iv)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Store.DecideInvite(t.Context(), inv.ID, store.InviteProposed, store.InviteAccepted, newID, testNow); err != nil {
		t.Fatal(err)
	}
	if err := e.Store.DeleteInterview(t.Context(), newID, testNow); err != nil {
		t.Fatal(err)
	}
	handle(t, e, "google-update.eml") // nothing to move: the update is still recorded
	if got := oneInvite(t, e); got.Sequence != 1 || got.State != store.InviteAccepted || got.InterviewID != "" {
		t.Errorf("after the update = seq %d %s interview %q, want seq 1 accepted without an interview", got.Sequence, got.State, got.InterviewID)
	}
}
