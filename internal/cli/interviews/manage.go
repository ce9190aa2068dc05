package interviews

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

func init() {
	Commands.Add(newCloseCommand)
	Commands.Add(newEditCommand)
	Commands.Add(newRmCommand)
}

func newCloseCommand(a *command.App) *cobra.Command {
	var outcome string
	cmd := &cobra.Command{
		Use:               "close ID --outcome offer|rejected|withdrawn",
		Short:             "Close an interview with its outcome; pending follow-ups are cancelled",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: a.CompleteIDs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("outcome") {
				return usage.Errorf("--outcome is required: offer, rejected or withdrawn")
			}
			o, err := followup.ParseOutcome(outcome)
			if err != nil {
				return err
			}
			iv, st, err := a.GetInterview(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			iv.Close(o, a.Clock.Now())
			return saveInterview(cmd.Context(), a, st, iv)
		},
	}
	cmd.Flags().StringVar(&outcome, "outcome", "", "offer, rejected or withdrawn (required)")
	return cmd
}

func newEditCommand(a *command.App) *cobra.Command {
	var o addOptions
	cmd := &cobra.Command{
		Use:   "edit ID [flags]",
		Short: "Change an interview's details",
		Long: `Change an interview's details. Only the flags given change; --interviewer and
--contact replace the whole list when given.`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: a.CompleteIDs,
		RunE: func(cmd *cobra.Command, args []string) error {
			iv, st, err := a.GetInterview(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if err := o.edit(a, iv, cmd.Flags().Changed); err != nil {
				return err
			}
			return saveInterview(cmd.Context(), a, st, iv)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.company, "company", "", "company name")
	f.StringVar(&o.role, "role", "", "role")
	f.StringVar(&o.at, "at", "", `start time, "2026-11-20 14:00"`)
	f.StringVar(&o.tz, "tz", "", "time zone of --at (default: the interview's zone)")
	f.StringVar(&o.duration, "duration", "", "scheduled length")
	f.StringArrayVar(&o.interviewers, "interviewer", nil, `"Name <email>" (replaces the list; repeat for each)`)
	f.StringArrayVar(&o.contacts, "contact", nil, `"Name <email>" (replaces the list; repeat for each)`)
	f.StringVar(&o.nextSteps, "next-steps", "", "what they said about next steps")
	f.StringVar(&o.notes, "notes", "", "your notes")
	return cmd
}

func (o addOptions) edit(a *command.App, iv *followup.Interview, changed func(string) bool) error {
	if changed("company") {
		iv.Company = o.company
	}
	if changed("role") {
		iv.Role = o.role
	}
	if changed("at") || changed("tz") {
		loc := iv.Start.Location()
		if o.tz != "" {
			l, err := a.LoadZone(o.tz)
			if err != nil {
				return err
			}
			loc = l
		}
		at := o.at
		if at == "" {
			at = iv.Start.In(loc).Format("2006-01-02 15:04")
		}
		t, err := command.ParseTime("at", at, loc)
		if err != nil {
			return err
		}
		if err := command.CheckNear("at", t, a.Clock.Now()); err != nil {
			return err
		}
		iv.Start = t
	}
	if changed("duration") {
		d, err := command.ParseDuration("duration", o.duration)
		if err != nil {
			return err
		}
		iv.Duration = d
	}
	if changed("interviewer") {
		ps, err := command.ParsePeople("interviewer", o.interviewers, followup.RoleInterviewer)
		if err != nil {
			return err
		}
		iv.Interviewers = ps
	}
	if changed("contact") {
		ps, err := command.ParsePeople("contact", o.contacts, followup.RoleContact)
		if err != nil {
			return err
		}
		iv.Contacts = ps
	}
	if changed("next-steps") {
		iv.NextSteps = o.nextSteps
	}
	if changed("notes") {
		iv.Notes = o.notes
	}
	return nil
}

func newRmCommand(a *command.App) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:               "rm ID",
		Short:             "Delete an interview and everything recorded about it",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: a.CompleteIDs,
		RunE: func(cmd *cobra.Command, args []string) error {
			iv, st, err := a.GetInterview(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if !yes {
				if !a.InTTY {
					return usage.Errorf("refusing to delete %s without confirmation: pass --yes", iv.ID)
				}
				if !a.Prompter().Confirm(fmt.Sprintf("Delete %s (%s — %s) and its follow-ups?", iv.ID, iv.Company, iv.Role)) {
					return usage.Errorf("not deleted")
				}
			}
			if err := st.DeleteInterview(cmd.Context(), iv.ID, a.Clock.Now()); err != nil {
				return err
			}
			fmt.Fprintf(a.Err, "deleted %s\n", iv.ID)
			return nil
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

// saveInterview checks and stores a changed interview with its new plan.
func saveInterview(ctx context.Context, a *command.App, _ *store.Store, iv *followup.Interview) error {
	pl, err := a.Planner(ctx)
	if err != nil {
		return err
	}
	return pl.Save(ctx, iv)
}
