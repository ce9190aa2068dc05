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
// claimRetry an account it does not hold. SIGHUP reloads every account.
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
	var templates *sharedTemplates
	type account struct {
		app     *command.App
		log     *slog.Logger
		reloads chan struct{}
	}
	var accounts []account
	var reloads []chan<- struct{}
	for _, name := range file.AccountNames() {
		acct, err := a.ForAccount(ctx, name)
		if err != nil {
			return err
		}
		if templates == nil {
			templates = &sharedTemplates{load: templateLoader(a, name)}
		}
		r := make(chan struct{}, 1)
		accounts = append(accounts, account{app: acct, log: log.With("account", name), reloads: r})
		reloads = append(reloads, r)
	}
	var queue *jobs.Queue
	var workers *accountWorkers
	if shared {
		if queue, workers, err = openJobs(ctx, a, log, templates); err != nil {
			return err
		}
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP) // before any work, so an early SIGHUP never kills the daemon
	go forwardHangups(ctx, hup, func() {
		templates.forget()
		if workers != nil {
			workers.forget()
		}
		requestReloads(reloads...)
	})
	if queue != nil {
		// Its own context: the jobs running at shutdown get the grace
		// (Stop below), as the daemons' work does.
		if err := queue.Start(context.WithoutCancel(ctx)); err != nil {
			return err
		}
	}
	var wg sync.WaitGroup
	for _, acct := range accounts {
		wg.Go(func() { superviseAccount(ctx, acct.app, acct.log, queue, acct.reloads, feed, templates) })
	}
	wg.Wait()
	if queue != nil {
		stop, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*daemon.DefaultGrace)
		defer cancel()
		if err := queue.Stop(stop); err != nil {
			log.Warn("job queue not stopped cleanly", "err", err)
		}
	}
	return nil
}

// superviseAccount runs the daemon of one account until ctx ends: while
// another daemon holds the account it tries again every claimRetry, and
// after a failure it starts it again.
func superviseAccount(ctx context.Context, a *command.App, log *slog.Logger, queue *jobs.Queue, reloads chan struct{}, feed *store.ChangeFeed,
	templates *sharedTemplates) {
	for ctx.Err() == nil {
		err := runAccount(ctx, a, log, queue, reloads, feed, templates)
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
		t := a.Clock.NewTimer(claimRetry)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C():
		}
	}
}

// runAccount runs the daemon of one account. With a queue (PostgreSQL) it
// claims the account by its lease alone and asks the queue for its work.
func runAccount(ctx context.Context, a *command.App, log *slog.Logger, queue *jobs.Queue, reloads chan struct{}, feed *store.ChangeFeed,
	templates *sharedTemplates) error {
	svc, err := a.ServicesWith(ctx, log, templates.get)
	if err != nil {
		return err
	}
	var queued daemon.Jobs
	if queue != nil {
		queued = queue
	}
	d := daemon.New(daemon.Options{Services: svc, Process: processPass, Reloads: reloads, Clock: a.Clock, Shared: queue != nil, Jobs: queued,
		Changes: func() daemon.Changes { return feed.Watcher(svc.Config.Account) },
		Reload: func(ctx context.Context) (*daemon.Services, error) {
			return a.ReloadServicesWith(ctx, log, templates.get)
		}})
	return d.Run(ctx)
}

// templateLoader loads the templates [templates] of the config file names
// as it is when called: an App of its own, so that it shares nothing with
// the account daemons (each reloads its App on SIGHUP while another may be
// loading the templates).
func templateLoader(a *command.App, account string) func() (*render.Set, error) {
	return func() (*render.Set, error) {
		own := &command.App{Streams: a.Streams, Clock: a.Clock, ConfigPath: a.ConfigPath, NoPager: true, Account: account}
		return own.LoadTemplates()
	}
}

// sharedTemplates is the template set every account of the process uses:
// loaded on first use and kept while it loads (an error is not kept: the
// next try reads the files again), forgotten on SIGHUP.
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

func (t *sharedTemplates) forget() {
	t.mu.Lock()
	t.set = nil
	t.mu.Unlock()
}

// pollFeed reads the store's data version once every daemon.DefaultPoll
// for every account of the process, until ctx ends.
func pollFeed(ctx context.Context, a *command.App, feed *store.ChangeFeed, log *slog.Logger) {
	for {
		t := a.Clock.NewTimer(daemon.DefaultPoll)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C():
		}
		if err := feed.Poll(ctx); err != nil && ctx.Err() == nil {
			log.Warn("change poll failed", "err", err)
		}
	}
}
