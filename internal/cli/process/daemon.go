package process

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/usage"
)

func init() { Commands.Add(newDaemonCommand) }

// daemonOptions are the flags of `followup daemon`.
type daemonOptions struct {
	once             bool
	dryRun           bool
	logFormat        string
	logLevel         string
	printSystemdUnit bool
	allAccounts      bool
}

func newDaemonCommand(a *command.App) *cobra.Command {
	var o daemonOptions
	cmd := &cobra.Command{
		Use:   "daemon [--once]",
		Short: "Run the background service: due follow-ups, the inbox watcher, reminders",
		Long: `Run followup in the foreground until SIGINT or SIGTERM (for systemd, launchd or a
terminal): due follow-ups are drafted (or sent when [policy] auto_send = true), the inbox is
watched for answers, and the digest is emailed to you on [schedule] digest.

With --once it processes everything due now (drafts, sends, retries, reconciliation) and exits.

A config with [[account]] sections runs one daemon per account (--account NAME), or all of
them in one process with --all-accounts. On a PostgreSQL store several --all-accounts daemons,
on one machine or many, share the accounts: each account is held by one daemon at a time (its
inbox watched, its work asked for when due), the work itself is done as River jobs by whichever
daemon is free, and the accounts of a daemon that died are taken over within a minute. SIGHUP
reloads the config and templates, and starts or stops the daemons of accounts added or removed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDaemon(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.once, "once", false, "process everything due now, then exit")
	f.BoolVar(&o.dryRun, "dry-run", false, "with --once: print what would be drafted or sent, change nothing")
	f.StringVar(&o.logFormat, "log-format", "", "log format: text or json (default: text on a terminal, json otherwise)")
	f.StringVar(&o.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	f.BoolVar(&o.printSystemdUnit, "print-systemd-unit", false, "print a systemd user unit for the daemon and exit")
	f.BoolVar(&o.allAccounts, "all-accounts", false, "run every account of the config; on PostgreSQL, daemons on several machines share the accounts")
	return cmd
}

// runDaemon is `followup daemon`: the long-running loop, or with --once one
// pass.
func runDaemon(ctx context.Context, a *command.App, o daemonOptions) error {
	if err := o.check(); err != nil {
		return err
	}
	if o.allAccounts {
		if a.Account != "" {
			return usage.Errorf("--all-accounts runs every account: leave out --account")
		}
		return runAllAccounts(ctx, a, o)
	}
	if o.once {
		return runOnce(ctx, a, o)
	}
	return runLoop(ctx, a, o)
}

// check refuses flags that do not go together, before anything runs: the
// long-running daemon would otherwise ignore --dry-run and send for real.
func (o daemonOptions) check() error {
	switch {
	case o.printSystemdUnit && (o.once || o.dryRun):
		return usage.Errorf("--print-systemd-unit prints the unit and exits: use it without --once and --dry-run")
	case o.dryRun && !o.once:
		return usage.Errorf("--dry-run works only with --once: run `followup daemon --once --dry-run`")
	}
	return nil
}
