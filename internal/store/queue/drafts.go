package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/followup-dev/followup/internal/store/sqldb"
)

// Draft is a message followup made, for RecordDraft.
type Draft struct {
	MessageID   string // without angle brackets
	InterviewID string
	ActionID    int64 // the planned action it carries out; 0 for none
	Kind        string
	Recipient   string
	Subject     string
	Location    string // stdout | file:PATH | imap:MAILBOX
	At          time.Time
}

// RecordDraft records d in one transaction: a messages row (so replies to
// it are matched), a "drafted" event, and, when d.ActionID is set and the
// action is still open or drafted, the action becomes drafted with d's
// Message-ID. Recording a Message-ID again changes nothing.
func (s Queue) RecordDraft(ctx context.Context, d Draft) error {
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		inserted, err := insertMessage(ctx, tx, d)
		if err != nil || !inserted {
			return err
		}
		if d.ActionID != 0 {
			if err := markDrafted(ctx, tx, d); err != nil {
				return err
			}
		}
		return s.InsertEvent(ctx, tx, sqldb.Event{At: d.At, InterviewID: d.InterviewID, Kind: "drafted",
			Detail: fmt.Sprintf("%s to %s: %s", d.Kind, d.Recipient, d.Location)})
	})
	if err != nil {
		return fmt.Errorf("record draft %s: %w", d.MessageID, err)
	}
	return nil
}

// insertMessage adds d's messages row and reports whether it is new.
func insertMessage(ctx context.Context, tx *sql.Tx, d Draft) (bool, error) {
	var action any
	if d.ActionID != 0 {
		action = d.ActionID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO messages (message_id, interview_id, action_id, kind, recipient, subject, location, created_utc)
		VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (message_id) DO NOTHING`,
		d.MessageID, d.InterviewID, action, d.Kind, d.Recipient, d.Subject, d.Location, sqldb.FormatTime(d.At))
	if err != nil {
		return false, fmt.Errorf("insert message: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// markDrafted moves the action to drafted unless it was sent, failed or
// cancelled meanwhile; a drafted action takes the newer Message-ID.
func markDrafted(ctx context.Context, tx *sql.Tx, d Draft) error {
	_, err := tx.ExecContext(ctx, `UPDATE actions SET state = 'drafted', message_id = ?, updated_utc = ?
		WHERE id = ? AND interview_id = ? AND state IN ('pending', 'needs-review', 'drafted')`,
		d.MessageID, sqldb.FormatTime(d.At), d.ActionID, d.InterviewID)
	if err != nil {
		return fmt.Errorf("mark action %d drafted: %w", d.ActionID, err)
	}
	return nil
}

// DraftSentByUser records that the user sent, from their own mail client,
// the draft whose Message-ID is messageID (its copy turned up in a Sent
// mailbox): its drafted action becomes sent, with an event, in one
// transaction. It returns the interview to replan, and false when no
// drafted action has that Message-ID (already recorded, or not a draft).
func (s Queue) DraftSentByUser(ctx context.Context, messageID string, at time.Time) (interviewID string, ok bool, err error) {
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		var id int64
		var kind string
		err := tx.QueryRowContext(ctx, "SELECT id, interview_id, kind FROM actions WHERE message_id = ? AND state = 'drafted'", messageID).
			Scan(&id, &interviewID, &kind)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE actions SET state = 'sent', reason = 'you sent the draft from your mail client', updated_utc = ? WHERE id = ?",
			sqldb.FormatTime(at), id); err != nil {
			return err
		}
		ok = true
		return s.InsertEvent(ctx, tx, sqldb.Event{At: at, InterviewID: interviewID, Kind: "sent",
			Detail: fmt.Sprintf("you sent the %s draft from your mail client (%s)", kind, messageID)})
	})
	if err != nil {
		return "", false, fmt.Errorf("draft %s sent: %w", messageID, err)
	}
	return interviewID, ok, nil
}
