package daemon

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/apptest"
	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/jobs"
	"github.com/followup-dev/followup/internal/render"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/store/storetest"
)

// BenchmarkDispatchOnPostgres is the team scale's dispatch: a PostgreSQL
// store of 10,000 accounts × 5 interviews (100,000 pending actions), of
// which 1,000 accounts have a thank-you due now. Each of those accounts'
// loops asks River for a pass (1,000 Enqueue calls at once, as the account
// daemons of a process make them); DAEMONS queues of 16 workers each (the
// daemons sharing the store; default 1) work the jobs — Do(WorkPass): the
// outbox's pass, auto-send, through an in-memory sender — until every job
// completed. It runs once (-benchtime 1x): the sends change the store.
// ACCOUNTS and DUE change the two numbers.
//
//	FOLLOWUP_TEST_STORE=postgres go test ./internal/daemon/ -run XXX -bench DispatchOnPostgres -benchtime 1x
func BenchmarkDispatchOnPostgres(b *testing.B) {
	if !storetest.Postgres() {
		b.Skip("PostgreSQL only: FOLLOWUP_TEST_STORE=postgres with scripts/pgstack's env")
	}
	const perAccount = 5
	accounts, due, daemons := envInt("ACCOUNTS", 10_000), envInt("DUE", 1_000), envInt("DAEMONS", 1)
	ctx := context.Background()
	dsn := storetest.Schema(b)
	all, err := store.OpenPostgres(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer all.Close()
	now := time.Now().UTC().Truncate(time.Second)
	name := func(a int) string { return fmt.Sprintf("a%05d", a) }
	// Interview i is account i/perAccount's; the first interview of each of
	// the first `due` accounts has its thank-you due a minute ago.
	apptest.SeedAccounts(b, all, accounts*perAccount, func(i int) string { return name(i / perAccount) }, func(i int) apptest.Seeded {
		s := apptest.Seeded{Status: "awaiting", Start: now.Add(-3 * time.Hour),
			ThankYouDue: now.Add(30*24*time.Hour + time.Duration(i)*time.Second), CheckInDue: now.Add(60 * 24 * time.Hour)}
		if i%perAccount == 0 && i/perAccount < due {
			s.ThankYouDue = now.Add(-time.Minute)
		}
		return s
	})
	set, err := render.Load("")
	if err != nil {
		b.Fatal(err)
	}
	sender := &recordingSender{}
	var mu sync.Mutex
	services := map[string]*Services{}
	servicesOf := func(account string) (*Services, error) {
		mu.Lock()
		defer mu.Unlock()
		if e := services[account]; e != nil {
			return e, nil
		}
		st, err := all.ForAccount(account)
		if err != nil {
			return nil, err
		}
		cfg := config.Default()
		cfg.Account = account
		cfg.Me = config.Me{Name: "Max Mustermann", Email: account + "@example.org", Timezone: "UTC"}
		cfg.Policy.AutoSend = true
		cfg.Policy.SendWindow.Start, cfg.Policy.SendWindow.End = 0, 24*60
		cfg.Calendar.Workdays = []time.Weekday{0, 1, 2, 3, 4, 5, 6}
		e := Wire(Deps{Config: cfg, Store: st, Templates: set, Clock: clock.Real{}, DataDir: b.TempDir(),
			NewSender: func(context.Context) (Sender, error) { return sender, nil }})
		services[account] = e
		return e, nil
	}
	var queues []*jobs.Queue
	var done sync.WaitGroup
	done.Add(due)
	for range daemons {
		q, err := jobs.Open(ctx, dsn, func(ctx context.Context, account, work string) error {
			e, err := servicesOf(account)
			if err == nil {
				err = Do(ctx, e, Work(work), processOnce)
			}
			done.Done()
			return err
		}, jobs.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := q.Start(ctx); err != nil {
			b.Fatal(err)
		}
		defer q.Stop(ctx)
		queues = append(queues, q)
	}
	runs := 0
	for b.Loop() {
		if runs++; runs > 1 {
			b.Fatal("run it once: -benchtime 1x")
		}
		commits0 := commits(b, all)
		start := time.Now()
		var enq sync.WaitGroup
		for a := range due {
			enq.Go(func() {
				if err := queues[a%daemons].Enqueue(ctx, name(a), string(WorkPass), now); err != nil {
					b.Error(err)
				}
			})
		}
		enq.Wait()
		enqueued := time.Since(start)
		done.Wait()
		took := time.Since(start)
		b.ReportMetric(float64(enqueued.Milliseconds()), "enqueue-ms")
		b.ReportMetric(took.Seconds(), "dispatch-s")
		b.ReportMetric(float64(due)/took.Seconds(), "actions/s")
		b.StopTimer()
		time.Sleep(2 * time.Second) // PostgreSQL's statistics are flushed once a second
		b.ReportMetric(float64(commits(b, all)-commits0)/float64(due), "commits/action")
		b.StartTimer()
	}
	if got := len(sender.msgs); got != due {
		b.Errorf("sent %d messages, want %d", got, due)
	}
}

// commits is the database's committed transactions so far, as
// pg_stat_database counts them (flushed about once a second).
func commits(b *testing.B, st *store.Store) int64 {
	var n int64
	if err := st.DB().QueryRowContext(context.Background(), "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()").Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}

// envInt is the positive number in the environment variable name, else def.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}
