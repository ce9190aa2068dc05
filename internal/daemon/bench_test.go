package daemon

import (
	"context"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/apptest"
	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/store"
)

// awaiting is interview i of the scheduler's benchmark: awaiting, with a
// thank-you and a check-in due in the future.
func awaiting(now time.Time) func(i int) apptest.Seeded {
	return func(i int) apptest.Seeded {
		return apptest.Seeded{Status: "awaiting", Start: now.Add(-time.Duration(i%48) * time.Hour),
			ThankYouDue: now.Add(30*24*time.Hour + time.Duration(i)*time.Minute), CheckInDue: now.Add(60 * 24 * time.Hour)}
	}
}

// BenchmarkSchedulerPass is one scheduler pass (ProcessOnce, notices, the
// user's mail, the next wake-up) over 10,000 interviews with nothing due.
func BenchmarkSchedulerPass(b *testing.B) {
	st, err := store.Open(context.Background(), b.TempDir()+"/followup.db")
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	apptest.Seed(b, st, 10_000, awaiting(t0))
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
