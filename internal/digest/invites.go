package digest

import (
	"context"
	"strconv"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/render"
	"github.com/followup-dev/followup/internal/store"
)

// invites lists the calendar invitations waiting for the user's word, and
// those the organizer cancelled since the last digest.
func (g digestGather) invites(ctx context.Context, d *render.DigestData) error {
	invs, err := g.dg.Store.Invites(ctx, store.InviteProposed, store.InviteCancelled)
	if err != nil {
		return err
	}
	for _, inv := range invs {
		if inv.State == store.InviteCancelled && inv.Updated.Before(g.since) {
			continue
		}
		d.Invites = append(d.Invites, g.invite(inv))
	}
	return nil
}

// invite is the digest line, or the notice's item, about an invitation.
func (g digestGather) invite(inv store.Invite) render.DigestItem {
	p := inv.Proposal
	it := render.DigestItem{Ref: strconv.FormatInt(inv.ID, 10), Interview: inv.InterviewID, Company: p.Company, Role: p.Role,
		Person: render.Person{Name: p.Organizer.Name, Email: p.Organizer.Email}, When: p.Start.In(g.loc), Subject: p.Summary}
	if iv, ok := g.ivs[inv.AboutID]; ok && it.Company == "" {
		it.Company = iv.Company
	}
	if it.Person.Name == "" {
		it.Person.Name = it.Person.Email
	}
	if it.Subject == "" {
		it.Subject = "(untitled)"
	}
	if inv.State == store.InviteCancelled {
		it.Detail = "cancelled by the organizer"
		if inv.InterviewID != "" {
			it.Detail += "; interview " + inv.InterviewID + " is still in followup"
		}
	}
	return it
}

// inviteItem is the notice's item for an invitation event.
func (g digestGather) inviteItem(ctx context.Context, ev store.Event) render.DigestItem {
	id, ok := store.InviteOfEvent(ev)
	if !ok {
		return g.item(ev.InterviewID, "", ev.At)
	}
	inv, err := g.dg.Store.GetInvite(ctx, id)
	if err != nil {
		it := g.item(ev.InterviewID, "", ev.At)
		it.Ref, it.Subject = strconv.FormatInt(id, 10), "(untitled)"
		return it
	}
	if iv, err := g.dg.Store.GetInterview(ctx, inv.AboutID); err == nil {
		g.ivs = map[string]*followup.Interview{iv.ID: iv}
	}
	return g.invite(inv)
}
