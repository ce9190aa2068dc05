package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/followup"
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
func (s *Store) LastDigest(ctx context.Context) (at time.Time, ok bool, err error) {
	v, ok, err := s.Meta(ctx, LastDigestKey)
	if err != nil || !ok {
		return time.Time{}, false, err
	}
	at, err = ParseTime(v)
	return at, err == nil, err
}

// SetLastDigest records slot as the last digest without sending one (the
// first start of a daemon on a store).
func (s *Store) SetLastDigest(ctx context.Context, slot time.Time) error {
	return s.SetMeta(ctx, LastDigestKey, FormatTime(slot))
}

// ErrDigestEnqueued is returned by EnqueueDigest when a digest for the
// slot, or a later one, was enqueued already.
var ErrDigestEnqueued = errors.New("a digest for this slot was enqueued already")

// EnqueueDigest stores the digest it (purpose digest) in the outbox and
// records slot as the last digest, in one transaction, so that a digest is
// never enqueued twice for one slot: when the last digest is not before
// slot it returns ErrDigestEnqueued and stores nothing. An outbox row with
// the same Message-ID is kept as it is.
func (s *Store) EnqueueDigest(ctx context.Context, it OutboxItem, slot, now time.Time) (int64, error) {
	it.Purpose = PurposeDigest
	var id int64
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		var last string
		err := tx.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", LastDigestKey).Scan(&last)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if at, perr := ParseTime(last); err == nil && perr == nil && !at.Before(slot) {
			return ErrDigestEnqueued
		}
		if id, err = insertUserMail(ctx, tx, it, now); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
			LastDigestKey, FormatTime(slot))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("enqueue digest: %w", err)
	}
	return id, nil
}

// EnqueueNotice stores the notice it (purpose notice) about event eventID
// in the outbox and marks the event notified, in one transaction.
func (s *Store) EnqueueNotice(ctx context.Context, it OutboxItem, eventID int64, now time.Time) (int64, error) {
	it.Purpose = PurposeNotice
	var id int64
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = insertUserMail(ctx, tx, it, now); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE events SET notified = 1 WHERE id = ?", eventID)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("enqueue notice of event %d: %w", eventID, err)
	}
	return id, nil
}

// insertUserMail inserts a queued outbox row due now; an existing row with
// the same Message-ID is kept and its id returned.
func insertUserMail(ctx context.Context, tx *sql.Tx, it OutboxItem, now time.Time) (int64, error) {
	if it.MessageID == "" || strings.TrimSpace(it.Recipient) == "" || len(it.Raw) == 0 {
		return 0, errors.New("message id, recipient and message are required")
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (interview_id, message_id, recipient, purpose, raw, state,
		next_attempt_utc, created_utc, updated_utc) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (message_id) DO NOTHING`,
		outboxNullText(it.InterviewID), it.MessageID, it.Recipient, it.Purpose, it.Raw, OutboxQueued,
		FormatTime(now), FormatTime(now), FormatTime(now))
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
func (s *Store) ClaimOutboxByID(ctx context.Context, id int64, now time.Time) (it OutboxItem, ok bool, err error) {
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		row := tx.QueryRowContext(ctx, `UPDATE outbox SET state = 'sending', attempts = attempts + 1,
			first_try_utc = CASE first_try_utc WHEN '' THEN ?1 ELSE first_try_utc END, updated_utc = ?1
			WHERE id = ?2 AND state IN ('queued', 'deferred') AND next_attempt_utc <= ?1
			RETURNING `+outboxCols, FormatTime(now), id)
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
func (s *Store) DueUserMail(ctx context.Context, now time.Time) ([]int64, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id FROM outbox WHERE purpose IN ('digest', 'notice')
		AND state IN ('queued', 'deferred') AND next_attempt_utc <= ? ORDER BY id`, FormatTime(now))
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

// EventsToNotify lists events of the given kinds that no notice was sent
// for, oldest first.
func (s *Store) EventsToNotify(ctx context.Context, kinds ...string) ([]Event, error) {
	if len(kinds) == 0 {
		return nil, nil
	}
	return s.queryEvents(ctx, "WHERE notified = 0 AND kind IN ("+matchParams(len(kinds))+") ORDER BY at_utc, id", matchArgs(kinds)...)
}

// MarkEventNotified records that event id needs no notice (sent another way,
// or too old to be news).
func (s *Store) MarkEventNotified(ctx context.Context, id int64) error {
	if _, err := s.q.ExecContext(ctx, "UPDATE events SET notified = 1 WHERE id = ?", id); err != nil {
		return fmt.Errorf("mark event %d notified: %w", id, err)
	}
	return nil
}

// PruneEvents deletes events before before that need no notice any more
// and returns how many went.
func (s *Store) PruneEvents(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.q.ExecContext(ctx, "DELETE FROM events WHERE at_utc < ? AND notified = 1", FormatTime(before))
	if err != nil {
		return 0, fmt.Errorf("prune events: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// ActionsInState lists every action in state, across interviews, by due time.
func (s *Store) ActionsInState(ctx context.Context, state followup.ActionState) ([]followup.Action, error) {
	return s.queryActions(ctx, "WHERE state = ? ORDER BY due_utc, id", string(state))
}

// NextPending lists the n earliest pending actions, overdue ones included.
func (s *Store) NextPending(ctx context.Context, n int) ([]followup.Action, error) {
	return s.queryActions(ctx, "WHERE state = 'pending' ORDER BY due_utc, id LIMIT ?", n)
}

// NextPendingDue is the due time of the earliest pending action; ok is
// false when nothing is pending.
func (s *Store) NextPendingDue(ctx context.Context) (due time.Time, ok bool, err error) {
	var v sql.NullString
	if err := s.q.QueryRowContext(ctx, "SELECT min(due_utc) FROM actions WHERE state = 'pending'").Scan(&v); err != nil {
		return time.Time{}, false, fmt.Errorf("next due action: %w", err)
	}
	if !v.Valid || v.String == "" {
		return time.Time{}, false, nil
	}
	due, err = ParseTime(v.String)
	return due, err == nil, err
}

// RepliesSince lists received messages of class (reply, bounce, …) seen
// at or after since, across interviews, oldest first.
func (s *Store) RepliesSince(ctx context.Context, class string, since time.Time) ([]Reply, error) {
	return s.queryReplies(ctx, "WHERE class = ? AND seen_utc >= ? ORDER BY seen_utc, id", class, FormatTime(since))
}

// SentSince lists the notes followup itself sent over SMTP (messages with
// an action, location smtp) at or after since, oldest first.
func (s *Store) SentSince(ctx context.Context, since time.Time) ([]Message, error) {
	return s.queryMessages(ctx, "WHERE location = 'smtp' AND action_id IS NOT NULL AND created_utc >= ? ORDER BY created_utc, message_id", FormatTime(since))
}

// MarkQuiet sets interview id quiet, when it is still upcoming or awaiting,
// and records events with it, in one transaction. It reports whether the
// status changed; events are recorded only then.
func (s *Store) MarkQuiet(ctx context.Context, id string, events []Event, now time.Time) (changed bool, err error) {
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE interviews SET status = 'quiet', updated_utc = ?
			WHERE id = ? AND status IN ('upcoming', 'awaiting')`, FormatTime(now), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		changed = true
		for _, e := range events {
			e.InterviewID = id
			if err := addEvent(ctx, tx, e); err != nil {
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
func (s *Store) AwaitingWithoutOpenActions(ctx context.Context, now time.Time) ([]string, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id FROM interviews i WHERE status IN ('upcoming', 'awaiting') AND start_utc < ?
		AND NOT EXISTS (SELECT 1 FROM actions a WHERE a.interview_id = i.id AND a.state IN ('pending', 'needs-review'))
		ORDER BY start_utc, id`, FormatTime(now))
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
