package received

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/followup-dev/followup/internal/store/sqldb"
)

// MailboxState is where the IMAP watcher left off in one mailbox.
type MailboxState struct {
	Mailbox     string
	UIDValidity uint32
	LastUID     uint32    // highest UID handled
	Synced      time.Time // when the position or the result last changed
	Result      string    // "ok" or what went wrong last
}

// The positions are the handle's account's: each account has mailboxes of
// its own (the unscoped handle's are those of a config without accounts).

// IMAPState reads the watcher's position in mailbox; ok is false when the
// mailbox was never synced.
func (s Mail) IMAPState(ctx context.Context, mailbox string) (uidValidity, lastUID uint32, ok bool, err error) {
	err = s.Q().QueryRowContext(ctx, "SELECT uidvalidity, last_uid FROM imap_state WHERE account = ? AND mailbox = ?", s.Account(), mailbox).Scan(&uidValidity, &lastUID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, false, nil
	}
	if err != nil {
		return 0, 0, false, fmt.Errorf("read imap state of %s: %w", mailbox, err)
	}
	return uidValidity, lastUID, true, nil
}

// SetIMAPState records the watcher's position in mailbox, when it was
// written and the outcome of the last sync. A row that would not change
// but for its time is left as it is: a sync that finds nothing new writes
// nothing (Synced is when the position or the outcome last changed).
func (s Mail) SetIMAPState(ctx context.Context, mailbox string, uidValidity, lastUID uint32, now time.Time, result string) error {
	_, err := s.Q().ExecContext(ctx, `INSERT INTO imap_state (mailbox, uidvalidity, last_uid, synced_utc, result, account) VALUES (?,?,?,?,?,?)
ON CONFLICT(account, mailbox) DO UPDATE SET uidvalidity = excluded.uidvalidity, last_uid = excluded.last_uid,
	synced_utc = excluded.synced_utc, result = excluded.result
WHERE imap_state.uidvalidity <> excluded.uidvalidity OR imap_state.last_uid <> excluded.last_uid OR imap_state.result <> excluded.result`,
		mailbox, uidValidity, lastUID, sqldb.FormatTime(now), result, s.Account())
	if err != nil {
		return fmt.Errorf("write imap state of %s: %w", mailbox, err)
	}
	return nil
}

// IMAPStates lists every synced mailbox by name, for status output.
func (s Mail) IMAPStates(ctx context.Context) ([]MailboxState, error) {
	rows, err := s.Q().QueryContext(ctx, "SELECT mailbox, uidvalidity, last_uid, synced_utc, result FROM imap_state WHERE account = ? ORDER BY mailbox", s.Account())
	if err != nil {
		return nil, fmt.Errorf("list imap state: %w", err)
	}
	defer rows.Close()
	var out []MailboxState
	for rows.Next() {
		var m MailboxState
		var synced string
		if err := rows.Scan(&m.Mailbox, &m.UIDValidity, &m.LastUID, &synced, &m.Result); err != nil {
			return nil, fmt.Errorf("list imap state: %w", err)
		}
		if m.Synced, err = sqldb.ParseTime(synced); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ResetIMAPState forgets where every mailbox was read up to, so that the
// next pass starts again from its Since day.
func (s Mail) ResetIMAPState(ctx context.Context) error {
	if _, err := s.Q().ExecContext(ctx, "DELETE FROM imap_state WHERE account = ?", s.Account()); err != nil {
		return fmt.Errorf("reset imap state: %w", err)
	}
	return nil
}
