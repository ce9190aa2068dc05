package interviews

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/ics"
	"github.com/followup-dev/followup/internal/usage"
)

// defaultLength is an interview's length when the invitation gives none,
// as for followup add.
const defaultLength = 45 * time.Minute

// importInvite adds the interview an invitation proposes, after the user
// confirms it on a terminal (or with --yes).
// addProposal completes the interview an invitation proposes (asking for
// what it lacks), shows it, and adds it once the user confirms (or with
// --yes); label names the invitation in messages. With --dry-run it adds
// nothing and returns "".
func addProposal(ctx context.Context, a *command.App, label string, p ics.Proposal, o importOptions) (string, error) {
	iv := p.Interview()
	if iv.Duration == 0 {
		iv.Duration = defaultLength // the invitation gives no end
	}
	pr := a.Prompter() // one reader for every question: each buffers its input
	if err := completeInvite(a, pr, iv, o); err != nil {
		return "", err
	}
	printProposal(a.Err, label, p, iv, myAddresses(a))
	if err := iv.Validate(); err != nil {
		return "", err
	}
	if o.dryRun {
		return "", nil
	}
	if !o.yes {
		if !a.InTTY {
			return "", usage.Errorf("%s: confirm the interview with --yes (standard input is not a terminal)", label)
		}
		if !pr.Confirm("Add this interview?") {
			return "", usage.Errorf("%s: not added", label)
		}
	}
	pl, err := a.Planner(ctx)
	if err != nil {
		return "", err
	}
	return pl.Add(ctx, iv)
}

func importInvite(ctx context.Context, a *command.App, path string, data []byte, o importOptions) error {
	p, err := parseInvite(a, path, data, o)
	if err != nil {
		return err
	}
	if p.Cancelled {
		return usage.Errorf("%s: this invitation cancels the meeting (%s): there is no interview to add", path, cancelWhy(p))
	}
	id, err := addProposal(ctx, a, path, p, o)
	if err != nil || id == "" {
		return err
	}
	fmt.Fprintln(a.Out, id)
	return nil
}

func parseInvite(a *command.App, path string, data []byte, o importOptions) (ics.Proposal, error) {
	loc, err := a.LoadZone(o.tz)
	if err != nil {
		return ics.Proposal{}, err
	}
	opts := ics.Options{Me: myAddresses(a), Local: loc}
	if o.tz != "" {
		opts.Unknown = loc
	}
	p, err := ics.ParseInvite(data, opts)
	if err != nil {
		return p, usage.Wrap(fmt.Errorf("%s: %w", path, err))
	}
	return p, nil
}

func cancelWhy(p ics.Proposal) string {
	if p.Method == "CANCEL" {
		return "METHOD:CANCEL"
	}
	return "STATUS:CANCELLED"
}

// completeInvite fills what the invitation does not say: from the flags,
// else by asking on a terminal.
func completeInvite(a *command.App, pr *command.Prompter, iv *followup.Interview, o importOptions) error {
	if o.company != "" {
		iv.Company = o.company
	}
	if o.role != "" {
		iv.Role = o.role
	}
	for _, f := range []struct {
		name string
		dst  *string
	}{{"company", &iv.Company}, {"role", &iv.Role}} {
		if *f.dst != "" {
			continue
		}
		if !a.InTTY || o.yes || o.dryRun {
			if o.dryRun {
				continue
			}
			return usage.Errorf("the invitation does not say the %s: give it with --%s", f.name, f.name)
		}
		v, err := pr.Ask(strings.ToUpper(f.name[:1])+f.name[1:], "")
		if err != nil {
			return err
		}
		*f.dst = v
	}
	return nil
}

func printProposal(w io.Writer, path string, p ics.Proposal, iv *followup.Interview, me []string) {
	fmt.Fprintf(w, "%s: %q\n", path, p.Summary)
	fmt.Fprintf(w, "  company:      %s\n  role:         %s\n", orUnknown(iv.Company), orUnknown(iv.Role))
	fmt.Fprintf(w, "  when:         %s (%s, %d min)\n", iv.Start.Format("Mon 2 Jan 2006 15:04"), iv.Zone(), int(iv.Duration.Minutes()))
	for _, per := range iv.Interviewers {
		fmt.Fprintf(w, "  interviewer:  %s\n", personLine(per))
	}
	if p.ZoneNote != "" {
		fmt.Fprintf(w, "  note:         %s\n", p.ZoneNote)
	}
	if len(me) == 0 {
		fmt.Fprintln(w, "  note:         [me] email is not set, so you may be listed as an interviewer: set it in the config")
	}
	if p.Recurring {
		fmt.Fprintln(w, "  note:         a recurring meeting: only its first occurrence is added")
	}
}

func orUnknown(s string) string {
	if s == "" {
		return "(not in the invitation)"
	}
	return s
}

func personLine(p followup.Person) string {
	if p.Name == "" {
		return p.Email
	}
	return p.Name + " <" + p.Email + ">"
}

// myAddresses are the user's own addresses, from [me] email.
func myAddresses(a *command.App) []string {
	if cfg, err := a.Config(); err == nil && cfg.Me.Email != "" {
		return []string{cfg.Me.Email}
	}
	return nil
}
