// Package sqldb is the SQLite file under the store: opening it (modes,
// WAL, migrations), write transactions, prepared statements, stored times
// and zones, a full disk, and the store's own tables (meta, events). The
// packages of the store's tables (interviews, received, queue) build on
// it; package store puts them together.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/followup-dev/followup/internal/store/pgdriver"
	"github.com/followup-dev/followup/internal/store/schema"
	"github.com/ncruces/go-sqlite3"
	_ "github.com/ncruces/go-sqlite3/driver" // registers "sqlite3"
)

// ErrNotFound is returned when a row asked for by id does not exist. The
// id is the user's to correct, so it is a usage error (usage.Marker).
var ErrNotFound error = notFound{}

type notFound struct{}

func (notFound) Error() string { return "not found" }
func (notFound) UsageError()   {}

// Handle is an open database. It is safe for concurrent use.
type Handle struct {
	db      *sql.DB
	q       *stmtCache // s.db's queries through prepared statements
	path    string     // the SQLite file; "" on PostgreSQL
	dialect Dialect
	dsn     string // PostgreSQL's connection string; "" on SQLite
	account string // ForAccount's account ("" the default one)
	scoped  bool   // whether reads see account's rows alone
	// schema is the PostgreSQL schema holding the store, and writeLock the
	// advisory lock its write transactions take (beginWrite): exclusive on
	// the whole store's handle, shared on an account's, which takes
	// accountLock, its account's, exclusive.
	schema      string
	writeLock   int64
	accountLock int64
	lockSlots   chan struct{} // PostgreSQL: the pool's connections locks may hold (tryAdvisoryLock)
}

// Open opens (creating if needed) the database at path: the folder 0700, the
// file 0600, WAL journal, synchronous=FULL, IMMEDIATE write transactions
// and a busy timeout; then applies pending migrations.
func Open(ctx context.Context, path string) (*Handle, error) {
	if err := prepareFile(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := &Handle{db: db, q: newStmtCache(db), path: path, dialect: SQLite}
	if err := s.enableWAL(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open store %s: %w", path, s.DiskFull(err))
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open store %s: %w", path, s.DiskFull(err))
	}
	return s, nil
}

// dsn is the database at path with the store's settings.
func dsn(path string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(full)")
	q.Add("_pragma", "foreign_keys(on)")
	q.Set("_txlock", "immediate")
	q.Set("modeof", path) // journal and WAL files get the database file's mode (0600)
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// uncountedKey marks a context WithoutChangeCount.
type uncountedKey struct{}

// WithoutChangeCount marks ctx's write transactions as no news for the
// account's change monitor: the daemon's own bookkeeping (its lease
// heartbeat), which would otherwise wake the daemon itself.
func WithoutChangeCount(ctx context.Context) context.Context {
	return context.WithValue(ctx, uncountedKey{}, true)
}

func uncounted(ctx context.Context) bool {
	v, _ := ctx.Value(uncountedKey{}).(bool)
	return v
}

// enableWAL switches the file to WAL, once: the mode is stored in the
// file. The switch needs the database to itself, and SQLite does not wait
// for that (its busy timeout does not apply), so when several processes
// open a brand-new store at once the losers retry for a few seconds.
func (s *Handle) enableWAL(ctx context.Context) error {
	for attempt := 1; ; attempt++ {
		var mode string
		err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode)
		if err == nil && mode == "wal" {
			return nil
		}
		if err == nil {
			return fmt.Errorf("journal mode is %q, not wal", mode)
		}
		if !errors.Is(err, sqlite3.BUSY) || attempt == 100 {
			return fmt.Errorf("enable WAL: %w", err)
		}
		t := time.NewTimer(time.Duration(min(attempt, 10)) * 10 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// prepareFile makes the folder (0700) and an empty file (0600) so that
// SQLite never creates them with looser modes.
func prepareFile(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create store folder: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open store %s: %w", path, err)
	}
	return f.Close()
}

// Path is the database file's path; "" on PostgreSQL.
func (s *Handle) Path() string { return s.path }

// Where is what Reopen needs to open the same store again: the SQLite
// file's path, or PostgreSQL's connection string (which may hold a
// password: never print it, print Describe).
func (s *Handle) Where() string {
	if s.dialect == Postgres {
		return s.dsn
	}
	return s.path
}

// Describe names the store for the user: the file, or PostgreSQL's host,
// port and database without the password.
func (s *Handle) Describe() string {
	if s.dialect == Postgres {
		return pgdriver.Describe(s.dsn)
	}
	return s.path
}

// Dialect is the database the handle speaks to.
func (s *Handle) Dialect() Dialect { return s.dialect }

// DB is the database, for tests and the store's table packages.
func (s *Handle) DB() *sql.DB { return s.db }

// Close closes the database.
func (s *Handle) Close() error {
	s.q.close()
	return s.db.Close()
}

// Migration is one schema step; versions ascend and are never reused.
type Migration = schema.Migration

// migrations are the store's schema steps (internal/store/schema).
var migrations = schema.Migrations

func (s *Handle) migrate(ctx context.Context) error {
	if s.dialect == Postgres {
		return s.migratePostgres(ctx)
	}
	var have int
	last := migrations[len(migrations)-1].Version
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err == nil && have >= last {
		return newerSchema(have, last) // up to date: no write transaction at open
	}
	return s.Tx(ctx, func(tx *sql.Tx) error {
		var have int
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		for _, m := range migrations {
			if m.Version <= have {
				continue
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %d: %w", m.Version, err)
			}
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.Version)); err != nil {
				return fmt.Errorf("migration %d: %w", m.Version, err)
			}
		}
		return nil
	})
}

// newerSchema refuses a store a newer followup has migrated: this one's
// SQL would not fit its tables.
func newerSchema(have, last int) error {
	if have > last {
		return fmt.Errorf("the store's schema is version %d, newer than this followup knows (%d): a newer followup has used it; install that version (or newer) again", have, last)
	}
	return nil
}

// Tx runs fn in one IMMEDIATE write transaction, committed when fn returns
// nil and rolled back otherwise; in a savepoint of the batch's transaction
// inside a Batch. On PostgreSQL the write transactions of every process
// on the store take turns as SQLite's do (beginWrite), so fn sees the same
// world on both.
func (s *Handle) Tx(ctx context.Context, fn func(*sql.Tx) error) error {
	if b := s.batchOf(ctx); b != nil {
		return b.write(ctx, fn)
	}
	if err := s.batchConflict(ctx); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.DiskFull(fmt.Errorf("begin: %w", err))
	}
	if err := s.beginWrite(ctx, tx); err != nil {
		tx.Rollback()
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return s.DiskFull(err)
	}
	if err := s.endWrite(ctx, tx); err != nil {
		tx.Rollback()
		return fmt.Errorf("commit: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return s.DiskFull(fmt.Errorf("commit: %w", err))
	}
	return nil
}

// timeFormat is how instants are stored: UTC, fixed width, so that text
// order is time order.
const timeFormat = "2006-01-02T15:04:05Z"

// FormatTime renders t for a *_utc column.
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeFormat)
}

// ParseTime reads a *_utc column; the empty string is the zero time.
func ParseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(timeFormat, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t, nil
}
