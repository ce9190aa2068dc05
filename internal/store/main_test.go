package store

import (
	"os"
	"testing"
)

// TestMain runs the child side of the multi-process tests when the test
// binary is started as a child, and the tests otherwise.
func TestMain(m *testing.M) {
	if path := os.Getenv("FOLLOWUP_STORE_ADDER"); path != "" {
		os.Exit(adderChild(path, os.Getenv("FOLLOWUP_STORE_ADDER_N")))
	}
	if path := os.Getenv("FOLLOWUP_STORE_OPENER"); path != "" {
		os.Exit(openerChild(path))
	}
	os.Exit(m.Run())
}
