// Package pgdriver is the database/sql driver the store reaches PostgreSQL
// through: pgx's, with the store's SQL — written once, for SQLite — made
// PostgreSQL's on the way (placeholders numbered, Go booleans as the 0/1
// integers the schema stores); and what may be shown of a connection
// string, which may hold a password.
package pgdriver

import (
	"context"
	"database/sql/driver"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// The store's SQL is written once, for SQLite: `?` placeholders, booleans
// as 0/1 integers. Every connection goes through pgConnector, which numbers
// the placeholders ($1, $2, …) and passes Go booleans as the integers the
// schema stores, so the table packages keep one text per query. What the
// two dialects spell differently (a function name, a planner hint) is
// chosen by sqldb's Handle.Dialect where it is used.

// Connector is pgx's connector for cfg with the store's SQL rewritten on
// every connection it makes.
func Connector(cfg *pgx.ConnConfig) driver.Connector {
	return pgConnector{stdlib.GetConnector(*cfg)}
}

// pgConnector wraps pgx's connector: every connection it makes is a pgConn.
type pgConnector struct{ driver.Connector }

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &pgConn{conn: conn}, nil
}

// pgConn is one pgx connection with the store's queries rewritten for it.
type pgConn struct{ conn driver.Conn }

// inner is the interfaces of pgx's *stdlib.Conn that database/sql uses.
type inner interface {
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.ConnBeginTx
	driver.Pinger
	driver.SessionResetter
}

func (c *pgConn) in() inner { return c.conn.(inner) }

func (c *pgConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.in().PrepareContext(ctx, Rebind(query))
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.in().ExecContext(ctx, Rebind(query), args)
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.in().QueryContext(ctx, Rebind(query), args)
}

func (c *pgConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *pgConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.in().BeginTx(ctx, opts)
}

func (c *pgConn) Ping(ctx context.Context) error              { return c.in().Ping(ctx) }
func (c *pgConn) ResetSession(ctx context.Context) error      { return c.in().ResetSession(ctx) }
func (c *pgConn) Close() error                                { return c.conn.Close() }
func (c *pgConn) IsValid() bool                               { v, ok := c.conn.(driver.Validator); return !ok || v.IsValid() }
func (c *pgConn) CheckNamedValue(nv *driver.NamedValue) error { return checkValue(nv) }

// checkValue passes a boolean as the 0 or 1 the schema's INTEGER columns
// hold, and every other value to pgx as it is (pgx takes Go values and
// driver.Valuers itself).
func checkValue(nv *driver.NamedValue) error {
	if b, ok := nv.Value.(bool); ok {
		nv.Value = int64(0)
		if b {
			nv.Value = int64(1)
		}
	}
	return nil
}

// Rebind numbers query's `?` placeholders for PostgreSQL ($1, $2, …; a
// numbered ?N is $N, and a bare ? after it is one more than the largest
// number so far, as in SQLite), leaving alone a `?` inside a string
// literal ('…', E'…' with backslash escapes, $tag$…$tag$), a quoted name
// or a comment (-- …, /* … */).
func Rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); {
		if skip := quotedLen(query, i); skip > 0 {
			b.WriteString(query[i : i+skip])
			i += skip
			continue
		}
		if query[i] != '?' {
			b.WriteByte(query[i])
			i++
			continue
		}
		j := i + 1
		for j < len(query) && query[j] >= '0' && query[j] <= '9' {
			j++
		}
		b.WriteByte('$')
		if j > i+1 { // ?NNN: SQLite's numbered parameter is PostgreSQL's $NNN
			k, _ := strconv.Atoi(query[i+1 : j])
			n = max(n, k)
			b.WriteString(query[i+1 : j])
		} else {
			n++
			b.WriteString(strconv.Itoa(n))
		}
		i = j
	}
	return b.String()
}

// quotedLen is the length of the string literal, quoted name or comment
// that starts at query[i], or 0 when none does; an unterminated one runs
// to the end.
func quotedLen(q string, i int) int {
	rest := q[i:]
	end := func(close string, from int) int {
		if k := strings.Index(rest[from:], close); k >= 0 {
			return from + k + len(close)
		}
		return len(rest)
	}
	switch {
	case strings.HasPrefix(rest, "--"):
		return end("\n", 2)
	case strings.HasPrefix(rest, "/*"):
		return end("*/", 2)
	case (rest[0] == 'E' || rest[0] == 'e') && len(rest) > 1 && rest[1] == '\'' && (i == 0 || !isIdent(q[i-1])):
		for k := 2; k < len(rest); k++ {
			switch rest[k] {
			case '\\':
				k++
			case '\'':
				if k+1 < len(rest) && rest[k+1] == '\'' {
					k++
					continue
				}
				return k + 1
			}
		}
		return len(rest)
	case rest[0] == '\'' || rest[0] == '"':
		// A doubled quote inside is two literals back to back: the same text.
		return end(rest[:1], 1)
	case rest[0] == '$' && (i == 0 || !isIdent(q[i-1])):
		tag := strings.IndexByte(rest[1:], '$')
		if tag < 0 || !validTag(rest[1:1+tag]) {
			return 0
		}
		open := rest[:tag+2]
		return end(open, len(open))
	}
	return 0
}

func isIdent(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// validTag reports whether t may be a dollar quote's tag ("" for $$).
func validTag(t string) bool {
	for i := 0; i < len(t); i++ {
		if !isIdent(t[i]) || i == 0 && t[i] >= '0' && t[i] <= '9' {
			return false
		}
	}
	return true
}
