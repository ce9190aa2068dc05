package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/store/sqldb"
)

// LastDigestKey is the meta row holding when the last digest was due (the
// schedule slot it covered), as a *_utc time.
const LastDigestKey = "last_digest"

// Outbox purposes of the user's own mail.
const (
	PurposeDigest = "digest"
	PurposeNotice = "notice"
)

// LastDigest reads the slot of the last digest enqueued; ok is false when
// none was.
func (s Queue) LastDigest(ctx context.Context) (at time.Time, ok bool, err error) {
	v, ok, err := s.Meta(ctx, LastDigestKey)
	if err != nil || !ok {
		return time.Time{}, false, err
	}
	at, err = sqldb.ParseTime(v)
	return at, err == nil, err
}

// SetLastDigest records slot as the last digest without sending one (the
// first start of a daemon on a store).
func (s Queue) SetLastDigest(ctx context.Context, slot time.Time) error {
	return s.SetMeta(ctx, LastDigestKey, sqldb.FormatTime(slot))
}

// ErrEventNotified is returned by EnqueueNotice when the event's notice
// was enqueued already (by another pass at the same time).
var ErrEventNotified = errors.New("the event's notice was enqueued already")

// ErrDigestEnqueued is returned by EnqueueDigest when a digest for the
// slot, or a later one, was enqueued already.
var ErrDigestEnqueued = errors.New("a digest for this slot was enqueued already")

// EnqueueDigest stores the digest it (purpose digest) in the outbox and
// records slot as the last digest, in one transaction, so that a digest is
// never enqueued twice for one slot: when the last digest is not before
// slot it returns ErrDigestEnqueued and stores nothing. An outbox row with
// the same Message-ID is kept as it is.
func (s Queue) EnqueueDigest(ctx context.Context, it OutboxItem, slot, now time.Time) (int64, error) {
	it.Purpose = PurposeDigest
	var id int64
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		var last string
		err := tx.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", s.MetaKey(LastDigestKey)).Scan(&last)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if at, perr := sqldb.ParseTime(last); err == nil && perr == nil && !at.Before(slot) {
			return ErrDigestEnqueued
		}
		if id, err = insertUserMail(ctx, tx, it, now, s.Account()); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
			s.MetaKey(LastDigestKey), sqldb.FormatTime(slot))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("enqueue digest: %w", err)
	}
	return id, nil
}

// EnqueueNotice stores the notice it (purpose notice) about event eventID
// in the outbox and marks the event notified, in one transaction.
func (s Queue) EnqueueNotice(ctx context.Context, it OutboxItem, eventID int64, now time.Time) (int64, error) {
	it.Purpose = PurposeNotice
	var id int64
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		// Marked first, and only if no one else did: two passes of the
		// account at once read the same events, and one notice is enough.
		res, err := tx.ExecContext(ctx, "UPDATE events SET notified = 1 WHERE id = ? AND notified = 0", eventID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = ErrEventNotified
			}
			return err
		}
		id, err = insertUserMail(ctx, tx, it, now, s.Account())
		return err
	})
	if errors.Is(err, ErrEventNotified) {
		return 0, err
	}
	if err != nil {
		return 0, fmt.Errorf("enqueue notice of event %d: %w", eventID, err)
	}
	return id, nil
}

// insertUserMail inserts a queued outbox row of account due now; an
// existing row with the same Message-ID is kept and its id returned.
func insertUserMail(ctx context.Context, tx *sql.Tx, it OutboxItem, now time.Time, account string) (int64, error) {
	if it.MessageID == "" || strings.TrimSpace(it.Recipient) == "" || len(it.Raw) == 0 {
		return 0, errors.New("message id, recipient and message are required")
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (interview_id, message_id, recipient, purpose, raw, state,
		next_attempt_utc, created_utc, updated_utc, account) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (message_id) DO NOTHING`,
		outboxNullText(it.InterviewID), it.MessageID, it.Recipient, it.Purpose, it.Raw, OutboxQueued,
		sqldb.FormatTime(now), sqldb.FormatTime(now), sqldb.FormatTime(now), account)
	if err != nil {
		return 0, err
	}
	var id int64
	err = tx.QueryRowContext(ctx, "SELECT id FROM outbox WHERE message_id = ?", it.MessageID).Scan(&id)
	return id, err
}

// ClaimOutboxByID moves the one row id to sending when it is due (queued,
// or deferred with NextAttempt <= now), counting the attempt, and returns
// it; ok is false when the row is not there, not due or claimed by someone
// else. Whoever claims it must end it like a row from ClaimOutbox.
func (s Queue) ClaimOutboxByID(ctx context.Context, id int64, now time.Time) (it OutboxItem, ok bool, err error) {
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		row := tx.QueryRowContext(ctx, `UPDATE outbox SET state = 'sending', attempts = attempts + 1,
			first_try_utc = CASE first_try_utc WHEN '' THEN ?1 ELSE first_try_utc END, updated_utc = ?1
			WHERE id = ?2 AND state IN ('queued', 'deferred') AND next_attempt_utc <= ?1`+s.AndAccount("account")+`
			RETURNING `+outboxCols, sqldb.FormatTime(now), id)
		it, err = scanOutbox(row)
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return OutboxItem{}, false, nil
	}
	if err != nil {
		return OutboxItem{}, false, fmt.Errorf("claim outbox %d: %w", id, err)
	}
	return it, true, nil
}

// DueUserMail lists the ids of digest and notice rows due at now (queued,
// or deferred and due again), oldest first.
func (s Queue) DueUserMail(ctx context.Context, now time.Time) ([]int64, error) {
	rows, err := s.Q().QueryContext(ctx, `SELECT id FROM outbox WHERE purpose IN ('digest', 'notice')
		AND state IN ('queued', 'deferred') AND next_attempt_utc <= ?`+s.AndAccount("account")+` ORDER BY id`, sqldb.FormatTime(now))
	if err != nil {
		return nil, fmt.Errorf("list due digests and notices: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("list due digests and notices: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
