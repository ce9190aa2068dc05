package web

import (
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

// seeded is interview i of the board's benchmark: awaiting, quiet,
// upcoming, replied or closed, with a thank-you and a check-in pending.
func seeded(now time.Time) func(i int) apptest.Seeded {
	statuses := []string{"awaiting", "awaiting", "awaiting", "upcoming", "replied", "quiet", "closed"}
	return func(i int) apptest.Seeded {
		s := apptest.Seeded{Status: statuses[i%len(statuses)], Start: now.Add(-time.Duration(i%480) * time.Hour),
			ThankYouDue: now.Add(time.Duration(i%100-50) * time.Hour), CheckInDue: now.Add(10 * 24 * time.Hour)}
		if s.Status == "upcoming" {
			s.Start = now.Add(time.Duration(i%480+1) * time.Hour)
		}
		return s
	}
}

// BenchmarkBoard10k is GET / (the whole handler: Host check, token,
// queries, template) over a store of 10,000 interviews.
func BenchmarkBoard10k(b *testing.B) {
	st, err := store.Open(b.Context(), b.TempDir()+"/followup.db")
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	apptest.Seed(b, st, 10_000, seeded(apptest.Now))
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
