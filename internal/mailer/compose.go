package mailer

import (
	"bytes"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/followup-dev/followup/internal/render"
)

// userAgent replaces go-mail's default User-Agent and X-Mailer headers.
const userAgent = "followup"

// ErrHeaderValue is wrapped by errors about a header value holding CR, LF
// or NUL, which could inject headers.
var ErrHeaderValue = errors.New("header value contains CR, LF or NUL")

// Address is a person's display name and mail address.
type Address struct {
	Name    string // may be empty
	Address string // local@domain
}

// Draft is everything needed to compose one message to one person.
type Draft struct {
	From    Address
	To      Address
	Message render.Message // subject, extra headers (Cc, Bcc, Reply-To), text and HTML bodies
	Date    time.Time      // the Date header; the caller passes its clock's now
	// InReplyTo and References thread the message under earlier ones to the
	// same person; msg-ids without angle brackets.
	InReplyTo  string
	References []string
	// MessageID is used when set (without angle brackets); otherwise a new
	// one is generated on the sender's domain.
	MessageID string
}

// Composed is a message ready to store in the outbox and send.
type Composed struct {
	MessageID  string   // without angle brackets
	From       string   // envelope sender: the From address
	Recipients []string // envelope recipients: To, Cc and Bcc addresses, without duplicates
	Raw        []byte   // the complete RFC 5322 message, CRLF line endings
}

// Compose builds the message for d. It refuses header values with CR, LF or
// NUL, invalid addresses and invalid msg-ids, and headers other than Cc,
// Bcc and Reply-To in d.Message.Headers. Bcc recipients appear only in
// Recipients, never in Raw. A message with HTML is multipart/alternative.
func Compose(d Draft) (Composed, error) {
	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	c := Composed{MessageID: d.MessageID}
	if c.MessageID == "" {
		c.MessageID = NewMessageID(d.From.Address)
	}
	if err := setHeaders(m, d, c.MessageID); err != nil {
		return Composed{}, fmt.Errorf("compose: %w", err)
	}
	rcpts, err := setAddresses(m, d)
	if err != nil {
		return Composed{}, fmt.Errorf("compose: %w", err)
	}
	m.SetBodyString(gomail.TypeTextPlain, d.Message.Text)
	if d.Message.HTML != "" {
		m.AddAlternativeString(gomail.TypeTextHTML, d.Message.HTML)
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		return Composed{}, fmt.Errorf("compose: write message: %w", err)
	}
	c.From, c.Recipients, c.Raw = d.From.Address, rcpts, buf.Bytes()
	return c, nil
}

// setHeaders sets the unstructured and msg-id headers.
func setHeaders(m *gomail.Msg, d Draft, messageID string) error {
	if d.Date.IsZero() {
		return errors.New("no date")
	}
	if err := checkValue("Subject", d.Message.Subject); err != nil {
		return err
	}
	if err := checkMessageIDs(messageID, d.InReplyTo, d.References); err != nil {
		return err
	}
	m.Subject(d.Message.Subject)
	m.SetDateWithValue(d.Date)
	m.SetMessageIDWithValue(messageID)
	m.SetGenHeader(gomail.HeaderUserAgent, userAgent)
	if d.InReplyTo != "" {
		m.SetGenHeader(gomail.HeaderInReplyTo, "<"+d.InReplyTo+">")
	}
	if len(d.References) > 0 {
		m.SetGenHeader(gomail.HeaderReferences, "<"+strings.Join(d.References, "> <")+">")
	}
	return nil
}

// checkMessageIDs validates the message's own msg-id and the threading
// ones; an empty inReplyTo means none.
func checkMessageIDs(own, inReplyTo string, refs []string) error {
	ids := append([]string{own}, refs...)
	if inReplyTo != "" {
		ids = append(ids, inReplyTo)
	}
	for _, id := range ids {
		if err := ValidMessageID(id); err != nil {
			return err
		}
	}
	return nil
}

// setAddresses sets From, To, Cc and Reply-To and returns the envelope
// recipients.
func setAddresses(m *gomail.Msg, d Draft) ([]string, error) {
	from, err := checkAddress("From", d.From)
	if err != nil {
		return nil, err
	}
	to, err := checkAddress("To", d.To)
	if err != nil {
		return nil, err
	}
	m.FromMailAddress(from)
	m.ToMailAddress(to)
	rcpts := []string{to.Address}
	for _, h := range d.Message.Headers {
		list, err := parseList(h[0], h[1])
		if err != nil {
			return nil, err
		}
		switch h[0] {
		case "Cc":
			m.CcMailAddress(list...)
		case "Reply-To":
			m.ReplyToMailAddress(list...)
			continue // not a recipient
		}
		for _, a := range list {
			rcpts = appendNew(rcpts, a.Address)
		}
	}
	return rcpts, nil
}

// parseList checks one extra header from a template and parses its
// address list.
func parseList(name, value string) ([]*mail.Address, error) {
	switch name {
	case "Cc", "Bcc", "Reply-To":
	default:
		return nil, fmt.Errorf("header %s: only Cc, Bcc and Reply-To may be set by a template", name)
	}
	if err := checkValue(name, value); err != nil {
		return nil, err
	}
	list, err := mail.ParseAddressList(value)
	if err != nil {
		return nil, fmt.Errorf("header %s: %q: %w", name, value, err)
	}
	return list, nil
}

// checkAddress validates one address and returns it in net/mail form.
func checkAddress(field string, a Address) (*mail.Address, error) {
	if err := checkValue(field, a.Name); err != nil {
		return nil, err
	}
	if err := checkValue(field, a.Address); err != nil {
		return nil, err
	}
	p, err := mail.ParseAddress(a.Address)
	if err != nil || p.Address != a.Address || p.Name != "" {
		return nil, fmt.Errorf("%s: %q is not a plain mail address", field, a.Address)
	}
	return &mail.Address{Name: a.Name, Address: a.Address}, nil
}

// checkValue refuses CR, LF and NUL, which would end or corrupt a header.
func checkValue(field, v string) error {
	if strings.ContainsAny(v, "\r\n\x00") {
		return fmt.Errorf("%s %q: %w", field, v, ErrHeaderValue)
	}
	return nil
}

func appendNew(list []string, s string) []string {
	for _, have := range list {
		if strings.EqualFold(have, s) {
			return list
		}
	}
	return append(list, s)
}
