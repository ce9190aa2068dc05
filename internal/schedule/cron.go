package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/robfig/cron/v3"
)

// Cron runs periodic jobs (the digest, housekeeping) in the user's zone.
// A job that panics is logged and recovered, and runs again next time; a
// job still running when its next run is due is skipped rather than stacked.
type Cron struct {
	c   *cron.Cron
	log *slog.Logger
}

// specParser accepts five fields and descriptors such as "@daily".
var specParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// NewCron makes a Cron whose specs are read in loc.
func NewCron(loc *time.Location, log *slog.Logger) *Cron {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cl := cronLogger{log}
	return &Cron{
		c: cron.New(cron.WithLocation(loc), cron.WithParser(specParser), cron.WithLogger(cl),
			cron.WithChain(cron.Recover(cl), cron.SkipIfStillRunning(cl))),
		log: log,
	}
}

// Add schedules job under name. The spec is parsed inside recover, since
// robfig/cron panics on some malformed specs. job gets ctx, which should be
// the daemon's: cron itself passes no context.
func (c *Cron) Add(ctx context.Context, name, spec string, job func(context.Context)) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("cron spec %q for %s: %v", spec, name, r)
		}
	}()
	_, err = c.c.AddFunc(spec, func() {
		// Recovered here, inside cron's SkipIfStillRunning: a panic that
		// reached it would leave the job marked running, skipped for good.
		defer func() {
			if r := recover(); r != nil {
				c.log.Error("cron job panicked", "job", name, "err", fmt.Sprint(r), "stack", string(debug.Stack()))
			}
		}()
		c.log.Debug("cron job starting", "job", name)
		job(ctx)
	})
	if err != nil {
		return fmt.Errorf("cron spec %q for %s: %w", spec, name, err)
	}
	return nil
}

// Start runs the scheduler in its own goroutine.
func (c *Cron) Start() { c.c.Start() }

// Stop stops scheduling and returns a context that is done when running
// jobs have finished. It does not cancel them: cancel their ctx for that.
func (c *Cron) Stop() context.Context { return c.c.Stop() }

// Prev returns the latest time at or before now when spec was due, looking
// back at most a week; ok is false when it was not due in that time. The
// daemon uses it to send a missed digest once on start.
//
// Unlike cron's scheduler, Prev reads spec on the wall clock of loc (or of
// its CRON_TZ= prefix), so that daylight-saving changes neither lose nor
// double a slot: a slot in the spring-forward gap is due at the end of the
// gap, and one in the repeated fall-back hour is one slot, its first
// occurrence.
func Prev(spec string, now time.Time, loc *time.Location) (at time.Time, ok bool, err error) {
	sched, err := parseSpec(spec)
	if err != nil {
		return time.Time{}, false, err
	}
	if s, isSpec := sched.(*cron.SpecSchedule); isSpec && s.Location != time.Local {
		wallSpec := *s // CRON_TZ=: its zone is the one that counts
		loc, wallSpec.Location = s.Location, time.UTC
		sched = &wallSpec
	}
	wallNow := wallClock(now.In(loc))
	var last time.Time
	for t := sched.Next(wallNow.Add(-7*24*time.Hour - time.Second)); !t.IsZero() && !t.After(wallNow); t = sched.Next(t) {
		last = t
	}
	if last.IsZero() {
		return time.Time{}, false, nil
	}
	return instant(last, loc), true, nil
}

// wallClock is t's wall-clock reading in its zone, as a UTC time.
func wallClock(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// instant is when the wall clock in loc reads wall (a UTC time): the
// earlier moment when that reading occurs twice, and the end of the gap
// when the clock skips it. time.Date leaves both choices unspecified.
func instant(wall time.Time, loc *time.Location) time.Time {
	at := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), wall.Nanosecond(), loc)
	start, end := at.ZoneBounds()
	var best time.Time
	// The reading may occur under the offset in force at at, or under the
	// one just before or just after at's zone period.
	for _, probe := range []time.Time{start.Add(-time.Nanosecond), at, end} {
		_, off := probe.In(loc).Zone()
		c := wall.Add(-time.Duration(off) * time.Second).In(loc)
		if wallClock(c).Equal(wall) && (best.IsZero() || c.Before(best)) {
			best = c
		}
	}
	switch {
	case !best.IsZero():
		return best
	case wallClock(at).After(wall): // in a gap, moved past it
		return start
	default: // in a gap, moved before it
		return end
	}
}

func parseSpec(spec string) (s cron.Schedule, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("cron spec %q: %v", spec, r)
		}
	}()
	return specParser.Parse(spec)
}

// cronLogger adapts slog to cron's logger.
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append(kv, "err", err)...)
}
