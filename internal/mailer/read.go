package mailer

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// Message is a composed message read back: the headers a person reads and
// the decoded plain-text body, for previews and editing.
type Message struct {
	From, To, Cc string // as display strings, "Jane Roe <jane@acme.example>"
	Subject      string
	Date         time.Time
	MessageID    string   // without angle brackets
	InReplyTo    string   // without angle brackets; "" when none
	References   []string // without angle brackets
	Text         string   // the text/plain body, decoded
}

// ReadMessage parses raw, a message made by Compose, into a Message.
func ReadMessage(raw []byte) (Message, error) {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, fmt.Errorf("read message: %w", err)
	}
	var dec mime.WordDecoder
	subject, err := dec.DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		return Message{}, fmt.Errorf("read message: subject: %w", err)
	}
	out := Message{
		From: addressText(m.Header, "From"), To: addressText(m.Header, "To"), Cc: addressText(m.Header, "Cc"),
		Subject: subject, MessageID: trimID(m.Header.Get("Message-ID")), InReplyTo: trimID(m.Header.Get("In-Reply-To")),
		References: msgIDs(m.Header.Get("References")),
	}
	out.Date, _ = m.Header.Date()
	out.Text, err = plainText(textproto.MIMEHeader(m.Header), m.Body)
	if err != nil {
		return Message{}, fmt.Errorf("read message: %w", err)
	}
	return out, nil
}

// addressText is the decoded address list of header key, "" when absent.
func addressText(h mail.Header, key string) string {
	list, err := h.AddressList(key)
	if err != nil {
		return h.Get(key)
	}
	parts := make([]string, len(list))
	for i, a := range list {
		parts[i] = a.Address
		if a.Name != "" {
			parts[i] = a.Name + " <" + a.Address + ">"
		}
	}
	return strings.Join(parts, ", ")
}

func trimID(s string) string { return strings.Trim(strings.TrimSpace(s), "<>") }

func msgIDs(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		if id := trimID(f); id != "" {
			out = append(out, id)
		}
	}
	return out
}

// maxPartDepth bounds nested multiparts.
const maxPartDepth = 5

// plainText finds and decodes the first text/plain part of a body.
func plainText(h textproto.MIMEHeader, body io.Reader) (string, error) {
	return plainTextDepth(h, body, 0)
}

func plainTextDepth(h textproto.MIMEHeader, body io.Reader, depth int) (string, error) {
	ct, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		ct = "text/plain"
	}
	if strings.HasPrefix(ct, "multipart/") && depth < maxPartDepth {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err != nil {
				return "", fmt.Errorf("no text/plain part: %w", err)
			}
			if text, err := plainTextDepth(p.Header, p, depth+1); err == nil {
				return text, nil
			}
		}
	}
	if ct != "text/plain" {
		return "", fmt.Errorf("no text/plain part (found %s)", ct)
	}
	b, err := io.ReadAll(decodeTransfer(h.Get("Content-Transfer-Encoding"), body))
	if err != nil {
		return "", err
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n"), nil
}

func decodeTransfer(cte string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, &crlfStripper{r: r})
	}
	return r
}

// crlfStripper drops CR and LF so that base64 lines decode as one stream.
type crlfStripper struct{ r io.Reader }

func (s *crlfStripper) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	j := 0
	for _, c := range p[:n] {
		if c != '\r' && c != '\n' {
			p[j] = c
			j++
		}
	}
	return j, err
}
