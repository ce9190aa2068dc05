package process_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/cli/clitest"
	"github.com/followup-dev/followup/internal/cli/command"
)

// TestDemo runs `followup demo --fast --keep DIR` and explores what it
// kept with the other commands, as the README suggests; the user's own
// folders stay empty.
func TestDemo(t *testing.T) {
	e := clitest.NewEnv(t)
	keep := filepath.Join(t.TempDir(), "kept")
	if out := e.MustRun("demo", "--fast", "--keep", keep); out == "" {
		t.Error("demo printed nothing")
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(e.MustRun("--config", filepath.Join(keep, "config.toml"), "list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("list --json after the demo = %d interviews, want 2", len(list))
	}
	for _, iv := range list {
		if iv["status"] != "replied" {
			t.Errorf("interview %v status = %v, want replied", iv["id"], iv["status"])
		}
	}
	entries, err := os.ReadDir(e.Dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, en := range entries {
		t.Errorf("HOME holds %s after the demo, want it empty", en.Name())
	}
}

func TestDemoUsage(t *testing.T) {
	e := clitest.NewEnv(t)
	full := t.TempDir()
	if err := os.WriteFile(filepath.Join(full, "x"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"demo", "--step", "--fast"}, {"demo", "--fast", "--keep", full}, {"demo", "extra"}} {
		if _, errs, code := e.Run(args...); code != command.ExitUsage || !strings.HasPrefix(errs, "followup: ") {
			t.Errorf("followup %s = exit %d, stderr %q, want exit 2 with a message", strings.Join(args, " "), code, errs)
		}
	}
}
