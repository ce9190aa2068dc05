package cli

import (
	"context"
	"errors"
	"fmt"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/daemon"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/render"
	"github.com/followup-dev/followup/internal/store"
)

// commands are the constructors of the top-level commands; each command's
// file registers its own in init, so that commands live apart.
var commands []func(*App) *cobra.Command

func register(f func(*App) *cobra.Command) { commands = append(commands, f) }

const rootLong = `followup remembers your interviews and follows up for you: a thank-you note
to every interviewer, a polite check-in once the date they promised has passed,
and a networking-style note when things go quiet. It drafts by default and sends
only when you allow it, and it stops the moment the company answers.

Exit codes:
  0  success
  1  something failed while running (network, disk, mail server)
  2  bad usage, bad input or a config problem (the message says how to fix it)`

// Main runs the command line with args (without the program name) and
// returns the process exit code. SIGINT and SIGTERM cancel the context.
func Main(args []string, s Streams) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	return Run(ctx, args, &App{Streams: s, Now: time.Now})
}

// Run executes one command line in app and returns the exit code.
func Run(ctx context.Context, args []string, app *App) int {
	defer app.close()
	root := newRoot(app)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	code := exitCode(err)
	if !errors.Is(err, errSilent) {
		for _, line := range errorLines(err) {
			fmt.Fprintln(app.Err, "followup: "+line)
		}
	}
	return code
}

func newRoot(app *App) *cobra.Command {
	root := &cobra.Command{
		Use:           "followup",
		Short:         "A follow-up assistant for job seekers",
		Long:          rootLong,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetIn(app.In)
	root.SetOut(app.Out)
	root.SetErr(app.Err)
	root.PersistentFlags().StringVar(&app.configPath, "config", "", "config file (default $FOLLOWUP_CONFIG or $XDG_CONFIG_HOME/followup/config.toml)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		if c.Flags().Changed("config") && strings.TrimSpace(app.configPath) == "" {
			return usagef("--config is empty: name a config file, or leave the flag out for the default")
		}
		return nil
	}
	for _, f := range commands {
		root.AddCommand(f(app))
	}
	refuseUnknownSubcommands(root)
	return root
}

// refuseUnknownSubcommands makes every command that only groups others (such
// as "config") refuse an unknown subcommand with a usage error; cobra would
// print the help and exit 0. Without arguments it still prints the help.
func refuseUnknownSubcommands(cmd *cobra.Command) {
	for _, sub := range cmd.Commands() {
		refuseUnknownSubcommands(sub)
	}
	if cmd.Runnable() || !cmd.HasSubCommands() || !cmd.HasParent() {
		return
	}
	cmd.Args = func(c *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		var names []string
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				names = append(names, sub.Name())
			}
		}
		return usagef("unknown command %q for %q: use %s", args[0], c.CommandPath(), strings.Join(names, ", "))
	}
	cmd.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
}

// exitCode maps an error to the documented exit codes, in one place.
func exitCode(err error) int {
	var (
		ue    usageError
		fe    *followup.FieldError
		probs config.Problems
		prob  config.Problem
		tmpl  *render.Error
	)
	switch {
	case errors.As(err, &ue), errors.As(err, &fe), errors.As(err, &probs), errors.As(err, &prob), errors.As(err, &tmpl),
		errors.Is(err, store.ErrNotFound), errors.Is(err, daemon.ErrRequest), isCobraUsage(err):
		return ExitUsage
	}
	return ExitFailure
}

func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "requires exactly", "invalid argument", "flag needs an argument", "required flag"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

// errorLines gives one line per problem: a list of config or template
// problems prints one per line, anything else as one line.
func errorLines(err error) []string {
	var probs config.Problems
	if errors.As(err, &probs) {
		lines := make([]string, len(probs))
		for i, p := range probs {
			lines[i] = p.Error()
		}
		return lines
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var lines []string
		for _, e := range joined.Unwrap() {
			lines = append(lines, errorLines(e)...)
		}
		return lines
	}
	return []string{strings.ReplaceAll(err.Error(), "\n", " ")}
}
