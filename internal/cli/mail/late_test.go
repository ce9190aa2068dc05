package mail_test

import (
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/cli/clitest"
)

// TestLateThankYouComesFirst: a thank-you held because it is days late is
// offered first by draft and named as late, with the command that sends
// it, by status and the digest (issue 19, point 4).
func TestLateThankYouComesFirst(t *testing.T) {
	e := clitest.NewEnv(t)
	clitest.WithBerlinConfig(t, e)
	id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	e.Now = e.Now.Add(5 * 24 * time.Hour) // Wed 25 Nov, the thank-yous were due on Fri 20
	e.MustRun("daemon", "--once", "--log-level", "error")
	v := drafts(e, id)
	var jane int64
	for _, ac := range v.Actions {
		if ac.Kind == "thank-you" && ac.State != "needs-review" {
			t.Fatalf("thank-you %+v after 5 days, want needs-review", ac)
		}
	}
	out := e.MustRun("draft", id)
	if !strings.Contains(out, "Subject: Thank you for the Backend Engineer interview") || !strings.Contains(out, "Hi Jane,") || !strings.Contains(out, "Hi Bob,") {
		t.Errorf("draft %s with late thank-yous = %q, want the thank-you notes first", id, out)
	}
	status := e.MustRun("status")
	for _, line := range strings.Split(status, "\n") {
		if strings.Contains(line, "Jane Roe not sent") {
			jane = 1
			if !strings.Contains(line, "thank-you to Jane Roe not sent (5 days late): `followup send ") {
				t.Errorf("status line %q, want: thank-you to Jane Roe not sent (5 days late): `followup send N`", line)
			}
		}
	}
	if jane == 0 {
		t.Errorf("status = %q, want the late thank-you to Jane named", status)
	}
	digest := e.MustRun("digest")
	if !strings.Contains(digest, "thank-you to Jane Roe (Acme, Backend Engineer) not sent (5 days late): `followup send ") {
		t.Errorf("digest = %q, want the late thank-you to Jane with the send command", digest)
	}
	if due, _, _ := strings.Cut(digest[strings.Index(digest, "DUE TODAY")+1:], "\n\n"); strings.Contains(digest, "DUE TODAY") && strings.Contains(due, "thank-you") {
		t.Errorf("digest DUE TODAY = %q, want no late thank-you there", due)
	}
}
