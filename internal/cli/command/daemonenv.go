package command

import (
	"context"
	"log/slog"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/daemon"
	"github.com/followup-dev/followup/internal/imapwatch"
	"github.com/followup-dev/followup/internal/inbox"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/plan"
	"github.com/followup-dev/followup/internal/render"
	"github.com/followup-dev/followup/internal/usage"
)

// Services builds every use case from the App: config, store, templates,
// clock, a logger (nil: warnings on stderr), data folder, and the IMAP and
// SMTP adapters when those sections are configured.
func (a *App) Services(ctx context.Context, log *slog.Logger) (*daemon.Services, error) {
	return a.ServicesWith(ctx, log, a.LoadTemplates)
}

// ServicesWith is Services with the templates from load.
func (a *App) ServicesWith(ctx context.Context, log *slog.Logger, load func() (*render.Set, error)) (*daemon.Services, error) {
	d, err := a.deps(ctx, log)
	if err != nil {
		return nil, err
	}
	if d.Templates, err = load(); err != nil {
		return nil, err
	}
	if d.DataDir, err = config.DataDir(a.Env); err != nil {
		return nil, usage.Wrap(err)
	}
	if c := d.Config.SMTP; c.Configured() {
		d.NewSender = smtpSender(c)
	}
	if d.FeedPath, err = d.Config.FeedPath(a.Env); err != nil {
		return nil, usage.Wrap(err)
	}
	a.wireOAuth(&d, true)
	return daemon.Wire(d), nil
}

// deps is what planning and reading the inbox need: config, store, clock,
// logger and the IMAP dialer (no templates, no SMTP).
func (a *App) deps(ctx context.Context, log *slog.Logger) (daemon.Deps, error) {
	cfg, err := a.Config()
	if err != nil {
		return daemon.Deps{}, err
	}
	st, err := a.Store(ctx)
	if err != nil {
		return daemon.Deps{}, err
	}
	if log == nil {
		log = slog.New(slog.NewTextHandler(a.Err, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	d := daemon.Deps{Config: cfg, Store: st, Clock: a.Clock, Log: log}
	if c := cfg.IMAP; c.Configured() {
		d.DialIMAP = imapDialer(c, log)
	}
	a.wireOAuth(&d, false)
	return d, nil
}

// Planner is the use case that stores interviews and replans them.
func (a *App) Planner(ctx context.Context) (*plan.Planner, error) {
	d, err := a.deps(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &plan.Planner{Config: d.Config, Store: d.Store, Clock: d.Clock}, nil
}

// Inbox is the use case that reads received mail.
func (a *App) Inbox(ctx context.Context) (*inbox.Inbox, error) {
	d, err := a.deps(ctx, nil)
	if err != nil {
		return nil, err
	}
	return daemon.Wire(d).Inbox, nil
}

// imapDialer logs in to the [imap] server, reading the password each time
// (it may come from a command or the environment). The password is never
// logged. It is the one IMAP dialer: drafts, Sent and the watcher use it.
func imapDialer(c config.IMAP, log *slog.Logger) imapwatch.DialFunc {
	return func(ctx context.Context) (*imapwatch.Client, error) {
		pw, err := c.Secret(ctx)
		if err != nil {
			return nil, usage.Errorf("[imap]: %w", err)
		}
		return imapwatch.Dial(ctx, c, pw, imapwatch.Options{Logger: log})
	}
}

// smtpSender prepares the [smtp] account, reading the password each time.
func smtpSender(c config.SMTP) func(context.Context) (daemon.Sender, error) {
	return func(ctx context.Context) (daemon.Sender, error) {
		pw := ""
		if c.Username != "" {
			p, err := c.Secret(ctx)
			if err != nil {
				return nil, usage.Errorf("[smtp]: %w", err)
			}
			pw = p
		}
		s, err := mailer.NewSender(c, pw)
		if err != nil {
			return nil, usage.Errorf("[smtp]: %w", err)
		}
		return s, nil
	}
}

// ReloadServices reads the configuration and templates again. The store stays
// open as it is: a changed [store] path needs a restart. On error the
// configuration in use is kept.
func (a *App) ReloadServices(ctx context.Context, log *slog.Logger) (*daemon.Services, error) {
	return a.ReloadServicesWith(ctx, log, a.LoadTemplates)
}

// ReloadServicesWith is ReloadServices with the templates from load.
func (a *App) ReloadServicesWith(ctx context.Context, log *slog.Logger, load func() (*render.Set, error)) (*daemon.Services, error) {
	old, oldFile, oldSt := a.cfg, a.file, a.st
	a.cfg, a.file, a.st = nil, nil, nil // the store stays open (a.all); its account's view is made again
	env, err := a.ServicesWith(ctx, log, load)
	if err != nil {
		a.cfg, a.file, a.st = old, oldFile, oldSt
		return nil, err
	}
	if oldFile != nil && a.file != nil && a.file.Store != oldFile.Store {
		log.Warn("the [store] section changed: restart the daemon to use the new store (it keeps the one it opened)", "store", env.Store.Describe())
	}
	return env, nil
}
