package sqldb

import (
	"context"
	"database/sql/driver"
	"strconv"
	"strings"
)

// The store's SQL is written once, for SQLite: `?` placeholders, booleans
// as 0/1 integers. On PostgreSQL every connection goes through pgConnector,
// which numbers the placeholders ($1, $2, …) and passes Go booleans as the
// integers the schema stores, so the table packages keep one text per
// query. What the two dialects spell differently (a function name, a
// planner hint) is chosen by Handle.Dialect where it is used.

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
	return c.in().PrepareContext(ctx, rebind(query))
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.in().ExecContext(ctx, rebind(query), args)
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.in().QueryContext(ctx, rebind(query), args)
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

// rebind numbers query's `?` placeholders for PostgreSQL ($1, $2, …; a
// numbered ?N is $N), leaving alone a `?` inside a string literal, a quoted name or a comment.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		switch ch := query[i]; ch {
		case '\'', '"':
			j := strings.IndexByte(query[i+1:], ch)
			if j < 0 {
				b.WriteString(query[i:])
				i = len(query)
				continue
			}
			b.WriteString(query[i : i+j+2])
			i += j + 1
		case '-':
			if i+1 < len(query) && query[i+1] == '-' {
				j := strings.IndexByte(query[i:], '\n')
				if j < 0 {
					j = len(query) - i
				}
				b.WriteString(query[i : i+j])
				i += j - 1
				continue
			}
			b.WriteByte(ch)
		case '?':
			b.WriteByte('$')
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			if j > i+1 { // ?NNN: SQLite's numbered parameter is PostgreSQL's $NNN
				b.WriteString(query[i+1 : j])
				i = j - 1
				continue
			}
			n++
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(ch)
		}
	}
	return b.String()
}
