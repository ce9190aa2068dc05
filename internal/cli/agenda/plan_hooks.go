package agenda

import (
	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/plan"
)

// deadline is the date the company promised, for show and list; nil when
// nothing datable was promised or the configuration cannot be read.
func deadline(a *command.App, iv *followup.Interview) *deadlineView {
	cfg, err := a.Config()
	if err != nil {
		return nil
	}
	r, err := plan.PromiseOf(cfg, iv)
	if err != nil || !r.Found {
		return nil
	}
	return &deadlineView{Earliest: r.Earliest.String(), Latest: r.Latest.String(), Rule: r.Rule}
}
