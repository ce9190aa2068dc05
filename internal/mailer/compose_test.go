package mailer

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/mail"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/render"
)

var composeDate = time.Date(2026, 11, 20, 16, 30, 0, 0, time.FixedZone("CET", 3600))

func draft() Draft {
	return Draft{
		From: Address{Name: "Ana Émile", Address: "ana@me.example"},
		To:   Address{Name: "Jane Roe", Address: "jane@acme.example"},
		Message: render.Message{
			Subject: "Thank you – Backend Engineer",
			Headers: [][2]string{{"Cc", "Bob Poe <bob@acme.example>"}, {"Bcc", "ana@me.example"}, {"Reply-To", "ana@me.example"}},
			Text:    "Hi Jane,\n.\nThanks for today.\n",
		},
		Date: composeDate,
	}
}

// parse reads a composed message back with net/mail.
func parse(t *testing.T, raw []byte) *mail.Message {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("mail.ReadMessage(composed) = %v\n%s", err, raw)
	}
	return m
}

func TestComposeHeaders(t *testing.T) {
	d := draft()
	d.InReplyTo = "first@me.example"
	d.References = []string{"zero@me.example", "first@me.example"}
	c, err := Compose(d)
	if err != nil {
		t.Fatalf("Compose = %v", err)
	}
	m := parse(t, c.Raw)
	var dec mime.WordDecoder
	subject, _ := dec.DecodeHeader(m.Header.Get("Subject"))
	from, _ := m.Header.AddressList("From")
	date, _ := m.Header.Date()
	tests := []struct{ name, got, want string }{
		{"Subject", subject, "Thank you – Backend Engineer"},
		{"From", from[0].String(), (&mail.Address{Name: "Ana Émile", Address: "ana@me.example"}).String()},
		{"To", m.Header.Get("To"), `"Jane Roe" <jane@acme.example>`},
		{"Cc", m.Header.Get("Cc"), `"Bob Poe" <bob@acme.example>`},
		{"Reply-To", m.Header.Get("Reply-To"), "<ana@me.example>"},
		{"Bcc", m.Header.Get("Bcc"), ""},
		{"Date", date.Format(time.RFC3339), "2026-11-20T16:30:00+01:00"},
		{"Message-ID", m.Header.Get("Message-ID"), "<" + c.MessageID + ">"},
		{"In-Reply-To", m.Header.Get("In-Reply-To"), "<first@me.example>"},
		{"References", m.Header.Get("References"), "<zero@me.example> <first@me.example>"},
		{"MIME-Version", m.Header.Get("MIME-Version"), "1.0"},
		{"User-Agent", m.Header.Get("User-Agent"), "followup"},
		{"X-Mailer", m.Header.Get("X-Mailer"), ""},
		{"Content-Type", strings.SplitN(m.Header.Get("Content-Type"), ";", 2)[0], "text/plain"},
		{"Recipients", strings.Join(c.Recipients, ","), "jane@acme.example,bob@acme.example,ana@me.example"},
		{"From (envelope)", c.From, "ana@me.example"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("Compose header %s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	if !strings.HasSuffix(c.MessageID, "@me.example") {
		t.Errorf("Compose MessageID = %q, want it on the sender's domain me.example", c.MessageID)
	}
	// The host name must not appear as a domain: after "@" or "." in any
	// header (a short name can occur by chance inside the random local part).
	if host, err := os.Hostname(); err == nil && host != "" {
		for _, leak := range []string{"@" + host, "." + host, "(" + host, " " + host + " "} {
			if bytes.Contains(bytes.ToLower(c.Raw), []byte(strings.ToLower(leak))) {
				t.Errorf("Compose output contains the host name %q (as %q):\n%s", host, leak, c.Raw)
			}
		}
	}
	body, _ := io.ReadAll(m.Body)
	if !bytes.Contains(body, []byte("\r\n.\r\nThanks for today.")) {
		t.Errorf("Compose body = %q, want the text with CRLF line ends", body)
	}
}

func TestComposeHTMLIsAlternative(t *testing.T) {
	d := draft()
	d.Message.HTML = "<p>Hi Jane</p>"
	c, err := Compose(d)
	if err != nil {
		t.Fatalf("Compose = %v", err)
	}
	ct := parse(t, c.Raw).Header.Get("Content-Type")
	if mt, _, _ := mime.ParseMediaType(ct); mt != "multipart/alternative" {
		t.Errorf("Compose(with HTML) Content-Type = %q, want multipart/alternative", ct)
	}
}

func TestComposeKeepsGivenMessageID(t *testing.T) {
	d := draft()
	d.MessageID = "stored.1@me.example"
	c, err := Compose(d)
	if err != nil || c.MessageID != d.MessageID {
		t.Fatalf("Compose(MessageID set) = %q, %v; want %q", c.MessageID, err, d.MessageID)
	}
}

func TestComposeRefuses(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*Draft)
		wantErr error
	}{
		{"CR LF in subject", func(d *Draft) { d.Message.Subject = "Hi\r\nBcc: x@evil.example" }, ErrHeaderValue},
		{"LF in name", func(d *Draft) { d.To.Name = "Jane\nX-Evil: 1" }, ErrHeaderValue},
		{"NUL in address", func(d *Draft) { d.To.Address = "jane@acme.example\x00" }, ErrHeaderValue},
		{"CR in Cc", func(d *Draft) { d.Message.Headers = [][2]string{{"Cc", "a@b.example\r"}} }, ErrHeaderValue},
		{"bad In-Reply-To", func(d *Draft) { d.InReplyTo = "<a@b.example>" }, ErrInvalidMessageID},
		{"bad reference", func(d *Draft) { d.References = []string{"a@b.example", "no-at-sign"} }, ErrInvalidMessageID},
		{"bad given Message-ID", func(d *Draft) { d.MessageID = "a b@c" }, ErrInvalidMessageID},
		{"address with name", func(d *Draft) { d.To.Address = "Jane <jane@acme.example>" }, nil},
		{"unknown header", func(d *Draft) { d.Message.Headers = [][2]string{{"Message-ID", "<x@y>"}} }, nil},
		{"bad Cc list", func(d *Draft) { d.Message.Headers = [][2]string{{"Cc", "not an address"}} }, nil},
		{"no date", func(d *Draft) { d.Date = time.Time{} }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := draft()
			tt.edit(&d)
			_, err := Compose(d)
			if err == nil || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
				t.Errorf("Compose(%s) = %v, want error %v", tt.name, err, tt.wantErr)
			}
		})
	}
}
