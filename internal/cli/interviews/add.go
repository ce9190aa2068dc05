package interviews

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

func init() { Commands.Add(newAddCommand) }

type addOptions struct {
	company, role, at, tz, duration, nextSteps, notes string
	interviewers, contacts                            []string
	json                                              bool
	ics                                               string // an invitation to add the interview from
	yes                                               bool
	// noFlags is true when the command line gave no flag: ask on a terminal.
	noFlags bool
}

func newAddCommand(a *command.App) *cobra.Command {
	var o addOptions
	cmd := &cobra.Command{
		Use:   "add --company C --role R --at TIME --interviewer \"Name <email>\" [flags]",
		Short: "Track a new interview",
		Example: `  followup add --company Acme --role "Backend Engineer" --at "2026-11-20 14:00" \
      --tz Europe/Berlin --duration 45m --interviewer "Jane Roe <jane@acme.example>" \
      --next-steps "we'll get back to you in 4-5 working days"`,
		Args: cobra.NoArgs,
		Long: `Track a new interview. With no flags on a terminal, followup asks for each field,
checks each answer as you give it and asks again when one is wrong. Without a
terminal, pass --company, --role, --at and at least one --interviewer.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.noFlags = cmd.Flags().NFlag() == 0
			return runAdd(cmd.Context(), a, o)
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
	f.StringVar(&o.ics, "ics", "", "add the interview from a calendar invitation (.ics): start, length, zone, interviewers, company")
	f.BoolVar(&o.yes, "yes", false, "with --ics: add without asking (when not on a terminal)")
	return cmd
}

// addFromInvite is `add --ics FILE`: `followup import FILE.ics`, with the
// company, role and zone flags of add.
func addFromInvite(ctx context.Context, a *command.App, o addOptions) error {
	data, err := readImport(o.ics)
	if err != nil {
		return err
	}
	return importInvite(ctx, a, o.ics, data, importOptions{tz: o.tz, company: o.company, role: o.role, yes: o.yes})
}

func runAdd(ctx context.Context, a *command.App, o addOptions) error {
	if o.ics != "" {
		return addFromInvite(ctx, a, o)
	}
	if o.noFlags {
		if !a.InTTY {
			return addNeedsTerminal()
		}
		var err error
		if o, err = askAdd(a); err != nil {
			return err
		}
	}
	iv, err := o.interview(a)
	if err != nil {
		return err
	}
	if ok, err := checkDuplicate(ctx, a, iv); err != nil || !ok {
		return err
	}
	pl, err := a.Planner(ctx)
	if err != nil {
		return err
	}
	id, err := pl.Add(ctx, iv)
	if err != nil {
		return err
	}
	if o.json {
		return command.WriteJSON(a.Out, map[string]string{"id": id})
	}
	fmt.Fprintln(a.Out, id)
	return nil
}

// checkDuplicate warns when iv looks like an interview already stored
// (same company, role, day and an interviewer in common); on a terminal it
// asks before adding a second one. It reports whether to go on.
func checkDuplicate(ctx context.Context, a *command.App, iv *followup.Interview) (bool, error) {
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
		if a.InTTY && !a.Prompter().Confirm("Add it again as a second interview?") {
			return false, usage.Errorf("not added: see `followup show %s`", old.ID)
		}
		return true, nil
	}
	return true, nil
}

func (o addOptions) interview(a *command.App) (*followup.Interview, error) {
	loc, err := a.LoadZone(o.tz)
	if err != nil {
		return nil, err
	}
	if o.at == "" {
		return nil, &followup.FieldError{Field: "at", Value: "", Hint: `the start time is required, e.g. --at "2026-11-20 14:00"`}
	}
	start, err := command.ParseTime("at", o.at, loc)
	if err != nil {
		return nil, err
	}
	if err := command.CheckNear("at", start, a.Clock.Now()); err != nil {
		return nil, err
	}
	dur, err := command.ParseDuration("duration", o.duration)
	if err != nil {
		return nil, err
	}
	ivs, err := command.ParsePeople("interviewer", o.interviewers, followup.RoleInterviewer)
	if err != nil {
		return nil, err
	}
	contacts, err := command.ParsePeople("contact", o.contacts, followup.RoleContact)
	if err != nil {
		return nil, err
	}
	iv := &followup.Interview{
		Company: o.company, Role: o.role, Start: start, Duration: dur,
		Interviewers: ivs, Contacts: contacts, NextSteps: o.nextSteps, Notes: o.notes,
	}
	return iv, iv.Validate()
}

// askAdd prompts for a new interview on a terminal. Each answer is checked
// when it is given and asked again until it is right, so that one typo does
// not lose the answers before it. Interviewers and contacts are asked for
// one per line until an empty answer.
func askAdd(a *command.App) (addOptions, error) {
	p := a.Prompter()
	o := addOptions{duration: "45m"}
	required := func(field string) func(string) error {
		return func(v string) error {
			if strings.TrimSpace(v) == "" {
				return fmt.Errorf("the %s is required", field)
			}
			return followup.CheckHeaderText(field, v)
		}
	}
	fields := []struct {
		q     string
		dst   *string
		def   string
		check func(string) error
	}{
		{"Company", &o.company, "", required("company")},
		{"Role", &o.role, "", required("role")},
		{`Start ("2026-11-20 14:00")`, &o.at, "", func(v string) error { return checkStart(a, v, "") }},
		{"Time zone", &o.tz, a.Location().String(), func(v string) error { return checkStart(a, o.at, ownZone(a, v)) }},
		{"Scheduled length", &o.duration, "45m", func(v string) error { _, err := command.ParseDuration("duration", v); return err }},
	}
	for _, f := range fields {
		v, err := p.AskValid(f.q, f.def, f.check)
		if err != nil {
			return o, err
		}
		*f.dst = v
	}
	o.tz = ownZone(a, o.tz)
	var err error
	if o.interviewers, err = askPeople(p, `Interviewer ("Name <email>", empty to finish)`, followup.RoleInterviewer, 1); err != nil {
		return o, err
	}
	if o.contacts, err = askPeople(p, `Recruiter or other contact ("Name <email>", empty to finish)`, followup.RoleContact, 0); err != nil {
		return o, err
	}
	text := func(field string) func(string) error {
		return func(v string) error { return followup.CheckText(field, v) }
	}
	if o.nextSteps, err = p.AskValid("What did they say about next steps?", "", text("next-steps")); err != nil {
		return o, err
	}
	o.notes, err = p.AskValid("Notes", "", text("notes"))
	return o, err
}

// ownZone is "" (the user's zone) for the name of the user's own zone, so
// that a system zone without an IANA name still works; else zone.
func ownZone(a *command.App, zone string) string {
	if zone == a.Location().String() {
		return ""
	}
	return zone
}

// checkStart checks a start time typed at a prompt, in zone ("" for the
// user's own).
func checkStart(a *command.App, at, zone string) error {
	loc, err := a.LoadZone(zone)
	if err != nil {
		return err
	}
	t, err := command.ParseTime("at", at, loc)
	if err != nil {
		return err
	}
	return command.CheckNear("at", t, a.Clock.Now())
}

// askPeople asks for "Name <email>" lines until an empty answer, checking
// each; at least min are required.
func askPeople(p *command.Prompter, q string, role followup.PersonRole, min int) ([]string, error) {
	var out []string
	for {
		v, err := p.AskValid(q, "", func(v string) error {
			if v == "" {
				if len(out) < min {
					return errors.New("at least one is required")
				}
				return nil
			}
			_, err := followup.ParsePerson(string(role), v, role)
			return err
		})
		if err != nil || v == "" {
			return out, err
		}
		out = append(out, v)
	}
}

// addNeedsTerminal is the answer to `add` without flags when stdin is not a
// terminal: the prompts cannot be shown, so say which flags to pass.
func addNeedsTerminal() error {
	return usage.Errorf("followup add asks its questions only on a terminal; without one pass --company, --role, --at and --interviewer (see followup add --help)")
}
