package jobs_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/followup-dev/followup/internal/jobs"
	"github.com/followup-dev/followup/internal/store/storetest"
)

// counter counts the works run, by account and work.
type counter struct {
	mu   sync.Mutex
	ran  map[string]int
	all  chan struct{} // closed when want works ran
	want int
}

func (c *counter) run(_ context.Context, account, work string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ran[account+"/"+work]++
	if c.want--; c.want == 0 {
		close(c.all)
	}
	if account == "gone" {
		return jobs.ErrUnknownAccount
	}
	return nil
}

// TestQueuesShareJobsOnPostgres: two queues (two daemons) on one store
// schema; a job asked for twice with the same arguments is one job, and
// every job runs once on one of them.
func TestQueuesShareJobsOnPostgres(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("PostgreSQL only: scripts/test runs it in its PostgreSQL stage (FOLLOWUP_TEST_STORE=postgres)")
	}
	dsn := storetest.Schema(t)
	const n = 50
	c := &counter{ran: map[string]int{}, all: make(chan struct{}), want: n + 1}
	var queues []*jobs.Queue
	for range 2 { // opened together: River's migrations run once
		q, err := jobs.Open(t.Context(), dsn, c.run, jobs.Options{Workers: 4})
		if err != nil {
			t.Fatal(err)
		}
		queues = append(queues, q)
	}
	at := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	for i := range n {
		if err := queues[0].Enqueue(t.Context(), fmt.Sprintf("a%02d", i), "pass", at); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range queues { // the same again from the other daemon: no new jobs
		if err := q.Enqueue(t.Context(), "a00", "pass", at); err != nil {
			t.Fatal(err)
		}
	}
	if err := queues[1].Enqueue(t.Context(), "gone", "pass", at); err != nil {
		t.Fatal(err)
	}
	for _, q := range queues {
		if err := q.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-c.all:
	case <-time.After(30 * time.Second):
		t.Fatalf("%d of %d jobs not run in 30 s", c.want, n+1)
	}
	for _, q := range queues {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := q.Stop(ctx); err != nil {
			t.Error(err)
		}
		cancel()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := range n {
		if k := fmt.Sprintf("a%02d/pass", i); c.ran[k] != 1 {
			t.Errorf("%s ran %d times, want once", k, c.ran[k])
		}
	}
	if c.ran["gone/pass"] != 1 {
		t.Errorf("the job of an unknown account ran %d times, want once (then cancelled, not retried)", c.ran["gone/pass"])
	}
}

// TestOneJobOfAnAccountAtATimeOnPostgres: jobs of one account never run
// at once, in one daemon or across two: one that finds its account busy
// waits (snoozed) and runs after, once.
func TestOneJobOfAnAccountAtATimeOnPostgres(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("PostgreSQL only: scripts/test runs it in its PostgreSQL stage (FOLLOWUP_TEST_STORE=postgres)")
	}
	dsn := storetest.Schema(t)
	const n = 6
	var mu sync.Mutex
	active, most, ran := 0, 0, map[string]int{}
	gate := make(chan struct{}) // the first job waits here until another was snoozed
	first := true
	run := func(_ context.Context, account, work string) error {
		mu.Lock()
		active++
		most = max(most, active)
		ran[work]++
		wait := first
		first = false
		mu.Unlock()
		if wait {
			<-gate
		}
		mu.Lock()
		active--
		mu.Unlock()
		return nil
	}
	var queues []*jobs.Queue
	for range 2 {
		q, err := jobs.Open(t.Context(), dsn, run, jobs.Options{Workers: 4})
		if err != nil {
			t.Fatal(err)
		}
		queues = append(queues, q)
	}
	events, cancel := queues[0].Subscribe()
	defer cancel()
	events1, cancel1 := queues[1].Subscribe()
	defer cancel1()
	at := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	for i := range n {
		if err := queues[i%2].Enqueue(t.Context(), "ana", fmt.Sprintf("w%d", i), at); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range queues {
		if err := q.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	completed, snoozed := 0, 0
	timeout := time.After(30 * time.Second)
	for completed < n {
		var ev *river.Event
		select {
		case ev = <-events:
		case ev = <-events1:
		case <-timeout:
			t.Fatalf("%d of %d jobs completed in 30 s (%d snoozes)", completed, n, snoozed)
		}
		switch ev.Kind {
		case river.EventKindJobSnoozed:
			if snoozed++; snoozed == 1 {
				close(gate)
			}
		case river.EventKindJobCompleted:
			completed++
		default:
			t.Fatalf("job %s: %s", ev.Job.Kind, ev.Kind)
		}
	}
	for _, q := range queues {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := q.Stop(ctx); err != nil {
			t.Error(err)
		}
		cancel()
	}
	mu.Lock()
	defer mu.Unlock()
	if most != 1 || snoozed == 0 {
		t.Errorf("at most %d jobs of the account ran at once (%d snoozed); want 1, and a snooze", most, snoozed)
	}
	for i := range n {
		if w := fmt.Sprintf("w%d", i); ran[w] != 1 {
			t.Errorf("job %s ran %d times, want once", w, ran[w])
		}
	}
}
