//go:build e2e

package e2e

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/mail"
	"slices"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// TestSubmitAndReadBack submits as the job seeker over both submission ports, with verified
// TLS and AUTH PLAIN, and finds each message in the recipient's INBOX by Message-ID.
func TestSubmitAndReadBack(t *testing.T) {
	tests := []struct {
		name string
		dial func(t *testing.T) *smtp.Client
	}{
		{"submission STARTTLS", func(t *testing.T) *smtp.Client {
			c, err := smtp.DialStartTLS(addr(stack.SubmissionPort), tlsConfig())
			if err != nil {
				t.Fatalf("smtp.DialStartTLS(%s): %v", addr(stack.SubmissionPort), err)
			}
			return c
		}},
		{"submissions implicit TLS", func(t *testing.T) *smtp.Client {
			c, err := smtp.DialTLS(addr(stack.SubmissionsPort), tlsConfig())
			if err != nil {
				t.Fatalf("smtp.DialTLS(%s): %v", addr(stack.SubmissionsPort), err)
			}
			return c
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := tt.dial(t)
			defer c.Close()
			if err := c.Auth(sasl.NewPlainClient("", stack.Me.User, stack.Me.Pass)); err != nil {
				t.Fatalf("AUTH PLAIN as %s: %v", stack.Me.User, err)
			}
			// After the first exchange the handshake is done (STARTTLS hands it off lazily).
			state, ok := c.TLSConnectionState()
			if !ok || len(state.VerifiedChains) == 0 {
				t.Fatalf("TLSConnectionState() = verified chains %d, ok %v; want a verified chain", len(state.VerifiedChains), ok)
			}
			raw, id := newMessage(t, stack.Me.User, stack.Jane.User, "Thank you for today ("+tt.name+")")
			if err := c.SendMail(stack.Me.User, []string{stack.Jane.User}, bytes.NewReader(raw)); err != nil {
				t.Fatalf("SendMail: %v", err)
			}
			if err := c.Quit(); err != nil {
				t.Fatalf("QUIT: %v", err)
			}

			got, flags := waitForMessage(t, stack.Jane.User, stack.Jane.Pass, "INBOX", id)
			msg, err := mail.ReadMessage(bytes.NewReader(got))
			if err != nil {
				t.Fatalf("parse delivered message: %v", err)
			}
			if h := msg.Header.Get("Message-ID"); h != id {
				t.Errorf("delivered Message-ID = %q, want %q", h, id)
			}
			if h := msg.Header.Get("From"); h != stack.Me.User {
				t.Errorf("delivered From = %q, want %q", h, stack.Me.User)
			}
			if slices.Contains(flags, imap.FlagSeen) {
				t.Errorf("flags = %v, want no \\Seen after a peek", flags)
			}
		})
	}
}

// TestSubmissionRequiresTLSAndAuth checks that the submission port refuses AUTH in clear
// text, refuses to relay without AUTH, and rejects a wrong password.
func TestSubmissionRequiresTLSAndAuth(t *testing.T) {
	t.Run("no AUTH before STARTTLS", func(t *testing.T) {
		t.Parallel()
		c, err := smtp.Dial(addr(stack.SubmissionPort))
		if err != nil {
			t.Fatalf("smtp.Dial: %v", err)
		}
		defer c.Close()
		if err := c.Hello("e2e.followup.test"); err != nil {
			t.Fatalf("EHLO: %v", err)
		}
		if ok, _ := c.Extension("AUTH"); ok {
			t.Errorf("Extension(AUTH) before STARTTLS = true, want false")
		}
		if ok, _ := c.Extension("STARTTLS"); !ok {
			t.Errorf("Extension(STARTTLS) = false, want true")
		}
		err = c.Auth(sasl.NewPlainClient("", stack.Me.User, stack.Me.Pass))
		wantSMTPCode(t, "AUTH before STARTTLS", err, 530)
	})
	t.Run("no relay without AUTH", func(t *testing.T) {
		t.Parallel()
		c, err := smtp.DialStartTLS(addr(stack.SubmissionPort), tlsConfig())
		if err != nil {
			t.Fatalf("smtp.DialStartTLS: %v", err)
		}
		defer c.Close()
		if err := c.Mail(stack.Me.User, nil); err != nil {
			t.Fatalf("MAIL FROM: %v", err)
		}
		err = c.Rcpt(stack.Jane.User, nil)
		wantSMTPCode(t, "RCPT without AUTH", err, 554)
	})
	t.Run("wrong password", func(t *testing.T) {
		t.Parallel()
		c, err := smtp.DialTLS(addr(stack.SubmissionsPort), tlsConfig())
		if err != nil {
			t.Fatalf("smtp.DialTLS: %v", err)
		}
		defer c.Close()
		err = c.Auth(sasl.NewPlainClient("", stack.Me.User, "not-the-password"))
		wantSMTPCode(t, "AUTH with a wrong password", err, 535)
	})
}

func wantSMTPCode(t *testing.T, what string, err error, code int) {
	t.Helper()
	var smtpErr *smtp.SMTPError
	if !errors.As(err, &smtpErr) {
		t.Fatalf("%s: error = %v, want SMTP reply %d", what, err, code)
	}
	if smtpErr.Code != code {
		t.Errorf("%s: reply code = %d (%s), want %d", what, smtpErr.Code, smtpErr.Message, code)
	}
}

// TestUntrustedCertificateRefused proves the TLS checks are live: without the test CA the
// handshake must fail.
func TestUntrustedCertificateRefused(t *testing.T) {
	cfg := tlsConfig()
	cfg.RootCAs = x509.NewCertPool()
	conn, err := tls.Dial("tcp", addr(stack.IMAPSPort), cfg)
	if err == nil {
		conn.Close()
		t.Fatalf("tls.Dial with an empty root pool succeeded, want a certificate error")
	}
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Errorf("tls.Dial with an empty root pool: error = %v, want x509.UnknownAuthorityError", err)
	}
}

// TestInjectedReplyAndCatchAll delivers over the plain SMTP port: a reply from the company
// lands in the job seeker's INBOX, and mail for anyone outside the test accounts lands in the
// sink instead of leaving the machine.
func TestInjectedReplyAndCatchAll(t *testing.T) {
	tests := []struct {
		name     string
		from, to string
		inbox    Account
	}{
		{"reply to the job seeker", stack.Jane.User, stack.Me.User, stack.Me},
		{"outside address goes to the sink", stack.Me.User, "recruiter@bigcorp.example", stack.Sink},
		{"unknown user in a test domain goes to the sink", stack.Me.User, "nobody@acme.test", stack.Sink},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			raw, id := newMessage(t, tt.from, tt.to, tt.name)
			deliver(t, tt.from, []string{tt.to}, raw)
			got, _ := waitForMessage(t, tt.inbox.User, tt.inbox.Pass, "INBOX", id)
			if !bytes.Contains(got, []byte("Body of "+tt.name)) {
				t.Errorf("delivered message to %s lacks its body:\n%s", tt.to, got)
			}
		})
	}
}

// TestIMAPSTARTTLSAndMailboxes logs in over the STARTTLS IMAP port and checks the special-use
// mailboxes exist and are subscribed.
func TestIMAPSTARTTLSAndMailboxes(t *testing.T) {
	c, err := imapclient.DialStartTLS(addr(stack.IMAPPort), &imapclient.Options{TLSConfig: tlsConfig()})
	if err != nil {
		t.Fatalf("imapclient.DialStartTLS(%s): %v", addr(stack.IMAPPort), err)
	}
	defer c.Close()
	if err := c.Login(stack.Me.User, stack.Me.Pass).Wait(); err != nil {
		t.Fatalf("IMAP login: %v", err)
	}
	list, err := c.List("", "*", &imap.ListOptions{ReturnSubscribed: true, ReturnSpecialUse: true}).Collect()
	if err != nil {
		t.Fatalf("LIST: %v", err)
	}
	attrs := map[string][]imap.MailboxAttr{}
	for _, l := range list {
		attrs[l.Mailbox] = l.Attrs
	}
	want := map[string]imap.MailboxAttr{
		"Drafts":  imap.MailboxAttrDrafts,
		"Sent":    imap.MailboxAttrSent,
		"Trash":   imap.MailboxAttrTrash,
		"Junk":    imap.MailboxAttrJunk,
		"Archive": imap.MailboxAttrArchive,
	}
	for name, use := range want {
		got, ok := attrs[name]
		if !ok {
			t.Errorf("LIST has no %s; got %v", name, attrs)
			continue
		}
		if !slices.Contains(got, use) || !slices.Contains(got, imap.MailboxAttrSubscribed) {
			t.Errorf("LIST %s attributes = %v, want %s and \\Subscribed", name, got, use)
		}
	}
}
