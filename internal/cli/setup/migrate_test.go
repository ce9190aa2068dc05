package setup_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/cli/clitest"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/store/storetest"
)

func TestMigrateRefusesBadInput(t *testing.T) {
	e := clitest.NewEnv(t)
	e.MustRun(clitest.AddArgs...)
	for _, args := range [][]string{
		{"migrate"},
		{"migrate", "--to", "mysql", "mysql://db"},
		{"migrate", "--to", "postgres"},
		{"migrate", "--to", "postgres", "postgres://u@127.0.0.1/f", "--dsn-cmd", "echo x"},
		{"migrate", "--to", "postgres", "--from", filepath.Join(e.Dir, "none.db"), "postgres://u@127.0.0.1/f"},
		{"migrate", "--to", "postgres", "--dsn-cmd", "exit 3"},
	} {
		out, errs, code := e.Run(args...)
		clitest.CheckOneLine(t, args, out, errs, code)
	}
}

// TestMigrateRefusesWhileTheDaemonRuns: a daemon would go on writing to
// the old store during and after the copy.
func TestMigrateRefusesWhileTheDaemonRuns(t *testing.T) {
	e, st := envWithStore(t)
	if _, ok, err := st.AcquireLease(t.Context(), store.Lease{PID: 99, Host: "laptop", Started: e.Now}, e.Now, time.Minute); err != nil || !ok {
		t.Fatal(err)
	}
	args := []string{"migrate", "--to", "postgres", "postgres://u@127.0.0.1:1/f"}
	out, errs, code := e.Run(args...)
	clitest.CheckOneLine(t, args, out, errs, code)
	if !strings.Contains(errs, "pid 99 on laptop") || !strings.Contains(errs, "stop it first") {
		t.Errorf("migrate with a daemon running: %q, want it named and asked to stop", errs)
	}
}

// TestMigrateToPostgres is the whole way over: migrate, migrate again (no
// new rows, the same checksums), then the config pointed at PostgreSQL and
// the interview listed from there.
func TestMigrateToPostgres(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("needs PostgreSQL: runs in scripts/test's PostgreSQL pass (FOLLOWUP_TEST_STORE=postgres)")
	}
	e := clitest.NewEnv(t)
	clitest.WithBerlinConfig(t, e)
	e.MustRun(clitest.AddArgs...)
	dsn := storetest.Schema(t)
	out := e.MustRun("migrate", "--to", "postgres", dsn)
	if !strings.Contains(out, "every table has the same rows and checksum on both sides") || !strings.Contains(out, "interviews") {
		t.Fatalf("migrate = %q", out)
	}
	var v struct {
		Tables []struct {
			Table        string
			Rows, Copied int64
			Checksum     string
		}
	}
	if err := json.Unmarshal([]byte(e.MustRun("migrate", "--to", "postgres", dsn, "--json")), &v); err != nil {
		t.Fatal(err)
	}
	rows := map[string]int64{}
	for _, tb := range v.Tables {
		if tb.Copied != 0 {
			t.Errorf("migrate again copied %d rows of %s, want 0", tb.Copied, tb.Table)
		}
		rows[tb.Table] = tb.Rows
	}
	if rows["interviews"] != 1 || rows["people"] != 2 || rows["actions"] == 0 {
		t.Errorf("rows after migrating = %v, want 1 interview, 2 people and its follow-ups", rows)
	}
	cfg := filepath.Join(e.Dir, "config", "followup", "config.toml")
	body, _ := os.ReadFile(cfg)
	body = append(body, []byte("\n[store]\ndriver = \"postgres\"\ndsn = \""+dsn+"\"\n")...)
	if err := os.WriteFile(cfg, body, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(e.DBPath()); err != nil { // what is listed now comes from PostgreSQL
		t.Fatal(err)
	}
	if out := e.MustRun("list"); !strings.Contains(out, "Acme") || !strings.Contains(out, "thank-you") {
		t.Errorf("list from PostgreSQL = %q, want the Acme interview and its next follow-up", out)
	}
}
