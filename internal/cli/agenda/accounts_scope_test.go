package agenda_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestConfigWithoutAccountsSeesOthers: the same store opened by a
// config without [[account]] sections (the uni section removed, or a second
// --config on the same [store]) is the unscoped store: it lists and shows
// uni's interview, notes and all (and its daemon would claim uni's outbox).
func TestConfigWithoutAccountsSeesItsOwnOnly(t *testing.T) {
	e := twoAccounts(t)
	body := "[me]\nname = \"Max Mustermann\"\nemail = \"max@example.org\"\ntimezone = \"Europe/Berlin\"\n"
	if err := os.WriteFile(filepath.Join(e.Dir, "config", "followup", "config.toml"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := e.MustRun("list"); strings.Contains(out, "Globex") {
		t.Errorf("list without [[account]] = %q: shows uni's interview", out)
	}
	if out, _, code := e.Run("show", "globex-research-1119"); code == 0 && strings.Contains(out, "salary") {
		t.Errorf("show without [[account]] shows uni's notes: %q", out)
	}
}

// TestSkipOtherAccountsFollowUp: uni cannot skip the default
// account's follow-up by its number.
func TestSkipOtherAccountsFollowUp(t *testing.T) {
	e := twoAccounts(t)
	var acs []struct{ ID int64 }
	js := e.MustRun("plan", "--json")
	var plan struct{ Actions []struct{ ID int64 } }
	if err := json.Unmarshal([]byte(js), &acs); err != nil {
		if err := json.Unmarshal([]byte(js), &plan); err != nil {
			t.Skipf("plan --json: %v: %s", err, js)
		}
		acs = plan.Actions
	}
	if len(acs) == 0 {
		t.Skip("no follow-up planned")
	}
	id := strconv.FormatInt(acs[0].ID, 10)
	if _, _, code := e.Run("skip", "--account", "uni", id); code == 0 {
		t.Errorf("skip --account uni %s (the default account's) succeeded", id)
	}
}
