package agenda

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
)

func init() { Commands.Add(newPlanCommand) }

// planHorizon is how far ahead `followup plan` without an id looks.
const planHorizon = 14 * 24 * time.Hour

type planOptions struct {
	ID   string // "" for everything due soon
	json bool
}

func newPlanCommand(a *command.App) *cobra.Command {
	var o planOptions
	cmd := &cobra.Command{
		Use:   "plan [ID] [--json]",
		Short: "Show an interview's follow-up timeline, or everything due in the next 14 days",
		Long: `Show an interview's follow-up timeline: what, to whom, when and why. Without
an id, list the follow-ups due in the next 14 days (and any overdue) across all
interviews. The plan is recomputed first, so it reflects the current config.`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: a.CompleteIDs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.ID = args[0]
			}
			return runPlan(cmd.Context(), a, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array of actions")
	return cmd
}

func runPlan(ctx context.Context, a *command.App, o planOptions) error {
	var (
		entries []planEntry
		res     followup.PlanResult
		err     error
	)
	if o.ID != "" {
		entries, res, err = planOne(ctx, a, o.ID)
	} else {
		entries, err = planDue(ctx, a)
	}
	if err != nil {
		return err
	}
	if o.json {
		return command.WriteJSON(a.Out, planViews(a, entries))
	}
	printPlan(a, a.Out, entries, o.ID == "")
	if !res.QuietAt.IsZero() {
		fmt.Fprintf(a.Out, "  quiet from %s if nothing is heard by then\n", a.When(res.QuietAt))
	}
	return nil
}

// planEntry is one action with the interview it belongs to.
type planEntry struct {
	iv *followup.Interview
	ac followup.Action
	ov *followup.Override // the user's decision still in effect, if any
}

// planEntryView is a planned action in `followup plan --json`.
type planEntryView struct {
	Interview string `json:"interview"`
	Company   string `json:"company"`
	ActionView
}

func planViews(a *command.App, entries []planEntry) []planEntryView {
	out := make([]planEntryView, 0, len(entries))
	for _, e := range entries {
		v := planEntryView{Interview: e.iv.ID, Company: e.iv.Company, ActionView: newActionView(e.ac)}
		if e.ov != nil {
			v.Override = newOverrideView(a, *e.ov)
		}
		out = append(out, v)
	}
	return out
}

// planOne replans one interview and returns its whole timeline.
// It also returns the planner's decision, for when the interview goes quiet.
func planOne(ctx context.Context, a *command.App, id string) ([]planEntry, followup.PlanResult, error) {
	iv, st, err := a.GetInterview(ctx, id)
	if err != nil {
		return nil, followup.PlanResult{}, err
	}
	pl, err := a.Planner(ctx)
	if err != nil {
		return nil, followup.PlanResult{}, err
	}
	res, err := pl.Replan(ctx, iv)
	if err != nil {
		return nil, res, err
	}
	acs, err := st.Actions(ctx, iv.ID)
	if err != nil {
		return nil, res, err
	}
	ovs, err := overridesByKey(ctx, st, iv.ID)
	if err != nil {
		return nil, res, err
	}
	entries := make([]planEntry, 0, len(acs))
	for _, ac := range acs {
		entries = append(entries, planEntry{iv, ac, decided(ovs, ac)})
	}
	return entries, res, nil
}

// planDue replans every interview still waiting for an answer and returns
// the open actions due before the horizon, overdue ones included.
func planDue(ctx context.Context, a *command.App) ([]planEntry, error) {
	st, err := a.Store(ctx)
	if err != nil {
		return nil, err
	}
	ivs, err := st.ListInterviews(ctx, store.Filter{})
	if err != nil {
		return nil, err
	}
	pl, err := a.Planner(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*followup.Interview, len(ivs))
	for _, iv := range ivs {
		byID[iv.ID] = iv
		if !iv.Waiting(a.Clock.Now()) {
			continue
		}
		if _, err := pl.Replan(ctx, iv); err != nil {
			return nil, err
		}
	}
	acs, err := st.ActionsDueBetween(ctx, time.Time{}, a.Clock.Now().Add(planHorizon))
	if err != nil {
		return nil, err
	}
	var entries []planEntry
	ovs := map[string]map[string]followup.Override{}
	for _, ac := range acs {
		iv, ok := byID[ac.InterviewID]
		if !ok {
			continue
		}
		if _, ok := ovs[iv.ID]; !ok {
			if ovs[iv.ID], err = overridesByKey(ctx, st, iv.ID); err != nil {
				return nil, err
			}
		}
		entries = append(entries, planEntry{iv, ac, decided(ovs[iv.ID], ac)})
	}
	return entries, nil
}

func printPlan(a *command.App, w io.Writer, entries []planEntry, across bool) {
	if len(entries) == 0 {
		if across {
			fmt.Fprintln(w, "nothing due in the next 14 days")
		} else {
			fmt.Fprintln(w, "no follow-ups planned")
		}
		return
	}
	var last string
	for _, e := range entries {
		if !across && e.iv.ID != last {
			fmt.Fprintf(w, "%s  %s — %s (%s)\n", e.iv.ID, e.iv.Company, e.iv.Role, e.iv.CurrentStatus(a.Clock.Now()))
			last = e.iv.ID
		}
		fmt.Fprintln(w, "  "+planLine(a, e, across))
	}
}

// planLine reads like "check-in to Jane Roe — Mon 30 Nov 09:00 — they promised by Fri 27 Nov".
func planLine(a *command.App, e planEntry, across bool) string {
	line := fmt.Sprintf("#%-4d %s to %s — %s — %s", e.ac.ID, e.ac.Kind, recipientNames(e.iv, e.ac.To), a.When(e.ac.Due), e.ac.Reason)
	if across {
		line += " (" + e.iv.ID + ")"
	}
	switch {
	case e.ac.State == followup.StatePending && e.ac.Due.Before(a.Clock.Now()):
		line += " [overdue]"
	case e.ov != nil:
	case e.ac.State != followup.StatePending:
		line += " [" + string(e.ac.State) + "]"
	}
	if e.ov != nil {
		line += " [" + e.ov.Label(a.Location()) + "]"
	}
	return line
}

// recipientNames names the recipients as the interview knows them.
func recipientNames(iv *followup.Interview, to []string) string {
	names := make([]string, 0, len(to))
	for _, addr := range to {
		name := addr
		for _, p := range iv.People() {
			if p.Email == addr && p.Name != "" {
				name = p.Name
			}
		}
		names = append(names, name)
	}
	if len(names) == 0 {
		return "nobody"
	}
	return strings.Join(names, ", ")
}
