package agenda

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/plan"
	"github.com/followup-dev/followup/internal/usage"
)

func init() { Commands.Add(newRescheduleCommand) }

const rescheduleLong = `Move one follow-up to a time of your choosing: it is due then, whatever the
plan says, and the notes after it count from it. ACTION is the number in the #
column of 'followup show ID' or 'followup plan'.

WHEN is any phrase 'followup when' reads ("monday", "in 3 days", "2026-12-07"),
optionally with a time ("monday 10:00"), or a date and time ("2026-12-07
10:00"); a day alone means the start of your send window. The new time is kept
when the plan is recomputed; an answer from the company still cancels the
follow-up. --undo puts it back on the plan.`

type rescheduleOptions struct {
	Action string // the number in the # column
	When   string // the new time, "" with --undo
	undo   bool
}

func newRescheduleCommand(a *command.App) *cobra.Command {
	var o rescheduleOptions
	cmd := &cobra.Command{
		Use:     "reschedule ACTION WHEN | reschedule ACTION --undo",
		Short:   "Move one follow-up to another time",
		Long:    rescheduleLong,
		Example: "  followup reschedule 12 \"2026-12-07 10:00\"\n  followup reschedule 12 friday",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Action, o.When = args[0], strings.Join(args[1:], " ")
			return runReschedule(cmd.Context(), a, o)
		},
	}
	cmd.Flags().BoolVar(&o.undo, "undo", false, "forget the snooze, skip or reschedule: back on the plan")
	return cmd
}

func runReschedule(ctx context.Context, a *command.App, o rescheduleOptions) error {
	id, err := actionNumber(o.Action)
	if err != nil {
		return err
	}
	switch {
	case o.undo && o.When != "":
		return usage.Errorf("use either WHEN or --undo, not both")
	case o.undo:
		return decide(ctx, a, plan.Decision{ActionID: id}, true)
	case o.When == "":
		return usage.Errorf(`reschedule needs WHEN, e.g. followup reschedule %d "2026-12-07 10:00"`, id)
	}
	at, err := parseWhen(a, "when", o.When)
	if err != nil {
		return err
	}
	return decide(ctx, a, plan.Decision{ActionID: id, Kind: followup.OverrideReschedule, At: at}, false)
}
