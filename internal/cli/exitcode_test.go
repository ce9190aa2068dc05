package cli_test

import (
	"context"
	"fmt"
	"io/fs"
	"syscall"
	"testing"

	"github.com/followup-dev/followup/internal/cli"
	"github.com/followup-dev/followup/internal/cli/clitest"
	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

// TestExitCodeByType: the exit code follows the error's type, never its
// text. EINVAL's text ("invalid argument") once made a disk error exit 2,
// which stops systemd from restarting the daemon (RestartPreventExitStatus=2).
func TestExitCodeByType(t *testing.T) {
	einval := &fs.PathError{Op: "write", Path: "/data/followup.db", Err: syscall.EINVAL}
	cases := []struct {
		name string
		err  error
		want int
	}{
		{"EINVAL", fmt.Errorf("add interview: %w", einval), command.ExitFailure},
		{"text that looks like usage", fmt.Errorf("unknown command from the SMTP server: requires at least TLS 1.2"), command.ExitFailure},
		{"canceled", fmt.Errorf("sync: %w", context.Canceled), command.ExitInterrupted},
		{"usagef", usage.Errorf("bad --at %q", "x"), command.ExitUsage},
		{"field", &followup.FieldError{Field: "id", Value: "x"}, command.ExitUsage},
		{"config problem", config.Problem{File: "c.toml", Line: 3, Key: "x", Msg: "bad"}, command.ExitUsage},
		{"not found", fmt.Errorf("show: %w", store.ErrNotFound), command.ExitUsage},
	}
	for _, c := range cases {
		if got := cli.ExitCode(c.err); got != c.want {
			t.Errorf("cli.ExitCode(%s: %v) = %d, want %d", c.name, c.err, got, c.want)
		}
	}
}

// TestCobraUsageExits2 runs the argument and flag checks cobra makes: each
// is a usage error by type.
func TestCobraUsageExits2(t *testing.T) {
	e := clitest.NewEnv(t)
	for _, args := range [][]string{
		{"show"}, {"show", "a", "b"}, {"lsit"}, {"list", "--bogus"}, {"close", "x"}, {"add", "--duration"},
	} {
		if _, stderr, code := e.Run(args...); code != command.ExitUsage {
			t.Errorf("followup %v = exit %d (%q), want %d", args, code, stderr, command.ExitUsage)
		}
	}
}
