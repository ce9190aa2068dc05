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

// AddInterview stores a new interview, choosing its id from the company,
// role and date, and returns the id.
func (s Interviews) AddInterview(ctx context.Context, iv *followup.Interview, now time.Time) (string, error) {
	return s.AddInterviewPlanned(ctx, iv, now, nil)
}

// AddInterviewPlanned is AddInterview that also writes the actions plan
// returns for the new interview (its id chosen) in the same transaction,
// so an interview is never stored without its plan. A nil plan writes none.
func (s Interviews) AddInterviewPlanned(ctx context.Context, iv *followup.Interview, now time.Time, plan func(*followup.Interview) []followup.Action) (string, error) {
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.LockInterviewIDs(ctx, tx); err != nil {
			return err
		}
		if err := addInterview(ctx, tx, iv, now, s.Account()); err != nil {
			return err
		}
		if plan == nil {
			return nil
		}
		return syncActions(ctx, tx, iv.ID, plan(iv), now)
	})
	if err != nil {
		return "", fmt.Errorf("add interview: %w", err)
	}
	return iv.ID, nil
}

func addInterview(ctx context.Context, tx *sql.Tx, iv *followup.Interview, now time.Time, account string) error {
	var lookupErr error
	taken := func(id string) bool {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM interviews WHERE id = ?", id).Scan(&n); err != nil {
			lookupErr = err
			return false
		}
		return n > 0
	}
	iv.ID = followup.NewID(iv.Company, iv.Role, iv.Start, taken)
	if lookupErr != nil {
		return fmt.Errorf("choose id: %w", lookupErr)
	}
	iv.CreatedAt, iv.UpdatedAt = now, now
	if iv.Status == "" {
		iv.Status = iv.CurrentStatus(now)
	}
	return insertInterview(ctx, tx, iv, account)
}

// insertInterview writes a new interview of account and its people.
func insertInterview(ctx context.Context, tx *sql.Tx, iv *followup.Interview, account string) error {
	sig, err := json.Marshal(iv.Signals)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO interviews
		(id, company, role, start_utc, zone, duration_s, actual_s, next_steps, notes, signals, status, outcome, created_utc, updated_utc, account)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		iv.ID, iv.Company, iv.Role, sqldb.FormatTime(iv.Start), iv.Zone(), int64(iv.Duration/time.Second),
		int64(iv.ActualDuration/time.Second), iv.NextSteps, iv.Notes, string(sig), string(iv.Status),
		string(iv.Outcome), sqldb.FormatTime(iv.CreatedAt), sqldb.FormatTime(iv.UpdatedAt), account)
	if err != nil {
		return fmt.Errorf("insert interview: %w", err)
	}
	return insertPeople(ctx, tx, iv)
}

func insertPeople(ctx context.Context, tx *sql.Tx, iv *followup.Interview) error {
	for i, p := range iv.People() {
		_, err := tx.ExecContext(ctx, `INSERT INTO people (interview_id, pos, role, name, email, title, topics, undeliverable)
			VALUES (?,?,?,?,?,?,?,?)`, iv.ID, i, string(p.Role), p.Name, p.Email, p.Title, p.Topics, p.Undeliverable)
		if err != nil {
			return fmt.Errorf("insert person: %w", err)
		}
	}
	return nil
}

// UpdateInterview replaces the stored interview (and its people) with iv.
func (s Interviews) UpdateInterview(ctx context.Context, iv *followup.Interview, now time.Time) error {
	return s.UpdateInterviewPlanned(ctx, iv, nil, now)
}

// UpdateInterviewPlanned is UpdateInterview that also writes planned (as
// SyncActions does, ErrStalePlan included) in the same transaction.
func (s Interviews) UpdateInterviewPlanned(ctx context.Context, iv *followup.Interview, planned []followup.Action, now time.Time) error {
	iv.UpdatedAt = now
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		if err := updateInterview(ctx, tx, iv, now, s.AndAccount("account")); err != nil {
			return err
		}
		return syncActions(ctx, tx, iv.ID, planned, now)
	})
	if err != nil {
		return fmt.Errorf("update interview %s: %w", iv.ID, err)
	}
	return nil
}

// updateInterview rewrites iv; andAccount (Handle.AndAccount) keeps a
// scoped handle off another account's interview of the same id.
func updateInterview(ctx context.Context, tx *sql.Tx, iv *followup.Interview, now time.Time, andAccount string) error {
	sig, err := json.Marshal(iv.Signals)
	if err != nil {
		return err
	}
	closing := iv.Status == followup.StatusClosed
	// The status is the watcher's and the daemon's to move (replied,
	// quiet): a copy read before such a change must not undo it. Only
	// closing, the user's own decision, is written from here.
	res, err := tx.ExecContext(ctx, `UPDATE interviews SET company=?, role=?, start_utc=?, zone=?, duration_s=?,
		actual_s=?, next_steps=?, notes=?, signals=?,
		status = CASE WHEN ? = 1 THEN 'closed' ELSE status END,
		outcome = CASE WHEN ? = 1 THEN ? ELSE outcome END,
		updated_utc=? WHERE id=?`+andAccount,
		iv.Company, iv.Role, sqldb.FormatTime(iv.Start), iv.Zone(), int64(iv.Duration/time.Second),
		int64(iv.ActualDuration/time.Second), iv.NextSteps, iv.Notes, string(sig),
		closing, closing, string(iv.Outcome), sqldb.FormatTime(now), iv.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return sqldb.ErrNotFound
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM people WHERE interview_id = ?", iv.ID); err != nil {
		return err
	}
	return insertPeople(ctx, tx, iv)
}

// DeleteInterview removes an interview and everything recorded about it.
// Its messages still waiting in the outbox are dropped in the same
// transaction, so nothing is sent for an interview that no longer exists;
// rows that may already have gone out (sending, unknown) are kept for
// reconciliation.
func (s Interviews) DeleteInterview(ctx context.Context, id string, now time.Time) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'dropped', last_error = 'interview deleted', updated_utc = ?
			WHERE interview_id = ? AND state IN ('queued', 'deferred', 'needs-review', 'failed')`+s.AndInterviewOfAccount("interview_id"), sqldb.FormatTime(now), id); err != nil {
			return fmt.Errorf("delete interview %s: drop its outbox: %w", id, err)
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM interviews WHERE id = ?"+s.AndAccount("account"), id)
		if err != nil {
			return fmt.Errorf("delete interview %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("delete interview %s: %w", id, sqldb.ErrNotFound)
		}
		return nil
	})
}

const interviewCols = `id, company, role, start_utc, zone, duration_s, actual_s, next_steps, notes, signals, status, outcome, created_utc, updated_utc`

// GetInterview loads one interview with its people.
func (s Interviews) GetInterview(ctx context.Context, id string) (*followup.Interview, error) {
	row := s.Q().QueryRowContext(ctx, "SELECT "+interviewCols+" FROM interviews WHERE id = ?"+s.AndAccount("account"), id)
	iv, err := scanInterview(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("interview %s: %w", id, sqldb.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("interview %s: %w", id, err)
	}
	people, err := s.people(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	attach(iv, people[id])
	return iv, nil
}

// Filter narrows ListInterviews. Zero fields do not filter.
type Filter struct {
	Statuses []followup.Status // stored status
}

// ListInterviews returns interviews by start time, each with its people.
func (s Interviews) ListInterviews(ctx context.Context, f Filter) ([]*followup.Interview, error) {
	query := "SELECT " + interviewCols + " FROM interviews WHERE 1 = 1" + s.AndAccount("account")
	var args []any
	if len(f.Statuses) > 0 {
		query += " AND status IN (" + sqldb.Params(len(f.Statuses)) + ")"
		for _, st := range f.Statuses {
			args = append(args, string(st))
		}
	}
	rows, err := s.Q().QueryContext(ctx, query+" ORDER BY start_utc, id", args...)
	if err != nil {
		return nil, fmt.Errorf("list interviews: %w", err)
	}
	defer rows.Close()
	var out []*followup.Interview
	var ids []string
	for rows.Next() {
		iv, err := scanInterview(rows)
		if err != nil {
			return nil, fmt.Errorf("list interviews: %w", err)
		}
		out = append(out, iv)
		ids = append(ids, iv.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list interviews: %w", err)
	}
	people, err := s.people(ctx, nil)
	if err != nil {
		return nil, err
	}
	for _, iv := range out {
		attach(iv, people[iv.ID])
	}
	return out, nil
}

func scanInterview(r sqldb.Scanner) (*followup.Interview, error) {
	var (
		iv                        followup.Interview
		start, zone, sig, st, out string
		created, updated          string
		dur, actual               int64
	)
	if err := r.Scan(&iv.ID, &iv.Company, &iv.Role, &start, &zone, &dur, &actual, &iv.NextSteps,
		&iv.Notes, &sig, &st, &out, &created, &updated); err != nil {
		return nil, err
	}
	loc, err := sqldb.LoadZone(zone)
	if err != nil {
		loc = time.UTC
	}
	t, err := sqldb.ParseTime(start)
	if err != nil {
		return nil, err
	}
	iv.Start = t.In(loc)
	iv.Duration, iv.ActualDuration = time.Duration(dur)*time.Second, time.Duration(actual)*time.Second
	iv.Status, iv.Outcome = followup.Status(st), followup.Outcome(out)
	if err := json.Unmarshal([]byte(sig), &iv.Signals); err != nil {
		return nil, fmt.Errorf("signals of %s: %w", iv.ID, err)
	}
	iv.CreatedAt, _ = sqldb.ParseTime(created)
	iv.UpdatedAt, _ = sqldb.ParseTime(updated)
	return &iv, nil
}

// people loads the people of the given interviews (all when ids is nil),
// keyed by interview id, in their stored order.
func (s Interviews) people(ctx context.Context, ids []string) (map[string][]followup.Person, error) {
	query := "SELECT interview_id, role, name, email, title, topics, undeliverable FROM people"
	var args []any
	if ids != nil {
		query += " WHERE interview_id IN (" + sqldb.Params(len(ids)) + ")"
		args = sqldb.Args(ids)
	}
	rows, err := s.Q().QueryContext(ctx, query+" ORDER BY interview_id, pos", args...)
	if err != nil {
		return nil, fmt.Errorf("load people: %w", err)
	}
	defer rows.Close()
	out := map[string][]followup.Person{}
	for rows.Next() {
		var id, role string
		var p followup.Person
		if err := rows.Scan(&id, &role, &p.Name, &p.Email, &p.Title, &p.Topics, &p.Undeliverable); err != nil {
			return nil, fmt.Errorf("load people: %w", err)
		}
		p.Role = followup.PersonRole(role)
		out[id] = append(out[id], p)
	}
	return out, rows.Err()
}

func attach(iv *followup.Interview, people []followup.Person) {
	for _, p := range people {
		if p.Role == followup.RoleInterviewer {
			iv.Interviewers = append(iv.Interviewers, p)
		} else {
			iv.Contacts = append(iv.Contacts, p)
		}
	}
}

// CountInterviews returns how many interviews are stored.
func (s Interviews) CountInterviews(ctx context.Context) (int, error) {
	var n int
	err := s.Q().QueryRowContext(ctx, "SELECT count(*) FROM interviews WHERE 1 = 1"+s.AndAccount("account")).Scan(&n)
	return n, err
}
