package outbox

import (
	"os"
	"testing"
)

// TestMain runs the child side of the crash test when the test binary is
// started as that child, and the tests otherwise.
func TestMain(m *testing.M) {
	if spec := os.Getenv(crashChildEnv); spec != "" {
		os.Exit(crashChild(spec))
	}
	os.Exit(m.Run())
}
