package sqldb

import (
	"testing"

	"github.com/followup-dev/followup/internal/store/storetest"
)

// Every commit of the SQLite store waits for its WAL to be on disk
// (synchronous=FULL): a write is durable before the network is touched.
func TestSQLiteCommitsAreDurable(t *testing.T) {
	storetest.SkipOnPostgres(t, "PRAGMA synchronous")
	st := openTemp(t)
	var mode int
	if err := st.db.QueryRowContext(t.Context(), "PRAGMA synchronous").Scan(&mode); err != nil || mode != 2 {
		t.Fatalf("synchronous = %d, %v; want 2 (FULL)", mode, err)
	}
}

// openTemp opens a fresh store: a file, or in a PostgreSQL run a schema.
func openTemp(t *testing.T) *Handle {
	t.Helper()
	return storetest.Open(t, Open, OpenPostgres)
}
