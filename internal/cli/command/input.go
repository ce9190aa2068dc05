package command

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/usage"
)

// LoadZone resolves --tz; empty means the user's zone.
func (a *App) LoadZone(name string) (*time.Location, error) {
	if name == "" {
		return a.Location(), nil
	}
	if strings.ContainsAny(name, "\r\n\x00") {
		return nil, &followup.FieldError{Field: "tz", Value: name, Hint: "line breaks are not allowed"}
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return nil, &followup.FieldError{Field: "tz", Value: name, Hint: `not an IANA time zone; use a name such as "Europe/Berlin" or "America/New_York"`}
	}
	return loc, nil
}

var timeLayouts = []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02"}

// ParseTime reads a date and time given on the command line, in loc unless
// it carries its own offset (RFC 3339). A wall time that does not exist in
// loc (a daylight-saving gap) is refused rather than silently moved.
func ParseTime(field, s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(loc), nil
	}
	for _, layout := range timeLayouts {
		t, err := time.ParseInLocation(layout, s, loc)
		if err != nil {
			continue
		}
		if t.Format(layout) != s {
			return time.Time{}, &followup.FieldError{Field: field, Value: s, Hint: fmt.Sprintf("this time does not exist in %s (a daylight-saving change)", loc)}
		}
		return t, nil
	}
	return time.Time{}, &followup.FieldError{Field: field, Value: s, Hint: `write it as "2026-11-20 14:00" (or RFC 3339 with an offset)`}
}

// maxYearsAway is how far from now a date typed on the command line may be:
// further is a typo in the year (and year 9999 plus a follow-up no longer
// fits the store's time format).
const maxYearsAway = 10

// CheckNear refuses a time more than maxYearsAway years before or after now.
func CheckNear(field string, t, now time.Time) error {
	if t.Before(now.AddDate(-maxYearsAway, 0, 0)) || t.After(now.AddDate(maxYearsAway, 0, 0)) {
		return &followup.FieldError{Field: field, Value: t.Format("2006-01-02 15:04"),
			Hint: fmt.Sprintf("more than %d years from today; check the year", maxYearsAway)}
	}
	return nil
}

// ParseDuration reads a length such as "45m" or "1h30m", from a minute to a day.
func ParseDuration(field, s string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil || d < time.Minute || d > 24*time.Hour {
		return 0, &followup.FieldError{Field: field, Value: s, Hint: `write a length from 1m to 24h, such as "45m" or "1h30m"`}
	}
	return d, nil
}

// ParsePeople reads repeated "Name <addr>" flags.
func ParsePeople(field string, values []string, role followup.PersonRole) ([]followup.Person, error) {
	var out []followup.Person
	for _, v := range values {
		p, err := followup.ParsePerson(field, v, role)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// Prompter asks questions on a terminal.
type Prompter struct {
	a *App
	r *bufio.Reader
}

// Prompter asks its questions on a.Err and reads the answers from a.In.
func (a *App) Prompter() *Prompter { return &Prompter{a: a, r: bufio.NewReader(a.In)} }

// Ask prints the question and returns the trimmed answer (def when empty).
func (p *Prompter) Ask(question, def string) (string, error) {
	if def != "" {
		fmt.Fprintf(p.a.Err, "%s [%s]: ", question, def)
	} else {
		fmt.Fprintf(p.a.Err, "%s: ", question)
	}
	line, err := p.r.ReadString('\n')
	if errors.Is(err, io.EOF) && line == "" {
		fmt.Fprintln(p.a.Err)
		return "", usage.Errorf("no answer to %q (input ended): nothing was changed", question)
	}
	if err != nil && line == "" {
		return "", fmt.Errorf("read answer: %w", err)
	}
	if ans := strings.TrimSpace(line); ans != "" {
		return ans, nil
	}
	return def, nil
}

// AskValid asks until check accepts the answer, saying what is wrong
// after each refused one; the end of input stops it with a usage error.
func (p *Prompter) AskValid(question, def string, check func(string) error) (string, error) {
	for {
		v, err := p.Ask(question, def)
		if err != nil {
			return "", err
		}
		if err := check(v); err != nil {
			fmt.Fprintf(p.a.Err, "  %v; try again\n", err)
			continue
		}
		return v, nil
	}
}

// Confirm asks a yes/no question; anything but y/yes is no.
func (p *Prompter) Confirm(question string) bool {
	ans, err := p.Ask(question+" (y/N)", "")
	if err != nil {
		return false
	}
	ans = strings.ToLower(ans)
	return ans == "y" || ans == "yes"
}
