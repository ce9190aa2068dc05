package cli

import (
	"context"

	"github.com/followup-dev/followup/internal/followup"
)

// afterChange is called after an interview is added or changed, so that its
// follow-up plan can be recomputed.
func (a *App) afterChange(ctx context.Context, id string) error { return nil }

// deadline is the date the company promised, for show and list.
func (a *App) deadline(iv *followup.Interview) *deadlineView { return nil }
