// Package command is what every command of followup's command line shares:
// the App (streams, clock, config and store loaded on first use, the use
// cases built from them), output as tables or JSON, prompts on a terminal,
// parsing what the user typed, the pager, and the IMAP dialer and SMTP
// sender (with OAuth2 sign-in).
package command

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"

	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

// Streams are the process's standard streams and environment.
type Streams struct {
	In       io.Reader
	Out, Err io.Writer
	Env      config.Env
	// InTTY and OutTTY say whether stdin / stdout are terminals.
	InTTY, OutTTY bool
}

// OSStreams returns the real process streams.
func OSStreams() Streams {
	return Streams{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Env: config.OSEnv,
		InTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		OutTTY: term.IsTerminal(int(os.Stdout.Fd())),
	}
}

// App is what every command shares: streams, the clock, and the config and
// store, each loaded on first use.
type App struct {
	Streams
	// Clock is the one clock of every command; tests replace it.
	Clock clock.Clock

	// ConfigPath is --config ("" for the default location); NoPager is
	// --no-pager. The root command sets both.
	ConfigPath string
	NoPager    bool
	// Account is --account: the account the command is for ("" for the
	// default one). Config and Store are that account's.
	Account string
	pager   *pager
	file    *config.Config // the whole file, every account
	cfg     *config.Config // the account's view of it
	all     *store.Store   // the store as every account shares it
	st      *store.Store   // the account's view of it
}

// Config is the configuration of the account the command is for
// (--account; config.ForAccount), loaded once.
func (a *App) Config() (*config.Config, error) {
	if a.cfg != nil {
		return a.cfg, nil
	}
	file, err := a.FileConfig()
	if err != nil {
		return nil, err
	}
	cfg, err := file.ForAccount(a.Account)
	if err != nil {
		return nil, err
	}
	a.cfg = cfg
	return cfg, nil
}

// FileConfig loads the configuration file once, with every account. A
// missing file at the default location means defaults; a missing file
// named by --config is an error.
func (a *App) FileConfig() (*config.Config, error) {
	if a.file != nil {
		return a.file, nil
	}
	path, explicit := a.ConfigPath, a.ConfigPath != ""
	if !explicit {
		p, err := config.DefaultPath(a.Env)
		if err != nil {
			return nil, usage.Wrap(err)
		}
		path, explicit = p, a.Env("FOLLOWUP_CONFIG") != ""
	}
	cfg, err := config.Load(path, explicit)
	if err != nil {
		return nil, err
	}
	if cfg.Path == "" {
		cfg.Path = path
	}
	a.file = cfg
	return cfg, nil
}

// Store is the store as the command's account sees it (store.ForAccount),
// opened once.
func (a *App) Store(ctx context.Context) (*store.Store, error) {
	if a.st != nil {
		return a.st, nil
	}
	cfg, err := a.Config()
	if err != nil {
		return nil, err
	}
	all, err := a.AllAccounts(ctx)
	if err != nil {
		return nil, err
	}
	// Scoped also without [[account]] sections: the same store may hold
	// accounts another config (or an earlier version of this one) named.
	if a.st, err = all.ForAccount(cfg.Account); err != nil {
		return nil, usage.Wrap(err)
	}
	return a.st, nil
}

// ForAccount is an App for account name of the same config file and store,
// already loaded (followup daemon --all-accounts runs one per account). It
// shares the store: close only the App it came from.
func (a *App) ForAccount(ctx context.Context, name string) (*App, error) {
	if _, err := a.FileConfig(); err != nil {
		return nil, err
	}
	if _, err := a.AllAccounts(ctx); err != nil {
		return nil, err
	}
	return &App{Streams: a.Streams, Clock: a.Clock, ConfigPath: a.ConfigPath, NoPager: true, Account: name, file: a.file, all: a.all}, nil
}

// Reread is an App like a — its streams, clock, flags and open store —
// over the config file read again, for what a SIGHUP reloads.
func (a *App) Reread(ctx context.Context) (*App, error) {
	if _, err := a.AllAccounts(ctx); err != nil {
		return nil, err
	}
	fresh := &App{Streams: a.Streams, Clock: a.Clock, ConfigPath: a.ConfigPath, NoPager: a.NoPager, Account: a.Account, all: a.all}
	if _, err := fresh.FileConfig(); err != nil {
		return nil, err
	}
	return fresh, nil
}

// AllAccounts is the store as every account shares it, for the views of
// all accounts (list --all-accounts), opened once.
func (a *App) AllAccounts(ctx context.Context) (*store.Store, error) {
	if a.all != nil {
		return a.all, nil
	}
	cfg, err := a.FileConfig()
	if err != nil {
		return nil, err
	}
	st, err := openStore(ctx, cfg, a.Env)
	if err != nil {
		return nil, err
	}
	a.all = st
	return st, nil
}

// openStore opens the store [store] names: the SQLite file, or the
// PostgreSQL database of dsn or dsn_cmd.
func openStore(ctx context.Context, cfg *config.Config, env config.Env) (*store.Store, error) {
	if cfg.Store.Postgres() {
		dsn, err := cfg.Store.ConnString(ctx)
		if err != nil {
			return nil, usage.Wrap(err)
		}
		st, err := store.OpenPostgres(ctx, dsn)
		if err != nil {
			return nil, fmt.Errorf("%w (the store is set by [store] dsn in %s)", err, cfg.Path)
		}
		return st, nil
	}
	path, err := cfg.StorePath(env)
	if err != nil {
		return nil, usage.Wrap(err)
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("%w (the store is set by [store] path in %s)", err, cfg.Path)
	}
	return st, nil
}

// Location is the user's zone: [me] timezone, else the system's.
func (a *App) Location() *time.Location {
	if cfg, err := a.Config(); err == nil {
		return cfg.Me.Location()
	}
	return clock.SystemLocation()
}

// Close closes the store if it was opened.
func (a *App) Close() {
	if a.all != nil {
		a.all.Close()
	}
}

// Exit codes, documented in `followup --help`.
const (
	ExitOK      = 0
	ExitFailure = 1 // something failed at run time
	ExitUsage   = 2 // bad usage, bad input or a config error
	// ExitInterrupted is 128 + SIGINT, as shells report a process ended by Ctrl-C.
	ExitInterrupted = 130
)

// ErrSilent is returned by a command that already printed its message.
var ErrSilent = errors.New("")
