package interviews

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store/sqldb"
)

// ActionsInState lists every action in state, across interviews, by due time.
func (s Interviews) ActionsInState(ctx context.Context, state followup.ActionState) ([]followup.Action, error) {
	return s.queryActions(ctx, "WHERE state = ? ORDER BY due_utc, id", string(state))
}

// NextPending lists the n earliest pending actions, overdue ones included.
func (s Interviews) NextPending(ctx context.Context, n int) ([]followup.Action, error) {
	return s.queryActions(ctx, "WHERE state = 'pending' ORDER BY due_utc, id LIMIT ?", n)
}

// NextPendingDue is the due time of the earliest pending action; ok is
// false when nothing is pending.
func (s Interviews) NextPendingDue(ctx context.Context) (due time.Time, ok bool, err error) {
	var v sql.NullString
	if err := s.Q().QueryRowContext(ctx, "SELECT min(due_utc) FROM actions WHERE state = 'pending'"+s.AndInterviewOfAccount("interview_id")).Scan(&v); err != nil {
		return time.Time{}, false, fmt.Errorf("next due action: %w", err)
	}
	if !v.Valid || v.String == "" {
		return time.Time{}, false, nil
	}
	due, err = sqldb.ParseTime(v.String)
	return due, err == nil, err
}

// RepliesSince lists received messages of class (reply, bounce, …) seen
// at or after since, across interviews, oldest first.
func (s Interviews) RepliesSince(ctx context.Context, class string, since time.Time) ([]Reply, error) {
	return s.queryReplies(ctx, "WHERE class = ? AND seen_utc >= ? ORDER BY seen_utc, id", class, sqldb.FormatTime(since))
}

// SentSince lists the notes followup itself sent over SMTP (messages with
// an action, location smtp) at or after since, oldest first.
func (s Interviews) SentSince(ctx context.Context, since time.Time) ([]Message, error) {
	return s.queryMessages(ctx, "WHERE location = 'smtp' AND action_id IS NOT NULL AND created_utc >= ? ORDER BY created_utc, message_id", sqldb.FormatTime(since))
}

// MarkQuiet sets interview id quiet, when it is still upcoming or awaiting,
// and records events with it, in one transaction. It reports whether the
// status changed; events are recorded only then.
func (s Interviews) MarkQuiet(ctx context.Context, id string, events []sqldb.Event, now time.Time) (changed bool, err error) {
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE interviews SET status = 'quiet', updated_utc = ?
			WHERE id = ? AND status IN ('upcoming', 'awaiting')`+s.AndAccount("account"), sqldb.FormatTime(now), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		changed = true
		for _, e := range events {
			e.InterviewID = id
			if err := s.InsertEvent(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("mark %s quiet: %w", id, err)
	}
	return changed, nil
}

// AwaitingWithoutOpenActions lists the ids of interviews still upcoming or
// awaiting that started before now and have no open (pending or
// needs-review) action left: the ones that may have gone quiet.
func (s Interviews) AwaitingWithoutOpenActions(ctx context.Context, now time.Time) ([]string, error) {
	rows, err := s.Q().QueryContext(ctx, `SELECT id FROM interviews i WHERE status IN ('upcoming', 'awaiting') AND start_utc < ?`+s.AndAccount("i.account")+`
		AND NOT EXISTS (SELECT 1 FROM actions a WHERE a.interview_id = i.id AND a.state IN ('pending', 'needs-review'))
		ORDER BY start_utc, id`, sqldb.FormatTime(now))
	if err != nil {
		return nil, fmt.Errorf("list interviews that may be quiet: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("list interviews that may be quiet: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
