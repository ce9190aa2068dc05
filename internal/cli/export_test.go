package cli

// What the tests of package cli_test need from the inside.

type (
	OutboxView    = outboxView
	InterviewView = interviewView
	InviteView    = inviteView
	SyncView      = syncView
)

var (
	NewRoot         = newRoot
	ExitCode        = exitCode
	Closest         = closest
	SyncSummary     = syncSummary
	ProgressPrinter = progressPrinter
	MachineHosts    = machineHosts
)
