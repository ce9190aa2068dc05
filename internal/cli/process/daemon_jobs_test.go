package process_test

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/cli/clitest"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/mailer/smtptest"
	"github.com/followup-dev/followup/internal/store/storetest"
)

// TestDaemonsOfAllAccountsShareJobsOnPostgres: two daemons of all
// accounts on one PostgreSQL store hand the accounts' passes to River;
// every due thank-you of every account is delivered exactly once, and the
// passes were River jobs.
func TestDaemonsOfAllAccountsShareJobsOnPostgres(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("PostgreSQL only: scripts/test runs it in its PostgreSQL stage (FOLLOWUP_TEST_STORE=postgres)")
	}
	dsn := storetest.Schema(t)
	srv := smtptest.New(t, smtptest.Options{})
	e := clitest.NewEnv(t)
	e.Now = time.Now()
	accounts := []string{"ana", "ben", "cy", "dee"}
	writeAccountsConfig(t, e, dsn, srv.Port, accounts)
	at := e.Now.Add(-4 * time.Hour).UTC().Format("2006-01-02 15:04")
	for _, name := range accounts {
		e.MustRun("add", "--account", name, "--company", "Acme", "--role", "Backend Engineer", "--at", at, "--tz", "UTC",
			"--duration", "45m", "--interviewer", "Jane Roe <jane@acme.example>", "--interviewer", "Bob Poe <bob@acme.example>")
	}
	want := 2 * len(accounts)
	stops := []func(){runDaemon(t, e, "--all-accounts"), runDaemon(t, e, "--all-accounts")}
	deadline := time.Now().Add(30 * time.Second)
	for len(srv.Messages()) < want && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond) // polling the server, not timing the daemons
	}
	for _, stop := range stops {
		stop()
	}
	ids := map[string]int{}
	for _, raw := range srv.Messages() {
		m, err := mailer.ReadMessage(raw)
		if err != nil {
			t.Fatal(err)
		}
		ids[m.MessageID]++
	}
	if len(srv.Messages()) != want || len(ids) != want {
		t.Errorf("delivered %d messages, %d distinct; want each of the %d thank-yous once", len(srv.Messages()), len(ids), want)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var passes int
	if err := db.QueryRow(`SELECT count(DISTINCT args->>'account') FROM river_job
		WHERE kind = 'followup_account_work' AND args->>'work' = 'pass' AND state = 'completed'`).Scan(&passes); err != nil {
		t.Fatal(err)
	}
	if passes != len(accounts) {
		t.Errorf("accounts with a completed pass job = %d, want %d", passes, len(accounts))
	}
}

// writeAccountsConfig writes a config of the accounts named, each sending
// to the SMTP server on port, over the PostgreSQL store at dsn.
func writeAccountsConfig(t *testing.T, e *clitest.Env, dsn string, port int, names []string) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "[me]\nname = \"Max Mustermann\"\ntimezone = \"UTC\"\n\n[store]\ndriver = \"postgres\"\ndsn = %q\n\n", dsn)
	b.WriteString("[calendar]\nworkdays = [\"Mon\", \"Tue\", \"Wed\", \"Thu\", \"Fri\", \"Sat\", \"Sun\"]\n\n")
	b.WriteString("[policy]\nauto_send = true\nsend_window = \"00:00-24:00\"\n\n")
	for _, name := range names {
		fmt.Fprintf(&b, "[[account]]\nname = %q\n[account.me]\nemail = \"%s@example.org\"\n", name, name)
		fmt.Fprintf(&b, "[account.smtp]\nhost = \"127.0.0.1\"\nport = %d\nsecurity = \"none\"\n\n", port)
	}
	dir := filepath.Join(e.Dir, "config", "followup")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}
