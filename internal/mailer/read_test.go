package mailer

import (
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/render"
)

var readNow = time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC)

func TestReadMessageMultipart(t *testing.T) {
	m, err := Compose(Draft{
		From: Address{Name: "Max", Address: "max@example.org"}, To: Address{Address: "jane@acme.example"},
		Message: render.Message{Subject: "Grüße", Text: "Plain text — with a dash\n", HTML: "<p>HTML</p>"},
		Date:    readNow, InReplyTo: "a@example.org", References: []string{"a@example.org", "b@example.org"},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadMessage(m.Raw)
	if err != nil {
		t.Fatalf("ReadMessage = %v", err)
	}
	if got.Text != "Plain text — with a dash\n" || got.Subject != "Grüße" || got.InReplyTo != "a@example.org" || len(got.References) != 2 || !got.Date.Equal(readNow) {
		t.Errorf("ReadMessage = %+v, want the decoded plain text, subject and threading", got)
	}
}
