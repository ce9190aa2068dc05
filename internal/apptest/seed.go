package apptest

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/store"
)

// Seeded is the i-th interview Seed writes.
type Seeded struct {
	Status      string // interviews.status
	Start       time.Time
	ThankYouDue time.Time // of its one interviewer's thank-you
	CheckInDue  time.Time
}

// Seed writes n interviews, as each(i) says, straight into the tables in
// one transaction (the fast way to fill a store for a benchmark): interview
// i is "co<i>-eng-1120" at company "Co <i>", with one interviewer
// p<i>@co<i>.example and a pending thank-you and check-in.
func Seed(tb testing.TB, st *store.Store, n int, each func(i int) Seeded) {
	tb.Helper()
	err := st.Tx(context.Background(), func(tx *sql.Tx) error {
		for i := range n {
			if err := seedOne(tx, i, each(i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// SeedAccounts is Seed for many accounts: n interviews in total, interview
// i of account accountOf(i) (its store name: "" is the default account).
func SeedAccounts(tb testing.TB, st *store.Store, n int, accountOf func(i int) string, each func(i int) Seeded) {
	tb.Helper()
	err := st.Tx(context.Background(), func(tx *sql.Tx) error {
		for i := range n {
			if err := seedInto(tx, accountOf(i), i, each(i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

func seedOne(tx *sql.Tx, i int, s Seeded) error { return seedInto(tx, "", i, s) }

func seedInto(tx *sql.Tx, account string, i int, s Seeded) error {
	id, addr := fmt.Sprintf("co%d-eng-1120", i), fmt.Sprintf("p%d@co%d.example", i, i)
	start := store.FormatTime(s.Start)
	if _, err := tx.Exec(`INSERT INTO interviews (id, account, company, role, start_utc, zone, duration_s, status, created_utc, updated_utc)
		VALUES (?, ?, ?, 'Engineer', ?, 'Europe/Berlin', 3600, ?, ?, ?)`, id, account, fmt.Sprintf("Co %d", i), start, s.Status, start, start); err != nil {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO people (interview_id, pos, role, name, email) VALUES (?, 0, 'interviewer', 'P', ?)`, id, addr); err != nil {
		return err
	}
	actions := []struct {
		key, kind string
		due       time.Time
	}{{"thank-you:" + addr, "thank-you", s.ThankYouDue}, {"check-in:1", "check-in", s.CheckInDue}}
	for _, a := range actions {
		if _, err := tx.Exec(`INSERT INTO actions (interview_id, key, kind, recipients, due_utc, zone, state, updated_utc)
			VALUES (?, ?, ?, ?, ?, 'Europe/Berlin', 'pending', ?)`, id, a.key, a.kind, `["`+addr+`"]`, store.FormatTime(a.due), start); err != nil {
			return err
		}
	}
	return nil
}
