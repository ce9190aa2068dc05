// Package cli is followup's command line: the root command, the commands of
// the packages below it, signals → context, and the mapping of errors to
// exit codes.
package cli

import (
	"context"
	"errors"
	"fmt"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/agenda"
	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/cli/interviews"
	"github.com/followup-dev/followup/internal/cli/mail"
	"github.com/followup-dev/followup/internal/cli/process"
	"github.com/followup-dev/followup/internal/cli/setup"
	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/usage"
)

// App is what every command shares (see command.App).
type App = command.App

// Streams are the process's standard streams and environment.
type Streams = command.Streams

// OSStreams returns the real process streams.
func OSStreams() Streams { return command.OSStreams() }

// commands are the constructors of the top-level commands of this package;
// each command's file registers its own in init, so that commands live apart.
var commands command.Registry

func register(f func(*App) *cobra.Command) { commands.Add(f) }

// allCommands are the top-level commands of every command package.
func allCommands() command.Registry {
	return slices.Concat(commands, agenda.Commands, interviews.Commands, mail.Commands, process.Commands, setup.Commands)
}

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
	return Run(ctx, args, &App{Streams: s, Clock: clock.Real{}})
}

// Run executes one command line in app and returns the exit code.
func Run(ctx context.Context, args []string, app *App) int {
	defer app.Close()
	root := newRoot(app)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	app.StopPager()
	if err == nil {
		return command.ExitOK
	}
	code := exitCode(err)
	if errors.Is(err, command.ErrSilent) {
		return code
	}
	lines := errorLines(err)
	for i := range lines {
		lines[i] = dashFlags(cmd, err, lines[i])
	}
	if wantsJSON(cmd) {
		je := jsonError{Error: strings.Join(lines, "; "), ExitCode: code}
		if len(lines) > 1 {
			je.Lines = lines
		}
		command.WriteJSON(app.Err, je)
		return code
	}
	for _, line := range lines {
		fmt.Fprintln(app.Err, "followup: "+line)
	}
	var h hinted
	if errors.As(err, &h) {
		for _, hint := range h.hints {
			fmt.Fprintln(app.Err, hint)
		}
	}
	return code
}

// jsonError is how a failed command with --json reports on stderr.
type jsonError struct {
	Error    string   `json:"error"`
	Lines    []string `json:"lines,omitempty"`
	ExitCode int      `json:"exit_code"`
}

// wantsJSON reports whether cmd was run with --json.
func wantsJSON(cmd *cobra.Command) bool {
	if cmd == nil {
		return false
	}
	f := cmd.Flags().Lookup("json")
	return f != nil && f.Changed && f.Value.String() == "true"
}

// dashFlags names a refused field that is a flag of cmd as the flag:
// `invalid --at "…"` rather than `invalid at "…"`.
func dashFlags(cmd *cobra.Command, err error, line string) string {
	var fe *followup.FieldError
	if cmd == nil || !errors.As(err, &fe) || cmd.Flags().Lookup(fe.Field) == nil {
		return line
	}
	return strings.Replace(line, "invalid "+fe.Field+" ", "invalid --"+fe.Field+" ", 1)
}

// hinted is a usage error followed by lines printed as they are, such as
// "Did you mean this?" and the suggestions.
type hinted struct {
	err   error
	hints []string
}

func (h hinted) Error() string { return h.err.Error() }
func (h hinted) Unwrap() error { return h.err }

// UsageError marks hinted as a usage.Marker.
func (h hinted) UsageError() {}

func newRoot(app *App) *cobra.Command {
	root := &cobra.Command{
		Use:           "followup",
		Short:         "A follow-up assistant for job seekers",
		Long:          rootLong,
		Version:       version(),
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetVersionTemplate("followup {{.Version}}\n")
	root.SetIn(app.In)
	root.SetOut(app.Out)
	root.SetErr(app.Err)
	root.PersistentFlags().StringVar(&app.ConfigPath, "config", "", "config file (default $FOLLOWUP_CONFIG or $XDG_CONFIG_HOME/followup/config.toml)")
	root.PersistentFlags().BoolVar(&app.NoPager, "no-pager", false, "never send long output through $PAGER")
	root.PersistentFlags().StringVar(&app.Account, "account", "", "the account (a [[account]] name, or \"default\" for the top-level sections) the command is for (default: the top-level sections', or the only account)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usage.Wrap(err) })
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		if c.Flags().Changed("config") && strings.TrimSpace(app.ConfigPath) == "" {
			return usage.Errorf("--config is empty: name a config file, or leave the flag out for the default")
		}
		app.StartPager(c)
		return nil
	}
	for _, f := range allCommands() {
		root.AddCommand(f(app))
	}
	refuseUnknownSubcommands(root)
	markCobraUsage(root)
	root.Args = unknownCommand
	root.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
	return root
}

// unknownCommand refuses an unknown top-level command with a usage error,
// the closest commands on lines of their own; cobra's own check returns
// plain text.
func unknownCommand(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	err := usage.Errorf("unknown command %q for %q (see followup --help)", args[0], c.CommandPath())
	var names []string
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() {
			names = append(names, sub.Name())
		}
	}
	s := closest(args[0], names)
	switch len(s) {
	case 0:
		return err
	case 1:
		return hinted{err: err, hints: []string{"", "Did you mean this?", "\t" + s[0]}}
	}
	hints := []string{"", "Did you mean one of these?"}
	for _, n := range s {
		hints = append(hints, "\t"+n)
	}
	return hinted{err: err, hints: hints}
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
		err := usage.Errorf("unknown command %q for %q: use %s", args[0], c.CommandPath(), strings.Join(names, ", "))
		if near := closest(args[0], names); len(near) == 1 {
			return hinted{err: err, hints: []string{"", "Did you mean this?", "\t" + c.CommandPath() + " " + near[0]}}
		}
		return err
	}
	cmd.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
}

// exitCode maps an error to the documented exit codes, in one place, by
// type: an error the user must fix (usage.Marker: flags, arguments, the
// config, templates, unknown ids) is 2, an interrupt is 130, anything
// else that failed while running is 1 — whatever its text says.
func exitCode(err error) int {
	switch {
	case usage.Is(err):
		return command.ExitUsage
	case errors.Is(err, context.Canceled):
		return command.ExitInterrupted
	}
	return command.ExitFailure
}

// markCobraUsage makes the argument checks of cmd and its subcommands
// (cobra.ExactArgs and the like) return usage errors, naming what is
// missing: "missing interview id; see followup list".
func markCobraUsage(cmd *cobra.Command) {
	for _, sub := range cmd.Commands() {
		markCobraUsage(sub)
	}
	if check := cmd.Args; check != nil {
		cmd.Args = func(c *cobra.Command, args []string) error {
			err := check(c, args)
			if err == nil {
				return nil
			}
			if len(args) == 0 {
				if what := argName(c); what != "" {
					return usage.Errorf("missing %s; see %s", what, argHelp(c, what))
				}
			}
			if what := argName(c); what != "" && len(args) > 1 && !strings.ContainsAny(c.Use, ".…") {
				return usage.Errorf("%s takes one %s, not %d arguments (quote a value with spaces)", c.CommandPath(), strings.TrimSuffix(what, " argument"), len(args))
			}
			return usage.Wrap(fmt.Errorf("%s: %w (see %s --help)", c.CommandPath(), err, c.CommandPath()))
		}
	}
}

// argName is what the first argument in cmd's Use line stands for: "ID"
// is an interview id, "FILE" a file; "" when it takes no arguments.
func argName(cmd *cobra.Command) string {
	fields := strings.Fields(cmd.Use)
	if len(fields) < 2 || strings.HasPrefix(fields[1], "-") || strings.HasPrefix(fields[1], "[") {
		return ""
	}
	arg, _, _ := strings.Cut(strings.TrimRight(fields[1], ".…"), "|")
	if arg == "ID" {
		return "interview id"
	}
	return strings.ToLower(strings.ReplaceAll(arg, "_", " ")) + " argument"
}

// argHelp is where to look for the missing argument.
func argHelp(cmd *cobra.Command, what string) string {
	if what == "interview id" {
		return "followup list"
	}
	return cmd.CommandPath() + " --help"
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
