package mail

import (
	"errors"
	"fmt"

	"github.com/followup-dev/followup/internal/answer/advice"
	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/compose"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/mailer"
)

// adviseAll checks each note against common career advice (timing, a
// detail from the talk, restated interest, one ask, length, tone, the
// name, template leftovers) and prints each finding with its fix on
// stderr; it returns how many findings are problems (not mere hints).
func adviseAll(a *command.App, cs []compose.Composed, iv *followup.Interview, about string) int {
	problems := 0
	for _, c := range cs {
		m, err := mailer.ReadMessage(c.Raw)
		if err != nil {
			continue
		}
		d := advice.Draft{Kind: c.Kind, To: c.To, Subject: m.Subject, Body: m.Text, SendAt: a.Clock.Now()}
		for _, f := range advice.Advise(d, iv, about) {
			if f.Severity != advice.SeverityInfo {
				problems++
			}
			fmt.Fprintf(a.Err, "advice (%s to %s) %s: %s — %s\n", c.Kind, c.To.Email, f.Severity, f.Message, f.Fix)
		}
	}
	return problems
}

// strictError is the exit of `draft --strict` after advice found problems.
func strictError(problems int, strict bool) error {
	if !strict || problems == 0 {
		return nil
	}
	return fmt.Errorf("%d piece(s) of advice to act on (see above): %w", problems, errors.New("--strict"))
}
