package sqldb

import (
	"context"
	"database/sql"
	"testing"

	"github.com/followup-dev/followup/internal/store/storetest"
)

// A transaction WithDeferredSync commits on the synchronous=NORMAL handle
// and is seen at once by the ordinary one (one database, one WAL).
func TestDeferredSyncCommitsOnTheSameDatabase(t *testing.T) {
	storetest.SkipOnPostgres(t, "PRAGMA synchronous (TestDeferredSyncOnPostgres is its twin)")
	st := openTemp(t)
	ctx := WithDeferredSync(t.Context())
	if !deferredSync(ctx) || deferredSync(context.Background()) {
		t.Fatal("deferredSync does not tell marked contexts")
	}
	var mode int
	if err := st.deferred.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&mode); err != nil || mode != 1 {
		t.Fatalf("deferred handle synchronous = %d, %v; want 1 (NORMAL)", mode, err)
	}
	if err := st.db.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&mode); err != nil || mode != 2 {
		t.Fatalf("ordinary handle synchronous = %d, %v; want 2 (FULL)", mode, err)
	}
	err := st.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO meta (key, value) VALUES ('probe', 'deferred')")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok, err := st.Meta(t.Context(), "probe"); err != nil || !ok || v != "deferred" {
		t.Errorf("Meta(probe) on the ordinary handle = %q, %v, %v; want the deferred write", v, ok, err)
	}
}

// openTemp opens a fresh store: a file, or in a PostgreSQL run a schema.
func openTemp(t *testing.T) *Handle {
	t.Helper()
	return storetest.Open(t, Open, OpenPostgres)
}
