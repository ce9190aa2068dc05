package interviews

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/followup"
)

func init() { Commands.Add(newLogCommand) }

type logOptions struct {
	ID string
	// noFlags is true when the command line gave no flag: ask on a terminal.
	noFlags bool
	// changed says whether the flag of that name was given.
	changed                                                            func(name string) bool
	actual, engagement, offScript, clarity, concerns, nextSteps, notes string
	// topics are "WHO=what you talked about" (or just the text when there
	// is one interviewer); WHO is an address or a name on the interview.
	topics []string
}

func newLogCommand(a *command.App) *cobra.Command {
	var o logOptions
	cmd := &cobra.Command{
		Use:   "log ID [flags]",
		Short: "Record how an interview went",
		Long: `Record how an interview went: its actual length and the five signals
(running over time, engagement, questions off script, clarity of next steps,
the answer about concerns), plus next steps and notes. With no flags on a
terminal it asks for each.`,
		Example: `  followup log acme-backend-1120 --actual 70m --engagement high --clarity clear
  followup log acme-backend-1120 --topics "Jane=the on-call rota" --topics "bob@acme.example=replaying the event log"`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: a.CompleteIDs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID, o.noFlags, o.changed = args[0], cmd.Flags().NFlag() == 0, cmd.Flags().Changed
			return runLog(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.actual, "actual", "", `actual length, e.g. "70m"`)
	f.StringVar(&o.engagement, "engagement", "", "engagement and eye contact: low, medium or high")
	f.StringVar(&o.offScript, "off-script", "", "how far the questions went off script: low, medium or high")
	f.StringVar(&o.clarity, "clarity", "", "how clear the next steps were: clear, vague or none")
	f.StringVar(&o.concerns, "concerns", "", "what they said when you asked about concerns")
	f.StringVar(&o.nextSteps, "next-steps", "", "what they said about next steps")
	f.StringVar(&o.notes, "notes", "", "your notes (replaces the old ones)")
	f.StringArrayVar(&o.topics, "topics", nil, `what you talked about with one interviewer, "Jane=the on-call rota" (repeat for each); their thank-you mentions it`)
	return cmd
}

func runLog(ctx context.Context, a *command.App, o logOptions) error {
	iv, st, err := a.GetInterview(ctx, o.ID)
	if err != nil {
		return err
	}
	changed := o.changed
	if o.noFlags && a.InTTY {
		if o, err = askLog(a, iv); err != nil {
			return err
		}
	}
	before := *iv
	before.Interviewers = slices.Clone(iv.Interviewers)
	if err := o.apply(iv, changed); err != nil {
		return err
	}
	if err := saveInterview(ctx, a, st, iv); err != nil {
		return err
	}
	fmt.Fprintln(a.Out, loggedLine(&before, iv))
	return nil
}

// apply sets the fields whose flags were given (or answered).
func (o logOptions) apply(iv *followup.Interview, changed func(string) bool) error {
	if changed("actual") && o.actual != "" {
		d, err := command.ParseDuration("actual", o.actual)
		if err != nil {
			return err
		}
		iv.ActualDuration = d
		over := int((d - iv.Duration) / time.Minute)
		iv.Signals.OverrunMinutes = &over
	}
	var err error
	if changed("engagement") {
		if iv.Signals.Engagement, err = followup.ParseLevel("engagement", o.engagement); err != nil {
			return err
		}
	}
	if changed("off-script") {
		if iv.Signals.OffScript, err = followup.ParseLevel("off-script", o.offScript); err != nil {
			return err
		}
	}
	if changed("clarity") {
		if iv.Signals.NextStepsClarity, err = followup.ParseClarity(o.clarity); err != nil {
			return err
		}
	}
	if changed("concerns") {
		iv.Signals.Concerns = o.concerns
	}
	if changed("next-steps") {
		iv.NextSteps = o.nextSteps
	}
	if changed("notes") {
		iv.Notes = o.notes
	}
	for _, t := range o.topics {
		if err := setTopics(iv, t); err != nil {
			return err
		}
	}
	return nil
}

// setTopics records "WHO=TEXT" on the interviewer WHO names (address, full
// or first name); a bare TEXT goes to the only interviewer.
func setTopics(iv *followup.Interview, v string) error {
	who, text, named := strings.Cut(v, "=")
	if !named {
		if len(iv.Interviewers) != 1 {
			return &followup.FieldError{Field: "topics", Value: v, Hint: fmt.Sprintf(`say whose, e.g. --topics "%s=the on-call rota"`, firstNameOf(iv.Interviewers[0]))}
		}
		who, text = iv.Interviewers[0].Email, v
	}
	text = strings.TrimSpace(text)
	if err := followup.CheckText("topics", text); err != nil {
		return err
	}
	i := interviewerIndex(iv, strings.TrimSpace(who))
	if i < 0 {
		return &followup.FieldError{Field: "topics", Value: v, Hint: fmt.Sprintf("%q is not an interviewer of %s: use an address or a name from followup show %s", who, iv.ID, iv.ID)}
	}
	iv.Interviewers[i].Topics = text
	return nil
}

// interviewerIndex finds the interviewer with address, full name or first
// name who (ignoring case); -1 when none or several match.
func interviewerIndex(iv *followup.Interview, who string) int {
	found := -1
	for i, p := range iv.Interviewers {
		if strings.EqualFold(p.Email, who) {
			return i
		}
		if strings.EqualFold(p.Name, who) || strings.EqualFold(firstNameOf(p), who) {
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	return found
}

// firstNameOf is the first word of p's name, else the address.
func firstNameOf(p followup.Person) string {
	if f := strings.Fields(p.Name); len(f) > 0 {
		return f[0]
	}
	return p.Email
}

// askLog prompts for each field on a terminal; empty answers keep the value.
func askLog(a *command.App, iv *followup.Interview) (logOptions, error) {
	p := a.Prompter()
	var o logOptions
	var err error
	def := ""
	if iv.ActualDuration > 0 {
		def = iv.ActualDuration.String()
	}
	fmt.Fprintf(a.Err, "Logging %s (%s — %s). Press Enter to keep a value.\n", iv.ID, iv.Company, iv.Role)
	steps := []struct {
		q   string
		dst *string
		def string
	}{
		{"Actual length (scheduled " + strconv.Itoa(int(iv.Duration/time.Minute)) + "m)", &o.actual, def},
		{"Engagement and eye contact (low/medium/high)", &o.engagement, string(iv.Signals.Engagement)},
		{"Questions off script (low/medium/high)", &o.offScript, string(iv.Signals.OffScript)},
		{"Next steps clarity (clear/vague/none)", &o.clarity, string(iv.Signals.NextStepsClarity)},
		{"What they said about concerns", &o.concerns, iv.Signals.Concerns},
		{"Next steps, as they said them", &o.nextSteps, iv.NextSteps},
		{"Notes", &o.notes, iv.Notes},
	}
	for _, s := range steps {
		if *s.dst, err = p.Ask(s.q, s.def); err != nil {
			return o, err
		}
	}
	return o, nil
}

// loggedLine says what `log` recorded: "acme-backend-1120: recorded actual
// 1h10m (25 min over), engagement high".
func loggedLine(before, after *followup.Interview) string {
	var parts []string
	add := func(changed bool, text string) {
		if changed {
			parts = append(parts, text)
		}
	}
	s := after.Signals
	if after.ActualDuration != before.ActualDuration {
		over := ""
		if m := s.OverrunMinutes; m != nil && *m != 0 {
			over = fmt.Sprintf(" (%+d min against the plan)", *m)
		}
		parts = append(parts, fmt.Sprintf("actual length %s%s", shortDuration(after.ActualDuration), over))
	}
	add(s.Engagement != before.Signals.Engagement, "engagement "+string(s.Engagement))
	add(s.OffScript != before.Signals.OffScript, "off-script "+string(s.OffScript))
	add(s.NextStepsClarity != before.Signals.NextStepsClarity, "clarity "+string(s.NextStepsClarity))
	add(s.Concerns != before.Signals.Concerns, "concerns")
	add(after.NextSteps != before.NextSteps, fmt.Sprintf("next steps %q", after.NextSteps))
	add(after.Notes != before.Notes, "notes")
	for i, p := range after.Interviewers {
		if i < len(before.Interviewers) && p.Topics != before.Interviewers[i].Topics {
			parts = append(parts, fmt.Sprintf("topics with %s", firstNameOf(p)))
		}
	}
	if len(parts) == 0 {
		return after.ID + ": nothing changed (see followup log --help for what to record)"
	}
	return after.ID + ": recorded " + strings.Join(parts, ", ")
}

// shortDuration prints 70m as "1h10m" and 45m as "45m".
func shortDuration(d time.Duration) string {
	t := strings.TrimSuffix(d.String(), "0s")
	if strings.HasSuffix(t, "h0m") {
		t = strings.TrimSuffix(t, "0m")
	}
	return t
}
