package inbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"path"
	"strings"

	"github.com/emersion/go-message"

	"github.com/followup-dev/followup/internal/classify"
	"github.com/followup-dev/followup/internal/ics"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

// Event kinds recorded for invitations; the digest and the notices tell
// the user about each, with the commands to run.
const (
	EventInvite          = "invite"           // a new invitation is proposed
	EventInviteUpdated   = "invite-updated"   // the organizer moved it
	EventInviteCancelled = "invite-cancelled" // the organizer cancelled it
)

// maxInviteParts bounds the MIME walk looking for an invitation.
const maxInviteParts = 64

// handleInvite proposes the calendar invitation a message from a known
// contact or a company's domain carries, or applies its update or
// cancellation to the invitation already stored (by UID). Nothing is added
// to the interviews: the user accepts or dismisses a proposal. A message
// without an invitation, from anyone else, or already applied changes
// nothing.
func (in *Inbox) handleInvite(ctx context.Context, raw []byte, res classify.Result, m store.Match) error {
	if res.Class == classify.Bounce {
		return nil // a bounce may return an invitation; it is not one
	}
	p, ok := in.findInvite(raw)
	if !ok {
		return nil
	}
	if m.InterviewID == "" && !in.Config.Policy.MatchCompanyDomain {
		var err error
		m, err = in.Store.MatchMessage(ctx, res, store.MatchOptions{CompanyDomain: true,
			IgnoreDomains: userDomains(in.Config.Me.Email), At: writtenAt(res.Message, in.Clock.Now())})
		if err != nil {
			return fmt.Errorf("match invitation %s: %w", p.UID, err)
		}
	}
	if m.InterviewID == "" || m.Known {
		in.log().Debug("invitation from an unknown sender ignored", "uid", p.UID)
		return nil
	}
	got := store.Invite{UID: p.UID, Sequence: p.Sequence, Method: p.Method, Proposal: p, AboutID: m.InterviewID,
		MessageID: res.Message.MessageID, Sent: writtenAt(res.Message, in.Clock.Now()), Received: in.Clock.Now(), Updated: in.Clock.Now()}
	cur, err := in.Store.InviteByUID(ctx, p.UID)
	if err != nil {
		return err
	}
	if d := decideInvite(cur, got); d.Next != nil && d.Next.State == store.InviteAccepted && moved(cur, got) {
		err := in.moveInterview(ctx, cur.InterviewID, p)
		switch {
		case errors.Is(err, store.ErrNotFound) || usage.Is(err):
			// Removed or no longer valid: the notice still tells the user.
			in.log().Warn("accepted interview not moved", "interview", cur.InterviewID, "invite", cur.ID, "err", err)
		case err != nil:
			return err
		}
	}
	inv, changed, err := in.Store.ApplyInvite(ctx, p.UID, func(cur *store.Invite) store.InviteDecision { return decideInvite(cur, got) })
	if err == nil && changed {
		in.log().Info("invitation", "invite", inv.ID, "state", inv.State, "sequence", inv.Sequence, "interview", m.InterviewID)
	}
	return err
}

// moveInterview gives the accepted interview id the invitation's new start
// and length, replanning its follow-ups.
func (in *Inbox) moveInterview(ctx context.Context, id string, p ics.Proposal) error {
	if id == "" {
		return nil
	}
	iv, err := in.Store.GetInterview(ctx, id)
	if err != nil {
		return err
	}
	iv.Start = p.Start
	if p.Duration > 0 {
		iv.Duration = p.Duration
	}
	return in.Planner.Save(ctx, iv)
}

// moved reports whether got changes the time of the stored invitation.
func moved(cur *store.Invite, got store.Invite) bool {
	if cur == nil {
		return false
	}
	a, b := cur.Proposal, got.Proposal
	return !a.Start.Equal(b.Start) || a.Start.Location().String() != b.Start.Location().String() || b.Duration > 0 && a.Duration != b.Duration
}

// decideInvite is what a received version got of an invitation does to the
// stored one cur (nil when none): a REQUEST is proposed, or updates the
// proposal (or the accepted interview) when it is newer (a higher
// SEQUENCE, or the same one sent later); a CANCEL of the same or a later
// SEQUENCE marks it cancelled. The same message twice, an older version,
// or a cancellation of an unknown invitation change nothing.
func decideInvite(cur *store.Invite, got store.Invite) store.InviteDecision {
	if cur == nil {
		if got.Proposal.Cancelled {
			return store.InviteDecision{}
		}
		got.State = store.InviteProposed
		return store.InviteDecision{Next: &got, Events: []store.Event{{At: got.Updated, InterviewID: got.AboutID, Kind: EventInvite, Detail: quote(got)}}}
	}
	if cur.MessageID == got.MessageID || got.Sequence < cur.Sequence {
		return store.InviteDecision{}
	}
	next := *cur
	next.Sequence, next.Method, next.Proposal, next.MessageID, next.Sent, next.Updated =
		got.Sequence, got.Method, got.Proposal, got.MessageID, got.Sent, got.Updated
	ev := store.Event{At: got.Updated, InterviewID: cur.AboutID, Detail: quote(got)}
	if cur.InterviewID != "" {
		ev.InterviewID = cur.InterviewID
	}
	if got.Proposal.Cancelled {
		if cur.State == store.InviteCancelled {
			return store.InviteDecision{}
		}
		if cur.State == store.InviteDismissed {
			return store.InviteDecision{Next: &next} // the user had said no already
		}
		next.State = store.InviteCancelled
		ev.Kind = EventInviteCancelled
		return store.InviteDecision{Next: &next, Events: []store.Event{ev}}
	}
	if got.Sequence == cur.Sequence && !got.Sent.After(cur.Sent) {
		return store.InviteDecision{}
	}
	switch cur.State {
	case store.InviteDismissed:
		return store.InviteDecision{Next: &next}
	case store.InviteCancelled: // sent again after a cancellation
		next.State, ev.Kind = store.InviteProposed, EventInvite
		if cur.InterviewID != "" {
			next.State, ev.Kind = store.InviteAccepted, EventInviteUpdated
		}
		return store.InviteDecision{Next: &next, Events: []store.Event{ev}}
	}
	if !moved(cur, got) && cur.Proposal.Location == got.Proposal.Location {
		return store.InviteDecision{Next: &next}
	}
	ev.Kind = EventInviteUpdated
	return store.InviteDecision{Next: &next, Events: []store.Event{ev}}
}

// findInvite returns the first invitation (METHOD REQUEST or CANCEL) in a
// text/calendar part or an .ics attachment of raw, read with the user's
// address and zone. A part cut short by the watcher's body prefix does not
// parse and is skipped.
func (in *Inbox) findInvite(raw []byte) (ics.Proposal, bool) {
	if !bytes.Contains(bytes.ToLower(raw), []byte("calendar")) && !bytes.Contains(bytes.ToLower(raw), []byte(".ics")) {
		return ics.Proposal{}, false
	}
	opts := ics.Options{Local: in.Config.Me.Location()}
	if in.Config.Me.Email != "" {
		opts.Me = []string{in.Config.Me.Email}
	}
	for _, part := range calendarParts(raw) {
		p, err := ics.ParseInvite(part, opts)
		if err != nil || p.UID == "" {
			in.log().Info("calendar part not read as an invitation", "err", err)
			continue
		}
		if p.Method == "REQUEST" || p.Method == "CANCEL" {
			return p, true
		}
	}
	return ics.Proposal{}, false
}

// calendarParts returns the decoded bodies of the text/calendar (or
// application/ics) parts and .ics attachments of a message, in order, at
// most ics.MaxInvite bytes each. Attached messages are not looked into.
func calendarParts(raw []byte) [][]byte {
	e, err := message.Read(bytes.NewReader(raw))
	if e == nil {
		return nil
	}
	_ = err // an unknown charset or encoding still leaves a readable entity
	var out [][]byte
	n := 0
	_ = e.Walk(func(_ []int, part *message.Entity, err error) error {
		if n++; err != nil || n > maxInviteParts {
			return io.EOF
		}
		if !isCalendar(part.Header) {
			return nil
		}
		data, _ := io.ReadAll(io.LimitReader(part.Body, ics.MaxInvite+1))
		if len(data) > 0 {
			out = append(out, data)
		}
		return nil
	})
	return out
}

func isCalendar(h message.Header) bool {
	mt, params, _ := mime.ParseMediaType(h.Get("Content-Type"))
	switch mt {
	case "text/calendar", "application/ics", "text/x-vcalendar":
		return true
	case "application/octet-stream", "":
		name := params["name"]
		if _, dp, err := mime.ParseMediaType(h.Get("Content-Disposition")); err == nil && dp["filename"] != "" {
			name = dp["filename"]
		}
		return strings.EqualFold(path.Ext(name), ".ics")
	}
	return false
}

// quote is an event's detail: the invitation's title.
func quote(inv store.Invite) string {
	if inv.Proposal.Summary == "" {
		return ""
	}
	return fmt.Sprintf("%q", inv.Proposal.Summary)
}
