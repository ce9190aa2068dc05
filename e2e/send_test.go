//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSendOnceEndToEnd runs the real binary as `followup daemon --once`
// with auto_send over implicit-TLS submission (port 465 style) and IMAPS:
// the thank-you reaches Jane's INBOX once, with the Message-ID that
// `followup show --json` records, a copy is filed in the user's Sent
// mailbox, and a second run sends nothing more.
func TestSendOnceEndToEnd(t *testing.T) {
	bin := buildFollowup(t)
	home := t.TempDir()
	config := writeSendConfig(t, home)
	// Read the mailboxes once so that Jane's mail of other tests is not
	// taken for an answer to this interview.
	followupCLI(t, home, config, "sync")
	id := strings.TrimSpace(followupCLI(t, home, config, "add", "--company", "Acme "+uniqueToken(t), "--role", "Backend Engineer",
		"--at", time.Now().UTC().Add(-4*time.Hour).Format("2006-01-02 15:04"), "--duration", "60m", "--tz", "UTC",
		"--interviewer", "Jane Roe <"+stack.Jane.User+">", "--next-steps", "we'll get back to you within a week"))

	if summary := runOnce(t, bin, home, config); !strings.Contains(summary, "queued 1, sent 1,") {
		t.Fatalf("daemon --once summary = %q, want 1 queued and sent", summary)
	}
	thankYou := sentThankYou(t, home, config, id)
	raw, _ := waitForMessage(t, stack.Jane.User, stack.Jane.Pass, "INBOX", thankYou)
	if !strings.Contains(string(raw), "Message-ID: <"+thankYou+">") {
		t.Errorf("delivered message lacks Message-ID <%s>", thankYou)
	}
	waitForMessage(t, stack.Me.User, stack.Me.Pass, "Sent", thankYou)

	if summary := runOnce(t, bin, home, config); !strings.Contains(summary, "queued 0, sent 0,") {
		t.Errorf("second daemon --once summary = %q, want nothing sent", summary)
	}
	var rows []struct {
		State     string `json:"state"`
		MessageID string `json:"message_id"`
	}
	if err := json.Unmarshal([]byte(followupCLI(t, home, config, "outbox", "--json", "--all")), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].State != "sent" || rows[0].MessageID != thankYou {
		t.Errorf("outbox --json --all = %+v, want the one thank-you, sent", rows)
	}
	waitForMessage(t, stack.Jane.User, stack.Jane.Pass, "INBOX", thankYou) // fails on two copies
}

// runOnce runs `followup daemon --once` and returns its summary line.
func runOnce(t *testing.T, bin, home, config string) string {
	t.Helper()
	cmd := exec.Command(bin, "--config", config, "daemon", "--once", "--log-level", "warn", "--log-format", "text")
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_DATA_HOME="+filepath.Join(home, "data"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("followup daemon --once = %v, output:\n%s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "followup: drafted ") {
			return line
		}
	}
	t.Fatalf("followup daemon --once printed no summary:\n%s", out)
	return ""
}

// sentThankYou is the Message-ID of the interview's sent thank-you, as
// `followup show --json` has it.
func sentThankYou(t *testing.T, home, config, id string) string {
	t.Helper()
	ac := actionOf(t, home, config, id, "thank-you")
	if ac.State != "sent" || ac.MessageID == "" {
		t.Fatalf("thank-you = %s with Message-ID %q, want sent", ac.State, ac.MessageID)
	}
	return ac.MessageID
}

// writeSendConfig sends as the user over implicit TLS with AUTH (port
// 10465) and reads over IMAPS, with auto_send and a send window covering
// every hour of every day.
func writeSendConfig(t *testing.T, home string) string {
	t.Helper()
	return writeAutoSendConfig(t, home, "tls", stack.SubmissionsPort, "")
}

// writeAutoSendConfig writes a config that sends as me@candidate.test
// through [smtp] with security on port, reads over IMAPS, and sends on its
// own at any hour; extraPolicy is added to [policy].
func writeAutoSendConfig(t *testing.T, home, security, port, extraPolicy string) string {
	t.Helper()
	config := filepath.Join(home, "config.toml")
	body := fmt.Sprintf(`[me]
name = "Casey Candidate"
email = %[1]q
timezone = "UTC"

[smtp]
host = %[2]q
port = %[3]s
security = %[6]q
ca_file = %[4]q
username = %[1]q
password_env = "FOLLOWUP_E2E_ME_PASS"

[imap]
host = %[2]q
port = %[5]s
security = "tls"
ca_file = %[4]q
username = %[1]q
password_env = "FOLLOWUP_E2E_ME_PASS"

[calendar]
workdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

[policy]
auto_send = true
send_window = "00:00-24:00"
%[7]s`, stack.Me.User, stack.Host, port, stack.CAFile, stack.IMAPSPort, security, extraPolicy)
	if err := os.WriteFile(config, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return config
}
