// Command followup is a follow-up assistant for job seekers.
package main

import (
	"os"
	_ "time/tzdata" // zone data for machines without it

	"github.com/followup-dev/followup/internal/cli"
)

// stopProfile ends a CPU profile started by profile.go (build tag
// profile); it does nothing otherwise.
var stopProfile = func() {}

func main() {
	code := cli.Main(os.Args[1:], cli.OSStreams())
	stopProfile()
	os.Exit(code)
}
