package process_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/cli"
	"github.com/followup-dev/followup/internal/cli/clitest"
	"github.com/followup-dev/followup/internal/clock"
)

// TestReloadEnvKeepsOldConfigOnError is what SIGHUP does: a valid new
// config replaces the running one; an invalid one is reported and the
// running one is kept.
func TestReloadEnvKeepsOldConfigOnError(t *testing.T) {
	e := clitest.NewEnv(t)
	path := filepath.Join(e.Dir, "config.toml")
	write := func(body string) {
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("[policy]\nmax_check_ins = 3\n")
	var errb bytes.Buffer
	a := &cli.App{Streams: cli.Streams{In: strings.NewReader(""), Out: &errb, Err: &errb, Env: func(k string) string { return e.Vars[k] }},
		Clock: clock.Func(func() time.Time { return e.Now }), ConfigPath: path}
	defer a.Close()
	log := slog.New(slog.NewTextHandler(&errb, nil))
	ctx := context.Background()
	if _, err := a.Services(ctx, log); err != nil {
		t.Fatalf("services = %v", err)
	}

	write("[policy]\nmax_check_ins = 5\n")
	env, err := a.ReloadServices(ctx, log)
	if err != nil || env.Config.Policy.MaxCheckIns != 5 {
		t.Fatalf("ReloadServices(valid) = max_check_ins %v, %v; want 5, nil", env, err)
	}

	write("[policy]\nmax_check_ins = \"many\"\n")
	if _, err := a.ReloadServices(ctx, log); err == nil {
		t.Fatal("ReloadServices(invalid) = nil error, want the config problem")
	}
	if cfg, err := a.Config(); err != nil || cfg.Policy.MaxCheckIns != 5 {
		t.Errorf("after a failed reload Config() = %v, %v; want the running config (max_check_ins 5)", cfg, err)
	}
}
