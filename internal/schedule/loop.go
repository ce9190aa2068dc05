package schedule

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/followup-dev/followup/internal/clock"
)

// Loop runs work whenever something is due. It sleeps until the earliest due
// time that Next reports, but never longer than MaxSleep (timers do not
// advance while a laptop sleeps, so a capped sleep catches up soon after
// waking), and wakes at once when Kick is called.
type Loop struct {
	// Clock is the time source; nil means clock.Real.
	Clock clock.Clock
	// Next returns the earliest time something will be due (ok false: nothing).
	Next func(ctx context.Context) (at time.Time, ok bool, err error)
	// Run does everything due at now. An error, or a panic, is passed to
	// OnError and the loop goes on.
	Run func(ctx context.Context, now time.Time) error
	// OnError is told about errors from Next and Run; nil ignores them.
	OnError func(err error)
	// MaxSleep caps each sleep; zero means one minute.
	MaxSleep time.Duration

	kick chan struct{}
}

// NewLoop returns a Loop ready to Run.
func NewLoop(l Loop) *Loop {
	l.kick = make(chan struct{}, 1)
	if l.Clock == nil {
		l.Clock = clock.Real{}
	}
	if l.MaxSleep <= 0 {
		l.MaxSleep = time.Minute
	}
	return &l
}

// Kick wakes the loop for an immediate pass. It never blocks; kicks while a
// pass runs collapse into one more pass.
func (l *Loop) Kick() {
	select {
	case l.kick <- struct{}{}:
	default:
	}
}

// Start runs passes until ctx ends, then returns ctx's error; no pass
// starts once ctx has ended, even when kicked. It blocks.
func (l *Loop) Start(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := l.run(ctx); err != nil && ctx.Err() == nil {
			l.report(err)
		}
		if err := l.sleep(ctx); err != nil {
			return err
		}
	}
}

// run is one pass; a panic in it is returned as an error with its stack,
// so that one bad row cannot stop the daemon.
func (l *Loop) run(ctx context.Context) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pass panicked: %v\n%s", r, debug.Stack())
		}
	}()
	return l.Run(ctx, l.Clock.Now())
}

func (l *Loop) sleep(ctx context.Context) error {
	d := l.MaxSleep
	at, ok, err := l.Next(ctx)
	if err != nil {
		l.report(err)
	} else if ok {
		if until := at.Sub(l.Clock.Now()); until < d {
			d = max(until, 0)
		}
	}
	t := l.Clock.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-l.kick:
	case <-t.C():
	}
	return nil
}

func (l *Loop) report(err error) {
	if l.OnError != nil {
		l.OnError(err)
	}
}
