package imapconn

import (
	"testing"

	"github.com/followup-dev/followup/internal/imapwatch/imaptest"
)

// A connection dialled under WithMailboxesOf takes the other connection's
// Drafts and Sent instead of looking for them: here the first one's are
// configured names the server's LIST would not give.
func TestDialWithMailboxesOfDoesNotLookAgain(t *testing.T) {
	s := imaptest.New(t, imaptest.Options{Mailboxes: []string{"INBOX", "Drafts", "Sent", "Mine/Drafts", "Mine/Sent"}})
	cfg := s.Config()
	cfg.Drafts, cfg.Sent = "Mine/Drafts", "Mine/Sent"
	first, err := Dial(t.Context(), cfg, s.Password(), Options{})
	if err != nil {
		t.Fatalf("Dial = %v", err)
	}
	defer first.Close()
	plain, err := Dial(t.Context(), s.Config(), s.Password(), Options{})
	if err != nil {
		t.Fatalf("Dial = %v", err)
	}
	defer plain.Close()
	if plain.DraftsMailbox() != "Drafts" || plain.SentMailbox() != "Sent" {
		t.Fatalf("discovered %q and %q, want Drafts and Sent", plain.DraftsMailbox(), plain.SentMailbox())
	}
	second, err := Dial(WithMailboxesOf(t.Context(), first), s.Config(), s.Password(), Options{})
	if err != nil {
		t.Fatalf("Dial = %v", err)
	}
	defer second.Close()
	if second.DraftsMailbox() != "Mine/Drafts" || second.SentMailbox() != "Mine/Sent" {
		t.Errorf("under WithMailboxesOf: %q and %q, want the first connection's Mine/Drafts and Mine/Sent", second.DraftsMailbox(), second.SentMailbox())
	}
}
