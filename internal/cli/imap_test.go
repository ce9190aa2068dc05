package cli

import (
	"net"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// memIMAP starts an in-process IMAP server on loopback with INBOX, Drafts
// and Sent for user (password testIMAPPassword), stopped when the test
// ends; it returns the server's address and the user, to put mail in.
func memIMAP(t *testing.T, user string) (string, *imapmemserver.User) {
	t.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(user, testIMAPPassword)
	mem.AddUser(u)
	for _, name := range []string{"INBOX", "Drafts", "Sent"} {
		if err := u.Create(name, nil); err != nil {
			t.Fatalf("Create(%s) = %v", name, err)
		}
	}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: true,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close(); <-done })
	return ln.Addr().String(), u
}
