package interviews

import (
	"context"
	"errors"
	"fmt"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store/sqldb"
)

// SetOverride records the user's decision about one follow-up, replacing
// any earlier one for the same interview and key.
func (s Interviews) SetOverride(ctx context.Context, o followup.Override) error {
	at, zone := "", ""
	if !o.At.IsZero() {
		at, zone = sqldb.FormatTime(o.At), o.At.Location().String()
	}
	_, err := s.Q().ExecContext(ctx, `INSERT INTO action_overrides (interview_id, key, kind, at_utc, zone, set_utc)
		VALUES (?,?,?,?,?,?) ON CONFLICT (interview_id, key) DO UPDATE SET
		kind = excluded.kind, at_utc = excluded.at_utc, zone = excluded.zone, set_utc = excluded.set_utc`,
		o.InterviewID, o.Key, string(o.Kind), at, zone, sqldb.FormatTime(o.SetAt))
	if err != nil {
		return fmt.Errorf("record %s of %s %s: %w", o.Kind, o.InterviewID, o.Key, err)
	}
	return nil
}

// DeleteOverride forgets the user's decision about one follow-up; it
// returns ErrNotFound when there was none.
func (s Interviews) DeleteOverride(ctx context.Context, interviewID, key string) error {
	res, err := s.Q().ExecContext(ctx, "DELETE FROM action_overrides WHERE interview_id = ? AND key = ?", interviewID, key)
	if err != nil {
		return fmt.Errorf("forget decision about %s %s: %w", interviewID, key, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("decision about %s %s: %w", interviewID, key, sqldb.ErrNotFound)
	}
	return nil
}

// AllOverrides lists every decision of the user, by interview and key
// (for an export).
func (s Interviews) AllOverrides(ctx context.Context) ([]followup.Override, error) {
	rows, err := s.Q().QueryContext(ctx, `SELECT interview_id, key, kind, at_utc, zone, set_utc
		FROM action_overrides WHERE 1 = 1`+s.AndInterviewOfAccount("interview_id")+` ORDER BY interview_id, key`)
	if err != nil {
		return nil, fmt.Errorf("list decisions: %w", err)
	}
	defer rows.Close()
	var out []followup.Override
	for rows.Next() {
		o, err := scanOverride(rows)
		if err != nil {
			return nil, fmt.Errorf("list decisions: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Overrides lists the user's decisions about an interview's follow-ups, by key.
func (s Interviews) Overrides(ctx context.Context, interviewID string) ([]followup.Override, error) {
	rows, err := s.Q().QueryContext(ctx, `SELECT interview_id, key, kind, at_utc, zone, set_utc
		FROM action_overrides WHERE interview_id = ? ORDER BY key`, interviewID)
	if err != nil {
		return nil, fmt.Errorf("list decisions of %s: %w", interviewID, err)
	}
	defer rows.Close()
	var out []followup.Override
	for rows.Next() {
		o, err := scanOverride(rows)
		if err != nil {
			return nil, fmt.Errorf("list decisions of %s: %w", interviewID, err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

func scanOverride(r sqldb.Scanner) (followup.Override, error) {
	var (
		o                     followup.Override
		kind, at, zone, setAt string
	)
	if err := r.Scan(&o.InterviewID, &o.Key, &kind, &at, &zone, &setAt); err != nil {
		return o, err
	}
	o.Kind = followup.OverrideKind(kind)
	switch o.Kind {
	case followup.OverrideSnooze, followup.OverrideSkip, followup.OverrideReschedule:
	default:
		return o, errors.New("unknown decision " + kind + " about " + o.Key)
	}
	if at != "" {
		t, err := sqldb.ParseTime(at)
		if err != nil {
			return o, err
		}
		if loc, err := sqldb.LoadZone(zone); err == nil {
			t = t.In(loc)
		}
		o.At = t
	}
	o.SetAt, _ = sqldb.ParseTime(setAt)
	return o, nil
}
