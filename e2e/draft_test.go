//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/followup-dev/followup/internal/cli"
	"github.com/followup-dev/followup/internal/clock"
)

// followupCLI runs one followup command line in process with its own HOME
// and config file, and returns stdout; a non-zero exit fails the test.
func followupCLI(t *testing.T, home, config string, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	env := map[string]string{"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, "config"), "XDG_DATA_HOME": filepath.Join(home, "data")}
	app := &cli.App{
		Streams: cli.Streams{In: strings.NewReader(""), Out: &out, Err: &errb, Env: func(k string) string { return env[k] }},
		Clock:   clock.Real{},
	}
	if code := cli.Run(context.Background(), append([]string{"--config", config}, args...), app); code != 0 {
		t.Fatalf("followup %s = exit %d, stderr %q", strings.Join(args, " "), code, errb.String())
	}
	return out.String()
}

// TestDraftSaveToDovecot saves thank-you drafts for two interviewers to
// the real Drafts mailbox over IMAP with STARTTLS (port 10143; the other e2e
// tests use implicit TLS, so both modes meet a real server), then finds each
// by its Message-ID with the \Draft flag, as `followup show --json` lists it.
func TestDraftSaveToDovecot(t *testing.T) {
	home := t.TempDir()
	config := filepath.Join(home, "config.toml")
	body := fmt.Sprintf(`[me]
name = "Casey Candidate"
email = %q
timezone = "Europe/Berlin"

[imap]
host = %q
port = %s
security = "starttls"
ca_file = %q
username = %q
password_env = "FOLLOWUP_E2E_ME_PASS"
`, stack.Me.User, stack.Host, stack.IMAPPort, stack.CAFile, stack.Me.User)
	if err := os.WriteFile(config, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	id := strings.TrimSpace(followupCLI(t, home, config, "add", "--company", "Acme", "--role", "Backend Engineer",
		"--at", time.Now().Add(-3*time.Hour).Format("2006-01-02 15:04"), "--tz", "Europe/Berlin",
		"--interviewer", "Jane Roe <"+stack.Jane.User+">", "--interviewer", "Sam Poe <"+stack.Sam.User+">",
		"--next-steps", "we'll get back to you within a week"))
	out := followupCLI(t, home, config, "draft", id, "--kind", "thank-you", "--save")
	if strings.Count(out, "imap:Drafts") != 2 {
		t.Errorf("draft --save = %q, want two imap:Drafts lines", out)
	}
	var v struct {
		Drafts []struct {
			To        string `json:"to"`
			MessageID string `json:"message_id"`
			Location  string `json:"location"`
		} `json:"drafts"`
	}
	if err := json.Unmarshal([]byte(followupCLI(t, home, config, "show", id, "--json")), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Drafts) != 2 {
		t.Fatalf("show drafts = %+v, want two", v.Drafts)
	}
	for _, d := range v.Drafts {
		raw, flags := waitForMessage(t, stack.Me.User, stack.Me.Pass, "Drafts", d.MessageID)
		if d.Location != "imap:Drafts" || !slices.Contains(flags, imap.FlagDraft) {
			t.Errorf("draft to %s at %s has flags %v, want imap:Drafts with \\Draft", d.To, d.Location, flags)
		}
		if !bytes.Contains(raw, []byte("To: \"")) || !bytes.Contains(raw, []byte(d.To)) {
			t.Errorf("draft %s = %q, want it addressed to %s", d.MessageID, raw, d.To)
		}
	}
}
