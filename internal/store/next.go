package store

import (
	"context"

	"github.com/followup-dev/followup/internal/followup"
)

// NextPendingByInterview is each interview's earliest pending action (by
// due time, then id), keyed by interview id, in one query: what a board
// of every interview shows as "next".
func (s *Store) NextPendingByInterview(ctx context.Context) (map[string]followup.Action, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+actionCols+` FROM (SELECT *, row_number() OVER (PARTITION BY interview_id ORDER BY due_utc, id) AS n
		FROM actions WHERE state = 'pending') WHERE n = 1`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]followup.Action{}
	for rows.Next() {
		ac, err := scanAction(rows)
		if err != nil {
			return nil, err
		}
		out[ac.InterviewID] = ac
	}
	return out, rows.Err()
}
