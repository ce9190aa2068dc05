// Package mail is followup's commands about mail: drafting and sending the
// follow-ups, the outbox, pause and resume, the digest, checking the inbox
// once (sync) and classifying saved messages.
package mail

import "github.com/followup-dev/followup/internal/cli/command"

// Commands are the constructors of this package's top-level commands.
var Commands command.Registry
