package received

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/ics"
	"github.com/followup-dev/followup/internal/store/sqldb"
)

// The states of an invitation.
const (
	InviteProposed  = "proposed"  // waiting for the user's word
	InviteAccepted  = "accepted"  // the user added it as an interview
	InviteDismissed = "dismissed" // the user said no
	InviteCancelled = "cancelled" // the organizer cancelled it
)

// Invite is a calendar invitation received by mail: what it proposes and
// what became of it.
type Invite struct {
	ID       int64
	UID      string
	Sequence int
	Method   string
	State    string
	Proposal ics.Proposal
	// InterviewID is the interview accept-invite created; "" before.
	InterviewID string
	// AboutID is the interview whose contact or company sent it.
	AboutID   string
	MessageID string
	Sent      time.Time // the Date of the message last applied
	Received  time.Time // when it was first seen
	Updated   time.Time
}

// InviteDecision is what ApplyInvite's decide returns: the row to write
// (nil: change nothing) and the events to record with it. An event's
// Detail is prefixed with "invite N: ", N the row's id (see InviteOfEvent).
type InviteDecision struct {
	Next   *Invite
	Events []sqldb.Event
}

const inviteColumns = `id, uid, sequence, method, proposal, start_utc, zone, state, coalesce(interview_id, ''),
	coalesce(about_id, ''), message_id, sent_utc, received_utc, updated_utc`

// ApplyInvite reads the invitation with uid (nil when none is stored),
// hands it to decide and writes decide's row and events, in one
// transaction. It reports whether anything was written.
func (s Mail) ApplyInvite(ctx context.Context, uid string, decide func(cur *Invite) InviteDecision) (Invite, bool, error) {
	var out Invite
	var changed bool
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		cur, err := scanInvite(tx.QueryRowContext(ctx, "SELECT "+inviteColumns+" FROM invites WHERE uid = ? AND account = ?", uid, s.Account()))
		var curp *Invite
		switch {
		case err == nil:
			curp = &cur
		case !errors.Is(err, sqldb.ErrNotFound):
			return err
		}
		d := decide(curp)
		if d.Next == nil {
			return nil
		}
		d.Next.UID = uid
		if curp != nil {
			d.Next.ID = curp.ID
		}
		if out, err = writeInvite(ctx, tx, *d.Next, s.Account()); err != nil {
			return err
		}
		changed = true
		for _, ev := range d.Events {
			ev.Detail = strings.TrimSuffix(fmt.Sprintf("invite %d: %s", out.ID, ev.Detail), ": ")
			if err := s.InsertEvent(ctx, tx, ev); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Invite{}, false, fmt.Errorf("record invitation %s: %w", uid, err)
	}
	return out, changed, nil
}

// writeInvite inserts (ID 0) or updates an invitation row.
func writeInvite(ctx context.Context, tx *sql.Tx, inv Invite, account string) (Invite, error) {
	js, err := json.Marshal(inv.Proposal)
	if err != nil {
		return inv, err
	}
	args := []any{inv.Sequence, inv.Method, string(js), sqldb.FormatTime(inv.Proposal.Start), inv.Proposal.Start.Location().String(),
		inv.State, nullable(inv.InterviewID), nullable(inv.AboutID), inv.MessageID, sqldb.FormatTime(inv.Sent), sqldb.FormatTime(inv.Updated)}
	if inv.ID == 0 {
		err := tx.QueryRowContext(ctx, `INSERT INTO invites (sequence, method, proposal, start_utc, zone, state, interview_id,
			about_id, message_id, sent_utc, updated_utc, uid, received_utc, account) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id`,
			append(args, inv.UID, sqldb.FormatTime(inv.Received), account)...).Scan(&inv.ID)
		if err != nil {
			return inv, fmt.Errorf("insert invitation: %w", err)
		}
		return inv, nil
	}
	_, err = tx.ExecContext(ctx, `UPDATE invites SET sequence = ?, method = ?, proposal = ?, start_utc = ?, zone = ?, state = ?,
		interview_id = ?, about_id = ?, message_id = ?, sent_utc = ?, updated_utc = ? WHERE id = ?`, append(args, inv.ID)...)
	if err != nil {
		return inv, fmt.Errorf("update invitation %d: %w", inv.ID, err)
	}
	return inv, nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// GetInvite returns the invitation with id, or ErrNotFound.
func (s Mail) GetInvite(ctx context.Context, id int64) (Invite, error) {
	inv, err := scanInvite(s.Q().QueryRowContext(ctx, "SELECT "+inviteColumns+" FROM invites WHERE id = ?"+s.AndAccount("account"), id))
	if err != nil {
		return inv, fmt.Errorf("invitation %d: %w", id, err)
	}
	return inv, nil
}

// InviteByUID returns the invitation with uid; nil when none is stored.
func (s Mail) InviteByUID(ctx context.Context, uid string) (*Invite, error) {
	inv, err := scanInvite(s.Q().QueryRowContext(ctx, "SELECT "+inviteColumns+" FROM invites WHERE uid = ? AND account = ?", uid, s.Account()))
	if errors.Is(err, sqldb.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("invitation %s: %w", uid, err)
	}
	return &inv, nil
}

// Invites lists the invitations in the given states (every state when
// none is given), oldest first.
func (s Mail) Invites(ctx context.Context, states ...string) ([]Invite, error) {
	q, args := "SELECT "+inviteColumns+" FROM invites WHERE 1 = 1"+s.AndAccount("account"), []any{}
	if len(states) > 0 {
		q, args = q+" AND state IN ("+sqldb.Params(len(states))+")", sqldb.Args(states)
	}
	rows, err := s.Q().QueryContext(ctx, q+" ORDER BY id", args...)
	if err != nil {
		return nil, fmt.Errorf("list invitations: %w", err)
	}
	defer rows.Close()
	var out []Invite
	for rows.Next() {
		inv, err := scanInvite(rows)
		if err != nil {
			return nil, fmt.Errorf("list invitations: %w", err)
		}
		out = append(out, inv)
	}
	return out, rows.Err()
}

// DecideInvite moves invitation id from state from to state to (accepted
// with the interview it became), for the user's accept or dismiss. A row
// no longer in state from is left alone and reported as ErrInviteChanged.
func (s Mail) DecideInvite(ctx context.Context, id int64, from, to, interviewID string, now time.Time) error {
	res, err := s.Q().ExecContext(ctx, `UPDATE invites SET state = ?, interview_id = coalesce(?, interview_id), updated_utc = ?
		WHERE id = ? AND state = ?`+s.AndAccount("account"), to, nullable(interviewID), sqldb.FormatTime(now), id, from)
	if err != nil {
		return s.DiskFull(fmt.Errorf("mark invitation %d %s: %w", id, to, err))
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("mark invitation %d %s: %w", id, to, ErrInviteChanged)
	}
	return nil
}

// ErrInviteChanged is DecideInvite's answer when the invitation changed
// state meanwhile (a cancellation arrived, or another command decided).
var ErrInviteChanged = errors.New("the invitation changed meanwhile: see followup invites")

// InviteOfEvent is the invitation an "invite…" event is about.
func InviteOfEvent(ev sqldb.Event) (int64, bool) {
	var id int64
	if !strings.HasPrefix(ev.Kind, "invite") {
		return 0, false
	}
	if _, err := fmt.Sscanf(ev.Detail, "invite %d", &id); err != nil {
		return 0, false
	}
	return id, true
}

func scanInvite(r sqldb.Scanner) (Invite, error) {
	var inv Invite
	var js, start, zone, sent, received, updated string
	err := r.Scan(&inv.ID, &inv.UID, &inv.Sequence, &inv.Method, &js, &start, &zone, &inv.State, &inv.InterviewID,
		&inv.AboutID, &inv.MessageID, &sent, &received, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return inv, sqldb.ErrNotFound
	}
	if err != nil {
		return inv, err
	}
	if err := json.Unmarshal([]byte(js), &inv.Proposal); err != nil {
		return inv, fmt.Errorf("invitation %d: %w", inv.ID, err)
	}
	for i := range inv.Proposal.Interviewers {
		inv.Proposal.Interviewers[i].Role = followup.RoleInterviewer // not in the JSON
	}
	inv.Proposal.Organizer.Role = followup.RoleInterviewer
	inv.Proposal.Start, _ = sqldb.ParseTime(start)
	if loc, err := time.LoadLocation(zone); err == nil {
		inv.Proposal.Start = inv.Proposal.Start.In(loc)
	}
	inv.Sent, _ = sqldb.ParseTime(sent)
	inv.Received, _ = sqldb.ParseTime(received)
	inv.Updated, _ = sqldb.ParseTime(updated)
	return inv, nil
}
