package interviews

import (
	"context"
	"fmt"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store/sqldb"
)

// Summary is what a board shows of an interview: no people, notes,
// signals or next steps, so that listing ten thousand stays cheap.
type Summary struct {
	ID, Company, Role string
	Start             time.Time // in the interview's zone
	Status            followup.Status
	Account           string // "" for the default account
}

// CurrentStatus is the status the interview has at now (see
// followup.Interview.CurrentStatus).
func (s Summary) CurrentStatus(now time.Time) followup.Status {
	iv := followup.Interview{Start: s.Start, Status: s.Status}
	return iv.CurrentStatus(now)
}

// ListSummaries returns every interview's summary by start time, in the
// order ListInterviews gives.
func (s Interviews) ListSummaries(ctx context.Context) ([]Summary, error) {
	rows, err := s.Q().QueryContext(ctx, `SELECT id, company, role, start_utc, zone, status, account FROM interviews WHERE 1 = 1`+s.AndAccount("account")+` ORDER BY start_utc, id`)
	if err != nil {
		return nil, fmt.Errorf("list interviews: %w", err)
	}
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		var (
			sm                 Summary
			start, zone, state string
		)
		if err := rows.Scan(&sm.ID, &sm.Company, &sm.Role, &start, &zone, &state, &sm.Account); err != nil {
			return nil, fmt.Errorf("list interviews: %w", err)
		}
		t, err := sqldb.ParseTime(start)
		if err != nil {
			return nil, fmt.Errorf("list interviews: %s: %w", sm.ID, err)
		}
		loc, err := sqldb.LoadZone(zone)
		if err != nil {
			loc = time.UTC
		}
		sm.Start, sm.Status = t.In(loc), followup.Status(state)
		out = append(out, sm)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list interviews: %w", err)
	}
	return out, nil
}

// maxParams bounds the ids bound into one IN list (SQLite allows 32,766).
const maxParams = 500

// NextPendingOf is the earliest pending action (by due time, then id) of
// each of the interviews ids, keyed by interview id: what a board's cards
// show as "next". Interviews with nothing pending are absent.
func (s Interviews) NextPendingOf(ctx context.Context, ids []string) (map[string]followup.Action, error) {
	out := make(map[string]followup.Action, len(ids))
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), maxParams)]
		ids = ids[len(chunk):]
		if err := s.nextPending(ctx, chunk, out); err != nil {
			return nil, fmt.Errorf("next actions: %w", err)
		}
	}
	return out, nil
}

func (s Interviews) nextPending(ctx context.Context, ids []string, out map[string]followup.Action) error {
	// NoIndex keeps SQLite off actions_due (state, due_utc), which would
	// walk every pending action, and on the (interview_id, key) index.
	rows, err := s.Q().QueryContext(ctx, `SELECT `+actionCols+` FROM actions
		WHERE `+s.NoIndex("state")+` = 'pending' AND interview_id IN (`+sqldb.Params(len(ids))+`)`, sqldb.Args(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		ac, err := scanAction(rows)
		if err != nil {
			return err
		}
		if cur, seen := out[ac.InterviewID]; !seen || earlier(ac, cur) {
			out[ac.InterviewID] = ac
		}
	}
	return rows.Err()
}

func earlier(a, b followup.Action) bool {
	if !a.Due.Equal(b.Due) {
		return a.Due.Before(b.Due)
	}
	return a.ID < b.ID
}
