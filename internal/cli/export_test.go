package cli

// What the tests of package cli_test need from the inside.

type (
	OutboxView = outboxView
	InviteView = inviteView
	SyncView   = syncView
)

var (
	NewRoot         = newRoot
	ExitCode        = exitCode
	Closest         = closest
	SyncSummary     = syncSummary
	ProgressPrinter = progressPrinter
)
