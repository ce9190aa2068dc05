package interviews

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/daemon"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

func init() {
	Commands.Add(newCloseCommand)
	Commands.Add(newEditCommand)
	Commands.Add(newRmCommand)
}

type closeOptions struct {
	ID         string
	outcome    string
	outcomeSet bool // whether --outcome was given
}

func newCloseCommand(a *command.App) *cobra.Command {
	var o closeOptions
	cmd := &cobra.Command{
		Use:               "close ID --outcome offer|rejected|withdrawn",
		Short:             "Close an interview with its outcome; pending follow-ups are cancelled",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: a.CompleteIDs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID, o.outcomeSet = args[0], cmd.Flags().Changed("outcome")
			return runClose(cmd.Context(), a, o)
		},
	}
	cmd.Flags().StringVar(&o.outcome, "outcome", "", "offer, rejected or withdrawn (required)")
	return cmd
}

func runClose(ctx context.Context, a *command.App, o closeOptions) error {
	if !o.outcomeSet {
		return usage.Errorf("--outcome is required: offer, rejected or withdrawn")
	}
	outcome, err := followup.ParseOutcome(o.outcome)
	if err != nil {
		return err
	}
	iv, st, err := a.GetInterview(ctx, o.ID)
	if err != nil {
		return err
	}
	iv.Close(outcome, a.Clock.Now())
	return saveInterview(ctx, a, st, iv)
}

type editOptions struct {
	ID string
	addOptions
	// changed says whether the flag of that name was given.
	changed func(name string) bool
}

func newEditCommand(a *command.App) *cobra.Command {
	var o editOptions
	cmd := &cobra.Command{
		Use:   "edit ID [flags]",
		Short: "Change an interview's details",
		Long: `Change an interview's details. Only the flags given change; --interviewer and
--contact replace the whole list when given.`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: a.CompleteIDs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID, o.changed = args[0], cmd.Flags().Changed
			return runEdit(cmd.Context(), a, o)
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

func runEdit(ctx context.Context, a *command.App, o editOptions) error {
	iv, st, err := a.GetInterview(ctx, o.ID)
	if err != nil {
		return err
	}
	if err := o.edit(a, iv, o.changed); err != nil {
		return err
	}
	return saveInterview(ctx, a, st, iv)
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

type rmOptions struct {
	ID  string
	yes bool
	all bool
}

func newRmCommand(a *command.App) *cobra.Command {
	var o rmOptions
	cmd := &cobra.Command{
		Use:   "rm ID | rm --all",
		Short: "Delete an interview and everything recorded about it, or everything of an account",
		Long: `Delete an interview and everything recorded about it: its follow-ups, the
messages drafted or sent, the answers read, and its messages still waiting in
the outbox.

With --all, delete everything the store keeps for the account (--account, or
the default one): every interview and follow-up, the outbox (sent messages too),
events, invitations, mailbox positions and settings. Stop that account's
daemon first. Export first if you want a copy: followup export.`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: a.CompleteIDs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.ID = args[0]
			}
			return runRm(cmd.Context(), a, o)
		},
	}
	cmd.Flags().BoolVarP(&o.yes, "yes", "y", false, "do not ask for confirmation")
	cmd.Flags().BoolVar(&o.all, "all", false, "delete everything of the account instead of one interview")
	return cmd
}

func runRm(ctx context.Context, a *command.App, o rmOptions) error {
	switch {
	case o.all && o.ID != "":
		return usage.Errorf("give an interview id or --all, not both")
	case o.all:
		return runRmAll(ctx, a, o)
	case o.ID == "":
		return usage.Errorf("missing interview id: followup rm ID (see followup list), or followup rm --all for the whole account")
	}
	iv, st, err := a.GetInterview(ctx, o.ID)
	if err != nil {
		return err
	}
	if err := confirm(a, o.yes, iv.ID, fmt.Sprintf("Delete %s (%s — %s) and its follow-ups?", iv.ID, iv.Company, iv.Role)); err != nil {
		return err
	}
	if err := st.DeleteInterview(ctx, iv.ID, a.Clock.Now()); err != nil {
		return err
	}
	fmt.Fprintf(a.Err, "deleted %s\n", iv.ID)
	return nil
}

// confirm asks before a deletion on a terminal; without one, --yes is the
// answer.
func confirm(a *command.App, yes bool, what, question string) error {
	if yes {
		return nil
	}
	if !a.InTTY {
		return usage.Errorf("refusing to delete %s without confirmation: pass --yes", what)
	}
	if !a.Prompter().Confirm(question) {
		return usage.Errorf("not deleted")
	}
	return nil
}

// runRmAll deletes everything of the account, refused while its daemon
// runs (it would go on writing).
func runRmAll(ctx context.Context, a *command.App, o rmOptions) error {
	cfg, err := a.Config()
	if err != nil {
		return err
	}
	st, err := a.Store(ctx)
	if err != nil {
		return err
	}
	name := command.AccountLabel(cfg.Account)
	if l, held, err := st.CurrentLease(ctx); err == nil && held && l.Alive(a.Clock.Now(), daemon.LeaseTTL) {
		return usage.Errorf("the daemon of account %s runs (pid %d on %s): stop it first", name, l.PID, l.Host)
	}
	n, _ := st.CountInterviews(ctx)
	if err := confirm(a, o.yes, "account "+name, fmt.Sprintf("Delete everything of account %s (%d interviews, their mail and history)?", name, n)); err != nil {
		return err
	}
	d, err := st.DeleteAccount(ctx, cfg.Account)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Err, "deleted account %s: %d interviews, %d outbox messages, %d events\n", name, d.Interviews, d.Outbox, d.Events)
	return nil
}

// saveInterview checks and stores a changed interview with its new plan.
func saveInterview(ctx context.Context, a *command.App, _ *store.Store, iv *followup.Interview) error {
	pl, err := a.Planner(ctx)
	if err != nil {
		return err
	}
	return pl.Save(ctx, iv)
}
