// Package process is followup's long-running commands: the daemon (and
// daemon --once), the web pages and the demo.
package process

import "github.com/followup-dev/followup/internal/cli/command"

// Commands are the constructors of this package's top-level commands.
var Commands command.Registry
