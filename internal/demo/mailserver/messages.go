package mailserver

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// The mail that people and machines at the companies write, made as their
// systems would: threaded on the message they answer, with the headers an
// auto-responder or an MTA adds.

// ReadHeader reads the header of raw; a broken one reads as empty.
func ReadHeader(raw []byte) mail.Header {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return mail.Header{}
	}
	return m.Header
}

// newMessageID is a fresh Message-ID on domain, with angle brackets.
func newMessageID(domain string) string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return "<" + hex.EncodeToString(b) + "@" + domain + ">"
}

// Compose assembles a plain-text message; extra are more header lines.
func Compose(from, to, subject, inReplyTo string, at time.Time, body string, extra ...string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: %s\r\n",
		from, to, subject, at.Format(time.RFC1123Z), newMessageID(domainOf(addressOf(from))))
	if inReplyTo != "" {
		fmt.Fprintf(&b, "In-Reply-To: %s\r\nReferences: %s\r\n", inReplyTo, inReplyTo)
	}
	for _, h := range extra {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
	b.WriteString(strings.ReplaceAll(strings.TrimSpace(body), "\n", "\r\n") + "\r\n")
	return []byte(b.String())
}

// addressOf is the bare address in "Name <addr>" (or addr itself).
func addressOf(s string) string {
	if a, err := mail.ParseAddress(s); err == nil {
		return a.Address
	}
	return s
}

// outOfOffice is the automatic reply of rcpt, away until back, to the
// message raw that from sent.
func outOfOffice(rcpt, from, back string, raw []byte, at time.Time) []byte {
	h := ReadHeader(raw)
	body := fmt.Sprintf(`Thank you for your message. I am out of the office until %s with limited
access to email, and will answer when I am back.

For urgent matters please contact people@%s.`, back, domainOf(rcpt))
	return Compose(h.Get("To"), from, "Automatic reply: "+h.Get("Subject"), h.Get("Message-ID"), at, body,
		"Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All")
}

// bounceFor is the delivery status notification the receiving MTA sends
// back to from when rcpt has no mailbox there, with the returned headers.
func bounceFor(from, rcpt string, raw []byte, at time.Time) []byte {
	mta := "mail." + domainOf(rcpt)
	boundary := "dsn." + hex.EncodeToString([]byte(mta))[:12]
	head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	var b strings.Builder
	fmt.Fprintf(&b, "Return-Path: <>\r\nFrom: MAILER-DAEMON@%s (Mail Delivery System)\r\nTo: %s\r\n", mta, from)
	fmt.Fprintf(&b, "Subject: Undelivered Mail Returned to Sender\r\nDate: %s\r\nMessage-ID: %s\r\n",
		at.Format(time.RFC1123Z), newMessageID(mta))
	fmt.Fprintf(&b, "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"+
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"%s\"\r\n\r\n", boundary)
	fmt.Fprintf(&b, "--%s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"+
		"This is the mail system at host %s.\r\n\r\nI'm sorry to have to inform you that your message could not\r\n"+
		"be delivered to one or more recipients.\r\n\r\n<%s>: 550 5.1.1 Recipient address rejected: User unknown\r\n\r\n",
		boundary, mta, rcpt)
	fmt.Fprintf(&b, "--%s\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; %s\r\n\r\n"+
		"Final-Recipient: rfc822; %s\r\nAction: failed\r\nStatus: 5.1.1\r\n"+
		"Diagnostic-Code: smtp; 550 5.1.1 <%s>: Recipient address rejected: User unknown\r\n\r\n", boundary, mta, rcpt, rcpt)
	fmt.Fprintf(&b, "--%s\r\nContent-Type: text/rfc822-headers\r\n\r\n%s\r\n\r\n--%s--\r\n", boundary, head, boundary)
	return []byte(b.String())
}
