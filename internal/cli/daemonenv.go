package cli

import (
	"context"
	"log/slog"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/daemon"
	"github.com/followup-dev/followup/internal/imapwatch"
	"github.com/followup-dev/followup/internal/mailer"
)

// daemonEnv builds the daemon's environment from the App: config, store,
// templates, clock, a warnings-only logger on stderr, data folder, and the
// IMAP and SMTP dialers when those sections are configured.
func (a *App) daemonEnv(ctx context.Context) (*daemon.Env, error) {
	return a.daemonEnvWith(ctx, nil)
}

// daemonEnvWith is daemonEnv logging to log (nil: warnings on stderr).
func (a *App) daemonEnvWith(ctx context.Context, log *slog.Logger) (*daemon.Env, error) {
	env, err := a.planEnv(ctx)
	if err != nil {
		return nil, err
	}
	if log != nil {
		env.Log = log
	}
	if env.Templates, err = a.loadTemplates(); err != nil {
		return nil, err
	}
	if env.DataDir, err = config.DataDir(a.Env); err != nil {
		return nil, usageError{err}
	}
	cfg := env.Config
	if cfg.IMAP.Configured() {
		env.DialIMAP = imapDialer(cfg.IMAP, env.Log)
		env.DialWatch = watchDialer(cfg.IMAP, env.Log)
	}
	if cfg.SMTP.Configured() {
		env.NewSender = smtpSender(cfg.SMTP)
	}
	a.wireOAuth(env, true, true)
	return env, nil
}

// watchDialer is imapDialer for the watcher, which needs the concrete client.
func watchDialer(c config.IMAP, log *slog.Logger) imapwatch.DialFunc {
	return func(ctx context.Context) (*imapwatch.Client, error) {
		pw, err := c.Secret(ctx)
		if err != nil {
			return nil, usagef("[imap]: %w", err)
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
				return nil, usagef("[smtp]: %w", err)
			}
			pw = p
		}
		s, err := mailer.NewSender(c, pw)
		if err != nil {
			return nil, usagef("[smtp]: %w", err)
		}
		return s, nil
	}
}

// imapDialer logs in to the [imap] server, reading the password each time
// (it may come from a command or the environment). The password is never
// logged.
func imapDialer(c config.IMAP, log *slog.Logger) func(context.Context) (daemon.Mailbox, error) {
	return func(ctx context.Context) (daemon.Mailbox, error) {
		pw, err := c.Secret(ctx)
		if err != nil {
			return nil, usagef("[imap]: %w", err)
		}
		cl, err := imapwatch.Dial(ctx, c, pw, imapwatch.Options{Logger: log})
		if err != nil {
			return nil, err
		}
		return cl, nil
	}
}

// watchEnv is planEnv with the IMAP watcher's dialer: what reading the inbox
// needs (no templates, no SMTP).
func (a *App) watchEnv(ctx context.Context) (*daemon.Env, error) {
	env, err := a.planEnv(ctx)
	if err != nil {
		return nil, err
	}
	if c := env.Config.IMAP; c.Configured() {
		env.DialWatch = watchDialer(c, env.Log)
	}
	a.wireOAuth(env, false, false)
	return env, nil
}
