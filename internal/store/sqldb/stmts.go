package sqldb

import (
	"context"
	"database/sql"
	"strings"
	"sync"
)

// maxCachedStmts bounds the statement cache: the store's queries are a
// fixed set, but a few are built for a number of values (IN lists).
const maxCachedStmts = 512

// stmtCache runs queries through statements prepared once (database/sql
// then prepares each on a connection the first time it runs there) instead
// of preparing every query on every call: in the WASM build of SQLite the
// SQL parser was a quarter of the CPU of a catch-up. Its methods are those
// of *sql.DB that the store uses.
type stmtCache struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
	// direct runs every query on db or the transaction as it is: on
	// PostgreSQL, where pgx prepares and caches each statement per
	// connection itself, and where preparing on the pool from inside a
	// transaction would need a second connection of a bounded pool.
	direct bool
}

func newStmtCache(db *sql.DB) *stmtCache { return &stmtCache{db: db, m: map[string]*sql.Stmt{}} }

// stmt returns the prepared statement of query, or nil when the cache is
// full or the statement cannot be prepared (the caller then runs query
// directly, which reports the same error).
func (c *stmtCache) stmt(ctx context.Context, query string) *sql.Stmt {
	if c.direct {
		return nil
	}
	c.mu.Lock()
	st, ok := c.m[query]
	full := len(c.m) >= maxCachedStmts
	c.mu.Unlock()
	if ok || full {
		return st
	}
	// Prepared without the lock: preparing takes a connection of the pool,
	// which a transaction waiting for this lock may be holding.
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if had, ok := c.m[query]; ok {
		st.Close()
		return had
	}
	c.m[query] = st
	return st
}

func (c *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if q := batchQuerier(ctx, c); q != nil {
		return q.QueryContext(ctx, query, args...)
	}
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return c.db.QueryContext(ctx, query, args...)
}

func (c *stmtCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if q := batchQuerier(ctx, c); q != nil {
		return q.QueryRowContext(ctx, query, args...)
	}
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return c.db.QueryRowContext(ctx, query, args...)
}

func (c *stmtCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if b := batchFor(ctx, c); b != nil {
		return b.exec(ctx, query, args...)
	}
	if st := c.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return c.db.ExecContext(ctx, query, args...)
}

// close closes every cached statement.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.m {
		st.Close()
		delete(c.m, q)
	}
}

// Q runs queries outside a transaction through prepared statements. On
// PostgreSQL, and on a handle of
// one account, a write through it (ExecContext) is a write transaction of
// its own (Tx): it takes its turn like every other write, as SQLite's
// autocommit writes do, and the change monitor sees it.
func (s *Handle) Q() Querier {
	if s.dialect == Postgres || s.scoped {
		return writeTx{s}
	}
	return s.q
}

// writeTx is Handle.Q on PostgreSQL, and on a handle of one account
// (whose writes count in account_changes: endWrite), where each write is
// a transaction of its own, counted only when it changed a row (a sync
// that finds nothing new writes nothing, and wakes no one).
type writeTx struct{ h *Handle }

func (p writeTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return p.h.q.QueryContext(ctx, query, args...)
}

func (p writeTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return p.h.q.QueryRowContext(ctx, query, args...)
}

func (p writeTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	var res sql.Result
	err := p.h.Tx(WithoutChangeCount(ctx), func(tx *sql.Tx) error {
		var err error
		if res, err = p.h.InTx(ctx, tx).ExecContext(ctx, query, args...); err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 && !uncounted(ctx) {
			return p.h.endWrite(ctx, tx)
		}
		return nil
	})
	return res, err
}

// InTx is tx's queries through the prepared statements: each statement is
// prepared once for the connection tx holds, not on every call.
func (s *Handle) InTx(ctx context.Context, tx *sql.Tx) Querier {
	if b := s.batchOf(ctx); b != nil && b.tx == tx {
		return b.q
	}
	return s.q.in(tx)
}

// Querier is what a transaction's helpers run queries on: a *sql.Tx, or
// the same through the statement cache (stmtCache.in).
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// txStmts runs tx's queries through the cache's prepared statements.
type txStmts struct {
	c  *stmtCache
	tx *sql.Tx
}

// in returns tx's queries through the cache: each statement is prepared
// once for the connection tx holds, not on every call.
func (c *stmtCache) in(tx *sql.Tx) txStmts { return txStmts{c: c, tx: tx} }

func (t txStmts) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := t.c.stmt(ctx, query); st != nil {
		return t.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, query, args...)
}

func (t txStmts) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := t.c.stmt(ctx, query); st != nil {
		return t.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, query, args...)
}

func (t txStmts) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.c.stmt(ctx, query); st != nil {
		return t.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, query, args...)
}

// Params is n comma-separated placeholders, for an IN list.
func Params(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

// Args is ss as query arguments.
func Args(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// Scanner is a row to read: *sql.Row or *sql.Rows.
type Scanner interface{ Scan(...any) error }
