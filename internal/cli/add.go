package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
)

func init() { register(newAddCommand) }

type addOptions struct {
	company, role, at, tz, duration, nextSteps, notes string
	interviewers, contacts                            []string
	json                                              bool
}

func newAddCommand(a *App) *cobra.Command {
	var o addOptions
	cmd := &cobra.Command{
		Use:   "add --company C --role R --at TIME --interviewer \"Name <email>\" [flags]",
		Short: "Track a new interview",
		Example: `  followup add --company Acme --role "Backend Engineer" --at "2026-11-20 14:00" \
      --tz Europe/Berlin --duration 45m --interviewer "Jane Roe <jane@acme.example>" \
      --next-steps "we'll get back to you in 4-5 working days"`,
		Args: cobra.NoArgs,
		Long: `Track a new interview. With no flags on a terminal, followup asks for each field.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Flags().NFlag() == 0 && a.InTTY {
				var err error
				if o, err = askAdd(a); err != nil {
					return err
				}
			}
			return runAdd(cmd, a, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.company, "company", "", "company name (required)")
	f.StringVar(&o.role, "role", "", "role applied for (required)")
	f.StringVar(&o.at, "at", "", `start time, "2026-11-20 14:00" (required)`)
	f.StringVar(&o.tz, "tz", "", "time zone of --at (default: [me] timezone, else the system's)")
	f.StringVar(&o.duration, "duration", "45m", "scheduled length")
	f.StringArrayVar(&o.interviewers, "interviewer", nil, `"Name <email>" of an interviewer (repeat for each; at least one)`)
	f.StringArrayVar(&o.contacts, "contact", nil, `"Name <email>" of a recruiter or other contact (repeatable)`)
	f.StringVar(&o.nextSteps, "next-steps", "", "what they said about next steps, as they said it")
	f.StringVar(&o.notes, "notes", "", "your notes")
	f.BoolVar(&o.json, "json", false, `print {"id": "…"} as JSON`)
	return cmd
}

func runAdd(cmd *cobra.Command, a *App, o addOptions) error {
	iv, err := o.interview(a)
	if err != nil {
		return err
	}
	if ok, err := a.checkDuplicate(cmd.Context(), iv); err != nil || !ok {
		return err
	}
	pl, err := a.planner(cmd.Context())
	if err != nil {
		return err
	}
	id, err := pl.Add(cmd.Context(), iv)
	if err != nil {
		return err
	}
	if o.json {
		return writeJSON(a.Out, map[string]string{"id": id})
	}
	fmt.Fprintln(a.Out, id)
	return nil
}

// checkDuplicate warns when iv looks like an interview already stored
// (same company, role, day and an interviewer in common); on a terminal it
// asks before adding a second one. It reports whether to go on.
func (a *App) checkDuplicate(ctx context.Context, iv *followup.Interview) (bool, error) {
	st, err := a.Store(ctx)
	if err != nil {
		return false, err
	}
	all, err := st.ListInterviews(ctx, store.Filter{})
	if err != nil {
		return false, err
	}
	for _, old := range all {
		if !followup.SameInterview(iv, old) {
			continue
		}
		fmt.Fprintf(a.Err, "followup: warning: this looks like %s (%s, %s, %s, same interviewer), already tracked\n",
			old.ID, old.Company, old.Role, old.Start.Format("Mon 2 Jan"))
		if a.InTTY && !a.prompter().confirm("Add it again as a second interview?") {
			return false, usagef("not added: see `followup show %s`", old.ID)
		}
		return true, nil
	}
	return true, nil
}

func (o addOptions) interview(a *App) (*followup.Interview, error) {
	loc, err := a.loadZone(o.tz)
	if err != nil {
		return nil, err
	}
	if o.at == "" {
		return nil, &followup.FieldError{Field: "at", Value: "", Hint: `the start time is required, e.g. --at "2026-11-20 14:00"`}
	}
	start, err := parseTime("at", o.at, loc)
	if err != nil {
		return nil, err
	}
	if err := checkNear("at", start, a.Clock.Now()); err != nil {
		return nil, err
	}
	dur, err := parseDuration("duration", o.duration)
	if err != nil {
		return nil, err
	}
	ivs, err := parsePeople("interviewer", o.interviewers, followup.RoleInterviewer)
	if err != nil {
		return nil, err
	}
	contacts, err := parsePeople("contact", o.contacts, followup.RoleContact)
	if err != nil {
		return nil, err
	}
	iv := &followup.Interview{
		Company: o.company, Role: o.role, Start: start, Duration: dur,
		Interviewers: ivs, Contacts: contacts, NextSteps: o.nextSteps, Notes: o.notes,
	}
	return iv, iv.Validate()
}

// askAdd prompts for a new interview on a terminal. Interviewers and
// contacts are asked for one per line until an empty answer.
func askAdd(a *App) (addOptions, error) {
	p := a.prompter()
	o := addOptions{duration: "45m"}
	fields := []struct {
		q   string
		dst *string
		def string
	}{
		{"Company", &o.company, ""},
		{"Role", &o.role, ""},
		{`Start ("2026-11-20 14:00")`, &o.at, ""},
		{"Time zone", &o.tz, a.Location().String()},
		{"Scheduled length", &o.duration, "45m"},
	}
	for _, f := range fields {
		v, err := p.ask(f.q, f.def)
		if err != nil {
			return o, err
		}
		*f.dst = v
	}
	var err error
	if o.interviewers, err = askList(p, `Interviewer ("Name <email>", empty to finish)`); err != nil {
		return o, err
	}
	if o.contacts, err = askList(p, `Recruiter or other contact ("Name <email>", empty to finish)`); err != nil {
		return o, err
	}
	if o.nextSteps, err = p.ask("What did they say about next steps?", ""); err != nil {
		return o, err
	}
	o.notes, err = p.ask("Notes", "")
	return o, err
}

func askList(p *prompter, q string) ([]string, error) {
	var out []string
	for {
		v, err := p.ask(q, "")
		if err != nil || v == "" {
			return out, err
		}
		out = append(out, v)
	}
}
