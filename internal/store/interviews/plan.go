package interviews

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store/sqldb"
)

// upsertAction writes one planned action by (interview_id, key). An existing
// row is changed only while it is pending, waiting for review or cancelled,
// and only when something differs, so that drafted, sent and failed rows
// stay as they are even if the plan was computed from an older reading.
const upsertAction = `INSERT INTO actions (interview_id, key, kind, recipients, due_utc, zone, state, reason, updated_utc)
VALUES (?,?,?,?,?,?,?,?,?)
ON CONFLICT (interview_id, key) DO UPDATE SET
	kind = excluded.kind, recipients = excluded.recipients, due_utc = excluded.due_utc, zone = excluded.zone,
	state = excluded.state, reason = excluded.reason, updated_utc = excluded.updated_utc
WHERE actions.state IN ('pending', 'needs-review', 'cancelled')
	AND (actions.kind IS DISTINCT FROM excluded.kind OR actions.recipients IS DISTINCT FROM excluded.recipients
		OR actions.due_utc IS DISTINCT FROM excluded.due_utc OR actions.zone IS DISTINCT FROM excluded.zone
		OR actions.state IS DISTINCT FROM excluded.state OR actions.reason IS DISTINCT FROM excluded.reason)`

// ErrStalePlan is returned by SyncActions when an action the plan was
// computed from changed meanwhile (an answer cancelled it, say): nothing
// was written; plan again from the fresh history.
var ErrStalePlan = errors.New("the follow-ups changed while they were planned")

// SyncActions writes an interview's planned timeline (from followup.Replan)
// in one transaction: new keys are inserted, open and cancelled rows take
// the planned values, drafted, sent and failed rows are never touched, and
// rows whose key is missing from planned are left alone. The decisions,
// cancellations included, are the planner's; SyncActions only writes them.
// A planned action with an UpdatedAt was read from the history: when its
// row was changed since, nothing is written and the error wraps
// ErrStalePlan.
func (s Interviews) SyncActions(ctx context.Context, interviewID string, planned []followup.Action, now time.Time) error {
	err := s.Tx(ctx, func(tx *sql.Tx) error { return syncActions(ctx, tx, interviewID, planned, now) })
	if err != nil {
		return fmt.Errorf("sync actions of %s: %w", interviewID, err)
	}
	return nil
}

func syncActions(ctx context.Context, tx *sql.Tx, interviewID string, planned []followup.Action, now time.Time) error {
	for _, ac := range planned {
		if err := writeAction(ctx, tx, interviewID, ac, now); err != nil {
			return fmt.Errorf("%s: %w", ac.Key, err)
		}
	}
	return nil
}

func writeAction(ctx context.Context, tx *sql.Tx, interviewID string, ac followup.Action, now time.Time) error {
	to := ac.To
	if to == nil {
		to = []string{}
	}
	recips, err := json.Marshal(to)
	if err != nil {
		return err
	}
	if !ac.UpdatedAt.IsZero() {
		var updated string
		err := tx.QueryRowContext(ctx, "SELECT updated_utc FROM actions WHERE interview_id = ? AND key = ?", interviewID, ac.Key).Scan(&updated)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err == nil && updated != sqldb.FormatTime(ac.UpdatedAt) {
			return ErrStalePlan
		}
	}
	zone := ac.Zone
	if zone == "" {
		zone = ac.Due.Location().String()
	}
	_, err = tx.ExecContext(ctx, upsertAction, interviewID, ac.Key, string(ac.Kind), string(recips),
		sqldb.FormatTime(ac.Due), zone, string(ac.State), ac.Reason, sqldb.FormatTime(now))
	return err
}

// SetActionState records what happened to an action: its new state, the
// reason, and the Message-ID of its draft or message (an empty messageID
// keeps the one recorded). It returns ErrNotFound for an unknown id.
func (s Interviews) SetActionState(ctx context.Context, id int64, state followup.ActionState, reason, messageID string, now time.Time) error {
	res, err := s.Q().ExecContext(ctx, `UPDATE actions SET state = ?, reason = ?,
		message_id = CASE WHEN ? = '' THEN message_id ELSE ? END, updated_utc = ? WHERE id = ?`+s.AndInterviewOfAccount("interview_id"),
		string(state), reason, messageID, messageID, sqldb.FormatTime(now), id)
	if err != nil {
		return fmt.Errorf("set state of action %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("set state of action %d: %w", id, sqldb.ErrNotFound)
	}
	return nil
}

// ActionsDueBetween lists open (pending or needs-review) actions due at or
// after from and before to, across all interviews, earliest first. A zero
// from includes everything overdue.
func (s Interviews) ActionsDueBetween(ctx context.Context, from, to time.Time) ([]followup.Action, error) {
	return s.queryActions(ctx, "WHERE state IN ('pending', 'needs-review') AND due_utc >= ? AND due_utc < ? ORDER BY due_utc, id",
		sqldb.FormatTime(from), sqldb.FormatTime(to))
}
