package interviews

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store/sqldb"
)

const actionCols = `id, interview_id, key, kind, recipients, due_utc, zone, state, reason, message_id, updated_utc`

func scanAction(r sqldb.Scanner) (followup.Action, error) {
	var (
		ac                                followup.Action
		kind, recips, due, state, updated string
	)
	if err := r.Scan(&ac.ID, &ac.InterviewID, &ac.Key, &kind, &recips, &due, &ac.Zone, &state, &ac.Reason, &ac.MessageID, &updated); err != nil {
		return ac, err
	}
	ac.Kind, ac.State = followup.ActionKind(kind), followup.ActionState(state)
	if err := json.Unmarshal([]byte(recips), &ac.To); err != nil {
		return ac, fmt.Errorf("recipients of action %d: %w", ac.ID, err)
	}
	t, err := sqldb.ParseTime(due)
	if err != nil {
		return ac, err
	}
	if loc, err := sqldb.LoadZone(ac.Zone); err == nil {
		t = t.In(loc)
	}
	ac.Due = t
	ac.UpdatedAt, _ = sqldb.ParseTime(updated)
	return ac, nil
}

// Actions lists an interview's actions by due time.
func (s Interviews) Actions(ctx context.Context, interviewID string) ([]followup.Action, error) {
	return s.queryActions(ctx, "WHERE interview_id = ? ORDER BY due_utc, id", interviewID)
}

// ActionsByInterview lists every interview's actions by due time, in one
// query, keyed by interview id.
func (s Interviews) ActionsByInterview(ctx context.Context) (map[string][]followup.Action, error) {
	acs, err := s.queryActions(ctx, "ORDER BY interview_id, due_utc, id")
	if err != nil {
		return nil, err
	}
	out := map[string][]followup.Action{}
	for _, ac := range acs {
		out[ac.InterviewID] = append(out[ac.InterviewID], ac)
	}
	return out, nil
}

// Action loads one action by id.
func (s Interviews) Action(ctx context.Context, id int64) (followup.Action, error) {
	acs, err := s.queryActions(ctx, "WHERE id = ?", id)
	if err != nil {
		return followup.Action{}, err
	}
	if len(acs) == 0 {
		return followup.Action{}, fmt.Errorf("action %d: %w", id, sqldb.ErrNotFound)
	}
	return acs[0], nil
}

// ActionsDueBefore lists open (pending) actions due before t, across all
// interviews, earliest first.
func (s Interviews) ActionsDueBefore(ctx context.Context, t time.Time) ([]followup.Action, error) {
	return s.queryActions(ctx, "WHERE state = 'pending' AND due_utc < ? ORDER BY due_utc, id", sqldb.FormatTime(t))
}

func (s Interviews) queryActions(ctx context.Context, where string, args ...any) ([]followup.Action, error) {
	rows, err := s.Q().QueryContext(ctx, "SELECT "+actionCols+" FROM actions "+s.scoped(where), args...)
	if err != nil {
		return nil, fmt.Errorf("list actions: %w", err)
	}
	defer rows.Close()
	var out []followup.Action
	for rows.Next() {
		ac, err := scanAction(rows)
		if err != nil {
			return nil, fmt.Errorf("list actions: %w", err)
		}
		out = append(out, ac)
	}
	return out, rows.Err()
}

// Message is a message followup drafted or sent, or one the user sent to a
// tracked contact: replies to any of them are matched to the interview.
type Message struct {
	MessageID   string
	InterviewID string
	ActionID    int64 // 0 for mail the user wrote
	Kind        string
	Recipient   string
	Subject     string
	Location    string
	Created     time.Time
}

// Messages lists an interview's recorded messages, oldest first.
func (s Interviews) Messages(ctx context.Context, interviewID string) ([]Message, error) {
	return s.queryMessages(ctx, "WHERE interview_id = ? ORDER BY created_utc, message_id", interviewID)
}

func (s Interviews) queryMessages(ctx context.Context, where string, args ...any) ([]Message, error) {
	rows, err := s.Q().QueryContext(ctx, `SELECT message_id, interview_id, coalesce(action_id, 0), kind, recipient, subject, location, created_utc
		FROM messages `+s.scoped(where), args...)
	if err != nil {
		return nil, fmt.Errorf("list messages: %w", err)
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		var m Message
		var created string
		if err := rows.Scan(&m.MessageID, &m.InterviewID, &m.ActionID, &m.Kind, &m.Recipient, &m.Subject, &m.Location, &created); err != nil {
			return nil, fmt.Errorf("list messages: %w", err)
		}
		m.Created, _ = sqldb.ParseTime(created)
		out = append(out, m)
	}
	return out, rows.Err()
}

// Reply is a received message matched to an interview.
type Reply struct {
	ID              int64
	InterviewID     string
	MessageID       string
	Mailbox         string
	From            string
	Subject         string
	Date            time.Time
	Class           string
	Reason          string
	ReturnDate      string // YYYY-MM-DD or empty
	FailedRecipient string
	Seen            time.Time
	Label           string // what the answer says ("rejection", "next-round", …); "" when not read
	LabelPhrase     string // the phrase that decided Label
	Via             string // the applicant-tracking system it came through; "" for a person
}

// Replies lists the messages received about an interview, oldest first.
func (s Interviews) Replies(ctx context.Context, interviewID string) ([]Reply, error) {
	return s.queryReplies(ctx, "WHERE interview_id = ? ORDER BY date_utc, id", interviewID)
}

func (s Interviews) queryReplies(ctx context.Context, where string, args ...any) ([]Reply, error) {
	rows, err := s.Q().QueryContext(ctx, `SELECT id, interview_id, message_id, mailbox, from_addr, subject, date_utc, class, reason, return_date, failed_recipient, seen_utc,
		label, label_phrase, via FROM replies `+s.scoped(where), args...)
	if err != nil {
		return nil, fmt.Errorf("list replies: %w", err)
	}
	defer rows.Close()
	var out []Reply
	for rows.Next() {
		var r Reply
		var date, seen string
		if err := rows.Scan(&r.ID, &r.InterviewID, &r.MessageID, &r.Mailbox, &r.From, &r.Subject, &date, &r.Class, &r.Reason, &r.ReturnDate, &r.FailedRecipient, &seen,
			&r.Label, &r.LabelPhrase, &r.Via); err != nil {
			return nil, fmt.Errorf("list replies: %w", err)
		}
		r.Date, _ = sqldb.ParseTime(date)
		r.Seen, _ = sqldb.ParseTime(seen)
		out = append(out, r)
	}
	return out, rows.Err()
}

// scoped is where ("WHERE …", or only "ORDER BY …") with, on a handle
// scoped to one account, the rows of other accounts' interviews left out
// (the table's interview_id column).
func (s Interviews) scoped(where string) string {
	if !s.Scoped() {
		return where
	}
	cond := "WHERE 1 = 1" + s.AndInterviewOfAccount("interview_id")
	if rest, ok := strings.CutPrefix(where, "WHERE "); ok {
		return cond + " AND " + rest
	}
	return cond + " " + where
}
