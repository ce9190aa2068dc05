package store

import (
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/ics"
)

// TestInviteUIDIsPerAccount: the same calendar invitation (one UID,
// e.g. a group assessment day sent to several candidates, or one sent to
// both of a person's addresses) reaching two accounts is each account's own:
// uni's watcher must not see personal's row as "the stored one", must not
// rewrite or cancel it, and must get a proposal of its own.
func TestInviteUIDIsPerAccount(t *testing.T) {
	_, a, b, aID, bID := accounts(t)
	ctx := t.Context()
	p := ics.Proposal{UID: "assessment-day@acme.example", Method: "REQUEST", Summary: "Assessment day", Start: now.Add(72 * time.Hour),
		Duration: time.Hour, Interviewers: []followup.Person{{Name: "Jane Roe", Email: "jane@acme.example", Role: followup.RoleInterviewer}}}
	propose := func(about, msg string) func(*Invite) InviteDecision {
		return func(cur *Invite) InviteDecision {
			if cur != nil { // what inbox.decideInvite does with a newer message
				next := *cur
				next.MessageID, next.State = msg, InviteCancelled
				return InviteDecision{Next: &next, Events: []Event{{At: now, InterviewID: cur.AboutID, Kind: "invite-cancelled"}}}
			}
			return InviteDecision{Next: &Invite{Method: p.Method, State: InviteProposed, Proposal: p, AboutID: about, MessageID: msg,
				Received: now, Updated: now}, Events: []Event{{At: now, InterviewID: about, Kind: "invite"}}}
		}
	}
	if _, _, err := a.ApplyInvite(ctx, p.UID, propose(aID, "m-a@acme.example")); err != nil {
		t.Fatal(err)
	}
	if cur, _ := b.InviteByUID(ctx, p.UID); cur != nil {
		t.Errorf("uni: InviteByUID = personal's invitation %d (about %s)", cur.ID, cur.AboutID)
	}
	var sawOther bool
	_, _, err := b.ApplyInvite(ctx, p.UID, func(cur *Invite) InviteDecision {
		sawOther = cur != nil
		return propose(bID, "m-b@acme.example")(cur)
	})
	if err != nil {
		t.Errorf("uni: ApplyInvite(same UID) = %v", err)
	}
	if sawOther {
		t.Error("uni: ApplyInvite handed uni's decide personal's stored invitation")
	}
	if invs, _ := b.Invites(ctx); len(invs) != 1 {
		t.Errorf("uni: Invites = %d, want its own proposal", len(invs))
	}
	if invs, _ := a.Invites(ctx); len(invs) != 1 || invs[0].State != InviteProposed || invs[0].MessageID != "m-a@acme.example" {
		t.Errorf("personal: Invites = %+v, want its proposal untouched by uni's mail", invs)
	}
	if evs, _ := a.EventsSince(ctx, time.Time{}); len(evs) != 1 {
		t.Errorf("personal: events = %+v, want its own one invite event (uni's mail wrote into personal's account)", evs)
	}
}

// TestDumpHoldsOwnCalendarItems: an account's export holds the feed
// memory of its own interviews only (the UIDs name the other account's
// interviews: company, role, date).
func TestDumpHoldsOwnCalendarItems(t *testing.T) {
	all, a, b, _, bID := accounts(t)
	ctx := t.Context()
	uid := ics.InterviewUID(bID)
	if _, err := b.CalendarSequences(ctx, map[string]string{uid: "h1"}, now); err != nil {
		t.Fatal(err)
	}
	d, err := a.Dump(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range d.Calendar {
		if strings.Contains(c.UID, bID) {
			t.Errorf("personal: Dump.Calendar holds uni's %s", c.UID)
		}
	}
	if _, err := all.DeleteAccount(ctx, "uni"); err != nil {
		t.Fatal(err)
	}
	if items, _ := all.CalendarItems(ctx); len(items) != 0 {
		t.Errorf("after DeleteAccount(uni): calendar_items = %+v, want uni's gone", items)
	}
}

// TestSetActionStateById: the store itself lets one account change
// another's follow-up by number (the CLI checks with Action first today).
func TestSetActionStateStaysInItsAccount(t *testing.T) {
	_, a, b, _, bID := accounts(t)
	ctx := t.Context()
	acs := []followup.Action{{Key: "check-in:1", Kind: followup.KindCheckIn, To: []string{"kim@labs.example"}, Due: now.Add(48 * time.Hour), Zone: "UTC", State: followup.StatePending}}
	if err := b.SyncActions(ctx, bID, acs, now); err != nil {
		t.Fatal(err)
	}
	got, _ := b.Actions(ctx, bID)
	if err := a.SetActionState(ctx, got[0].ID, followup.StateCancelled, "personal's skip", "", now); err == nil {
		t.Error("personal: SetActionState(uni's follow-up) = nil, want ErrNotFound")
	}
	if ac, _ := b.Action(ctx, got[0].ID); ac.State != followup.StatePending {
		t.Errorf("uni's follow-up is %s (%s) after personal's SetActionState", ac.State, ac.Reason)
	}
}
