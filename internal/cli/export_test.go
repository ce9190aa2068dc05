package cli

// What the tests of package cli_test need from the inside.

type InviteView = inviteView

var (
	NewRoot  = newRoot
	ExitCode = exitCode
	Closest  = closest
)
