package queue

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/followup-dev/followup/internal/store/sqldb"
)

// SentCopiesPending lists the sent messages whose Sent copy is still to be
// filed, oldest first.
func (s Queue) SentCopiesPending(ctx context.Context) ([]OutboxItem, error) {
	rows, err := s.Q().QueryContext(ctx, "SELECT "+outboxCols+" FROM outbox WHERE sent_copy_pending = 1 AND state = 'sent'"+s.AndAccount("account")+" ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("sent copies pending: %w", err)
	}
	return scanOutboxRows(rows)
}

// SentCopyFiled records that the Sent copy of outbox row id is filed (or
// will never be: the provider files it, or there is no Sent mailbox).
func (s Queue) SentCopyFiled(ctx context.Context, ids ...int64) error {
	return s.Tx(ctx, func(tx *sql.Tx) error { return sentCopiesFiled(ctx, tx, ids) })
}

func sentCopiesFiled(ctx context.Context, tx *sql.Tx, ids []int64) error {
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, "UPDATE outbox SET sent_copy_pending = 0 WHERE id = ?", id); err != nil {
			return fmt.Errorf("sent copy of %d filed: %w", id, err)
		}
	}
	return nil
}

// SentRecord is what RecordSent writes besides the outbox row itself.
type SentRecord struct {
	// CopyPending marks the Sent copy as still to be filed.
	CopyPending bool
	// Reason is the action's new reason ("sent to …").
	Reason string
	// Event, when Kind is set, is added to the interview's events.
	Event sqldb.Event
	// Filed are other rows whose Sent copies were filed since: their
	// pending marks are cleared in the same transaction (see SentCopyFiled).
	Filed []int64
}

// RecordSent is MarkOutboxSent that also marks, when rec.CopyPending, the
// message's copy as still to be filed in the Sent mailbox (a crash before
// the copy is appended cannot lose it: the next pass files it), and
// marks the row's action sent (unless it is already) and adds the event,
// all in one transaction: one commit per sent message, and no crash can
// leave a sent row whose action still looks unsent. It also clears the
// pending marks of rec.Filed, so that filing a copy costs no commit of
// its own.
func (s Queue) RecordSent(ctx context.Context, id int64, now time.Time, rec SentRecord) error {
	return s.outboxTransition(ctx, id, OutboxSent, []OutboxState{OutboxSending, OutboxUnknown}, func(tx *sql.Tx, it OutboxItem) error {
		if _, err := tx.ExecContext(ctx, "UPDATE outbox SET sent_utc = ?, last_error = '', sent_copy_pending = ? WHERE id = ?",
			sqldb.FormatTime(now), boolInt(rec.CopyPending), id); err != nil {
			return err
		}
		if err := recordOutboxMessage(ctx, tx, it, now); err != nil {
			return err
		}
		if err := sentCopiesFiled(ctx, tx, rec.Filed); err != nil {
			return err
		}
		if it.ActionID != 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE actions SET state = 'sent', reason = ?,
				message_id = CASE WHEN ? = '' THEN message_id ELSE ? END, updated_utc = ? WHERE id = ? AND state <> 'sent'`,
				rec.Reason, it.MessageID, it.MessageID, sqldb.FormatTime(now), it.ActionID); err != nil {
				return fmt.Errorf("set state of action %d: %w", it.ActionID, err)
			}
		}
		if rec.Event.Kind == "" {
			return nil
		}
		return s.InsertEvent(ctx, tx, rec.Event)
	}, now)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
