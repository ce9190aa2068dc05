package interviews

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

func init() {
	Commands.Add(newInvitesCommand)
	Commands.Add(newAcceptInviteCommand)
	Commands.Add(newDismissInviteCommand)
}

const invitesLong = `List the calendar invitations the inbox watcher found in mail from a
contact or a company you have an interview with ([imap] must be set):

  proposed   waiting for you: 'followup accept-invite N' adds it as an interview,
             'followup dismiss-invite N' ignores it
  accepted   added as the interview in the INTERVIEW column; a later update from
             the organizer moves that interview
  dismissed  you said no
  cancelled  the organizer cancelled it; an interview you had added is kept until
             you close it ('followup close ID') or change it

Nothing is added to your interviews without your word.`

type invitesOptions struct{ json bool }

func newInvitesCommand(a *command.App) *cobra.Command {
	var o invitesOptions
	cmd := &cobra.Command{
		Use:   "invites [--json]",
		Short: "List the calendar invitations found in your inbox",
		Long:  invitesLong,
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return runInvites(cmd.Context(), a, o) },
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print JSON")
	return cmd
}

// inviteView is an invitation in JSON output.
type inviteView struct {
	ID           int64                `json:"id"`
	State        string               `json:"state"`
	Summary      string               `json:"summary"`
	Company      string               `json:"company"`
	Role         string               `json:"role"`
	Start        string               `json:"start"` // RFC 3339 with the invitation's offset
	TimeZone     string               `json:"time_zone"`
	DurationMin  int                  `json:"duration_minutes"`
	Location     string               `json:"location,omitempty"`
	Organizer    string               `json:"organizer,omitempty"`
	Interviewers []command.PersonView `json:"interviewers"`
	UID          string               `json:"uid"`
	Sequence     int                  `json:"sequence"`
	InterviewID  string               `json:"interview_id,omitempty"`
	AboutID      string               `json:"about_interview_id,omitempty"`
	MessageID    string               `json:"message_id"`
	Received     string               `json:"received"`
}

func viewInvite(inv store.Invite) inviteView {
	p := inv.Proposal
	v := inviteView{ID: inv.ID, State: inv.State, Summary: p.Summary, Company: p.Company, Role: p.Role,
		Start: p.Start.Format(time.RFC3339), TimeZone: p.Start.Location().String(), DurationMin: int(p.Duration.Minutes()),
		Location: p.Location, Organizer: p.Organizer.Email, UID: inv.UID, Sequence: inv.Sequence,
		InterviewID: inv.InterviewID, AboutID: inv.AboutID, MessageID: inv.MessageID,
		Received: inv.Received.UTC().Format(time.RFC3339), Interviewers: []command.PersonView{}}
	for _, per := range p.Interviewers {
		v.Interviewers = append(v.Interviewers, command.PersonView{Name: per.Name, Email: per.Email})
	}
	return v
}

func runInvites(ctx context.Context, a *command.App, o invitesOptions) error {
	st, err := a.Store(ctx)
	if err != nil {
		return err
	}
	invs, err := st.Invites(ctx)
	if err != nil {
		return err
	}
	if o.json {
		out := make([]inviteView, 0, len(invs))
		for _, inv := range invs {
			out = append(out, viewInvite(inv))
		}
		return command.WriteJSON(a.Out, out)
	}
	if len(invs) == 0 {
		fmt.Fprintln(a.Out, "no invitations: those from your contacts' mail appear here once the inbox is read (followup sync or the daemon)")
		return nil
	}
	loc := a.Location()
	tw := tabwriter.NewWriter(a.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "N\tSTATE\tWHEN\tCOMPANY\tTITLE\tINTERVIEW")
	for _, inv := range invs {
		p := inv.Proposal
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", inv.ID, inv.State, p.Start.In(loc).Format("Mon 2 Jan 2006 15:04"),
			dashIfEmpty(p.Company), dashIfEmpty(p.Summary), dashIfEmpty(inv.InterviewID))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return nil
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

type acceptInviteOptions struct {
	N string // the invitation's number in followup invites
	importOptions
}

func newAcceptInviteCommand(a *command.App) *cobra.Command {
	var o acceptInviteOptions
	cmd := &cobra.Command{
		Use:   "accept-invite N [--yes] [--company NAME] [--role ROLE]",
		Short: "Add a proposed invitation as an interview (after you confirm)",
		Long: `Add the interview that invitation N (from 'followup invites') proposes: its start,
length and zone, the organizer and attendees other than you as interviewers, the
company from the organizer's domain, the role from the title. You confirm on a
terminal, or with --yes; a company or role the invitation does not name is asked
for, or given with --company / --role. Later updates of the invitation move the
interview; a cancellation is reported and leaves it for you to close.`,
		Example: `  followup accept-invite 3
  followup accept-invite 3 --yes --role "Backend Engineer"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.N = args[0]
			return runAcceptInvite(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.company, "company", "", "the company, instead of the one from the organizer's domain")
	f.StringVar(&o.role, "role", "", "the role, when the invitation's title names none")
	f.BoolVar(&o.yes, "yes", false, "add it without asking")
	return cmd
}

type dismissInviteOptions struct {
	N string // the invitation's number in followup invites
}

func newDismissInviteCommand(a *command.App) *cobra.Command {
	var o dismissInviteOptions
	return &cobra.Command{
		Use:   "dismiss-invite N",
		Short: "Ignore a proposed invitation: nothing is added",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.N = args[0]
			return runDismissInvite(cmd.Context(), a, o)
		},
	}
}

func runDismissInvite(ctx context.Context, a *command.App, o dismissInviteOptions) error {
	inv, st, err := loadInvite(ctx, a, o.N)
	if err != nil {
		return err
	}
	if inv.State != store.InviteProposed {
		return notProposed(inv)
	}
	if err := st.DecideInvite(ctx, inv.ID, store.InviteProposed, store.InviteDismissed, "", a.Clock.Now()); err != nil {
		return inviteChanged(err)
	}
	fmt.Fprintf(a.Out, "invitation %d dismissed\n", inv.ID)
	return nil
}

// loadInvite reads invitation arg (a number from `followup invites`).
func loadInvite(ctx context.Context, a *command.App, arg string) (store.Invite, *store.Store, error) {
	n, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || n <= 0 {
		return store.Invite{}, nil, &followup.FieldError{Field: "invitation", Value: arg, Hint: "a number from the N column of `followup invites`"}
	}
	st, err := a.Store(ctx)
	if err != nil {
		return store.Invite{}, nil, err
	}
	inv, err := st.GetInvite(ctx, n)
	if errors.Is(err, store.ErrNotFound) {
		return inv, st, usage.Errorf("no invitation %d: see `followup invites`", n)
	}
	return inv, st, err
}

func notProposed(inv store.Invite) error {
	switch {
	case inv.State == store.InviteAccepted:
		return usage.Errorf("invitation %d is already interview %s", inv.ID, inv.InterviewID)
	case inv.State == store.InviteCancelled:
		return usage.Errorf("invitation %d was cancelled by the organizer: there is nothing to add", inv.ID)
	}
	return usage.Errorf("invitation %d was dismissed", inv.ID)
}

func inviteChanged(err error) error {
	if errors.Is(err, store.ErrInviteChanged) {
		return usage.Wrap(err)
	}
	return err
}

func runAcceptInvite(ctx context.Context, a *command.App, o acceptInviteOptions) error {
	inv, st, err := loadInvite(ctx, a, o.N)
	if err != nil {
		return err
	}
	if inv.State != store.InviteProposed && inv.State != store.InviteDismissed {
		return notProposed(inv)
	}
	o.dryRun = false
	id, err := addProposal(ctx, a, fmt.Sprintf("invitation %d", inv.ID), inv.Proposal, o.importOptions)
	if err != nil {
		return err
	}
	if err := st.DecideInvite(ctx, inv.ID, inv.State, store.InviteAccepted, id, a.Clock.Now()); err != nil {
		return fmt.Errorf("interview %s added, but %w", id, err)
	}
	fmt.Fprintln(a.Out, id)
	return nil
}
