// Command followup is a follow-up assistant for job seekers.
package main

import (
	"os"
	_ "time/tzdata" // zone data for machines without it

	"github.com/followup-dev/followup/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.OSStreams()))
}
