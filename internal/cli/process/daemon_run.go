package process

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/daemon"
	"github.com/followup-dev/followup/internal/outbox"
	"github.com/followup-dev/followup/internal/usage"
)

// systemdUnit is the user unit `daemon --print-systemd-unit` prints; a
// test keeps contrib/systemd/followup.service equal to it.
const systemdUnit = `[Unit]
Description=followup: interview follow-ups, inbox watcher and reminders
Documentation=https://github.com/followup-dev/followup#running-the-daemon
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
ExecStart=%h/go/bin/followup daemon --log-format json
ExecReload=/bin/kill -HUP $MAINPID
Restart=on-failure
RestartSec=30s
TimeoutStopSec=20s
# Status 2 is a configuration problem: restarting would not fix it.
RestartPreventExitStatus=2

[Install]
WantedBy=default.target
`

// runLoop runs the long-lived daemon until ctx ends (SIGINT, SIGTERM):
// SIGHUP reloads the configuration and templates.
func runLoop(ctx context.Context, a *command.App, o daemonOptions) error {
	if o.printSystemdUnit {
		_, err := io.WriteString(a.Out, systemdUnit)
		return err
	}
	svc, log, err := daemonSetup(ctx, a, o)
	if err != nil {
		return err
	}
	reloads := make(chan struct{}, 1)
	var wg sync.WaitGroup
	defer wg.Wait()
	hupCtx, stopHup := context.WithCancel(ctx)
	defer stopHup()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP) // before any work, so an early SIGHUP never kills the daemon
	wg.Go(func() { forwardHangups(hupCtx, hup, func() { requestReloads(reloads) }) })
	d := daemon.New(daemon.Options{Services: svc, Process: processPass, Reloads: reloads, Clock: a.Clock,
		Reload: func(ctx context.Context) (*daemon.Services, error) { return a.ReloadServices(ctx, log) }})
	runCtx, stopWeb := context.WithCancel(ctx)
	defer stopWeb()
	waitWeb, err := daemonWeb(runCtx, a, d)
	if err != nil {
		return err
	}
	err = d.Run(runCtx)
	stopWeb()
	err = errors.Join(err, waitWeb())
	var running *daemon.RunningError
	if errors.As(err, &running) {
		return err
	}
	if err != nil {
		return fmt.Errorf("daemon: %w", err)
	}
	return nil
}

// forwardHangups calls onHangup for each SIGHUP arriving on hup until ctx
// ends, then stops the notifications.
func forwardHangups(ctx context.Context, hup chan os.Signal, onHangup func()) {
	defer signal.Stop(hup)
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			onHangup()
		}
	}
}

// requestReloads asks each of reloads for a reload, without waiting: one
// already asked for is enough.
func requestReloads(reloads ...chan<- struct{}) {
	for _, r := range reloads {
		select {
		case r <- struct{}{}:
		default:
		}
	}
}

// processPass is one scheduler pass's due work. Another process sending
// right now (ErrBusy) is not an error: the next pass goes on.
func processPass(ctx context.Context, e *daemon.Services) error {
	_, err := e.Outbox.ProcessOnce(ctx)
	if errors.Is(err, outbox.ErrBusy) {
		e.Log.Debug("another process is sending: pass skipped")
		return nil
	}
	return err
}

// daemonSetup builds the logger the flags ask for and the environment that
// logs to it, for `daemon` and `daemon --once`.
func daemonSetup(ctx context.Context, a *command.App, o daemonOptions) (*daemon.Services, *slog.Logger, error) {
	log, err := daemonLogger(a.Err, o, a.OutTTY)
	if err != nil {
		return nil, nil, err
	}
	svc, err := a.Services(ctx, log)
	if err != nil {
		return nil, nil, err
	}
	return svc, log, nil
}

// daemonLogger logs to w as text (the default on a terminal) or JSON, at
// the level asked for.
func daemonLogger(w io.Writer, o daemonOptions, tty bool) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(o.logLevel)); err != nil {
		return nil, usage.Errorf("--log-level %q: use debug, info, warn or error", o.logLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch o.logFormat {
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "":
		if tty {
			return slog.New(slog.NewTextHandler(w, opts)), nil
		}
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usage.Errorf("--log-format %q: use text or json", o.logFormat)
}
