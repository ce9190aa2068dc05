package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Meta reads a named value; ok is false when it is not set.
func (s *Handle) Meta(ctx context.Context, key string) (value string, ok bool, err error) {
	err = s.Q().QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", s.MetaKey(key)).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read %s: %w", key, err)
	}
	return value, true, nil
}

// SetMeta writes a named value.
func (s *Handle) SetMeta(ctx context.Context, key, value string) error {
	_, err := s.Q().ExecContext(ctx, "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", s.MetaKey(key), value)
	if err != nil {
		return fmt.Errorf("write %s: %w", key, err)
	}
	return nil
}

// Event is one thing that happened, for the digest, notices and status.
type Event struct {
	ID          int64
	At          time.Time
	InterviewID string
	Kind        string
	Detail      string
}

// AddEvent records an event.
func (s *Handle) AddEvent(ctx context.Context, e Event) error {
	return s.InsertEvent(ctx, s.Q(), e)
}

type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// InsertEvent records an event through db (a transaction of the caller's):
// it belongs to its interview's account, or to the handle's when it is
// about no interview.
func (s *Handle) InsertEvent(ctx context.Context, db Execer, e Event) error {
	var iv any
	if e.InterviewID != "" {
		iv = e.InterviewID
	}
	_, err := db.ExecContext(ctx, `INSERT INTO events (at_utc, interview_id, kind, detail, account)
		VALUES (?1, ?2, ?3, ?4, coalesce((SELECT account FROM interviews WHERE id = ?2), ?5))`,
		FormatTime(e.At), iv, e.Kind, e.Detail, s.account)
	if err != nil {
		return fmt.Errorf("record event: %w", err)
	}
	return nil
}

// EventsSince lists events at or after since, oldest first.
func (s *Handle) EventsSince(ctx context.Context, since time.Time) ([]Event, error) {
	return s.QueryEvents(ctx, "AND at_utc >= ? ORDER BY at_utc, id", FormatTime(since))
}

func (s *Handle) QueryEvents(ctx context.Context, where string, args ...any) ([]Event, error) {
	rows, err := s.Q().QueryContext(ctx, "SELECT id, at_utc, coalesce(interview_id, ''), kind, detail FROM events WHERE 1 = 1"+s.AndAccount("account")+" "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var at string
		if err := rows.Scan(&e.ID, &at, &e.InterviewID, &e.Kind, &e.Detail); err != nil {
			return nil, fmt.Errorf("list events: %w", err)
		}
		e.At, _ = ParseTime(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// EventsToNotify lists events of the given kinds that no notice was sent
// for, oldest first.
func (s *Handle) EventsToNotify(ctx context.Context, kinds ...string) ([]Event, error) {
	if len(kinds) == 0 {
		return nil, nil
	}
	return s.QueryEvents(ctx, "AND notified = 0 AND kind IN ("+Params(len(kinds))+") ORDER BY at_utc, id", Args(kinds)...)
}

// MarkEventNotified records that event id needs no notice (sent another way,
// or too old to be news).
func (s *Handle) MarkEventNotified(ctx context.Context, id int64) error {
	if _, err := s.Q().ExecContext(ctx, "UPDATE events SET notified = 1 WHERE id = ?"+s.AndAccount("account"), id); err != nil {
		return fmt.Errorf("mark event %d notified: %w", id, err)
	}
	return nil
}

// PruneEvents deletes events before before that need no notice any more
// and returns how many went.
func (s *Handle) PruneEvents(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.Q().ExecContext(ctx, "DELETE FROM events WHERE at_utc < ? AND notified = 1"+s.AndAccount("account"), FormatTime(before))
	if err != nil {
		return 0, fmt.Errorf("prune events: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
