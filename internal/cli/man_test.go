package cli_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/cli"
	"github.com/followup-dev/followup/internal/cli/clitest"
	"github.com/followup-dev/followup/internal/clock"
)

var updateMan = flag.Bool("update-man", false, "rewrite contrib/man/followup.1 from followup man")

// TestManPage: followup man prints followup(1) with every command, and the
// copy in contrib/man is up to date (issue 19, point 9). Regenerate it with
// go test ./internal/cli -run TestManPage -update-man.
func TestManPage(t *testing.T) {
	e := clitest.NewEnv(t)
	out := e.MustRun("man")
	for _, want := range []string{".TH FOLLOWUP 1", ".SH NAME", ".SS followup draft ID", ".SS followup config check", `.B \-\-no\-pager`, ".SH EXIT STATUS"} {
		if !strings.Contains(out, want) {
			t.Errorf("followup man lacks %q", want)
		}
	}
	path := filepath.Join("..", "..", "contrib", "man", "followup.1")
	if *updateMan {
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil || string(b) != out {
		t.Errorf("%s differs from followup man (%v): run go test ./internal/cli -run TestManPage -update-man", path, err)
	}
}

// TestPager: long output on a terminal goes through $PAGER, not with
// --no-pager, not when piped, and never for a command that asks.
func TestPager(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		tty   bool
		paged bool
	}{
		{"list on a terminal", []string{"list"}, true, true},
		{"templates doc on a terminal", []string{"templates", "doc"}, true, true},
		{"--no-pager", []string{"list", "--no-pager"}, true, false},
		{"piped", []string{"list"}, false, false},
		{"version is short", []string{"version"}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := clitest.NewEnv(t)
			e.Vars["PAGER"] = "sed 's/^/paged: /'"
			e.MustRun(clitest.AddArgs...)
			var out, errb strings.Builder
			app := &cli.App{
				Streams: cli.Streams{In: strings.NewReader(""), Out: &out, Err: &errb, Env: func(k string) string { return e.Vars[k] }, OutTTY: tt.tty},
				Clock:   clock.Func(func() time.Time { return e.Now }),
			}
			if code := cli.Run(context.Background(), tt.args, app); code != 0 {
				t.Fatalf("followup %v = exit %d, stderr %q", tt.args, code, errb.String())
			}
			if got := strings.HasPrefix(out.String(), "paged: "); got != tt.paged || out.Len() == 0 {
				t.Errorf("followup %v (tty %v) = %q; want paged %v", tt.args, tt.tty, out.String(), tt.paged)
			}
		})
	}
}
