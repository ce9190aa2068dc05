package sqldb

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/store/storetest"
)

// TestMigrationToAccountsKeepsTheStore: a store made before accounts
// (schema 40) opens as the store of the config without [[account]]
// sections: its interviews, outbox rows, events and mailbox positions are
// account "", and the unscoped handle reads them as before.
func TestMigrationToAccountsKeepsTheStore(t *testing.T) {
	storetest.SkipOnPostgres(t, "a store of schema 40 exists only as an SQLite file")
	path := filepath.Join(t.TempDir(), "followup.db")
	old, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migrations {
		if m.Version > 40 {
			break
		}
		if _, err := old.Exec(m.SQL); err != nil {
			t.Fatalf("migration %d: %v", m.Version, err)
		}
	}
	for _, q := range []string{
		"PRAGMA user_version = 40",
		`INSERT INTO interviews (id, company, role, start_utc, zone, status, created_utc, updated_utc) VALUES ('acme-1120', 'Acme', 'Engineer', '2026-11-20T13:00:00Z', 'Europe/Berlin', 'awaiting', '', '')`,
		`INSERT INTO imap_state (mailbox, uidvalidity, last_uid, synced_utc, result) VALUES ('INBOX', 7, 4242, '2026-11-20T13:00:00Z', 'ok')`,
		`INSERT INTO events (at_utc, interview_id, kind) VALUES ('2026-11-20T13:00:00Z', 'acme-1120', 'sent')`,
	} {
		if _, err := old.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()
	h, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("Open(schema 40) = %v", err)
	}
	defer h.Close()
	var version int
	h.DB().QueryRow("PRAGMA user_version").Scan(&version)
	if version != migrations[len(migrations)-1].Version {
		t.Errorf("schema version after Open = %d", version)
	}
	var got string
	err = h.DB().QueryRow(`SELECT (SELECT account FROM interviews WHERE id = 'acme-1120') || '|' ||
		(SELECT account || ':' || mailbox || ':' || last_uid FROM imap_state) || '|' || (SELECT account || ':' || kind FROM events)`).Scan(&got)
	if err != nil || got != "|:INBOX:4242|:sent" {
		t.Errorf("rows after the migration = %q, %v; want each of account \"\" and as they were", got, err)
	}
	if evs, err := h.EventsSince(t.Context(), mustTime(t, "2026-11-01T00:00:00Z")); err != nil || len(evs) != 1 {
		t.Errorf("EventsSince after the migration = %d events, %v", len(evs), err)
	}
	if _, err := h.DB().Exec(`INSERT INTO imap_state (account, mailbox, uidvalidity, last_uid, synced_utc) VALUES ('uni', 'INBOX', 1, 1, '')`); err != nil {
		t.Errorf("another account's INBOX beside the old one: %v", err)
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := ParseTime(s)
	if err != nil {
		t.Fatal(fmt.Sprint(err))
	}
	return tm
}

// TestNewerSchemaIsRefused: a store a newer followup migrated is not
// written with this one's SQL.
func TestNewerSchemaIsRefused(t *testing.T) {
	storetest.SkipOnPostgres(t, "PRAGMA user_version")
	h := openTemp(t)
	path := h.Path()
	if _, err := h.DB().Exec(fmt.Sprintf("PRAGMA user_version = %d", migrations[len(migrations)-1].Version+1)); err != nil {
		t.Fatal(err)
	}
	h.Close()
	if _, err := Open(t.Context(), path); err == nil || !strings.Contains(err.Error(), "newer than this followup knows") {
		t.Errorf("Open(a newer schema) = %v, want it refused", err)
	}
}
