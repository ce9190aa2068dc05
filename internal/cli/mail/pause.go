package mail

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/outbox"
)

func init() {
	Commands.Add(newPauseCommand)
	Commands.Add(newResumeCommand)
}

type pauseOptions struct{}

func newPauseCommand(a *command.App) *cobra.Command {
	return &cobra.Command{
		Use:   "pause",
		Short: "Stop all sending until `followup resume`",
		Long: `Stop all sending at once: the daemon, 'daemon --once' and 'followup send' send
nothing until 'followup resume'. Drafts are still made (they send nothing).
With auto_send, follow-ups that fall due while paused are not queued; one that
is overdue by more than [policy] stale_after when you resume needs your review
instead of going out late.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runPause(cmd.Context(), a, pauseOptions{}) },
	}
}

func runPause(ctx context.Context, a *command.App, _ pauseOptions) error {
	return setPaused(ctx, a, true)
}

type resumeOptions struct{}

func newResumeCommand(a *command.App) *cobra.Command {
	return &cobra.Command{
		Use:   "resume",
		Short: "Let sending run again after `followup pause`",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return runResume(cmd.Context(), a, resumeOptions{}) },
	}
}

func runResume(ctx context.Context, a *command.App, _ resumeOptions) error {
	return setPaused(ctx, a, false)
}

// setPaused pauses or resumes sending and says what it did.
func setPaused(ctx context.Context, a *command.App, pause bool) error {
	st, err := a.Store(ctx)
	if err != nil {
		return err
	}
	env := &outbox.Outbox{Store: st, Clock: a.Clock}
	since, paused, err := env.Paused(ctx)
	switch {
	case err != nil:
		return err
	case pause && paused:
		fmt.Fprintf(a.Out, "sending is already paused (since %s)\n", a.When(since))
		return nil
	case !pause && !paused:
		fmt.Fprintln(a.Out, "sending was not paused")
		return nil
	case pause:
		if err := env.Pause(ctx); err != nil {
			return err
		}
		fmt.Fprintln(a.Out, "sending paused: nothing is sent until `followup resume` (drafts are still made)")
		return nil
	}
	if err := env.Resume(ctx); err != nil {
		return err
	}
	fmt.Fprintln(a.Out, "sending resumed")
	return nil
}
