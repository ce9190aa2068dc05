package agenda_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/cli/clitest"
)

// twoAccounts writes a config with the top-level (default) account and a
// university one, and adds one interview to each.
func twoAccounts(t *testing.T) *clitest.Env {
	t.Helper()
	e := clitest.NewEnv(t)
	dir := filepath.Join(e.Dir, "config", "followup")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	body := `[me]
name = "Max Mustermann"
email = "max@example.org"
timezone = "Europe/Berlin"

[[account]]
name = "uni"
[account.me]
email = "max@uni.example"
`
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	e.MustRun(clitest.AddArgs...)
	e.MustRun("add", "--account", "uni", "--company", "Globex", "--role", "Research Assistant", "--at", "2026-11-19 10:00",
		"--tz", "Europe/Berlin", "--interviewer", "Hank Scorpio <hank@globex.example>", "--next-steps", "we decide by Friday",
		"--notes", "private: salary talk")
	return e
}

// TestAccountsEachSeeTheirOwn: every command is one account's, the
// default one's without --account.
func TestAccountsEachSeeTheirOwn(t *testing.T) {
	e := twoAccounts(t)
	if out := e.MustRun("list"); !strings.Contains(out, "Acme") || strings.Contains(out, "Globex") {
		t.Errorf("list = %q, want the default account's Acme only", out)
	}
	if out := e.MustRun("list", "--account", "uni"); !strings.Contains(out, "Globex") || strings.Contains(out, "Acme") {
		t.Errorf("list --account uni = %q, want Globex only", out)
	}
	if _, errs, code := e.Run("show", "--account", "uni", "acme-backend-1120"); code == 0 || !strings.Contains(errs, "unknown interview id") {
		t.Errorf("show of the default account's interview from uni = exit %d, %q; want an unknown id", code, errs)
	}
	if out := e.MustRun("status", "--account", "uni"); !strings.HasPrefix(out, "account: uni") {
		t.Errorf("status --account uni = %q, want it to say whose status it is", out)
	}
	var dump struct{ Interviews []struct{ ID string } }
	if err := json.Unmarshal([]byte(e.MustRun("export", "--account", "uni")), &dump); err != nil {
		t.Fatal(err)
	}
	if len(dump.Interviews) != 1 || !strings.HasPrefix(dump.Interviews[0].ID, "globex") {
		t.Errorf("export --account uni = %+v, want uni's interview only", dump.Interviews)
	}
	args := []string{"list", "--account", "work"}
	out, errs, code := e.Run(args...)
	clitest.CheckOneLine(t, args, out, errs, code)
	if !strings.Contains(errs, "default, uni") {
		t.Errorf("list --account work: %q, want the accounts named", errs)
	}
}

// TestListAllAccountsShowsNoTexts: the coach's view has every account's
// statuses, dates and counts, and none of the texts.
func TestListAllAccountsShowsNoTexts(t *testing.T) {
	e := twoAccounts(t)
	out := e.MustRun("list", "--all-accounts")
	for _, want := range []string{"ACCOUNT", "default", "Acme", "uni", "Globex", "default: 1 interviews", "uni: 1 interviews"} {
		if !strings.Contains(out, want) {
			t.Errorf("list --all-accounts = %q, want %q in it", out, want)
		}
	}
	js := e.MustRun("list", "--all-accounts", "--json")
	for _, secret := range []string{"salary", "decide by Friday", "hank@globex.example", "Hank"} {
		if strings.Contains(out, secret) || strings.Contains(js, secret) {
			t.Errorf("list --all-accounts shows %q: a coach sees statuses, dates and counts, not texts or people", secret)
		}
	}
	var rows []struct{ Account, ID, Status string }
	if err := json.Unmarshal([]byte(js), &rows); err != nil || len(rows) != 2 {
		t.Fatalf("list --all-accounts --json = %s, %v", js, err)
	}
}

// TestRmAllDeletesOneAccount: one person's data goes, the other's stays.
func TestRmAllDeletesOneAccount(t *testing.T) {
	e := twoAccounts(t)
	args := []string{"rm", "--all", "--account", "uni"}
	out, errs, code := e.Run(args...)
	clitest.CheckOneLine(t, args, out, errs, code) // no terminal, no --yes
	if _, errs := e.MustRun("rm", "--all", "--account", "uni", "--yes"), ""; errs != "" {
		t.Fatal(errs)
	}
	if out := e.MustRun("list", "--all-accounts"); strings.Contains(out, "Globex") || !strings.Contains(out, "Acme") {
		t.Errorf("list --all-accounts after rm --all --account uni = %q, want Acme alone", out)
	}
}
