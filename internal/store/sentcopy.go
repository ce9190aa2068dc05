package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// MarkOutboxSentCopyPending is MarkOutboxSent that also marks, in the same
// transaction, that the message's copy is still to be filed in the Sent
// mailbox: a crash before the copy is appended cannot lose it, the next
// pass files it (SentCopiesPending).
func (s *Store) MarkOutboxSentCopyPending(ctx context.Context, id int64, now time.Time) error {
	return s.outboxTransition(ctx, id, OutboxSent, []OutboxState{OutboxSending, OutboxUnknown}, func(tx *sql.Tx, it OutboxItem) error {
		if _, err := tx.ExecContext(ctx, "UPDATE outbox SET sent_utc = ?, last_error = '', sent_copy_pending = 1 WHERE id = ?", FormatTime(now), id); err != nil {
			return err
		}
		return recordOutboxMessage(ctx, tx, it, now)
	}, now)
}

// SentCopiesPending lists the sent messages whose Sent copy is still to be
// filed, oldest first.
func (s *Store) SentCopiesPending(ctx context.Context) ([]OutboxItem, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+outboxCols+" FROM outbox WHERE sent_copy_pending = 1 AND state = 'sent' ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("sent copies pending: %w", err)
	}
	return scanOutboxRows(rows)
}

// SentCopyFiled records that the Sent copy of outbox row id is filed (or
// will never be: the provider files it, or there is no Sent mailbox).
func (s *Store) SentCopyFiled(ctx context.Context, id int64) error {
	if _, err := s.db.ExecContext(ctx, "UPDATE outbox SET sent_copy_pending = 0 WHERE id = ?", id); err != nil {
		return fmt.Errorf("sent copy of %d filed: %w", id, err)
	}
	return nil
}
