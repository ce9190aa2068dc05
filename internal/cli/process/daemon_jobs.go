package process

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/daemon"
	"github.com/followup-dev/followup/internal/jobs"
)

// openJobs is the River queue of a daemon of all accounts on PostgreSQL:
// the accounts' passes, digests and catch-ups are its jobs, done by
// whichever daemon sharing the store fetches them first.
func openJobs(ctx context.Context, a *command.App, log *slog.Logger, templates *sharedTemplates) (*jobs.Queue, *accountWorkers, error) {
	file, err := a.FileConfig()
	if err != nil {
		return nil, nil, err
	}
	dsn, err := file.Store.ConnString(ctx)
	if err != nil {
		return nil, nil, err
	}
	w := &accountWorkers{root: a, log: log, templates: templates}
	q, err := jobs.Open(ctx, dsn, w.run, jobs.Options{Stop: daemon.DefaultGrace,
		Log: log.With("component", "river")})
	if err != nil {
		return nil, nil, err
	}
	return q, w, nil
}

// accountWorkers does the jobs of any account of the config: each
// account's use cases built on first use (its own App, sharing the store)
// and kept until a SIGHUP brings a config that loads (use).
type accountWorkers struct {
	root      *command.App
	log       *slog.Logger
	templates *sharedTemplates

	mu     sync.Mutex
	svc    map[string]*daemon.Services
	signIn map[string]*daemon.SignInFilter
}

// run is the queue's jobs.RunFunc. Its failures are logged here, where
// the account is known.
func (w *accountWorkers) run(ctx context.Context, account, work string) error {
	svc, signIn, err := w.services(ctx, account)
	if err != nil {
		if !errors.Is(err, jobs.ErrUnknownAccount) {
			w.log.Error("job not done: the account's config is wrong; fix it and send SIGHUP", "account", account, "work", work, "err", err)
		}
		return err
	}
	err = signIn.Filter(svc.Log, daemon.Do(ctx, svc, daemon.Work(work), processPass))
	if err != nil && ctx.Err() == nil {
		svc.Log.Error("job failed", "work", work, "err", err)
	}
	return err
}

func (w *accountWorkers) services(ctx context.Context, account string) (*daemon.Services, *daemon.SignInFilter, error) {
	name := command.AccountLabel(account)
	w.mu.Lock()
	defer w.mu.Unlock()
	if svc := w.svc[name]; svc != nil {
		return svc, w.signIn[name], nil
	}
	file, err := w.root.FileConfig()
	if err != nil {
		return nil, nil, err
	}
	if !slices.Contains(file.AccountNames(), name) {
		return nil, nil, fmt.Errorf("%w: %q", jobs.ErrUnknownAccount, name)
	}
	app, err := w.root.ForAccount(ctx, name)
	if err != nil {
		return nil, nil, err
	}
	svc, err := app.ServicesWith(ctx, w.log.With("account", name), w.templates.get)
	if err != nil {
		return nil, nil, err
	}
	if w.svc == nil {
		w.svc, w.signIn = map[string]*daemon.Services{}, map[string]*daemon.SignInFilter{}
	}
	w.svc[name], w.signIn[name] = svc, &daemon.SignInFilter{}
	return svc, w.signIn[name], nil
}

// use makes the workers build each account's use cases again, from
// root's config file (read again after a SIGHUP).
func (w *accountWorkers) use(root *command.App) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.root, w.svc, w.signIn = root, nil, nil
}
