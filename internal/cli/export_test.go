package cli

// What the tests of package cli_test need from the inside.

var (
	NewRoot  = newRoot
	ExitCode = exitCode
	Closest  = closest
)
