//go:build profile

package main

import (
	"fmt"
	"os"
	"runtime/pprof"
	"runtime/trace"
)

// With the build tag profile (go build -tags profile), FOLLOWUP_CPUPROFILE
// names a file that receives a CPU profile of the whole run and
// FOLLOWUP_TRACE one that receives an execution trace (go tool trace):
// what bench/catchup.sh PROFILE=... reads. Release builds have none of
// this.
func init() {
	var stops []func()
	if path := os.Getenv("FOLLOWUP_CPUPROFILE"); path != "" {
		stops = appendStop(stops, path, func(f *os.File) error { return pprof.StartCPUProfile(f) }, pprof.StopCPUProfile)
	}
	if path := os.Getenv("FOLLOWUP_TRACE"); path != "" {
		stops = appendStop(stops, path, func(f *os.File) error { return trace.Start(f) }, trace.Stop)
	}
	stopProfile = func() {
		for _, stop := range stops {
			stop()
		}
	}
}

func appendStop(stops []func(), path string, start func(*os.File) error, stop func()) []func() {
	f, err := os.Create(path)
	if err == nil {
		err = start(f)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "followup: profile %s: %v\n", path, err)
		return stops
	}
	return append(stops, func() {
		stop()
		f.Close()
	})
}
