package agenda

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/plan"
)

func init() { Commands.Add(newSkipCommand) }

const skipLong = `Skip one follow-up: it is not sent or drafted, and the rest of the plan keeps
its schedule (the next note still counts from when this one was due). ACTION is
the number in the # column of 'followup show ID' or 'followup plan'. The skip is
kept when the plan is recomputed; --undo puts the follow-up back on the plan.`

type skipOptions struct {
	Action string // the number in the # column
	undo   bool
}

func newSkipCommand(a *command.App) *cobra.Command {
	var o skipOptions
	cmd := &cobra.Command{
		Use:     "skip ACTION [--undo]",
		Short:   "Do not send one follow-up; keep the rest of the plan",
		Long:    skipLong,
		Example: "  followup skip 12",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Action = args[0]
			return runSkip(cmd.Context(), a, o)
		},
	}
	cmd.Flags().BoolVar(&o.undo, "undo", false, "forget the snooze, skip or reschedule: back on the plan")
	return cmd
}

func runSkip(ctx context.Context, a *command.App, o skipOptions) error {
	id, err := actionNumber(o.Action)
	if err != nil {
		return err
	}
	return decide(ctx, a, plan.Decision{ActionID: id, Kind: followup.OverrideSkip}, o.undo)
}
