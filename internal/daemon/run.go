package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/followup-dev/followup/internal/calfeed"
	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/imapwatch"
	"github.com/followup-dev/followup/internal/schedule"
	"github.com/followup-dev/followup/internal/store"
)

// Defaults of Options.
const (
	DefaultGrace        = 5 * time.Second
	DefaultPoll         = time.Second
	DefaultHousekeeping = "@every 15m"
	// eventRetention is how long notified events are kept.
	eventRetention = 90 * 24 * time.Hour
)

// Options configure a Daemon. Services is required; zero values of the
// other fields take the defaults.
type Options struct {
	Services *Services
	// Clock drives the scheduler loop, the change poll and the heartbeat;
	// nil means clock.Real. The Services should read the same clock.
	Clock clock.Clock
	// Process does everything due now (Outbox.ProcessOnce: reconciliation,
	// stale actions to needs-review, drafts or sends, retries). It is
	// called with a context that ends Grace after shutdown begins.
	Process func(ctx context.Context, s *Services) error
	// Reload builds fresh Services (configuration and templates read again)
	// when a value arrives on Reloads; an error keeps the current ones.
	Reload  func(ctx context.Context) (*Services, error)
	Reloads <-chan struct{}
	// Housekeeping is the cron spec of the periodic catch-up (a full inbox
	// sync, quiet interviews, pruning old events); default every 15 min.
	Housekeeping string
	// Grace is how long work in flight (an SMTP transaction) may go on after
	// shutdown begins; default 5 s.
	Grace time.Duration
	// Poll is how often the store is checked for changes made by others
	// (the CLI); default 1 s.
	Poll time.Duration
	// MaxSleep caps the loop's sleep; default 1 min.
	MaxSleep time.Duration
	// OnPass, when set, is called after each scheduler pass (tests).
	OnPass func(now time.Time)
	// Changes, when set, is where the daemon learns of commits by others
	// (a daemon of many accounts: one store.ChangeFeed for all); nil: a
	// store.ChangeMonitor of its own.
	Changes func() Changes
	// Shared says the store is shared by several daemons of many accounts
	// (followup daemon --all-accounts): the daemon claims its account by
	// the lease alone (ClaimShared).
	Shared bool
	// Heartbeats, when set with Shared, renews the daemon's lease together
	// with the other account daemons' of the process, instead of the
	// daemon's own heartbeat.
	Heartbeats *Heartbeats
	// Jobs, when set, is the job queue the daemons sharing the store work
	// from (River on PostgreSQL): the daemon asks there for its account's
	// passes, digests and catch-ups (the work of Do), which any daemon's
	// worker then does, instead of doing them itself. It still watches the
	// inbox, writes the calendar feed and decides when work is due.
	Jobs Jobs
}

// Daemon is followup's background service over one store: the scheduler
// loop over due work, the IMAP watcher and the periodic cron jobs, all
// under the context given to Run.
type Daemon struct {
	o        Options
	svc      atomic.Pointer[Services]
	loop     *schedule.Loop
	work     context.Context // ends Grace after shutdown begins
	lastPass time.Time       // only touched by the loop goroutine
	signIn   SignInFilter
	feed     feedState   // only touched by the loop goroutine
	kicked   atomic.Bool // a pass was asked for (a change, a reload), or none ran yet
}

// New returns a Daemon ready to Run.
func New(o Options) *Daemon {
	if o.Clock == nil {
		o.Clock = clock.Real{}
	}
	if o.Housekeeping == "" {
		o.Housekeeping = DefaultHousekeeping
	}
	if o.Grace <= 0 {
		o.Grace = DefaultGrace
	}
	if o.Poll <= 0 {
		o.Poll = DefaultPoll
	}
	d := &Daemon{o: o}
	d.kicked.Store(true)
	d.svc.Store(o.Services)
	d.loop = schedule.NewLoop(schedule.Loop{Clock: o.Clock, Next: d.next, Run: d.pass, MaxSleep: o.MaxSleep,
		OnError: func(err error) { d.log().Error("scheduler pass failed", "err", err) }})
	return d
}

// Services are the use cases in use (they change on reload).
func (d *Daemon) Services() *Services { return d.svc.Load() }

// Kick asks for a scheduler pass now. It never blocks.
func (d *Daemon) Kick() {
	d.kicked.Store(true)
	d.loop.Kick()
}

func (d *Daemon) log() *slog.Logger { return d.Services().Log }

// Run claims the store (or returns a *RunningError), catches up on missed
// work and runs until ctx ends; it then stops taking new work, lets work in
// flight finish for up to Grace, releases the store and returns nil. It
// returns an error, the same way, when the store file was replaced or
// removed under it. It blocks.
func (d *Daemon) Run(ctx context.Context) error {
	e := d.Services()
	var file os.FileInfo // the SQLite file, to notice it replaced
	if path := e.Store.Path(); path != "" {
		var err error
		if file, err = os.Stat(path); err != nil {
			return fmt.Errorf("store: %w", err)
		}
	}
	claim, err := d.claim(ctx, e.Store)
	if err != nil {
		return stoppedEarly(ctx, err)
	}
	// A failure that stops the daemon (the store file replaced) ends ctx
	// with a cause, which Run returns.
	ctx, fail := context.WithCancelCause(ctx)
	defer fail(nil)
	defer claim.Release(context.WithoutCancel(ctx))
	if hb := d.heartbeats(); hb != nil {
		hb.add(claim, func(err error) {
			d.log().Error("daemon stopping: another daemon may hold this account now", "err", err)
			fail(err)
		})
		defer hb.remove(claim)
	}
	mon, err := d.changes(ctx, e.Store)
	if err != nil {
		return stoppedEarly(ctx, err)
	}
	defer mon.Close()
	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	d.work = work
	// From here on, shutdown cancels work in flight Grace after ctx ends:
	// the start-up catch-up too, which may be sending a missed digest.
	idle := make(chan struct{})
	var grace sync.WaitGroup
	grace.Go(func() { d.cancelAfterGrace(ctx, idle, stopWork) })
	d.log().Info("daemon started", "pid", claim.Lease().PID, "store", e.Store.Describe())
	d.startup(ctx)
	if ctx.Err() == nil {
		d.serve(ctx, claim, mon, func() {
			if err := storeReplaced(e.Store.Path(), file); err != nil {
				d.log().Error("daemon stopping: the store file changed under it", "err", err)
				fail(err)
			}
		}, fail)
	}
	close(idle)
	grace.Wait()
	if err := context.Cause(ctx); errors.Is(err, errStoreReplaced) || errors.Is(err, store.ErrLeaseLost) || errors.Is(err, store.ErrLockLost) {
		return err
	}
	d.log().Info("daemon stopped")
	return nil
}

// Changes is what tells a daemon that others committed to the store.
type Changes interface {
	Changed(ctx context.Context) (bool, error)
	Close() error
}

// changes is the daemon's Changes: Options.Changes, else a monitor of its own.
func (d *Daemon) changes(ctx context.Context, st *store.Store) (Changes, error) {
	if d.o.Changes != nil {
		return d.o.Changes(), nil
	}
	return st.NewChangeMonitor(ctx)
}

// claim takes the store (ClaimStore), or only its lease (ClaimShared).
func (d *Daemon) claim(ctx context.Context, st *store.Store) (*Claim, error) {
	if d.o.Shared {
		return ClaimShared(ctx, st, d.o.Clock.Now())
	}
	return ClaimStore(ctx, st, d.o.Clock.Now())
}

// stoppedEarly is what Run returns when start-up failed with err: nil
// when the failure is only ctx ending (a SIGTERM while starting is a clean
// stop, as after start-up), else err.
func stoppedEarly(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// errStoreReplaced: the store file was replaced or removed while the
// daemon ran. Its open connections still read and write the old file, and
// never see the CLI's changes to the new one: only a restart helps.
var errStoreReplaced = errors.New("restart the daemon to use the file now at that path")

// storeReplaced reports an error when path is no longer the file it was.
func storeReplaced(path string, was os.FileInfo) error {
	if was == nil {
		return nil // PostgreSQL: no file
	}
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("store %s was removed (%v): %w", path, err, errStoreReplaced)
	}
	if !os.SameFile(fi, was) {
		return fmt.Errorf("store %s was replaced by another file: %w", path, errStoreReplaced)
	}
	return nil
}

// cancelAfterGrace calls stopWork Grace after ctx ends, or at once when
// idle is closed (the work in flight finished) first.
func (d *Daemon) cancelAfterGrace(ctx context.Context, idle <-chan struct{}, stopWork func()) {
	defer stopWork()
	select {
	case <-ctx.Done():
	case <-idle:
		return
	}
	t := d.o.Clock.NewTimer(d.o.Grace)
	defer t.Stop()
	select {
	case <-t.C():
		d.log().Warn("work still running after the grace period: cancelled")
	case <-idle:
	}
}

// startup handles what was missed while no daemon ran: a missed digest is
// sent once and interviews that went quiet are marked. Overdue actions are
// the first pass's (Process sends the sensible ones once and holds stale
// ones for review). It runs on the work context and starts no new step
// once ctx has ended.
func (d *Daemon) startup(ctx context.Context) {
	if ctx.Err() != nil {
		return
	}
	if err := d.do(d.work, WorkStartup); err != nil {
		d.log().Error("start-up catch-up failed", "err", err)
	}
}

// serve runs the loop, the poller and the services until ctx ends, then
// waits for all of them; Run cancels work in flight Grace after ctx ends.
func (d *Daemon) serve(ctx context.Context, claim *Claim, mon Changes, checkFile func(), stop func(error)) {
	var wg sync.WaitGroup
	wg.Go(func() { d.loop.Start(ctx) })
	wg.Go(func() { d.services(ctx) })
	wg.Go(func() { d.poll(ctx, claim, mon, checkFile, stop) })
	wg.Wait()
}

// services runs the watcher and the cron jobs of the current Env, and
// restarts them with a new Env on each reload.
func (d *Daemon) services(ctx context.Context) {
	for {
		gen, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			defer close(done)
			d.runServices(gen)
		}()
		reloaded := d.waitReload(ctx)
		stop()
		<-done
		if !reloaded {
			return
		}
	}
}

// waitReload waits for a reload request that yields a new Env (true) or
// for ctx to end (false).
func (d *Daemon) waitReload(ctx context.Context) bool {
	for {
		select {
		case <-ctx.Done():
			return false
		case <-d.o.Reloads:
			if d.reload(ctx) {
				return true
			}
		}
	}
}

func (d *Daemon) reload(ctx context.Context) bool {
	if d.o.Reload == nil {
		return false
	}
	e, err := d.o.Reload(ctx)
	if err != nil {
		d.log().Error("reload failed: keeping the running configuration", "err", err)
		return false
	}
	d.svc.Store(e)
	d.log().Info("configuration reloaded")
	d.Kick()
	return true
}

// runServices runs the IMAP watcher and the cron jobs until ctx ends.
func (d *Daemon) runServices(ctx context.Context) {
	e := d.Services()
	c := schedule.NewCron(e.Config.Me.Location(), e.Log)
	// Jobs run on the work context: a digest being sent may finish after
	// shutdown begins; Stop below keeps new runs from starting.
	if err := c.Add(d.work, "digest", e.Config.Schedule.Digest, d.digest); err != nil {
		d.log().Error("digest not scheduled", "err", err)
	}
	if err := c.Add(d.work, "housekeeping", d.o.Housekeeping, d.housekeep); err != nil {
		d.log().Error("housekeeping not scheduled", "err", err)
	}
	c.Start()
	var wg sync.WaitGroup
	if e.Inbox.DialWatch != nil {
		wg.Go(func() { d.watch(ctx, e) })
	}
	<-ctx.Done()
	<-c.Stop().Done()
	wg.Wait()
}

// watch runs the IMAP watcher until ctx ends. What it records reaches the
// loop through the change poll.
func (d *Daemon) watch(ctx context.Context, e *Services) {
	w, err := e.Inbox.NewWatcher(ctx, imapwatch.WatchOptions{})
	if err == nil {
		err = w.Run(ctx)
	}
	if err != nil && ctx.Err() == nil {
		d.log().Error("inbox watcher stopped", "err", err)
	}
}

// poll kicks the loop when another connection or process changed the
// store, checks that the store file is still the one opened (checkFile),
// and renews the lease's heartbeat, until ctx ends.
func (d *Daemon) poll(ctx context.Context, claim *Claim, mon Changes, checkFile func(), stop func(error)) {
	lastBeat := d.o.Clock.Now()
	for {
		if clock.Sleep(ctx, d.o.Clock, d.o.Poll) != nil {
			return
		}
		checkFile()
		if changed, err := mon.Changed(ctx); err != nil && ctx.Err() == nil {
			d.log().Warn("change poll failed", "err", err)
		} else if changed {
			d.Kick()
		}
		if now := d.o.Clock.Now(); d.heartbeats() == nil && heartbeatDue(lastBeat, now) {
			lastBeat = now
			if err := claim.Renew(ctx, now); err != nil && ctx.Err() == nil {
				if errors.Is(err, store.ErrLeaseLost) || errors.Is(err, store.ErrLockLost) {
					d.log().Error("daemon stopping: another daemon may hold this store now", "err", err)
					stop(err)
					return
				}
				d.log().Error("lease heartbeat failed", "err", err)
			}
			// The heartbeat is no news for the loop. A change committed by
			// someone else in this instant is seen by the capped sleep.
			mon.Changed(ctx)
		}
	}
}

// heartbeats is Options.Heartbeats when it renews this daemon's lease.
func (d *Daemon) heartbeats() *Heartbeats {
	if d.o.Shared {
		return d.o.Heartbeats
	}
	return nil
}

// heartbeatDue reports whether the lease should be renewed at now, last
// renewed at last: every LeaseHeartbeat, and at once when the wall clock
// jumped (set back, or forward on waking from suspend, which the monotonic
// clock does not count), so that the lease never looks stale while the
// daemon runs.
func heartbeatDue(last, now time.Time) bool {
	wall := now.Round(0).Sub(last.Round(0))
	return now.Sub(last) >= LeaseHeartbeat || wall >= LeaseHeartbeat || wall < 0
}

// next is when the loop should wake: just after the earliest pending
// action or outbox retry. Work that was already due at the last pass and
// is still waiting (outside the send window, over the daily cap) does not
// wake it early: the capped sleep looks again.
func (d *Daemon) next(ctx context.Context) (time.Time, bool, error) {
	e := d.Services()
	var best time.Time
	found := false
	for _, f := range []func(context.Context) (time.Time, bool, error){e.Store.NextPendingDue, e.Store.NextOutboxDue} {
		at, ok, err := f(ctx)
		if err != nil {
			return time.Time{}, false, err
		}
		// Due times have whole seconds and "due before now" is strict.
		at = at.Add(time.Second)
		if ok && at.After(d.lastPass) && (!found || at.Before(best)) {
			best, found = at, true
		}
	}
	return best, found, nil
}

// pass is one scheduler pass: due work, notices, the user's own mail due
// again. It runs on the work context, so that an SMTP transaction begun
// before shutdown may finish.
func (d *Daemon) pass(_ context.Context, now time.Time) error {
	d.lastPass = now
	e, ctx := d.Services(), d.work
	var err error
	if d.kicked.Swap(false) || d.o.Jobs == nil || workWaiting(ctx, e, now) {
		if err = d.do(ctx, WorkPass); err != nil && d.o.Jobs != nil {
			d.kicked.Store(true) // not asked for: ask again at the next wake
		}
	}
	if e.FeedPath != "" {
		d.writeFeed(ctx, e, now)
	}
	if d.o.OnPass != nil {
		d.o.OnPass(now)
	}
	return d.signIn.Filter(e.Log, err)
}

// do does work w of the daemon's account now, or asks the job queue for
// it (Options.Jobs).
func (d *Daemon) do(ctx context.Context, w Work) error {
	e := d.Services()
	if d.o.Jobs != nil {
		return d.o.Jobs.Enqueue(ctx, e.Config.Account, string(w), d.o.Clock.Now())
	}
	return Do(ctx, e, w, d.o.Process)
}

// workWaiting reports whether a pass woken by the capped sleep alone (no
// change, nothing new due) has anything to do: work due and still waiting
// (outside the send window, over the cap), a message a crash left unsure,
// a notice not sent yet (one failed, or came after a pass had read the
// events), a Sent copy not filed yet. Without, a daemon asking River for
// its passes asks for none: at thousands of accounts that is most of the
// jobs at rest. An error says yes (the pass finds out).
func workWaiting(ctx context.Context, e *Services, now time.Time) bool {
	st := e.Store
	for _, f := range []func(context.Context) (time.Time, bool, error){st.NextPendingDue, st.NextOutboxDue} {
		at, ok, err := f(ctx)
		if err != nil || ok && !at.After(now) {
			return true
		}
	}
	if unsure, err := st.ListOutbox(ctx, store.OutboxSending, store.OutboxUnknown); err != nil || len(unsure) > 0 {
		return true
	}
	if waiting, err := e.Digest.NoticesWaiting(ctx); err != nil || waiting {
		return true
	}
	copies, err := st.SentCopiesPending(ctx)
	return err != nil || len(copies) > 0
}

// feedState is what the daemon knows of the calendar feed it last wrote:
// for which services, from which store.FeedVersion, and when.
type feedState struct {
	for_    *Services
	version string
	at      time.Time
}

// feedRefresh is how long a feed over an unchanged store is kept before
// it is built again anyway.
const feedRefresh = time.Hour

// writeFeed rebuilds the calendar feed unless nothing it is built from
// changed since it was last written (store.FeedVersion, by anyone: the
// daemon's pass, the CLI, the web page), the services are the same, the
// file is there and it is less than feedRefresh old: building it reads
// every interview, and a pass over an unchanged store of thousands of
// interviews need not. A version whose latest write is in the last few
// seconds is not trusted (a second write within the same second leaves it
// as it is). The feed is a view: a failure to write it is logged, and the
// next pass tries again.
func (d *Daemon) writeFeed(ctx context.Context, e *Services, now time.Time) {
	f := &d.feed
	version, latest, err := e.Store.FeedVersion(ctx)
	if err == nil && f.for_ == e && version == f.version && now.Sub(f.at) < feedRefresh {
		if _, err := os.Stat(e.FeedPath); err == nil {
			return
		}
	}
	if err := calfeed.WriteFeed(ctx, e.Store, e.FeedPath, now); err != nil {
		d.log().Warn("calendar feed not written", "path", e.FeedPath, "err", err)
		*f = feedState{}
		return
	}
	*f = feedState{for_: e, version: version, at: now}
	if err != nil || now.Sub(latest) < 3*time.Second {
		f.version = "" // not to be trusted: build again next time
	}
}

// digest is the digest cron job: the digest when one is due (Do's
// WorkDigest).
func (d *Daemon) digest(ctx context.Context) {
	if err := d.do(ctx, WorkDigest); err != nil {
		d.log().Error("digest failed", "err", err)
	}
}

// housekeep is the periodic catch-up (Do's WorkHousekeeping); the loop
// then looks at what it changed.
func (d *Daemon) housekeep(ctx context.Context) {
	if err := d.do(ctx, WorkHousekeeping); err != nil && ctx.Err() == nil {
		d.log().Warn("housekeeping failed", "err", err)
	}
	d.Kick()
}
