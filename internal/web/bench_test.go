package web

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/apptest"
	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/daemon"
	"github.com/followup-dev/followup/internal/store"
)

// fill writes n interviews in one transaction: most awaiting, some
// upcoming, replied or closed, each with one interviewer and a thank-you
// and a check-in pending.
func fill(b *testing.B, st *store.Store, n int, now time.Time) {
	b.Helper()
	statuses := []string{"awaiting", "awaiting", "awaiting", "upcoming", "replied", "quiet", "closed"}
	err := st.Tx(context.Background(), func(tx *sql.Tx) error {
		for i := range n {
			id, addr := fmt.Sprintf("co%d-eng-1120", i), fmt.Sprintf("p%d@co%d.example", i, i)
			status := statuses[i%len(statuses)]
			start := store.FormatTime(now.Add(-time.Duration(i%480) * time.Hour))
			if status == "upcoming" {
				start = store.FormatTime(now.Add(time.Duration(i%480+1) * time.Hour))
			}
			if _, err := tx.Exec(`INSERT INTO interviews (id, company, role, start_utc, zone, duration_s, status, created_utc, updated_utc)
				VALUES (?, ?, 'Engineer', ?, 'Europe/Berlin', 3600, ?, ?, ?)`, id, fmt.Sprintf("Co %d", i), start, status, start, start); err != nil {
				return err
			}
			if _, err := tx.Exec(`INSERT INTO people (interview_id, pos, role, name, email) VALUES (?, 0, 'interviewer', 'P', ?)`, id, addr); err != nil {
				return err
			}
			for k, due := range map[string]time.Duration{"thank-you:" + addr: time.Duration(i%100-50) * time.Hour, "check-in:1": 10 * 24 * time.Hour} {
				if _, err := tx.Exec(`INSERT INTO actions (interview_id, key, kind, recipients, due_utc, zone, state, updated_utc)
					VALUES (?, ?, ?, ?, ?, 'Europe/Berlin', 'pending', ?)`, id, k, kindOf(k), `["`+addr+`"]`, store.FormatTime(now.Add(due)), start); err != nil {
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

func kindOf(key string) string {
	if key == "check-in:1" {
		return "check-in"
	}
	return "thank-you"
}

// BenchmarkBoard10k is GET / (the whole handler: Host check, token,
// queries, template) over a store of 10,000 interviews.
func BenchmarkBoard10k(b *testing.B) {
	st, err := store.Open(b.Context(), b.TempDir()+"/followup.db")
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	fill(b, st, 10_000, apptest.Now)
	cfg := config.Default()
	cfg.Me = config.Me{Name: "Max Mustermann", Email: "max@example.org", Timezone: "Europe/Berlin"}
	svc := daemon.Wire(daemon.Deps{Config: cfg, Store: st, Clock: clock.Func(func() time.Time { return apptest.Now }), DataDir: b.TempDir()})
	h, err := New(Options{Services: svc, Token: testToken})
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest("GET", "http://127.0.0.1:8427/", nil)
	req.AddCookie(&http.Cookie{Name: cookieName, Value: testToken})
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET / = %d", rec.Code)
		}
	}
}
