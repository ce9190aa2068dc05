// Package jobs is the job queue several daemons share on PostgreSQL: River
// (github.com/riverqueue/river) over its own pgx pool, with its tables in
// the store's schema. One job is one work of one account (a scheduler
// pass, a digest, a catch-up); whichever daemon's client fetches it first
// (SKIP LOCKED) runs it. The work itself is idempotent — the outbox's
// state machine and send lock make a pass run twice send nothing twice —
// so River's at-least-once delivery is enough.
package jobs

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"math"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

// Kind is the River job kind of an account's work.
const Kind = "followup_account_work"

// Defaults of Options.
const (
	DefaultWorkers = 16
	// DefaultRescue is how long a job may stay running before River takes
	// it for lost (its daemon died) and runs it again: a pass sends at most
	// a day's cap of messages, each bounded by the SMTP timeouts.
	DefaultRescue = 5 * time.Minute
)

// Args are a job's: the account, its work and the time the daemon asked
// for it, to the nanosecond (the unique key with the other two, so that
// one request is one job however often it is made, and two requests —
// a change after a pass had read the store — are two jobs).
type Args struct {
	Account string    `json:"account"`
	Work    string    `json:"work"`
	At      time.Time `json:"at"`
}

// Kind is River's name for the job.
func (Args) Kind() string { return Kind }

// InsertOpts: unique by its arguments; one attempt, since the daemon
// holding the account asks again at its next wake (a failed pass is the
// next pass's work, as without River).
func (Args) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 1, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// RunFunc does one work of one account; ErrUnknownAccount when this daemon
// does not serve that account (the job is cancelled, not retried).
type RunFunc func(ctx context.Context, account, work string) error

// ErrUnknownAccount: the job names an account this daemon's config has not.
var ErrUnknownAccount = errors.New("account not in this daemon's config")

// Options configure a Queue; zero values take the defaults.
type Options struct {
	Workers int           // jobs run at once by this daemon
	Rescue  time.Duration // see DefaultRescue
	Log     *slog.Logger  // River's own log (warnings and errors); nil: discarded
	// Stop is how long jobs running at shutdown may go on (the daemon's
	// grace) before their contexts are cancelled.
	Stop time.Duration
}

// Queue is one daemon's River client: it inserts jobs and works them.
type Queue struct {
	pool   *pgxpool.Pool
	schema string // the store's, where River's tables are
	client *river.Client[pgx.Tx]
}

// Open connects to dsn (the store's connection string), brings River's
// tables up to date in its schema (one daemon at a time) and returns a
// queue that runs each job with run once Start is called.
func Open(ctx context.Context, dsn string, run RunFunc, o Options) (*Queue, error) {
	pc, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	n := cmp.Or(o.Workers, DefaultWorkers)
	// Each running job holds a connection for its account's lock (see
	// worker.Work); River needs a few of its own beside them.
	pc.MaxConns = int32(n + 8)
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	q := &Queue{pool: pool}
	if q.schema, err = migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, &worker{run: run, q: q}); err != nil {
		pool.Close()
		return nil, fmt.Errorf("job queue: %w", err)
	}
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Queues:                      map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: n}},
		Workers:                     workers,
		JobTimeout:                  -1, // a pass ends when its work does; shutdown cancels it
		RescueStuckJobsAfter:        cmp.Or(o.Rescue, DefaultRescue),
		SoftStopTimeout:             o.Stop,
		CompletedJobRetentionPeriod: time.Hour,
		Logger:                      log,
	})
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("job queue: %w", err)
	}
	q.client = client
	return q, nil
}

// migrate runs River's migrations under a session advisory lock of the
// schema, so that daemons starting together do not run them twice, and
// returns the schema.
func migrate(ctx context.Context, pool *pgxpool.Pool) (string, error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return "", fmt.Errorf("job queue: %w", err)
	}
	defer conn.Release()
	var schema string
	if err := conn.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return "", fmt.Errorf("job queue: %w", err)
	}
	key := lockKey(schema, "migrate")
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", key); err != nil {
		return "", fmt.Errorf("job queue: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", key)
	m, err := rivermigrate.New(riverpgxv5.New(pool), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return "", fmt.Errorf("job queue: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return "", fmt.Errorf("job queue: River's migrations: %w", err)
	}
	return schema, nil
}

// lockKey is the advisory lock key called name of the queue in schema.
func lockKey(schema, name string) int64 {
	h := fnv.New64a()
	h.Write([]byte("followup river\x00" + schema + "\x00" + name))
	return int64(h.Sum64() & math.MaxInt64)
}

// lockAccount takes the account's job lock (a session advisory lock on a
// connection of the queue's pool) unless another job of the account,
// here or in another daemon, holds it (ok false). release gives it back.
func (q *Queue) lockAccount(ctx context.Context, account string) (release func(), ok bool, err error) {
	conn, err := q.pool.Acquire(ctx)
	if err != nil {
		return nil, false, err
	}
	key := lockKey(q.schema, "account\x00"+account)
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&ok); err != nil || !ok {
		conn.Release()
		return nil, false, err
	}
	return func() {
		if _, err := conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", key); err != nil {
			// Not known to be unlocked: the connection, and the lock
			// with it, must not go back to the pool.
			conn.Hijack().Close(context.WithoutCancel(ctx))
			return
		}
		conn.Release()
	}, true, nil
}

// Start starts working jobs until ctx ends or Stop is called. When it
// fails the queue is closed.
func (q *Queue) Start(ctx context.Context) error {
	if err := q.client.Start(ctx); err != nil {
		q.pool.Close()
		return fmt.Errorf("job queue: %w", err)
	}
	return nil
}

// Stop stops fetching jobs, waits for those running (up to Options.Stop,
// then cancels them) and closes the pool.
func (q *Queue) Stop(ctx context.Context) error {
	err := q.client.Stop(ctx)
	q.pool.Close()
	if err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("job queue: %w", err)
	}
	return nil
}

// Enqueue asks for work of account, as asked at at: one job, run as soon
// as a worker of any daemon is free. Asking again with the same three is
// the same job.
func (q *Queue) Enqueue(ctx context.Context, account, work string, at time.Time) error {
	_, err := q.client.Insert(ctx, Args{Account: account, Work: work, At: at.UTC()}, nil)
	if err != nil {
		return fmt.Errorf("job queue: enqueue %s of account %q: %w", work, account, err)
	}
	return nil
}

// Subscribe reports every job this daemon finished or snoozed (tests and
// benchmarks); cancel ends it.
func (q *Queue) Subscribe() (<-chan *river.Event, func()) {
	return q.client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed, river.EventKindJobCancelled,
		river.EventKindJobSnoozed)
}

type worker struct {
	river.WorkerDefaults[Args]
	run RunFunc
	q   *Queue
}

// Busy is how long a job whose account is busy with another job waits
// before it is tried again.
const Busy = time.Second

// Work runs the job's work, one job of an account at a time across every
// daemon (two passes of one account at once would read the same due work;
// the outbox's claims keep that safe, but not everything a pass does is a
// claim): a job of an account busy with another one is snoozed for Busy,
// which River does not count as an attempt.
func (w *worker) Work(ctx context.Context, job *river.Job[Args]) error {
	release, ok, err := w.q.lockAccount(ctx, job.Args.Account)
	if err != nil {
		return fmt.Errorf("job queue: lock of account %q: %w", job.Args.Account, err)
	}
	if !ok {
		return river.JobSnooze(Busy)
	}
	defer release()
	err = w.run(ctx, job.Args.Account, job.Args.Work)
	if errors.Is(err, ErrUnknownAccount) {
		return river.JobCancel(err)
	}
	return err
}
