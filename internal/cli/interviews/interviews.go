// Package interviews is followup's commands that put interviews in and take
// them out: add (also from an invitation), edit, log, close, rm, import,
// export, and the invitations found in mail (invites, accept-invite,
// dismiss-invite).
package interviews

import "github.com/followup-dev/followup/internal/cli/command"

// Commands are the constructors of this package's top-level commands.
var Commands command.Registry
