package agenda

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/calfeed"
	"github.com/followup-dev/followup/internal/cli/command"
)

func init() { Commands.Add(newCalendarCommand) }

type calendarOptions struct{ out string }

func newCalendarCommand(a *command.App) *cobra.Command {
	var o calendarOptions
	cmd := &cobra.Command{
		Use:   "calendar [--out FILE]",
		Short: "Write interviews and planned follow-ups as an iCalendar file",
		Long: `Write every interview (with its interviewers) and every planned follow-up
(what, to whom and why) as an iCalendar (.ics) file, to standard output or
to --out FILE (written atomically, mode 0600). Each event keeps its UID from
one export to the next and its SEQUENCE goes up when its time changes, so a
calendar app that imports or subscribes to the file updates events instead of
duplicating them; cancelled follow-ups are STATUS:CANCELLED.`,
		Example: `  followup calendar --out ~/Calendars/followup.ics`,
		Args:    cobra.NoArgs,
		RunE:    func(cmd *cobra.Command, _ []string) error { return runCalendar(cmd.Context(), a, o) },
	}
	cmd.Flags().StringVar(&o.out, "out", "", "write to FILE instead of standard output")
	return cmd
}

func runCalendar(ctx context.Context, a *command.App, o calendarOptions) error {
	st, err := a.Store(ctx)
	if err != nil {
		return err
	}
	data, err := calfeed.Build(ctx, st, a.Clock.Now())
	if err != nil {
		return err
	}
	if o.out == "" {
		_, err = a.Out.Write(data)
		return err
	}
	return calfeed.WriteAtomic(o.out, data)
}
