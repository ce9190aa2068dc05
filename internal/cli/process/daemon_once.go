package process

import (
	"context"
	"errors"
	"fmt"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/daemon"
)

// runOnce processes everything due now (reconciliation, due follow-ups,
// sending, then the notices due to the user) and returns; the counts go to
// stderr on one line. With
// --dry-run it prints what it would do, with the complete messages, and
// changes nothing.
func runOnce(ctx context.Context, a *command.App, o daemonOptions) error {
	env, _, err := daemonSetup(ctx, a, o)
	if err != nil {
		return err
	}
	if o.dryRun {
		return previewOnce(ctx, a, env)
	}
	rep, err := env.Outbox.ProcessOnce(ctx)
	fmt.Fprintln(a.Err, "followup: "+rep.String())
	return errors.Join(err, env.Digest.SendDue(ctx))
}

// previewOnce prints what `daemon --once` would do now.
func previewOnce(ctx context.Context, a *command.App, env *daemon.Services) error {
	ps, err := env.Outbox.PreviewOnce(ctx)
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		fmt.Fprintln(a.Err, "followup: nothing is due")
		return nil
	}
	for _, p := range ps {
		command.WritePreview(a.Out, p)
	}
	fmt.Fprintf(a.Err, "followup: dry run: %d to do, nothing changed\n", len(ps))
	return nil
}
