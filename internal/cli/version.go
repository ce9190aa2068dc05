package cli

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func init() { register(newVersionCommand) }

// Version is set at build time with -ldflags "-X …/cli.Version=v1.2.3".
var Version = ""

type versionOptions struct{}

func newVersionCommand(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runVersion(cmd.Context(), a, versionOptions{})
		},
	}
}

func runVersion(_ context.Context, a *App, _ versionOptions) error {
	fmt.Fprintf(a.Out, "followup %s\n", version())
	return nil
}

// version is the build's version: Version, else the module's, else "(devel)".
func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
