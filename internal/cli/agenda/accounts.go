package agenda

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/followup"
)

// AccountRow is one interview in `followup list --all-accounts`: what a
// coach may see of the people they coach — statuses, dates and the next
// follow-up's kind and time, never a message, a note or the next steps.
type AccountRow struct {
	Account string    `json:"account"`
	ID      string    `json:"id"`
	Company string    `json:"company"`
	Role    string    `json:"role"`
	Start   string    `json:"start"`
	Status  string    `json:"status"`
	Next    *NextView `json:"next,omitempty"`
}

// NextView is the kind and time of a follow-up, without its text.
type NextView struct {
	Kind string `json:"kind"`
	Due  string `json:"due"`
}

// accountRows reads every account's interviews from the store every
// account shares: summaries and the next follow-up of each.
func accountRows(ctx context.Context, a *command.App) ([]AccountRow, map[string]int, error) {
	st, err := a.AllAccounts(ctx)
	if err != nil {
		return nil, nil, err
	}
	sums, err := st.ListSummaries(ctx)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]string, len(sums))
	for i, s := range sums {
		ids[i] = s.ID
	}
	next, err := st.NextPendingOf(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	review, err := st.ActionsInState(ctx, followup.StateNeedsReview)
	if err != nil {
		return nil, nil, err
	}
	account := map[string]string{}
	rows := make([]AccountRow, 0, len(sums))
	now := a.Clock.Now()
	for _, s := range sums {
		name := command.AccountLabel(s.Account)
		account[s.ID] = name
		r := AccountRow{Account: name, ID: s.ID, Company: s.Company, Role: s.Role, Start: s.Start.Format(time.RFC3339), Status: string(s.CurrentStatus(now))}
		if ac, ok := next[s.ID]; ok {
			r.Next = &NextView{Kind: string(ac.Kind), Due: ac.Due.UTC().Format(time.RFC3339)}
		}
		rows = append(rows, r)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Account < rows[j].Account })
	needs := map[string]int{}
	for _, ac := range review {
		needs[account[ac.InterviewID]]++
	}
	return rows, needs, nil
}

func printAccountRows(a *command.App, rows []AccountRow, needs map[string]int) {
	if len(rows) == 0 {
		fmt.Fprintln(a.Err, "no interviews in any account yet")
		return
	}
	tw := tabwriter.NewWriter(a.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ACCOUNT\tID\tCOMPANY\tROLE\tWHEN\tSTATUS\tNEXT")
	loc := a.Location()
	counts := map[string]map[string]int{}
	var order []string
	for _, r := range rows {
		start, _ := time.Parse(time.RFC3339, r.Start)
		next := "—"
		if r.Next != nil {
			due, _ := time.Parse(time.RFC3339, r.Next.Due)
			next = r.Next.Kind + " " + due.In(loc).Format("Mon 2 Jan 15:04")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Account, r.ID, command.Clip(r.Company, 24), command.Clip(r.Role, 28),
			start.In(loc).Format("Mon 2 Jan 2006"), r.Status, next)
		if counts[r.Account] == nil {
			counts[r.Account] = map[string]int{}
			order = append(order, r.Account)
		}
		counts[r.Account][r.Status]++
	}
	tw.Flush()
	fmt.Fprintln(a.Out)
	for _, name := range order {
		var parts []string
		total := 0
		for _, st := range []string{"upcoming", "awaiting", "replied", "quiet", "closed"} {
			if n := counts[name][st]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, st))
				total += n
			}
		}
		line := fmt.Sprintf("%s: %d interviews (%s)", name, total, strings.Join(parts, ", "))
		if n := needs[name]; n > 0 {
			line += fmt.Sprintf(", %d follow-ups need review", n)
		}
		fmt.Fprintln(a.Out, line)
	}
}
