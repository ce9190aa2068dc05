// Package store keeps followup's state in one SQLite file (or, for a team,
// a PostgreSQL database): interviews, the people in them, planned actions,
// the outbox, replies and IMAP sync state. The CLI and the daemon may use
// the same store at once.
//
// Store is the one door to it. Its tables live in packages of their own,
// each a type over the same sqldb.Handle whose methods Store promotes:
// interviews (interviews, people, actions, overrides, the calendar feed's
// memory, dump and restore), received (matching and recording received
// mail, sync positions, invitations) and queue (the outbox, drafts, Sent
// copies). The names callers use are declared here as aliases, so that
// they need only this package.
package store

import (
	"context"
	"time"

	"github.com/followup-dev/followup/internal/store/interviews"
	"github.com/followup-dev/followup/internal/store/queue"
	"github.com/followup-dev/followup/internal/store/received"
	"github.com/followup-dev/followup/internal/store/sqldb"
)

// Store is an open database. It is safe for concurrent use.
type Store struct {
	*sqldb.Handle // Tx, DB, Path, Close, Meta, events
	interviews.Interviews
	received.Mail
	queue.Queue
}

// Open opens (creating if needed) the database at path: the folder 0700,
// the file 0600, WAL journal, synchronous=FULL, IMMEDIATE write
// transactions and a busy timeout; then applies pending migrations.
func Open(ctx context.Context, path string) (*Store, error) {
	h, err := sqldb.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	return over(h), nil
}

// OpenPostgres opens the store in the PostgreSQL database dsn names,
// applying pending migrations. The same SQL runs there: write transactions
// take turns through one advisory lock, as SQLite's do.
func OpenPostgres(ctx context.Context, dsn string) (*Store, error) {
	h, err := sqldb.OpenPostgres(ctx, dsn)
	if err != nil {
		return nil, err
	}
	return over(h), nil
}

// ForAccount is the same store seen by one account: the interviews,
// outbox, events, mailbox positions and meta rows of that account only,
// and what it writes is that account's (sqldb.Handle.ForAccount). The
// store Open returns sees every account, and writes the rows of a config
// without [[account]] sections (account "").
func (s *Store) ForAccount(name string) (*Store, error) {
	h, err := s.Handle.ForAccount(name)
	if err != nil {
		return nil, err
	}
	return over(h), nil
}

// Reopen opens the same store once more, as another process would (seen
// by the same account).
func (s *Store) Reopen(ctx context.Context) (*Store, error) {
	open := Open
	if s.Dialect() == sqldb.Postgres {
		open = OpenPostgres
	}
	o, err := open(ctx, s.Where())
	if err != nil || !s.Scoped() {
		return o, err
	}
	return o.ForAccount(s.Account())
}

func over(h *sqldb.Handle) *Store {
	return &Store{Handle: h, Interviews: interviews.Interviews{Handle: h}, Mail: received.Mail{Handle: h}, Queue: queue.Queue{Handle: h}}
}

// The database's own names.
type (
	// Event is one thing that happened, for the digest, notices and status.
	Event = sqldb.Event
	// Lock is a store lock TryLock took.
	Lock = sqldb.Lock
)

var (
	// ErrNotFound is returned when a row asked for by id does not exist.
	ErrNotFound = sqldb.ErrNotFound
	// ErrDiskFull is wrapped by errors from a write on a full disk.
	ErrDiskFull = sqldb.ErrDiskFull
	// ErrLocked is returned by TryLock when another process holds the lock.
	ErrLocked = sqldb.ErrLocked
	// ErrLockLost is returned by Lock.Check when the lock went with its
	// PostgreSQL connection.
	ErrLockLost = sqldb.ErrLockLost
)

// FormatTime renders t for a *_utc column.
func FormatTime(t time.Time) string { return sqldb.FormatTime(t) }

// ParseTime reads a *_utc column; the empty string is the zero time.
func ParseTime(s string) (time.Time, error) { return sqldb.ParseTime(s) }

// Interviews and their plans (package interviews).
type (
	CalendarItem  = interviews.CalendarItem
	Dump          = interviews.Dump
	Filter        = interviews.Filter
	Message       = interviews.Message
	Reply         = interviews.Reply
	RestoreCounts = interviews.RestoreCounts
	Summary       = interviews.Summary
)

// ErrStalePlan: the follow-ups changed while they were planned.
var ErrStalePlan = interviews.ErrStalePlan

// Received mail (package received).
type (
	Invite         = received.Invite
	InviteDecision = received.InviteDecision
	MailboxState   = received.MailboxState
	Match          = received.Match
	MatchOptions   = received.MatchOptions
	ReplyRecord    = received.ReplyRecord
	ScreenKeys     = received.ScreenKeys
	Touch          = received.Touch
)

// The states of an invitation, and how a message was matched.
const (
	InviteProposed  = received.InviteProposed
	InviteAccepted  = received.InviteAccepted
	InviteDismissed = received.InviteDismissed
	InviteCancelled = received.InviteCancelled

	MatchThread = received.MatchThread
	MatchPerson = received.MatchPerson
	MatchDomain = received.MatchDomain
)

// ErrInviteChanged: the invitation changed since the user saw it.
var ErrInviteChanged = received.ErrInviteChanged

// InviteOfEvent is the invitation an event is about.
func InviteOfEvent(ev Event) (int64, bool) { return received.InviteOfEvent(ev) }

// Outgoing mail (package queue).
type (
	Draft            = queue.Draft
	OutboxItem       = queue.OutboxItem
	OutboxState      = queue.OutboxState
	OutboxStateError = queue.OutboxStateError
	SentRecord       = queue.SentRecord
)

// The outbox states, the purposes of the user's own mail and the meta row
// of the last digest.
const (
	OutboxQueued      = queue.OutboxQueued
	OutboxSending     = queue.OutboxSending
	OutboxSent        = queue.OutboxSent
	OutboxDeferred    = queue.OutboxDeferred
	OutboxFailed      = queue.OutboxFailed
	OutboxUnknown     = queue.OutboxUnknown
	OutboxNeedsReview = queue.OutboxNeedsReview
	OutboxDropped     = queue.OutboxDropped

	PurposeDigest = queue.PurposeDigest
	PurposeNotice = queue.PurposeNotice
	LastDigestKey = queue.LastDigestKey
)

var (
	// ErrDigestEnqueued: a digest for the slot, or a later one, was
	// enqueued already.
	ErrDigestEnqueued = queue.ErrDigestEnqueued
	// ErrEventNotified: another run enqueued the event's notice already.
	ErrEventNotified = queue.ErrEventNotified
	// ErrOutboxConflict: another message with this Message-ID is in the
	// outbox.
	ErrOutboxConflict = queue.ErrOutboxConflict
)
