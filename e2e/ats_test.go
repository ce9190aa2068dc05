//go:build e2e

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
)

// TestATSRejectionStopsTheCheckIn: on the real mail stack, a rejection that
// comes through an applicant-tracking system (from its no-reply address,
// naming the company, not from any interviewer) stops the interview's
// pending check-in, and the notice to the user says it is a rejection and
// asks whether to close it.
func TestATSRejectionStopsTheCheckIn(t *testing.T) {
	home := t.TempDir()
	config := writeDaemonConfig(t, home)
	company := "Zenith" + uniqueToken(t)
	followupCLI(t, home, config, "sync") // start after mail of earlier runs
	id := strings.TrimSpace(followupCLI(t, home, config, "add", "--company", company, "--role", "Staff Engineer",
		"--at", time.Now().UTC().Add(-26*time.Hour).Format("2006-01-02 15:04"), "--duration", "60m", "--tz", "UTC",
		"--interviewer", "Jane Roe <"+stack.Jane.User+">", "--next-steps", "we'll get back to you within two weeks"))
	if ci := checkInState(t, home, config, id); ci != "pending" {
		t.Fatalf("check-in before the answer = %s, want pending", ci)
	}
	body := "Hi Casey,\r\n\r\nThank you for interviewing for the Staff Engineer role at " + company + ".\r\n\r\n" +
		"After careful consideration, we have decided to move forward with other candidates.\r\n\r\n" +
		"We wish you all the best.\r\nThe " + company + " Recruiting Team"
	raw, msgID := companyMail(t, company+" Recruiting <no-reply@us.greenhouse-mail.io>", "Your application to "+company, body,
		"Reply-To: no-reply@us.greenhouse-mail.io")
	deliver(t, "bounces+123@us.greenhouse-mail.io", []string{stack.Me.User}, raw)
	waitForMessage(t, stack.Me.User, stack.Me.Pass, "INBOX", msgID) // Postfix delivers on its own time

	followupCLI(t, home, config, "sync")
	if ci := checkInState(t, home, config, id); ci != "cancelled" {
		t.Errorf("check-in after the ATS rejection = %s, want cancelled", ci)
	}
	followupCLI(t, home, config, "daemon", "--once") // sends the notice
	n := searchSubject(t, stack.Me.User, stack.Me.Pass, "INBOX", company, "rejection", "close it?")
	if n != 1 {
		t.Errorf("notices in the user's INBOX whose subject names %s and says \"rejection — close it?\" = %d, want 1", company, n)
	}
}

func checkInState(t *testing.T, home, config, id string) string {
	t.Helper()
	for _, ac := range showOf(t, home, config, id).Actions {
		if ac.Kind == "check-in" {
			return ac.State
		}
	}
	return "none"
}

// searchSubject counts the messages in mailbox whose Subject contains every
// one of words (ASCII).
func searchSubject(t *testing.T, user, pass, mailbox string, words ...string) int {
	t.Helper()
	c := dialIMAP(t, user, pass)
	defer c.Close()
	if _, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	var crit imap.SearchCriteria
	for _, w := range words {
		crit.Header = append(crit.Header, imap.SearchCriteriaHeaderField{Key: "Subject", Value: w})
	}
	data, err := c.UIDSearch(&crit, nil).Wait()
	if err != nil {
		t.Fatal(fmt.Errorf("search: %w", err))
	}
	return len(data.AllUIDs())
}
