package agenda

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/plan"
	"github.com/followup-dev/followup/internal/usage"
)

func init() { Commands.Add(newSnoozeCommand) }

// snoozeOptions are the flags of `followup snooze`.
type snoozeOptions struct {
	Action string // the number in the # column
	until  string
	undo   bool
}

const snoozeLong = `Hold one follow-up until a later time: it is not sent or drafted before then
(in your send window on a business day), and later if the plan says so. ACTION
is the number in the # column of 'followup show ID' or 'followup plan'.

WHEN is any phrase 'followup when' reads ("monday", "in 3 days", "next week",
"2026-12-07"), optionally with a time ("monday 10:00"), or a date and time
("2026-12-07 10:00"); a day alone means the start of your send window. The
snooze is kept when the plan is recomputed (new next steps, an edit); an answer
from the company still cancels the follow-up. --undo puts it back on the plan.`

func newSnoozeCommand(a *command.App) *cobra.Command {
	var o snoozeOptions
	cmd := &cobra.Command{
		Use:     "snooze ACTION --until WHEN | snooze ACTION --undo",
		Short:   "Hold one follow-up until later",
		Long:    snoozeLong,
		Example: "  followup snooze 12 --until monday\n  followup snooze 12 --until \"in 3 days\"\n  followup snooze 12 --until \"2026-12-07 10:00\"",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Action = args[0]
			return runSnooze(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.until, "until", "", `when it may go out: "monday", "in 3 days", "2026-12-07 10:00"`)
	f.BoolVar(&o.undo, "undo", false, "forget the snooze, skip or reschedule: back on the plan")
	return cmd
}

func runSnooze(ctx context.Context, a *command.App, o snoozeOptions) error {
	id, err := actionNumber(o.Action)
	if err != nil {
		return err
	}
	switch {
	case o.undo && o.until != "":
		return usage.Errorf("use either --until WHEN or --undo, not both")
	case o.undo:
		return decide(ctx, a, plan.Decision{ActionID: id}, true)
	case o.until == "":
		return usage.Errorf(`snooze needs --until WHEN, e.g. followup snooze %d --until monday`, id)
	}
	at, err := parseWhen(a, "until", o.until)
	if err != nil {
		return err
	}
	return decide(ctx, a, plan.Decision{ActionID: id, Kind: followup.OverrideSnooze, At: at}, false)
}
