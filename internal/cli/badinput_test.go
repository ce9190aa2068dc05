package cli

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// commandPaths lists every command line that names a command, e.g. "outbox retry".
func commandPaths() [][]string {
	var out [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		for _, sub := range c.Commands() {
			p := append(append([]string{}, path...), sub.Name())
			out = append(out, p)
			walk(sub, p)
		}
	}
	walk(newRoot(&App{}), nil)
	return out
}

// checkOneLine fails unless a run exited 2 with exactly one stderr line
// starting with "followup: " and no trace of a panic.
func checkOneLine(t *testing.T, args []string, out, errs string, code int) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(errs, "\n"), "\n")
	if code != ExitUsage || len(lines) != 1 || !strings.HasPrefix(lines[0], "followup: ") {
		t.Errorf("followup %s = exit %d, stderr %q; want exit 2 and one line starting with \"followup: \"", strings.Join(args, " "), code, errs)
	}
	if s := out + errs; strings.Contains(s, "panic:") || strings.Contains(s, "goroutine ") {
		t.Errorf("followup %s printed a stack trace: %q", strings.Join(args, " "), s)
	}
}

// variadic commands take any number of arguments (one line per file for classify).
var variadic = map[string]bool{"classify": true, "when": true}

func TestEveryCommandRefusesBadUsage(t *testing.T) {
	e := newTestEnv(t)
	for _, path := range commandPaths() {
		args := append(append([]string{}, path...), "--bogus-flag")
		out, errs, code := e.run(args...)
		checkOneLine(t, args, out, errs, code)

		if variadic[strings.Join(path, " ")] {
			continue
		}
		args = append(append([]string{}, path...), strings.Fields("a1 b2 c3 d4 e5 f6 g7 h8 i9")...)
		out, errs, code = e.run(args...)
		checkOneLine(t, args, out, errs, code)
	}
}
