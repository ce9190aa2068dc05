package queue

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"mime"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/store/sqldb"
)

// OutboxState is where a message stands in the outbox.
//
//	queued ──claim──▶ sending ──▶ sent
//	   ▲                 │──────▶ deferred ──claim──▶ sending …
//	   │                 │──────▶ failed
//	   │                 └──────▶ unknown (maybe sent: never resent blindly)
//	   │                            └── found in Sent ──▶ sent
//	   └── retry ◀── deferred | failed | unknown | needs-review
//
// needs-review and dropped are reached by MarkOutboxNeedsReview and
// DropOutbox from any state that is not sent, sending or dropped.
type OutboxState string

// The outbox states.
const (
	OutboxQueued      OutboxState = "queued"       // waiting for its first try
	OutboxSending     OutboxState = "sending"      // claimed: a connection may be open
	OutboxSent        OutboxState = "sent"         // the server accepted it
	OutboxDeferred    OutboxState = "deferred"     // transient failure: tried again at NextAttempt
	OutboxFailed      OutboxState = "failed"       // permanent failure, or gave up
	OutboxUnknown     OutboxState = "unknown"      // may have been sent: the user decides
	OutboxNeedsReview OutboxState = "needs-review" // held for the user
	OutboxDropped     OutboxState = "dropped"      // the user decided not to send
)

// outboxReviewable are the states a user decision may leave.
var outboxReviewable = []OutboxState{OutboxQueued, OutboxDeferred, OutboxFailed, OutboxUnknown, OutboxNeedsReview}

// ErrOutboxConflict: a message with the same Message-ID but other content
// is already in the outbox.
var ErrOutboxConflict = errors.New("another message with this Message-ID is in the outbox")

// OutboxStateError is returned when a transition is not allowed from the
// row's current state (for example MarkOutboxSent on a dropped row).
type OutboxStateError struct {
	ID      int64
	State   OutboxState // the row's state
	Want    OutboxState // the state asked for
	Allowed []OutboxState
}

func (e *OutboxStateError) Error() string {
	return fmt.Sprintf("outbox %d is %s: only %v can become %s", e.ID, e.State, e.Allowed, e.Want)
}

// OutboxItem is one outbox row.
type OutboxItem struct {
	ID          int64
	ActionID    int64  // the planned action it carries out; 0 for none
	InterviewID string // "" for mail about no interview (digest, notices)
	MessageID   string // without angle brackets
	// Recipient holds the envelope recipients, comma-separated; the first
	// is the person the message is for ("jane@acme.example" usually).
	Recipient string
	Purpose   string // follow-up | digest | notice; "" means follow-up
	Raw       []byte // the complete message, sent byte for byte
	State     OutboxState
	Attempts  int
	// NextAttempt is when the row is due. On EnqueueOutbox a non-zero value
	// holds the message back until then.
	NextAttempt time.Time
	FirstTry    time.Time // zero until the first claim
	LastError   string
	Created     time.Time
	Updated     time.Time
	Sent        time.Time // zero unless sent
}

// FollowUp reports whether it is a follow-up, not the user's own mail (a
// digest or a notice).
func (it OutboxItem) FollowUp() bool { return it.Purpose == "" || it.Purpose == "follow-up" }

// FirstRecipient is the person it is for: the first of its recipients.
func (it OutboxItem) FirstRecipient() string {
	first, _, _ := strings.Cut(it.Recipient, ",")
	return strings.TrimSpace(first)
}

// Envelope returns the SMTP envelope: the sender is the From address in
// Raw (so what was stored decides), the recipients come from Recipient.
func (it OutboxItem) Envelope() (from string, to []string, err error) {
	m, err := mail.ReadMessage(bytes.NewReader(it.Raw))
	if err != nil {
		return "", nil, fmt.Errorf("outbox %d: read stored message: %w", it.ID, err)
	}
	list, err := m.Header.AddressList("From")
	if err != nil || len(list) != 1 {
		return "", nil, fmt.Errorf("outbox %d: stored message needs one From address: %v", it.ID, err)
	}
	for _, r := range strings.Split(it.Recipient, ",") {
		if r = strings.TrimSpace(r); r != "" {
			to = append(to, r)
		}
	}
	return list[0].Address, to, nil
}

const outboxCols = `id, coalesce(action_id, 0), coalesce(interview_id, ''), message_id, recipient, purpose, raw, state,
	attempts, next_attempt_utc, first_try_utc, last_error, created_utc, updated_utc, sent_utc`

func scanOutbox(r sqldb.Scanner) (OutboxItem, error) {
	var (
		it                                      OutboxItem
		state, next, first, created, upd, sentT string
	)
	err := r.Scan(&it.ID, &it.ActionID, &it.InterviewID, &it.MessageID, &it.Recipient, &it.Purpose, &it.Raw, &state,
		&it.Attempts, &next, &first, &it.LastError, &created, &upd, &sentT)
	if err != nil {
		return it, err
	}
	it.State = OutboxState(state)
	for _, p := range []struct {
		dst *time.Time
		src string
	}{{&it.NextAttempt, next}, {&it.FirstTry, first}, {&it.Created, created}, {&it.Updated, upd}, {&it.Sent, sentT}} {
		if *p.dst, err = sqldb.ParseTime(p.src); err != nil {
			return it, fmt.Errorf("outbox %d: %w", it.ID, err)
		}
	}
	return it, nil
}

// EnqueueOutbox stores a message to send, state queued, due at
// it.NextAttempt or else now, and returns its id. It is idempotent on the
// Message-ID: the same message again returns the existing id; another
// message with that Message-ID is ErrOutboxConflict. One transaction,
// durable before anything is sent.
func (s Queue) EnqueueOutbox(ctx context.Context, it OutboxItem, now time.Time) (int64, error) {
	if it.MessageID == "" || strings.TrimSpace(it.Recipient) == "" || len(it.Raw) == 0 {
		return 0, fmt.Errorf("enqueue: message id, recipient and message are required")
	}
	if it.Purpose == "" {
		it.Purpose = "follow-up"
	}
	due := it.NextAttempt
	if due.IsZero() {
		due = now
	}
	var id int64
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO outbox (action_id, interview_id, message_id, recipient, purpose, raw, state,
			next_attempt_utc, created_utc, updated_utc, account) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,
			coalesce((SELECT account FROM interviews WHERE id = ?2), ?11)) ON CONFLICT (message_id) DO NOTHING`,
			outboxNullID(it.ActionID), outboxNullText(it.InterviewID), it.MessageID, it.Recipient, it.Purpose, it.Raw,
			OutboxQueued, sqldb.FormatTime(due), sqldb.FormatTime(now), sqldb.FormatTime(now), s.Account())
		if err != nil {
			return err
		}
		var raw []byte
		if err := tx.QueryRowContext(ctx, "SELECT id, raw FROM outbox WHERE message_id = ?", it.MessageID).Scan(&id, &raw); err != nil {
			return err
		}
		if !bytes.Equal(raw, it.Raw) {
			return ErrOutboxConflict
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("enqueue %s: %w", it.MessageID, err)
	}
	return id, nil
}

// ClaimOutbox moves up to limit due rows (queued, or deferred with
// NextAttempt <= now; limit <= 0: all) to sending, counts the attempt and
// sets FirstTry on the first one, in one transaction, and returns them
// oldest first. Whoever claims a row must end it with MarkOutboxSent,
// Deferred, Failed or Unknown.
func (s Queue) ClaimOutbox(ctx context.Context, now time.Time, limit int) ([]OutboxItem, error) {
	if limit <= 0 {
		limit = math.MaxInt32 // all: LIMIT -1 is SQLite's alone
	}
	var out []OutboxItem
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE outbox SET state = 'sending', attempts = attempts + 1,
			first_try_utc = CASE first_try_utc WHEN '' THEN ?1 ELSE first_try_utc END, updated_utc = ?1
			WHERE id IN (SELECT id FROM outbox WHERE state IN ('queued', 'deferred') AND next_attempt_utc <= ?1`+s.AndAccount("account")+`
				ORDER BY next_attempt_utc, id LIMIT ?2)
			RETURNING `+outboxCols, sqldb.FormatTime(now), limit)
		if err != nil {
			return err
		}
		out, err = scanOutboxRows(rows)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("claim outbox: %w", err)
	}
	slices.SortFunc(out, func(a, b OutboxItem) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// MarkOutboxSent records that the server accepted a sending row, or that
// an unknown row was found in the Sent mailbox (it did go out). When the
// row belongs to an existing interview, the message is also recorded in
// messages (location "smtp", kind from the action or the purpose) so that
// replies match; a row already there (e.g. from a draft) is kept. Events
// and action states are the caller's.
func (s Queue) MarkOutboxSent(ctx context.Context, id int64, now time.Time) error {
	return s.outboxTransition(ctx, id, OutboxSent, []OutboxState{OutboxSending, OutboxUnknown}, func(tx *sql.Tx, it OutboxItem) error {
		if _, err := tx.ExecContext(ctx, "UPDATE outbox SET sent_utc = ?, last_error = '' WHERE id = ?", sqldb.FormatTime(now), id); err != nil {
			return err
		}
		return recordOutboxMessage(ctx, tx, it, now)
	}, now)
}

// MarkOutboxDeferred records a transient failure of a sending row: it is
// due again at next.
func (s Queue) MarkOutboxDeferred(ctx context.Context, id int64, now, next time.Time, errText string) error {
	return s.outboxTransition(ctx, id, OutboxDeferred, []OutboxState{OutboxSending}, outboxNextAndError(ctx, id, next, errText), now)
}

// MarkOutboxFailed records a permanent failure, or that the caller gave up
// (GiveUp) on a sending, queued or deferred row.
func (s Queue) MarkOutboxFailed(ctx context.Context, id int64, now time.Time, errText string) error {
	from := []OutboxState{OutboxSending, OutboxQueued, OutboxDeferred}
	return s.outboxTransition(ctx, id, OutboxFailed, from, outboxNextAndError(ctx, id, time.Time{}, errText), now)
}

// MarkOutboxUnknown records that a sending row may have been delivered (the
// connection was lost after the end of DATA, or the process died while
// sending). Like a sent row it is recorded in messages, so that a reply to
// it still matches. Only RetryOutbox, on the user's word, sends it again.
func (s Queue) MarkOutboxUnknown(ctx context.Context, id int64, now time.Time, errText string) error {
	return s.outboxTransition(ctx, id, OutboxUnknown, []OutboxState{OutboxSending}, func(tx *sql.Tx, it OutboxItem) error {
		if err := outboxNextAndError(ctx, id, time.Time{}, errText)(tx, it); err != nil {
			return err
		}
		return recordOutboxMessage(ctx, tx, it, now)
	}, now)
}

// MarkOutboxNeedsReview holds a row that is not sent, sending or dropped
// for the user, with the reason in LastError.
func (s Queue) MarkOutboxNeedsReview(ctx context.Context, id int64, now time.Time, reason string) error {
	from := append([]OutboxState{OutboxSending}, outboxReviewable...)
	return s.outboxTransition(ctx, id, OutboxNeedsReview, from, outboxNextAndError(ctx, id, time.Time{}, reason), now)
}

// RetryOutbox queues a deferred, failed, unknown or needs-review row again,
// due now, on the user's decision. Attempts are kept; FirstTry restarts so
// that the give-up period counts from the next try.
func (s Queue) RetryOutbox(ctx context.Context, id int64, now time.Time) error {
	from := []OutboxState{OutboxDeferred, OutboxFailed, OutboxUnknown, OutboxNeedsReview}
	return s.outboxTransition(ctx, id, OutboxQueued, from, func(tx *sql.Tx, _ OutboxItem) error {
		_, err := tx.ExecContext(ctx, "UPDATE outbox SET next_attempt_utc = ?, first_try_utc = '' WHERE id = ?", sqldb.FormatTime(now), id)
		return err
	}, now)
}

// DropOutbox abandons a row that is not sent, sending or dropped, on the
// user's decision. The row stays, for the record.
func (s Queue) DropOutbox(ctx context.Context, id int64, now time.Time) error {
	return s.outboxTransition(ctx, id, OutboxDropped, outboxReviewable, func(*sql.Tx, OutboxItem) error { return nil }, now)
}

// outboxNextAndError returns a transition step writing next_attempt_utc (""
// for the zero time) and last_error.
func outboxNextAndError(ctx context.Context, id int64, next time.Time, errText string) func(*sql.Tx, OutboxItem) error {
	return func(tx *sql.Tx, _ OutboxItem) error {
		_, err := tx.ExecContext(ctx, "UPDATE outbox SET next_attempt_utc = ?, last_error = ? WHERE id = ?", sqldb.FormatTime(next), errText, id)
		return err
	}
}

// outboxTransition moves row id to state to, if its current state is in from,
// and runs step in the same transaction.
func (s Queue) outboxTransition(ctx context.Context, id int64, to OutboxState, from []OutboxState, step func(*sql.Tx, OutboxItem) error, now time.Time) error {
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		it, err := scanOutbox(tx.QueryRowContext(ctx, "SELECT "+outboxCols+" FROM outbox WHERE id = ?"+s.AndAccount("account"), id))
		if errors.Is(err, sql.ErrNoRows) {
			return sqldb.ErrNotFound
		}
		if err != nil {
			return err
		}
		if !slices.Contains(from, it.State) {
			return &OutboxStateError{ID: id, State: it.State, Want: to, Allowed: from}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE outbox SET state = ?, updated_utc = ? WHERE id = ?", to, sqldb.FormatTime(now), id); err != nil {
			return err
		}
		return step(tx, it)
	})
	if err != nil {
		return fmt.Errorf("outbox %d → %s: %w", id, to, err)
	}
	return nil
}

// recordOutboxMessage adds the message to messages when its interview
// exists; a Message-ID already there is kept as it is.
func recordOutboxMessage(ctx context.Context, tx *sql.Tx, it OutboxItem, now time.Time) error {
	if it.InterviewID == "" {
		return nil
	}
	first, _, _ := strings.Cut(it.Recipient, ",")
	_, err := tx.ExecContext(ctx, `INSERT INTO messages (message_id, interview_id, action_id, kind, recipient, subject, location, created_utc)
		SELECT ?1, ?2, ?3, coalesce((SELECT kind FROM actions WHERE id = ?3), ?4), ?5, ?6, 'smtp', ?7
		WHERE EXISTS (SELECT 1 FROM interviews WHERE id = ?2)
		ON CONFLICT (message_id) DO NOTHING`,
		it.MessageID, it.InterviewID, outboxNullID(it.ActionID), it.Purpose, strings.TrimSpace(first), outboxSubject(it.Raw), sqldb.FormatTime(now))
	if err != nil {
		return fmt.Errorf("record message: %w", err)
	}
	return nil
}

// outboxSubject is the decoded Subject of a stored message, "" if unreadable.
func outboxSubject(raw []byte) string {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return ""
	}
	var dec mime.WordDecoder
	s, err := dec.DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		return m.Header.Get("Subject")
	}
	return s
}

// OutboxStuckSending lists rows left in sending. At start-up, before this
// process claims anything and while it alone sends (the daemon lease),
// these are rows a crash interrupted: the message may have gone out, so
// the caller marks them unknown (MarkOutboxUnknown) and never resends them
// blindly.
func (s Queue) OutboxStuckSending(ctx context.Context) ([]OutboxItem, error) {
	return s.ListOutbox(ctx, OutboxSending)
}

// ListOutbox lists rows in the given states (all rows when none), oldest
// first.
func (s Queue) ListOutbox(ctx context.Context, states ...OutboxState) ([]OutboxItem, error) {
	q, args := "SELECT "+outboxCols+" FROM outbox WHERE 1 = 1"+s.AndAccount("account"), []any{}
	if len(states) > 0 {
		q += " AND state IN (?" + strings.Repeat(",?", len(states)-1) + ")"
		for _, st := range states {
			args = append(args, string(st))
		}
	}
	rows, err := s.Q().QueryContext(ctx, q+" ORDER BY id", args...)
	if err != nil {
		return nil, fmt.Errorf("list outbox: %w", err)
	}
	out, err := scanOutboxRows(rows)
	if err != nil {
		return nil, fmt.Errorf("list outbox: %w", err)
	}
	return out, nil
}

// OutboxByID loads one row; ErrNotFound when there is none.
func (s Queue) OutboxByID(ctx context.Context, id int64) (OutboxItem, error) {
	it, err := scanOutbox(s.Q().QueryRowContext(ctx, "SELECT "+outboxCols+" FROM outbox WHERE id = ?"+s.AndAccount("account"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return it, fmt.Errorf("outbox %d: %w", id, sqldb.ErrNotFound)
	}
	if err != nil {
		return it, fmt.Errorf("outbox %d: %w", id, err)
	}
	return it, nil
}

// NextOutboxDue is the earliest NextAttempt of a queued or deferred row;
// ok is false when nothing waits. The scheduler sleeps until then.
func (s Queue) NextOutboxDue(ctx context.Context) (due time.Time, ok bool, err error) {
	var next sql.NullString
	err = s.Q().QueryRowContext(ctx, "SELECT min(next_attempt_utc) FROM outbox WHERE state IN ('queued', 'deferred')"+s.AndAccount("account")).Scan(&next)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next outbox due: %w", err)
	}
	if !next.Valid {
		return time.Time{}, false, nil
	}
	due, err = sqldb.ParseTime(next.String)
	return due, err == nil, err
}

// SentToday counts the messages that went out, or may have, since
// dayStart (the start of the user's day): sent rows by their sent time,
// and sending or unknown rows by their last update. Counting in the store
// keeps the daily cap across restarts and processes. Only follow-ups count:
// the digest and notices go to the user.
func (s Queue) SentToday(ctx context.Context, dayStart time.Time) (int, error) {
	var n int
	err := s.Q().QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE purpose = 'follow-up' AND
		((state = 'sent' AND sent_utc >= ?1) OR (state IN ('sending', 'unknown') AND updated_utc >= ?1))`+s.AndAccount("account"), sqldb.FormatTime(dayStart)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count sent today: %w", err)
	}
	return n, nil
}

func scanOutboxRows(rows *sql.Rows) ([]OutboxItem, error) {
	defer rows.Close()
	var out []OutboxItem
	for rows.Next() {
		it, err := scanOutbox(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

func outboxNullID(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

func outboxNullText(v string) any {
	if v == "" {
		return nil
	}
	return v
}
