package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/followup-dev/followup/internal/daemon"
	"github.com/followup-dev/followup/internal/outbox"
)

// runOnce processes everything due now (reconciliation, due follow-ups,
// sending, then the notices due to the user) and returns; the counts go to
// stderr on one line. With
// --dry-run it prints what it would do, with the complete messages, and
// changes nothing.
func (a *App) runOnce(ctx context.Context, o daemonOptions) error {
	env, _, err := a.daemonSetup(ctx, o)
	if err != nil {
		return err
	}
	if o.dryRun {
		return a.previewOnce(ctx, env)
	}
	rep, err := env.Outbox.ProcessOnce(ctx)
	fmt.Fprintln(a.Err, "followup: "+rep.String())
	return errors.Join(err, env.Digest.SendDue(ctx))
}

// previewOnce prints what `daemon --once` would do now.
func (a *App) previewOnce(ctx context.Context, env *daemon.Services) error {
	ps, err := env.Outbox.PreviewOnce(ctx)
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		fmt.Fprintln(a.Err, "followup: nothing is due")
		return nil
	}
	for _, p := range ps {
		WritePreview(a.Out, p)
	}
	fmt.Fprintf(a.Err, "followup: dry run: %d to do, nothing changed\n", len(ps))
	return nil
}

// WritePreview prints one planned step and its message, decoded for
// people (the MIME form goes only into files).
func WritePreview(w io.Writer, p outbox.Preview) {
	c := p.Message
	line := "=== " + p.Do
	if c.To.Email != "" {
		line += fmt.Sprintf(" %s to %s", orDash(string(c.Kind)), c.To.Email)
	}
	if p.Why != "" {
		line += ": " + p.Why
	}
	fmt.Fprintln(w, line)
	if len(c.Raw) == 0 {
		return
	}
	if err := WriteReadable(w, c.Raw); err != nil {
		fmt.Fprintf(w, "(cannot show the message: %v)\n", err)
	}
	fmt.Fprintln(w)
}

func orDash(s string) string {
	if s == "" {
		return "message"
	}
	return s
}
