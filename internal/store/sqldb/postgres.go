package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"

	"github.com/followup-dev/followup/internal/store/pgdriver"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Dialect is the database under a Handle.
type Dialect int

const (
	// SQLite is the embedded default: one file, one daemon.
	SQLite Dialect = iota
	// Postgres is a PostgreSQL database, for a team's store.
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// NoIndex is col written so that the planner does not choose an index on
// it: SQLite's unary +, which PostgreSQL (whose planner weighs its own
// statistics) does not have.
func (s *Handle) NoIndex(col string) string {
	if s.dialect == Postgres {
		return col
	}
	return "+" + col
}

// maxPostgresConns bounds one process's connections to the server.
const maxPostgresConns = 16

// OpenPostgres opens the store in the PostgreSQL database dsn names (a URL
// or key=value string, as libpq takes; search_path chooses the schema) and
// applies pending migrations. The table packages' SQL reaches it through
// pgConnector.
func OpenPostgres(ctx context.Context, dsn string) (*Handle, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open store: the PostgreSQL connection string is not valid%s: check [store] dsn (postgres://user@host:5432/db or host=… dbname=…)", pgdriver.ParseDetail(err, dsn))
	}
	db := sql.OpenDB(pgdriver.Connector(cfg))
	db.SetMaxOpenConns(maxPostgresConns)
	db.SetMaxIdleConns(maxPostgresConns)
	q := newStmtCache(db)
	q.direct = true
	s := &Handle{db: db, q: q, dialect: Postgres, dsn: dsn, lockSlots: make(chan struct{}, maxPostgresConns/2)}
	var schema sql.NullString
	if err := db.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", s.Describe(), connectFailure(err))
	}
	if !schema.Valid {
		db.Close()
		return nil, fmt.Errorf("open store %s: no schema of search_path exists: create it (CREATE SCHEMA …) or fix search_path in the connection string", s.Describe())
	}
	s.writeLock = s.lockKey("write", schema.String)
	s.schema = schema.String
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open store %s: %w", s.Describe(), err)
	}
	return s, nil
}

// endWrite counts a write transaction, in it, for DataVersionQuery: in
// its account's row of account_changes (a handle of one account) and, on
// PostgreSQL, in store_state. A transaction marked WithoutChangeCount is
// not counted.
func (s *Handle) endWrite(ctx context.Context, tx *sql.Tx) error {
	if uncounted(ctx) {
		return nil
	}
	if b := s.batchOf(ctx); b != nil {
		b.counted = true // counted once, at the batch's commit
		return nil
	}
	return s.countWrite(ctx, tx)
}

// countWrite is endWrite's count.
func (s *Handle) countWrite(ctx context.Context, tx *sql.Tx) error {
	if s.scoped {
		// The account's own count: what its daemon's change monitor reads.
		if _, err := tx.ExecContext(ctx, `INSERT INTO account_changes (account, n) VALUES (?, 1)
			ON CONFLICT (account) DO UPDATE SET n = account_changes.n + 1`, s.account); err != nil {
			return err
		}
	}
	if s.dialect != Postgres || s.scoped {
		// An account's writes are counted in its row alone: one row every
		// write updated would make their commits take turns again.
		return nil
	}
	_, err := tx.ExecContext(ctx, "UPDATE store_state SET changes = changes + 1")
	return err
}

// connectFailure says in one line why the server could not be reached or
// refused the login; pgx's own message lists every attempt (TLS, then
// plain) over several lines.
func connectFailure(err error) error {
	var ce *pgconn.ConnectError
	if !errors.As(err, &ce) {
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return said{fmt.Sprintf("the server refused the connection (%s, SQLSTATE %s): check the user, password and database in the connection string", pe.Message, pe.Code), pe}
	}
	var ne *net.OpError
	if errors.As(err, &ne) {
		return said{fmt.Sprintf("cannot reach the server (%v): check host and port in the connection string, and that PostgreSQL runs there", ne), ne}
	}
	return err
}

// said is an error told in other words, the original kept for errors.As.
type said struct {
	msg string
	err error
}

func (e said) Error() string { return e.msg }
func (e said) Unwrap() error { return e.err }

// beginWrite starts a write transaction's turn: on PostgreSQL it waits for
// the store's write lock (an advisory lock of the store's schema: stores in
// other schemas of the database do not wait for it) (released at commit or rollback).
func (s *Handle) beginWrite(ctx context.Context, tx *sql.Tx) error {
	if s.dialect != Postgres {
		return nil
	}
	lock := "SELECT pg_advisory_xact_lock(?)"
	args := []any{s.writeLock}
	if s.scoped && !wholeStore(ctx) {
		// One account's writes take turns; other accounts' go beside them
		// (and their commits share WAL flushes); a write of the whole
		// store waits for all of them, and they for it.
		lock, args = "SELECT pg_advisory_xact_lock_shared(?), pg_advisory_xact_lock(?)", append(args, s.accountLock)
	}
	_, err := tx.ExecContext(ctx, lock, args...)
	return err
}

// migratePostgres applies the migrations SQLite has, translated, and keeps
// the version in a table of its own (PostgreSQL has no user_version).
func (s *Handle) migratePostgres(ctx context.Context) error {
	last := migrations[len(migrations)-1].Version
	var have int
	if err := s.db.QueryRowContext(ctx, "SELECT schema_version FROM store_state").Scan(&have); err == nil && have >= last {
		return newerSchema(have, last) // up to date: no write transaction at open
	}
	return s.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, pgPrelude); err != nil {
			return fmt.Errorf("prepare schema: %w", err)
		}
		var have int
		if err := tx.QueryRowContext(ctx, "SELECT schema_version FROM store_state").Scan(&have); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		for _, m := range migrations {
			if m.Version <= have {
				continue
			}
			if _, err := tx.ExecContext(ctx, postgresSQL(m.SQL)); err != nil {
				return fmt.Errorf("migration %d: %w", m.Version, err)
			}
			if _, err := tx.ExecContext(ctx, "UPDATE store_state SET schema_version = ?", m.Version); err != nil {
				return fmt.Errorf("migration %d: %w", m.Version, err)
			}
		}
		// A table made again with its rows (42's invites) numbers on from them.
		return s.ResetIdentities(ctx, tx)
	})
}

// pgPrelude is what the schema needs on PostgreSQL before its first
// migration: one row holding the schema's version (PostgreSQL has no
// user_version) and a count of write transactions (SQLite's data_version),
// and SQLite's instr (the people_domain index and the match by domain use
// it), inlined by the planner.
const pgPrelude = `
CREATE TABLE IF NOT EXISTS store_state (schema_version BIGINT NOT NULL, changes BIGINT NOT NULL);
INSERT INTO store_state SELECT 0, 0 WHERE NOT EXISTS (SELECT 1 FROM store_state);
CREATE OR REPLACE FUNCTION instr(s TEXT, sub TEXT) RETURNS INTEGER
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT strpos(s, sub) $$;
`

var (
	pgRowID   = regexp.MustCompile(`\bINTEGER PRIMARY KEY\b`)
	pgInteger = regexp.MustCompile(`\bINTEGER\b`)
	pgText    = regexp.MustCompile(`\bTEXT\b`)
	pgStrict  = regexp.MustCompile(`\)\s*STRICT\s*;`)
)

// postgresSQL translates one SQLite migration: a rowid key becomes an
// identity column, INTEGER 64-bit, BLOB bytea, text compared byte by byte
// (SQLite's BINARY collation, whatever the database's locale), and STRICT
// goes (PostgreSQL's types are strict already).
func postgresSQL(q string) string {
	q = pgRowID.ReplaceAllString(q, "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
	q = pgInteger.ReplaceAllString(q, "BIGINT")
	q = strings.ReplaceAll(q, " BLOB ", " BYTEA ")
	q = pgText.ReplaceAllString(q, `TEXT COLLATE "C"`)
	return pgStrict.ReplaceAllString(q, ");")
}

// identityTables are the tables whose id PostgreSQL numbers from a
// sequence: a restore that writes ids itself moves the sequences past them.
var identityTables = []string{"actions", "outbox", "replies", "events", "invites"}

// ResetIdentities moves each identity sequence past the largest id of its
// table, after rows were written with their ids (a restore). A no-op on
// SQLite, whose rowids follow the largest id by themselves.
func (s *Handle) ResetIdentities(ctx context.Context, tx *sql.Tx) error {
	if s.dialect != Postgres {
		return nil
	}
	for _, t := range identityTables {
		q := fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), coalesce(max(id), 0) + 1, false) FROM %s", t, t)
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("number %s after a restore: %w", t, err)
		}
	}
	return nil
}

// DataVersionQuery is a query whose one integer changes when another
// connection commits: SQLite's data_version, or on PostgreSQL the count of
// write transactions that Tx keeps in the same transactions (so it is
// seen to move only once what they wrote can be read); on a handle of one
// account, the count of that account's write transactions.
func (s *Handle) DataVersionQuery() string {
	switch {
	case s.scoped:
		// Its own account's writes only: another account's heartbeat is no
		// news (the account is a literal: AccountName allows no quote).
		return "SELECT coalesce((SELECT n FROM account_changes WHERE account = " + quote(s.account) + "), 0)"
	case s.dialect == Postgres:
		// The whole store's writes and every account's.
		return "SELECT (SELECT changes FROM store_state) + coalesce((SELECT sum(n) FROM account_changes), 0)"
	}
	return "PRAGMA data_version"
}
