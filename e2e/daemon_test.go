//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/followup-dev/followup/internal/apptest"
)

// TestDaemonEndToEnd runs the real binary as `followup daemon` with
// auto_send against Postfix and Dovecot: the thank-you reaches Jane, her
// answer stops the check-in and brings a notice to the user, and SIGTERM
// ends the daemon with status 0.
func TestDaemonEndToEnd(t *testing.T) {
	bin := buildFollowup(t)
	home := t.TempDir()
	config := writeDaemonConfig(t, home)
	company := "Acme " + uniqueToken(t)
	// Read the mailboxes once so that the daemon starts after mail of
	// earlier runs (Jane writes to this account in other tests too).
	followupCLI(t, home, config, "sync")
	id := strings.TrimSpace(followupCLI(t, home, config, "add", "--company", company, "--role", "Backend Engineer",
		"--at", time.Now().UTC().Add(-2*time.Hour).Format("2006-01-02 15:04"), "--duration", "60m", "--tz", "UTC",
		"--interviewer", "Jane Roe <"+stack.Jane.User+">", "--next-steps", "we'll get back to you within a week"))

	var stderr bytes.Buffer
	cmd := exec.Command(bin, "--config", config, "daemon", "--log-format", "json", "--log-level", "debug")
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_DATA_HOME="+filepath.Join(home, "data"))
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("daemon stderr:\n%s", stderr.String())
		}
	}()

	thankYou := ""
	apptest.WaitFor(t, 30*time.Second, "the thank-you sent", func() (string, bool) {
		ac := actionOf(t, home, config, id, "thank-you")
		thankYou = ac.MessageID
		return ac.State, ac.State == "sent" && ac.MessageID != ""
	})
	waitForMessage(t, stack.Jane.User, stack.Jane.Pass, "INBOX", thankYou)

	reply, _ := companyMail(t, "Jane Roe <"+stack.Jane.User+">", "Re: Thank you", "We would like to invite you to a final round.",
		"In-Reply-To: <"+thankYou+">", "References: <"+thankYou+">")
	deliver(t, stack.Jane.User, []string{stack.Me.User}, reply)
	apptest.WaitFor(t, 10*time.Second, "status replied and the check-in cancelled", func() (string, bool) {
		v := showOf(t, home, config, id)
		ci := "none"
		for _, ac := range v.Actions {
			if ac.Kind == "check-in" {
				ci = ac.State
			}
		}
		return v.Status + ", check-in " + ci, v.Status == "replied" && ci == "cancelled"
	})
	notice := "Reply from Jane Roe (" + company + ")"
	apptest.WaitFor(t, 15*time.Second, "a notice in the user's INBOX", func() (string, bool) {
		n := countSubject(t, stack.Me.User, stack.Me.Pass, "INBOX", notice)
		return fmt.Sprintf("%d notices %q", n, notice), n == 1
	})

	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("daemon after SIGTERM = %v, want exit 0", err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("daemon took %v to stop, want under 10s", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("daemon still running 10 seconds after SIGTERM")
	}
}

// buildFollowup builds the real binary into a temporary folder.
func buildFollowup(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "followup")
	out, err := exec.Command("go", "build", "-o", bin, "../cmd/followup").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func writeDaemonConfig(t *testing.T, home string) string {
	t.Helper()
	return writeAutoSendConfig(t, home, "starttls", stack.SubmissionPort, "thank_you_delay = \"30m\"\n")
}

// daemonShow is the part of `followup show --json` this test reads.
type daemonShow struct {
	Status  string `json:"status"`
	Actions []struct {
		Kind      string `json:"kind"`
		State     string `json:"state"`
		MessageID string `json:"message_id"`
	} `json:"actions"`
}

func showOf(t *testing.T, home, config, id string) daemonShow {
	t.Helper()
	var v daemonShow
	if err := json.Unmarshal([]byte(followupCLI(t, home, config, "show", id, "--json")), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

type daemonAction struct{ State, MessageID string }

func actionOf(t *testing.T, home, config, id, kind string) daemonAction {
	t.Helper()
	for _, ac := range showOf(t, home, config, id).Actions {
		if ac.Kind == kind {
			return daemonAction{ac.State, ac.MessageID}
		}
	}
	return daemonAction{State: "missing"}
}

// countSubject counts the messages in mailbox whose Subject contains subject.
func countSubject(t *testing.T, user, pass, mailbox, subject string) int {
	t.Helper()
	c := dialIMAP(t, user, pass)
	defer c.Close()
	if _, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	data, err := c.UIDSearch(&imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Subject", Value: subject}}}, nil).Wait()
	if err != nil {
		t.Fatal(err)
	}
	return len(data.AllUIDs())
}
