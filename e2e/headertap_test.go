//go:build e2e

package e2e

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/imapwatch"
	"github.com/followup-dev/followup/internal/inbox"
)

// TestHeaderTapReadsWhatIMAPClientReadsFromDovecot: the catch-up's header
// FETCH, read by followup's own reader over implicit TLS and over the
// STARTTLS followup negotiates itself, hands over what go-imap's client
// reads of the same FETCH, for every message of a real Dovecot mailbox:
// plain mail, values that look like IMAP syntax, folded and 8-bit lines,
// repeated fields, none of the fields asked for, and a header bigger than
// the reader's buffer.
func TestHeaderTapReadsWhatIMAPClientReadsFromDovecot(t *testing.T) {
	box := "Tap" + uniqueToken(t)
	c := dialIMAP(t, stack.Me.User, stack.Me.Pass)
	if err := c.Create(box, nil).Wait(); err != nil {
		t.Fatalf("create %s: %v", box, err)
	}
	t.Cleanup(func() { dialIMAP(t, stack.Me.User, stack.Me.Pass).Delete(box).Wait() })
	headers := []string{
		"From: Pat <pat@acme.test>\r\nSubject: plain\r\nMessage-ID: <1@acme.test>\r\n",
		"Subject: ] ) {5}\r\n \"quoted\\\" (folded) NIL\r\nTo: a@b.test, \"Last, First\" <c@d.test>\r\nMessage-ID: <2@acme.test>\r\n",
		"Subject: =?utf-8?q?Caf=C3=A9?= Zürich\r\nFrom: Zoë <z@acme.test>\r\nReferences: <1@acme.test>\r\n\t<2@acme.test>\r\n",
		"Date: Fri, 20 Nov 2026 10:00:00 +0000\r\nX-Other: nothing asked for\r\n",
		"Subject: big\r\nReferences: " + strings.Repeat("<r@x.test> ", 9000) + "\r\n",
		"Received: from x\r\nFrom: MAILER-DAEMON@mx.test\r\nSubject: Undelivered Mail Returned to Sender\r\nX-Failed-Recipients: p@acme.test\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n",
		"From: a@one.test\r\nFrom: b@two.test\r\nSubject: twice\r\n",
	}
	for i := range 60 {
		raw := headers[i%len(headers)] + "\r\nbody " + strconv.Itoa(i) + "\r\n"
		cmd := c.Append(box, int64(len(raw)), nil)
		cmd.Write([]byte(raw))
		if err := cmd.Close(); err != nil {
			t.Fatalf("append: %v", err)
		}
		if _, err := cmd.Wait(); err != nil {
			t.Fatalf("append: %v", err)
		}
	}
	read := func(security config.Security, port string) []string {
		p, _ := strconv.Atoi(port)
		cfg := config.IMAP{Server: config.Server{Host: stack.Host, Port: p, Security: security, CAFile: stack.CAFile,
			Credentials: config.Credentials{Username: stack.Me.User}}, Mailboxes: []string{box}, Sent: "Sent", Drafts: "Drafts"}
		ic, err := imapwatch.Dial(t.Context(), cfg, stack.Me.Pass, imapwatch.Options{CommandTimeout: time.Minute})
		if err != nil {
			t.Fatalf("dial %s: %v", security, err)
		}
		defer ic.Close()
		if _, err := ic.Examine(t.Context(), box); err != nil {
			t.Fatal(err)
		}
		var got []string
		uids := make([]imap.UID, 60)
		for i := range uids {
			uids[i] = imap.UID(i + 1)
		}
		err = ic.ScreenHeaders(t.Context(), uids, inbox.ScreenFields(), func(h imapwatch.Header) error {
			got = append(got, fmt.Sprintf("%d %q", h.UID, bytes.Clone(h.Fields)))
			return nil
		})
		if err != nil {
			t.Fatalf("ScreenHeaders over %s: %v", security, err)
		}
		return got
	}
	plain := readByIMAPClient(t, c, box, 60)
	if len(plain) != 60 {
		t.Fatalf("go-imap read %d messages, want 60", len(plain))
	}
	for _, sec := range []struct {
		security config.Security
		port     string
	}{{config.SecurityTLS, stack.IMAPSPort}, {config.SecurityStartTLS, stack.IMAPPort}} {
		tapped := read(sec.security, sec.port)
		if !slices.Equal(tapped, plain) {
			for i := range min(len(tapped), len(plain)) {
				if tapped[i] != plain[i] {
					t.Fatalf("%s, message %d: the tap read\n%.300s\ngo-imap read\n%.300s", sec.security, i, tapped[i], plain[i])
				}
			}
			t.Fatalf("%s: the tap read %d messages, go-imap %d", sec.security, len(tapped), len(plain))
		}
	}
}

// readByIMAPClient is the same header FETCH of UIDs 1 to n of box read by
// go-imap's client c, each message as the screen gets it.
func readByIMAPClient(t *testing.T, c *imapclient.Client, box string, n int) []string {
	t.Helper()
	if _, err := c.Select(box, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, HeaderFields: inbox.ScreenFields(), Peek: true}
	msgs, err := c.Fetch(imap.UIDSet{{Start: 1, Stop: imap.UID(n)}}, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range msgs {
		got = append(got, fmt.Sprintf("%d %q", m.UID, m.FindBodySection(section)))
	}
	return got
}
