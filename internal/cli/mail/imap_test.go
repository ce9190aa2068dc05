package mail_test

import (
	"testing"

	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/followup-dev/followup/internal/imapwatch/imaptest"
)

// memIMAP starts an imaptest server with INBOX, Drafts and Sent for user
// (password testIMAPPassword), stopped when the test ends; it returns the
// server's address and the user, to put mail in.
func memIMAP(t *testing.T, user string) (string, *imapmemserver.User) {
	t.Helper()
	s := imaptest.New(t, imaptest.Options{User: user, Password: testIMAPPassword})
	return s.Addr(), s.User()
}
