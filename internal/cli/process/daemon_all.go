package process

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/daemon"
	"github.com/followup-dev/followup/internal/jobs"
	"github.com/followup-dev/followup/internal/render"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/store/sqldb"
	"github.com/followup-dev/followup/internal/usage"
)

// claimRetry is how often a daemon of all accounts tries again to take an
// account another daemon holds: with LeaseTTL, an account whose daemon died
// is taken over within a minute.
const claimRetry = 10 * time.Second

// runAllAccounts is `followup daemon --all-accounts`: one account daemon
// per account of the config in this process, each claiming its account
// (its lock and lease; on PostgreSQL its lease alone, so that several such
// daemons on other machines share the accounts), and taking again every
// claimRetry an account it does not hold; on PostgreSQL their work goes
// through River (openJobs). SIGHUP reloads every account, starts the
// daemons of accounts added to the file and stops those of accounts gone.
func runAllAccounts(ctx context.Context, a *command.App, o daemonOptions) error {
	file, err := a.FileConfig()
	if err != nil {
		return err
	}
	all, err := a.AllAccounts(ctx)
	if err != nil {
		return err
	}
	log, err := daemonLogger(a.Err, o, a.OutTTY)
	if err != nil {
		return err
	}
	if o.once {
		var errs []error
		for _, name := range file.AccountNames() {
			acct, err := a.ForAccount(ctx, name)
			if err == nil {
				err = runOnce(ctx, acct, o)
			}
			errs = append(errs, err)
		}
		return errors.Join(errs...)
	}
	if file.Web.Listen != "" {
		log.Info("[web] listen is not served by a daemon of all accounts: run followup web --account NAME")
	}
	shared := all.Dialect() == sqldb.Postgres
	feed, err := all.NewChangeFeed(ctx)
	if err != nil {
		return err
	}
	go pollFeed(ctx, a, feed, log)
	// One template set for every account ([templates] is the file's):
	// parsed once, not once per account, and again after a SIGHUP.
	templates := &sharedTemplates{load: templateLoader(a)}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP) // before any work, so an early SIGHUP never kills the daemon
	defer signal.Stop(hup)
	run, stopAll := context.WithCancel(ctx)
	defer stopAll()
	s := &accountSet{ctx: run, log: log, feed: feed, templates: templates, running: map[string]*accountRun{}}
	var workers *accountWorkers
	waitJobs := func() {}
	var beats sync.WaitGroup
	if shared {
		if s.queue, workers, waitJobs, err = startJobs(run, a, log, templates); err != nil {
			return err
		}
		host, _ := os.Hostname()
		s.board = &leaseBoard{st: all, clock: a.Clock, host: host}
		s.heartbeats = daemon.NewHeartbeats(all, a.Clock, log)
		beats.Go(func() { s.heartbeats.Run(run) })
	}
	err = s.sync(a, file.AccountNames())
	if err == nil {
		s.serveHangups(a, hup, workers)
	}
	stopAll()
	s.wg.Wait()
	beats.Wait()
	waitJobs()
	return err
}

// startJobs opens and starts the River queue of a daemon of all accounts
// (openJobs). It stops fetching jobs as soon as ctx ends, beside the
// account daemons' grace, and gives the jobs running the same grace; wait
// returns once it stopped.
func startJobs(ctx context.Context, a *command.App, log *slog.Logger, templates *sharedTemplates) (*jobs.Queue, *accountWorkers, func(), error) {
	queue, workers, err := openJobs(ctx, a, log, templates)
	if err != nil {
		return nil, nil, nil, err
	}
	// Its own context: Stop below, not ctx, ends the jobs running.
	if err := queue.Start(context.WithoutCancel(ctx)); err != nil {
		return nil, nil, nil, err
	}
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		<-ctx.Done()
		stop, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*daemon.DefaultGrace)
		defer cancel()
		if err := queue.Stop(stop); err != nil {
			log.Warn("job queue not stopped cleanly", "err", err)
		}
	}()
	return queue, workers, func() { <-stopped }, nil
}

// accountSet is the account daemons a daemon of all accounts runs, one
// per account of the config file, as a SIGHUP leaves it.
type accountSet struct {
	ctx        context.Context
	log        *slog.Logger
	queue      *jobs.Queue
	feed       *store.ChangeFeed
	templates  *sharedTemplates
	running    map[string]*accountRun
	board      *leaseBoard        // on PostgreSQL; nil on SQLite
	heartbeats *daemon.Heartbeats // on PostgreSQL: every account's lease renewed in one go
	started    bool               // the first sync is done
	wg         sync.WaitGroup
}

// accountRun is one account's supervised daemon.
type accountRun struct {
	stop    context.CancelFunc
	reloads chan struct{}
}

// sync makes the set run the accounts named: a daemon started for each
// new one (of root's config file), the daemon of each one gone stopped
// (its data stays in the store), a reload asked of the others.
func (s *accountSet) sync(root *command.App, names []string) error {
	want := map[string]bool{}
	for _, name := range names {
		want[name] = true
		if r := s.running[name]; r != nil {
			requestReloads(r.reloads)
			continue
		}
		acct, err := root.ForAccount(s.ctx, name)
		if err != nil {
			return err
		}
		ctx, stop := context.WithCancel(s.ctx)
		r := &accountRun{stop: stop, reloads: make(chan struct{}, 1)}
		s.running[name] = r
		log := s.log.With("account", name)
		s.wg.Go(func() { superviseAccount(ctx, acct, log, s, r.reloads) })
		if s.started {
			log.Info("account added: its daemon started")
		}
	}
	for name, r := range s.running {
		if !want[name] {
			r.stop()
			delete(s.running, name)
			s.log.Info("account no longer in the config: its daemon stopped (its data stays; followup rm --all --account removes it)", "account", name)
		}
	}
	s.started = true
	return nil
}

// serveHangups reloads on each SIGHUP until the set's context ends: the
// config file and the templates read again, the job workers' use cases
// built again from them, the accounts synced with the file. A file (or a
// template) that does not load keeps what runs as it is.
func (s *accountSet) serveHangups(a *command.App, hup <-chan os.Signal, workers *accountWorkers) {
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-hup:
		}
		root, err := a.Reread(s.ctx)
		if err != nil {
			s.log.Error("reload failed: keeping the accounts running as they are", "err", err)
			continue
		}
		if err := s.templates.reload(); err != nil {
			s.log.Error("templates not reloaded: keeping the running ones", "err", err)
		}
		if workers != nil {
			workers.use(root)
		}
		file, _ := root.FileConfig()
		if err := s.sync(root, file.AccountNames()); err != nil {
			s.log.Error("reload failed: keeping the accounts running as they are", "err", err)
		}
	}
}

// superviseAccount runs the daemon of one account until ctx ends: while
// another daemon holds the account it tries again every claimRetry, and
// after a failure it starts it again.
func superviseAccount(ctx context.Context, a *command.App, log *slog.Logger, s *accountSet, reloads chan struct{}) {
	for ctx.Err() == nil {
		var err error
		if s.board == nil || !s.board.heldByAnother(ctx, a.Account) {
			err = runAccount(ctx, a, log, s, reloads)
		}
		var running *daemon.RunningError
		switch {
		case ctx.Err() != nil:
			return
		case errors.As(err, &running):
			log.Debug("account held by another daemon", "pid", running.Lease.PID, "host", running.Lease.Host)
		case usage.Is(err):
			log.Error("account not started: fix the config and send SIGHUP", "err", err)
			select { // no use trying again before the files change
			case <-ctx.Done():
				return
			case <-reloads:
			}
			continue
		case err != nil:
			log.Error("account daemon stopped", "err", err)
		}
		if clock.Sleep(ctx, a.Clock, claimRetry) != nil {
			return
		}
	}
}

// runAccount runs the daemon of one account. With a queue (PostgreSQL) it
// claims the account by its lease alone, renewed with the others', and
// asks the queue for its work.
func runAccount(ctx context.Context, a *command.App, log *slog.Logger, s *accountSet, reloads chan struct{}) error {
	svc, err := a.ServicesWith(ctx, log, s.templates.get)
	if err != nil {
		return err
	}
	var queued daemon.Jobs
	if s.queue != nil {
		queued = s.queue
	}
	d := daemon.New(daemon.Options{Services: svc, Process: processPass, Reloads: reloads, Clock: a.Clock,
		Shared: s.queue != nil, Jobs: queued, Heartbeats: s.heartbeats,
		Changes: func() daemon.Changes { return s.feed.Watcher(svc.Config.Account) },
		Reload: func(ctx context.Context) (*daemon.Services, error) {
			return a.ReloadServicesWith(ctx, log, s.templates.get)
		}})
	return d.Run(ctx)
}

// templateLoader loads the templates [templates] of the config file names
// as it is when called: an App of its own, so that it shares nothing with
// the account daemons (each reloads its App on SIGHUP while another may be
// loading the templates).
func templateLoader(a *command.App) func() (*render.Set, error) {
	return func() (*render.Set, error) {
		own := &command.App{Streams: a.Streams, Clock: a.Clock, ConfigPath: a.ConfigPath, NoPager: true}
		file, err := own.FileConfig()
		if err != nil {
			return nil, err
		}
		if names := file.AccountNames(); len(names) > 0 {
			own.Account = names[0] // [templates] is the file's: any account's view has it
		}
		return own.LoadTemplates()
	}
}

// sharedTemplates is the template set every account of the process uses:
// loaded on first use and kept while it loads (an error is not kept: the
// next try reads the files again), replaced on SIGHUP when the new files
// load.
type sharedTemplates struct {
	load func() (*render.Set, error)
	mu   sync.Mutex
	set  *render.Set
}

func (t *sharedTemplates) get() (*render.Set, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.set != nil {
		return t.set, nil
	}
	set, err := t.load()
	if err == nil {
		t.set = set
	}
	return set, err
}

// reload reads the templates again: the new set replaces the old one,
// unless it does not load (the old one is kept, the error returned).
func (t *sharedTemplates) reload() error {
	set, err := t.load()
	if err != nil {
		return err
	}
	t.mu.Lock()
	t.set = set
	t.mu.Unlock()
	return nil
}

// pollFeed reads the store's data version once every daemon.DefaultPoll
// for every account of the process, until ctx ends.
func pollFeed(ctx context.Context, a *command.App, feed *store.ChangeFeed, log *slog.Logger) {
	for {
		if clock.Sleep(ctx, a.Clock, daemon.DefaultPoll) != nil {
			return
		}
		if err := feed.Poll(ctx); err != nil && ctx.Err() == nil {
			log.Warn("change poll failed", "err", err)
		}
	}
}

// leaseBoard is every account's lease as the store held it at most
// claimRetry/2 ago, read in one query for all: on a store several daemons
// share, an account another live daemon holds is not tried (building its
// use cases and trying its claim, for thousands of accounts every
// claimRetry, costs far more). Only there: on SQLite a lease of this host
// is taken over at once, on the file lock's word, which the board cannot
// give.
type leaseBoard struct {
	st    *store.Store // the whole store's view
	clock clock.Clock
	host  string // this machine's name, as a lease names it
	mu    sync.Mutex
	at    time.Time
	all   map[string]store.Lease
}

// heldByAnother reports whether the account (its config name) is held by
// a live daemon other than this process. A failure to read says no: the
// claim then finds out.
func (b *leaseBoard) heldByAnother(ctx context.Context, account string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.clock.Now()
	if b.all == nil || now.Sub(b.at) >= claimRetry/2 || now.Before(b.at) {
		all, err := b.st.Leases(ctx)
		if err != nil {
			return false
		}
		b.all, b.at = all, now
	}
	l, ok := b.all[command.StoreAccount(account)]
	return ok && l.Alive(now, daemon.LeaseTTL) && (l.PID != os.Getpid() || l.Host != b.host)
}
