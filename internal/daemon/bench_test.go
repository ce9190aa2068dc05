package daemon

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/store"
)

// fillStore writes n awaiting interviews, each with one interviewer and a
// thank-you and a check-in due in the future, in one transaction.
func fillStore(b *testing.B, st *store.Store, n int, now time.Time) {
	b.Helper()
	err := st.Tx(context.Background(), func(tx *sql.Tx) error {
		for i := range n {
			id := fmt.Sprintf("co%d-eng-1120", i)
			start := store.FormatTime(now.Add(-time.Duration(i%48) * time.Hour))
			if _, err := tx.Exec(`INSERT INTO interviews (id, company, role, start_utc, zone, duration_s, status, created_utc, updated_utc)
				VALUES (?, ?, 'Engineer', ?, 'Europe/Berlin', 3600, 'awaiting', ?, ?)`, id, fmt.Sprintf("Co %d", i), start, start, start); err != nil {
				return err
			}
			addr := fmt.Sprintf("p%d@co%d.example", i, i)
			if _, err := tx.Exec(`INSERT INTO people (interview_id, pos, role, name, email) VALUES (?, 0, 'interviewer', 'P', ?)`, id, addr); err != nil {
				return err
			}
			for k, due := range map[string]time.Duration{"thank-you:" + addr: 30*24*time.Hour + time.Duration(i)*time.Minute, "check-in:1": 60 * 24 * time.Hour} {
				if _, err := tx.Exec(`INSERT INTO actions (interview_id, key, kind, recipients, due_utc, zone, state, updated_utc)
					VALUES (?, ?, ?, ?, ?, 'Europe/Berlin', 'pending', ?)`, id, k, kindOfKey(k), `["`+addr+`"]`, store.FormatTime(now.Add(due)), start); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

func kindOfKey(k string) string {
	if k == "check-in:1" {
		return "check-in"
	}
	return "thank-you"
}

// BenchmarkSchedulerPass is one scheduler pass (ProcessOnce, notices, the
// user's mail, the next wake-up) over 10,000 interviews with nothing due.
func BenchmarkSchedulerPass(b *testing.B) {
	st, err := store.Open(context.Background(), b.TempDir()+"/followup.db")
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	fillStore(b, st, 10_000, t0)
	cfg := config.Default()
	cfg.Me = config.Me{Name: "Max Mustermann", Email: "max@example.org", Timezone: "Europe/Berlin"}
	e := Wire(Deps{Config: cfg, Store: st, Clock: clock.Func(func() time.Time { return t0 }), DataDir: b.TempDir()})
	d := New(Options{Services: e, Process: processOnce})
	d.work = context.Background()
	for b.Loop() {
		d.lastPass = time.Time{}
		if err := d.pass(context.Background(), t0); err != nil {
			b.Fatal(err)
		}
		if _, _, err := d.next(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
