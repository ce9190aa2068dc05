// Package agenda is followup's commands that show the interviews and their
// plans and steer one follow-up at a time: list, show, plan, when, snooze,
// skip, reschedule, and the calendar feed.
package agenda

import "github.com/followup-dev/followup/internal/cli/command"

// Commands are the constructors of this package's top-level commands.
var Commands command.Registry
