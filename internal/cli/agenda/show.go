package agenda

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
)

func init() {
	Commands.Add(newShowCommand)
	Commands.Add(newListCommand)
}

type showOptions struct {
	ID   string
	json bool
}

func newShowCommand(a *command.App) *cobra.Command {
	var o showOptions
	cmd := &cobra.Command{
		Use:               "show ID",
		Short:             "Show everything about one interview",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: a.CompleteIDs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			return runShow(cmd.Context(), a, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print JSON")
	return cmd
}

func runShow(ctx context.Context, a *command.App, o showOptions) error {
	v, err := loadView(ctx, a, o.ID)
	if err != nil {
		return err
	}
	if o.json {
		return command.WriteJSON(a.Out, v)
	}
	printInterview(a.Out, v)
	return nil
}

func loadView(ctx context.Context, a *command.App, id string) (InterviewView, error) {
	iv, st, err := a.GetInterview(ctx, id)
	if err != nil {
		return InterviewView{}, err
	}
	return detailedView(ctx, a, st, iv)
}

func detailedView(ctx context.Context, a *command.App, st *store.Store, iv *followup.Interview) (InterviewView, error) {
	v := newInterviewView(iv, a.Clock.Now())
	v.Deadline = deadline(a, iv)
	v.Readings = iv.Signals.Read(strings.TrimSpace(iv.NextSteps) != "")
	acs, err := st.Actions(ctx, iv.ID)
	if err != nil {
		return v, err
	}
	ovs, err := overridesByKey(ctx, st, iv.ID)
	if err != nil {
		return v, err
	}
	for _, ac := range acs {
		av := newActionView(ac)
		if o, ok := decisionOf(ovs, ac); ok {
			av.Override = newOverrideView(a, o)
		}
		v.Actions = append(v.Actions, av)
		if v.NextAction == nil && ac.State == followup.StatePending {
			v.NextAction = &av
		}
	}
	msgs, err := st.Messages(ctx, iv.ID)
	if err != nil {
		return v, err
	}
	for _, m := range msgs {
		v.Drafts = append(v.Drafts, MessageView{Kind: m.Kind, To: m.Recipient, Subject: m.Subject,
			MessageID: m.MessageID, Location: m.Location, Created: m.Created.Format(time.RFC3339)})
	}
	reps, err := st.Replies(ctx, iv.ID)
	if err != nil {
		return v, err
	}
	for _, r := range reps {
		v.Replies = append(v.Replies, ReplyView{From: r.From, Subject: r.Subject, Date: r.Date.Format(time.RFC3339),
			Class: r.Class, MessageID: r.MessageID, Reason: r.Reason})
	}
	return v, nil
}

func printInterview(w io.Writer, v InterviewView) {
	start, _ := time.Parse(time.RFC3339, v.Start)
	fmt.Fprintf(w, "%s  %s — %s\n", v.ID, v.Company, v.Role)
	fmt.Fprintf(w, "  when:         %s (%s, %d min)\n", start.Format("Mon 2 Jan 2006 15:04"), v.TimeZone, v.DurationMin)
	fmt.Fprintf(w, "  status:       %s%s\n", v.Status, suffix(" (", string(v.Outcome), ")"))
	for _, p := range v.Interviewers {
		fmt.Fprintf(w, "  interviewer:  %s\n", formatPerson(p))
	}
	for _, p := range v.Contacts {
		fmt.Fprintf(w, "  contact:      %s\n", formatPerson(p))
	}
	if v.NextSteps != "" {
		fmt.Fprintf(w, "  next steps:   %q\n", v.NextSteps)
	} else {
		fmt.Fprintln(w, "  next steps:   none recorded — ask about the timeline in your thank-you note")
	}
	if v.Deadline != nil {
		fmt.Fprintf(w, "  promised by:  %s\n", formatDeadline(*v.Deadline))
	} else if v.NextSteps != "" {
		fmt.Fprintln(w, "  promised by:  no date in the next steps — the check-in waits for a quiet spell")
	}
	if v.Notes != "" {
		fmt.Fprintf(w, "  notes:        %s\n", v.Notes)
	}
	printReadings(w, v.Readings)
	printActions(w, v)
	if len(v.Drafts) > 0 {
		fmt.Fprintln(w, "  messages:")
		for _, d := range v.Drafts {
			fmt.Fprintf(w, "    %-10s to %-28s %s  <%s>\n", d.Kind, d.To, d.Location, d.MessageID)
		}
	}
	for _, r := range v.Replies {
		fmt.Fprintf(w, "  %-12s  %s from %s: %q\n", r.Class, r.Date, r.From, r.Subject)
	}
}

func printReadings(w io.Writer, rs []followup.Reading) {
	if len(rs) == 0 {
		return
	}
	fmt.Fprintln(w, "  how it went:")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, r := range rs {
		fmt.Fprintf(tw, "    %s:\t%s\t%s\n", r.Signal, r.Value, r.Meaning)
	}
	tw.Flush()
}

func printActions(w io.Writer, v InterviewView) {
	if len(v.Actions) == 0 {
		return
	}
	names := map[string]string{}
	for _, p := range append(append([]command.PersonView{}, v.Interviewers...), v.Contacts...) {
		if p.Name != "" {
			names[p.Email] = p.Name
		}
	}
	fmt.Fprintln(w, "  follow-ups:")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, ac := range v.Actions {
		due, _ := time.Parse(time.RFC3339, ac.Due)
		to := make([]string, len(ac.To))
		for i, addr := range ac.To {
			to[i] = cmp.Or(names[addr], addr)
		}
		state := ac.State
		if ac.Override != nil {
			state = ac.Override.Label // "snoozed until Wed 2 Dec 13:00", "skipped"
		}
		fmt.Fprintf(tw, "    #%d\t%s\tto %s\t%s\t%s\t%s\n", ac.ID, ac.Kind, strings.Join(to, ", "),
			due.Format("Mon 2 Jan 15:04"), state, ac.Reason)
	}
	tw.Flush()
}

// formatDeadline reads like "Fri 27 Nov 2026 (earliest Thu 26 Nov)".
func formatDeadline(d deadlineView) string {
	latest, err := time.Parse(time.DateOnly, d.Latest)
	if err != nil {
		return d.Latest
	}
	s := latest.Format("Mon 2 Jan 2006")
	if earliest, err := time.Parse(time.DateOnly, d.Earliest); err == nil && !earliest.Equal(latest) {
		s += " (earliest " + earliest.Format("Mon 2 Jan") + ")"
	}
	return s
}

func formatPerson(p command.PersonView) string {
	s := p.Email
	if p.Name != "" {
		s = p.Name + " <" + p.Email + ">"
	}
	if p.Title != "" {
		s += ", " + p.Title
	}
	if p.Undeliverable {
		s += " (undeliverable)"
	}
	return s
}

func suffix(pre, s, post string) string {
	if s == "" {
		return ""
	}
	return pre + s + post
}
