package agenda

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/calendar"
	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/nextstep"
	"github.com/followup-dev/followup/internal/plan"
)

func init() { Commands.Add(newWhenCommand) }

type whenOptions struct {
	Text     string // what was said
	from, tz string
	json     bool
}

func newWhenCommand(a *command.App) *cobra.Command {
	var o whenOptions
	cmd := &cobra.Command{
		Use:   "when [--from TIME] [--tz ZONE] [--json] TEXT…",
		Short: "Read the date in what an interviewer said about next steps",
		Long: `Read the date in what an interviewer said about next steps, counting business
days from [calendar]. Prints one line, or one JSON object with --json; "latest"
is null when no date was promised.`,
		Example: `  followup when --from 2026-12-04T15:00 "They'll get back to me in 4-5 working days"`,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Text = strings.Join(args, " ")
			return runWhen(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.from, "from", "", "when it was said: YYYY-MM-DD, YYYY-MM-DDTHH:MM or RFC 3339 (default: now)")
	f.StringVar(&o.tz, "tz", "", "time zone of --from (default: [me] timezone, else the system's)")
	f.BoolVar(&o.json, "json", false, "print one JSON object")
	return cmd
}

// whenView is the JSON output of `followup when`.
type whenView struct {
	Text     string  `json:"text"`
	From     string  `json:"from"`
	Earliest *string `json:"earliest"`
	Latest   *string `json:"latest"`
	Rule     string  `json:"rule"`
	// Match is the phrase read; Reading the reading an ambiguous one took;
	// Why why it was the one read; SetAside the other dates and why not.
	Match    string `json:"match"`
	Reading  string `json:"reading"`
	Why      string `json:"why"`
	SetAside string `json:"set_aside"`
}

func runWhen(_ context.Context, a *command.App, o whenOptions) error {
	text := o.Text
	loc, err := a.LoadZone(o.tz)
	if err != nil {
		return err
	}
	from := a.Clock.Now().In(loc)
	if o.from != "" {
		if from, err = command.ParseTime("from", o.from, loc); err != nil {
			return err
		}
		if err := command.CheckNear("from", from, a.Clock.Now()); err != nil {
			return err
		}
	}
	cfg, err := a.Config()
	if err != nil {
		return err
	}
	cal, err := plan.BusinessCalendar(cfg.Calendar)
	if err != nil {
		return err
	}
	r := nextstep.Parse(text, from, cal)
	if !o.json {
		fmt.Fprintln(a.Out, r.Describe(from))
		return nil
	}
	v := whenView{Text: text, From: calendar.DateOf(from).String(), Rule: r.Rule,
		Match: r.Match, Reading: r.Reading, Why: r.Why, SetAside: r.SetAside}
	if r.Found {
		v.Earliest, v.Latest = ptr(r.Earliest.String()), ptr(r.Latest.String())
	}
	return command.WriteJSON(a.Out, v)
}

func ptr[T any](v T) *T { return &v }
