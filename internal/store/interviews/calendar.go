package interviews

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/followup-dev/followup/internal/store/sqldb"
)

// CalendarSequences returns the SEQUENCE of each calendar event, keyed by
// UID, given the hash of its current times: a UID seen for the first time
// starts at 0, and one whose hash differs from the last export's goes up
// by one. Everything is read and written in one transaction, so two
// exports at once cannot both bump the same event.
func (s Interviews) CalendarSequences(ctx context.Context, hashes map[string]string, now time.Time) (map[string]int, error) {
	uids := make([]string, 0, len(hashes))
	for uid := range hashes {
		uids = append(uids, uid)
	}
	sort.Strings(uids)
	out := make(map[string]int, len(uids))
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		for _, uid := range uids {
			seq, err := stampCalendarItem(ctx, tx, uid, hashes[uid], now, s.Account())
			if err != nil {
				return fmt.Errorf("%s: %w", uid, err)
			}
			out[uid] = seq
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("calendar sequences: %w", err)
	}
	return out, nil
}

func stampCalendarItem(ctx context.Context, tx *sql.Tx, uid, hash string, now time.Time, account string) (int, error) {
	var old string
	var seq int
	err := tx.QueryRowContext(ctx, "SELECT hash, sequence FROM calendar_items WHERE uid = ?", uid).Scan(&old, &seq)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = tx.ExecContext(ctx, "INSERT INTO calendar_items (uid, hash, sequence, updated_utc, account) VALUES (?,?,0,?,?)", uid, hash, sqldb.FormatTime(now), account)
		return 0, err
	case err != nil:
		return 0, err
	case old == hash:
		return seq, nil
	}
	seq++
	_, err = tx.ExecContext(ctx, "UPDATE calendar_items SET hash = ?, sequence = ?, updated_utc = ? WHERE uid = ?", hash, seq, sqldb.FormatTime(now), uid)
	return seq, err
}

// CalendarItem is the feed's memory of one exported event.
type CalendarItem struct {
	UID      string
	Hash     string
	Sequence int
	Updated  time.Time
}

// CalendarItems lists the feed's memory, by UID, for an export.
func (s Interviews) CalendarItems(ctx context.Context) ([]CalendarItem, error) {
	rows, err := s.Q().QueryContext(ctx, "SELECT uid, hash, sequence, updated_utc FROM calendar_items WHERE 1 = 1"+s.AndAccount("account")+" ORDER BY uid")
	if err != nil {
		return nil, fmt.Errorf("list calendar items: %w", err)
	}
	defer rows.Close()
	var out []CalendarItem
	for rows.Next() {
		var c CalendarItem
		var updated string
		if err := rows.Scan(&c.UID, &c.Hash, &c.Sequence, &updated); err != nil {
			return nil, fmt.Errorf("list calendar items: %w", err)
		}
		c.Updated, _ = sqldb.ParseTime(updated)
		out = append(out, c)
	}
	return out, rows.Err()
}

// restoreCalendarItem writes an exported event's memory back, never
// lowering a SEQUENCE the store already gave out: a calendar app ignores
// an update whose SEQUENCE went down.
func restoreCalendarItem(ctx context.Context, tx *sql.Tx, c CalendarItem, account string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO calendar_items (uid, hash, sequence, updated_utc, account) VALUES (?,?,?,?,?)
		ON CONFLICT (uid) DO UPDATE SET hash = excluded.hash, updated_utc = excluded.updated_utc,
		sequence = CASE WHEN calendar_items.sequence > excluded.sequence THEN calendar_items.sequence ELSE excluded.sequence END
		WHERE calendar_items.account = excluded.account`, c.UID, c.Hash, c.Sequence, sqldb.FormatTime(c.Updated), account)
	return err
}

// FeedVersion is a cheap fingerprint of what the calendar feed is built
// from: the number of interviews and actions and the latest time either
// was written (a write stamps updated_utc, a removal changes a count). It
// says nothing of the lease or the other bookkeeping rows, which change
// all the time. latest is that time, for a caller that must know whether
// a second write within the same second could still come.
func (s Interviews) FeedVersion(ctx context.Context) (version string, latest time.Time, err error) {
	var ni, na int
	var ui, ua string
	ivs, acs := "FROM interviews WHERE 1 = 1"+s.AndAccount("account"), "FROM actions WHERE 1 = 1"+s.AndInterviewOfAccount("interview_id")
	err = s.Q().QueryRowContext(ctx, `SELECT (SELECT count(*) `+ivs+`), (SELECT coalesce(max(updated_utc), '') `+ivs+`),
		(SELECT count(*) `+acs+`), (SELECT coalesce(max(updated_utc), '') `+acs+`)`).Scan(&ni, &ui, &na, &ua)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("feed version: %w", err)
	}
	last := max(ui, ua) // fixed-width UTC text: text order is time order
	if latest, err = sqldb.ParseTime(last); err != nil {
		return "", time.Time{}, err
	}
	return fmt.Sprintf("%d/%s/%d/%s", ni, ui, na, ua), latest, nil
}
