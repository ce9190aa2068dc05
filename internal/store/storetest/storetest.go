// Package storetest gives the store's tests, and the tests of what is
// built on it, their database: a fresh SQLite file by default, or — when
// FOLLOWUP_TEST_STORE=postgres — a fresh schema in the PostgreSQL
// database FOLLOWUP_TEST_PG_DSN names (scripts/pgstack starts one), dropped
// when the test ends. scripts/test runs the store's suite both ways. It is
// for tests only.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
)

// Postgres reports whether this run's stores are on PostgreSQL.
func Postgres() bool { return os.Getenv("FOLLOWUP_TEST_STORE") == "postgres" }

// Open opens a fresh store for t with sqlite (a file in t's temporary
// folder) or, in a PostgreSQL run, with postgres (a schema of its own),
// closed when t ends.
func Open[S io.Closer](t testing.TB, sqlite, postgres func(context.Context, string) (S, error)) S {
	t.Helper()
	s, err := OpenAt(t.Context(), Where(t), sqlite, postgres)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Where is a place for a fresh store: a file in t's temporary folder, or
// in a PostgreSQL run a fresh schema's connection string (IsDSN).
func Where(t testing.TB) string {
	t.Helper()
	if Postgres() {
		return Schema(t)
	}
	return filepath.Join(t.TempDir(), "followup.db")
}

// IsDSN reports whether where, from Where, is a PostgreSQL connection
// string rather than a file.
func IsDSN(where string) bool {
	return strings.HasPrefix(where, "postgres://") || strings.HasPrefix(where, "postgresql://") || strings.Contains(where, "search_path=")
}

// OpenAt opens the store at where (from Where) with sqlite or postgres,
// as another process would.
func OpenAt[S any](ctx context.Context, where string, sqlite, postgres func(context.Context, string) (S, error)) (S, error) {
	if IsDSN(where) {
		return postgres(ctx, where)
	}
	return sqlite(ctx, where)
}

// SkipOnPostgres skips a test of something only SQLite has (its file, its
// journal, its locks) in a PostgreSQL run; the SQLite run tests it.
func SkipOnPostgres(t testing.TB, why string) {
	t.Helper()
	if Postgres() {
		t.Skip("SQLite only: " + why)
	}
}

// Schema makes an empty schema in FOLLOWUP_TEST_PG_DSN's database and
// returns a connection string that works in it; the schema is dropped when
// t ends (after the stores opened later are closed).
func Schema(t testing.TB) string {
	t.Helper()
	base := os.Getenv("FOLLOWUP_TEST_PG_DSN")
	if base == "" {
		t.Fatal("FOLLOWUP_TEST_STORE=postgres needs FOLLOWUP_TEST_PG_DSN: run scripts/pgstack up and source its env file")
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 8)
	rand.Read(b)
	name := "t_" + hex.EncodeToString(b)
	if _, err := db.ExecContext(t.Context(), "CREATE SCHEMA "+name); err != nil {
		db.Close()
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		defer db.Close()
		if _, err := db.ExecContext(context.Background(), "DROP SCHEMA "+name+" CASCADE"); err != nil {
			t.Errorf("drop test schema: %v", err)
		}
	})
	return WithSearchPath(base, name)
}

// WithSearchPath is dsn choosing schema first.
func WithSearchPath(dsn, schema string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err == nil {
			q := u.Query()
			q.Set("search_path", schema)
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	return dsn + " search_path=" + schema
}
