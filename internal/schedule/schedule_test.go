package schedule

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/clock"
)

var t0 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// pass is one call of the loop's Run.
type pass struct{ now time.Time }

func startLoop(t *testing.T, f *clock.Fake, next func() (time.Time, bool)) (*Loop, chan pass) {
	t.Helper()
	passes := make(chan pass, 10)
	ctx, cancel := context.WithCancel(context.Background())
	l := NewLoop(Loop{
		Clock:    f,
		MaxSleep: time.Minute,
		Next: func(context.Context) (time.Time, bool, error) {
			at, ok := next()
			return at, ok, nil
		},
		Run: func(ctx context.Context, now time.Time) error {
			select {
			case passes <- pass{now}:
			case <-ctx.Done():
			}
			return nil
		},
	})
	done := make(chan error)
	made := f.TimerMade()
	go func() { done <- l.Start(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != context.Canceled {
			t.Errorf("Start() = %v, want context.Canceled", err)
		}
	})
	<-passes // the first pass runs at once
	<-made   // and then the loop sleeps
	return l, passes
}

func TestLoopSleepsUntilNextDue(t *testing.T) {
	f := clock.NewFake(t0)
	due := t0.Add(20 * time.Second)
	// Once the due time has passed (the work was done), nothing more is due.
	_, passes := startLoop(t, f, func() (time.Time, bool) { return due, f.Now().Before(due) })
	made := f.TimerMade()
	f.Advance(19 * time.Second)
	select {
	case p := <-passes:
		t.Fatalf("pass at %v, before the due time %v", p.now, due)
	default:
	}
	f.Advance(time.Second)
	if p := <-passes; !p.now.Equal(due) {
		t.Errorf("pass at %v, want %v", p.now, due)
	}
	<-made
}

func TestLoopCapsSleep(t *testing.T) {
	f := clock.NewFake(t0)
	_, passes := startLoop(t, f, func() (time.Time, bool) { return t0.Add(24 * time.Hour), true })
	f.Advance(time.Minute)
	if p := <-passes; !p.now.Equal(t0.Add(time.Minute)) {
		t.Errorf("pass at %v, want after the one-minute cap", p.now)
	}
}

func TestLoopKick(t *testing.T) {
	f := clock.NewFake(t0)
	l, passes := startLoop(t, f, func() (time.Time, bool) { return time.Time{}, false })
	l.Kick()
	l.Kick() // collapses with the first
	if p := <-passes; !p.now.Equal(t0) {
		t.Errorf("kicked pass at %v, want %v (no time passed)", p.now, t0)
	}
}

func TestCronAddRejectsBadSpecs(t *testing.T) {
	c := NewCron(time.UTC, nil)
	for _, spec := range []string{"61 * * * *", "TZ=Nowhere/X 0 8 * * *", "", "* * *"} {
		if err := c.Add(context.Background(), "x", spec, func(context.Context) {}); err == nil {
			t.Errorf("Add(%q) = nil, want an error", spec)
		}
	}
	if err := c.Add(context.Background(), "digest", "0 8 * * MON-FRI", func(context.Context) {}); err != nil {
		t.Errorf("Add(valid) = %v", err)
	}
}

func TestPrev(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	tests := []struct {
		now  time.Time
		want time.Time
	}{
		// Monday 09:00 Berlin: the digest ran at 08:00 that day.
		{time.Date(2026, 11, 23, 9, 0, 0, 0, berlin), time.Date(2026, 11, 23, 8, 0, 0, 0, berlin)},
		// Sunday: the last one was Friday.
		{time.Date(2026, 11, 22, 12, 0, 0, 0, berlin), time.Date(2026, 11, 20, 8, 0, 0, 0, berlin)},
		// exactly at the time counts.
		{time.Date(2026, 11, 24, 8, 0, 0, 0, berlin), time.Date(2026, 11, 24, 8, 0, 0, 0, berlin)},
	}
	for _, tt := range tests {
		got, ok, err := Prev("0 8 * * MON-FRI", tt.now, berlin)
		if err != nil || !ok || !got.Equal(tt.want) {
			t.Errorf("Prev(%v) = %v, %v, %v; want %v", tt.now, got, ok, err, tt.want)
		}
	}
}

// TestCronJobRunsAgainAfterPanic: a job that panics is recovered and
// logged, and its next run is not skipped as "still running".
func TestCronJobRunsAgainAfterPanic(t *testing.T) {
	var logs bytes.Buffer
	c := NewCron(time.UTC, slog.New(slog.NewTextHandler(&logs, nil)))
	runs := 0
	err := c.Add(context.Background(), "digest", "0 8 * * *", func(context.Context) {
		runs++
		if runs == 1 {
			panic("boom")
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	job := c.c.Entries()[0].WrappedJob
	job.Run()
	job.Run()
	if runs != 2 {
		t.Errorf("runs of a job that panicked once = %d, want 2", runs)
	}
	if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "boom") || !strings.Contains(logs.String(), "digest") {
		t.Errorf("log = %q, want an error naming the job and the panic", logs.String())
	}
}

// TestLoopRecoversPanic: a pass that panics is reported as an error with
// its stack, and the loop goes on with the next pass.
func TestLoopRecoversPanic(t *testing.T) {
	f := clock.NewFake(t0)
	errs, passes := make(chan error, 10), make(chan time.Time, 10)
	n := 0 // passes run, only touched by the loop
	l := NewLoop(Loop{Clock: f,
		Next:    func(context.Context) (time.Time, bool, error) { return time.Time{}, false, nil },
		OnError: func(err error) { errs <- err },
		Run: func(_ context.Context, now time.Time) error {
			n++
			passes <- now
			if n == 1 {
				panic("boom")
			}
			return nil
		},
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.Start(ctx) }()
	defer func() { cancel(); <-done }()
	<-passes
	var err error
	select {
	case err = <-errs:
	case <-time.After(10 * time.Second):
		t.Fatal("no error reported for the pass that panicked")
	}
	if !strings.Contains(err.Error(), "boom") || !strings.Contains(err.Error(), "goroutine") {
		t.Errorf("OnError(%v), want the panic with its stack", err)
	}
	l.Kick()
	select {
	case now := <-passes:
		if !now.Equal(t0) {
			t.Errorf("pass after the panic at %v, want %v", now, t0)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no pass after the one that panicked")
	}
}

// TestPrevDST: a slot in the spring-forward gap is due once, when the gap
// ends; a slot in the repeated fall-back hour is one slot, its first
// occurrence, whichever of the two hours now is in.
func TestPrevDST(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	newYork, _ := time.LoadLocation("America/New_York")
	utc := func(s string) time.Time {
		at, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return at
	}
	tests := []struct {
		spec string
		loc  *time.Location
		now  time.Time
		want time.Time
	}{
		// 29 March 2026, Berlin: 02:00 CET jumps to 03:00 CEST (01:00Z).
		{"30 2 * * *", berlin, utc("2026-03-29T00:59:00Z"), utc("2026-03-28T01:30:00Z")},
		{"30 2 * * *", berlin, utc("2026-03-29T01:00:00Z"), utc("2026-03-29T01:00:00Z")},
		{"30 2 * * *", berlin, utc("2026-03-29T01:45:00Z"), utc("2026-03-29T01:00:00Z")},
		{"30 2 * * *", berlin, utc("2026-03-30T01:00:00Z"), utc("2026-03-30T00:30:00Z")},
		// 25 October 2026, Berlin: 03:00 CEST goes back to 02:00 CET (01:00Z).
		{"30 2 * * *", berlin, utc("2026-10-25T00:45:00Z"), utc("2026-10-25T00:30:00Z")}, // 02:45 CEST
		{"30 2 * * *", berlin, utc("2026-10-25T01:45:00Z"), utc("2026-10-25T00:30:00Z")}, // 02:45 CET
		// New York: 8 March 02:00 EST jumps to 03:00 EDT (07:00Z); 1 November 01:00-02:00 repeats.
		{"30 2 * * *", newYork, utc("2026-03-08T07:10:00Z"), utc("2026-03-08T07:00:00Z")},
		{"30 1 * * *", newYork, utc("2026-11-01T06:45:00Z"), utc("2026-11-01T05:30:00Z")}, // 01:45 EST
		{"CRON_TZ=Europe/Berlin 30 2 * * *", time.UTC, utc("2026-10-25T01:45:00Z"), utc("2026-10-25T00:30:00Z")},
	}
	for _, tt := range tests {
		got, ok, err := Prev(tt.spec, tt.now, tt.loc)
		if err != nil || !ok || !got.Equal(tt.want) {
			t.Errorf("Prev(%q, %v, %v) = %v, %v, %v; want %v", tt.spec, tt.now, tt.loc, got.UTC(), ok, err, tt.want)
		}
	}
}

// TestPrevNeverDue: a spec that never matches (30 February) is not due,
// and Prev returns.
func TestPrevNeverDue(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		if at, ok, err := Prev("0 8 30 2 *", t0, time.UTC); err != nil || ok {
			t.Errorf("Prev(30 February) = %v, %v, %v; want not due", at, ok, err)
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Prev(30 February) did not return")
	}
}

// TestLoopNoPassAfterCancel: once ctx has ended the loop starts no pass,
// not even one it was kicked for: shutdown takes no new work.
func TestLoopNoPassAfterCancel(t *testing.T) {
	f := clock.NewFake(t0)
	passes := 0
	l := NewLoop(Loop{Clock: f,
		Next: func(context.Context) (time.Time, bool, error) { return time.Time{}, false, nil },
		Run:  func(context.Context, time.Time) error { passes++; return nil },
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for range 20 {
		l.Kick()
		if err := l.Start(ctx); err != context.Canceled {
			t.Fatalf("Start(cancelled) = %v, want context.Canceled", err)
		}
	}
	if passes != 0 {
		t.Errorf("passes after cancel = %d, want 0", passes)
	}
}
