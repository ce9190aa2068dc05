package imapconn

import (
	"testing"

	"github.com/emersion/go-imap/v2"
)

func TestFindMailbox(t *testing.T) {
	list := func(entries ...*imap.ListData) []*imap.ListData { return entries }
	box := func(name string, attrs ...imap.MailboxAttr) *imap.ListData {
		return &imap.ListData{Mailbox: name, Attrs: attrs}
	}
	tests := []struct {
		name string
		list []*imap.ListData
		want string
	}{
		{"special-use wins over name", list(box("Sent"), box("Envoyés", imap.MailboxAttrSent)), "Envoyés"},
		{"attribute case-insensitive", list(box("Gesendet", "\\sent")), "Gesendet"},
		{"noselect ignored", list(box("[Gmail]", imap.MailboxAttrNoSelect, imap.MailboxAttrSent), box("Sent Items")), "Sent Items"},
		{"usual name, any case", list(box("INBOX"), box("SENT")), "SENT"},
		{"name order", list(box("INBOX.Sent"), box("Sent Messages")), "Sent Messages"},
		{"none", list(box("INBOX"), box("Archive")), ""},
	}
	for _, tt := range tests {
		if got := findMailbox(tt.list, imap.MailboxAttrSent, sentNames); got != tt.want {
			t.Errorf("findMailbox(%s) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
