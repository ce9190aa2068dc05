package imapwatch

import (
	"fmt"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/followup-dev/followup/internal/imapwatch/imaptest"
)

const (
	testUser     = "jo@example.test"
	testPassword = "s3cret-pass"
)

// newTestServer starts an imaptest server for testUser advertising caps
// (IMAP4rev1 and IMAP4rev2 when nil) with INBOX, Drafts and Sent.
func newTestServer(t *testing.T, caps imap.CapSet, sec ...imaptest.Security) *imaptest.Server {
	t.Helper()
	o := imaptest.Options{User: testUser, Password: testPassword, Caps: caps}
	if len(sec) > 0 {
		o.Security = sec[0]
	}
	return imaptest.New(t, o)
}

func testMessage(id, subject string) []byte {
	return []byte(fmt.Sprintf("From: Ann <ann@acme.example>\r\nTo: jo@example.test\r\nSubject: %s\r\nMessage-ID: <%s>\r\nDate: Fri, 20 Nov 2026 10:00:00 +0000\r\n\r\nHello, thanks for your time.\r\n", subject, id))
}

func dialTest(t *testing.T, s *imaptest.Server) *Client {
	t.Helper()
	c, err := Dial(t.Context(), s.Config(), testPassword, Options{})
	if err != nil {
		t.Fatalf("Dial = %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// within waits for a value on ch for at most a generous bound.
func within[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	timer := time.NewTimer(10 * time.Second)
	defer timer.Stop()
	select {
	case v := <-ch:
		return v
	case <-timer.C:
		t.Fatalf("%s: nothing within 10s", what)
	}
	var zero T
	return zero
}

var fixedTime = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
