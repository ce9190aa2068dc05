package imapwatch

import (
	"errors"
	"slices"
	"testing"

	"github.com/emersion/go-imap/v2"
)

func TestDialDiscoversMailboxes(t *testing.T) {
	s := newTestServer(t, nil)
	c := dialTest(t, s)
	if got := c.DraftsMailbox(); got != "Drafts" {
		t.Errorf("DraftsMailbox() = %q, want Drafts", got)
	}
	if got := c.SentMailbox(); got != "Sent" {
		t.Errorf("SentMailbox() = %q, want Sent", got)
	}
	if got, want := c.WatchedMailboxes(), []string{"INBOX", "Sent"}; !slices.Equal(got, want) {
		t.Errorf("WatchedMailboxes() = %q, want %q", got, want)
	}
}

func TestDialWrongPassword(t *testing.T) {
	s := newTestServer(t, nil)
	_, err := Dial(t.Context(), s.Config(), "wrong", Options{})
	if err == nil {
		t.Fatal("Dial(wrong password) = nil error, want a login error")
	}
}

func TestAppendDraft(t *testing.T) {
	s := newTestServer(t, nil)
	c := dialTest(t, s)
	if err := c.AppendDraft(t.Context(), []byte("Subject: hi\nMessage-ID: <d1@example.test>\n\nbody\n")); err != nil {
		t.Fatalf("AppendDraft = %v", err)
	}
	flags := s.Flags("Drafts")
	if len(flags) != 1 {
		t.Fatalf("Drafts holds %d messages, want 1", len(flags))
	}
	for uid, f := range flags {
		if !slices.Contains(f, imap.FlagDraft) {
			t.Errorf("Drafts UID %d flags = %v, want \\Draft among them", uid, f)
		}
	}
}

func TestAppendSentAndHasMessageID(t *testing.T) {
	s := newTestServer(t, nil)
	c := dialTest(t, s)
	if err := c.AppendSent(t.Context(), testMessage("sent-1@example.test", "Thank you")); err != nil {
		t.Fatalf("AppendSent = %v", err)
	}
	s.Deliver("Sent", testMessage("xsent-1@example.test.other", "decoy"), fixedTime)
	if f := s.Flags("Sent")[1]; !slices.Contains(f, imap.FlagSeen) {
		t.Errorf("Sent copy flags = %v, want \\Seen", f)
	}
	tests := []struct {
		mailbox, id string
		want        bool
	}{
		{"Sent", "sent-1@example.test", true},
		{"Sent", "<sent-1@example.test>", true},
		{"Sent", "sent-1@example", false}, // substring only
		{"Sent", "other@example.test", false},
		{"INBOX", "sent-1@example.test", false},
	}
	for _, tt := range tests {
		got, err := c.HasMessageID(t.Context(), tt.mailbox, tt.id)
		if err != nil || got != tt.want {
			t.Errorf("HasMessageID(%s, %s) = %v, %v, want %v", tt.mailbox, tt.id, got, err, tt.want)
		}
	}
	if _, err := c.HasMessageID(t.Context(), "Sent", "a\r\nb"); err == nil {
		t.Errorf("HasMessageID(CRLF id) = nil error, want an error")
	}
}

func TestAppendWithoutMailbox(t *testing.T) {
	s := newTestServer(t, nil)
	if err := s.User().Delete("Drafts"); err != nil {
		t.Fatal(err)
	}
	c := dialTest(t, s)
	if err := c.AppendDraft(t.Context(), []byte("Subject: x\r\n\r\n")); !errors.Is(err, ErrNoMailbox) {
		t.Errorf("AppendDraft(no Drafts) = %v, want ErrNoMailbox", err)
	}
}
