package agenda

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

type listOptions struct {
	status string
	json   bool
	all    bool
}

func newListCommand(a *command.App) *cobra.Command {
	var o listOptions
	cmd := &cobra.Command{
		Use:   "list [--status S] [--all-accounts] [--json]",
		Short: "List interviews with their status and next action",
		Long: `List the account's interviews with their status and next follow-up.

With --all-accounts, list the interviews of every account in the store, as a
coach sees them: the account, company, role, date, status and the next
follow-up's kind and time, with a count per account — never a message, a note
or the next steps.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runList(cmd.Context(), a, o)
		},
	}
	cmd.Flags().StringVar(&o.status, "status", "", "only interviews with this status: upcoming, awaiting, replied, quiet, closed")
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array")
	cmd.Flags().BoolVar(&o.all, "all-accounts", false, "every account's interviews, without their texts (a coach's view)")
	_ = cmd.RegisterFlagCompletionFunc("status", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"upcoming", "awaiting", "replied", "quiet", "closed"}, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func runList(ctx context.Context, a *command.App, o listOptions) error {
	if o.all {
		if o.status != "" {
			return usage.Errorf("--status and --all-accounts do not go together: list one account's interviews by status with --account NAME --status S")
		}
		rows, needs, err := accountRows(ctx, a)
		if err != nil {
			return err
		}
		if o.json {
			return command.WriteJSON(a.Out, rows)
		}
		printAccountRows(a, rows, needs)
		return nil
	}
	views, err := listViews(ctx, a, o.status)
	if err != nil {
		return err
	}
	if o.json {
		return command.WriteJSON(a.Out, views)
	}
	printList(a, views)
	return nil
}

func listViews(ctx context.Context, a *command.App, status string) ([]InterviewView, error) {
	var want followup.Status
	if status != "" {
		s, err := followup.ParseStatus(status)
		if err != nil {
			return nil, err
		}
		want = s
	}
	st, err := a.Store(ctx)
	if err != nil {
		return nil, err
	}
	ivs, err := st.ListInterviews(ctx, store.Filter{})
	if err != nil {
		return nil, err
	}
	views := []InterviewView{}
	for _, iv := range ivs {
		if want != "" && iv.CurrentStatus(a.Clock.Now()) != want {
			continue
		}
		v, err := detailedView(ctx, a, st, iv)
		if err != nil {
			return nil, err
		}
		views = append(views, v)
	}
	return views, nil
}

func printList(a *command.App, views []InterviewView) {
	if len(views) == 0 {
		fmt.Fprintln(a.Err, "no interviews yet: add one with `followup add`")
		return
	}
	tw := tabwriter.NewWriter(a.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCOMPANY\tROLE\tWHEN\tSTATUS\tNEXT ACTION")
	loc := a.Location()
	for _, v := range views {
		start, _ := time.Parse(time.RFC3339, v.Start)
		next := "—"
		if v.NextAction != nil {
			due, _ := time.Parse(time.RFC3339, v.NextAction.Due)
			next = fmt.Sprintf("%s %s", v.NextAction.Kind, due.In(loc).Format("Mon 2 Jan 15:04"))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", v.ID, command.Clip(v.Company, 24), command.Clip(v.Role, 28),
			start.In(loc).Format("Mon 2 Jan 15:04"), v.Status, next)
	}
	tw.Flush()
}
