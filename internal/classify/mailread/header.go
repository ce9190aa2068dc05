// Package mailread reads a raw message the way the classifier needs it: the
// header fields it keeps (Header, Message), the body's MIME structure up to
// the first readable text part, delivery-status blocks and the header of a
// returned message (Body), and header values decoded to valid UTF-8 from
// RFC 2047 words and legacy charsets, Japanese ones included (cjk.go).
//
// The package is pure: it does no I/O. Every function accepts hostile input
// and bounds its work; see the Max* constants.
package mailread

import (
	"bytes"
	"strings"
	"time"
)

// keptFields are the header fields the classifier reads; all others are
// skipped without being copied.
var keptFields = map[string]bool{
	"from": true, "sender": true, "reply-to": true, "to": true, "subject": true,
	"date": true, "message-id": true, "return-path": true,
	"content-type": true, "content-transfer-encoding": true,
	"auto-submitted": true, "x-autoreply": true, "x-autorespond": true,
	"x-autoresponder": true, "precedence": true, "x-apple-action": true,
	"list-id": true, "list-unsubscribe": true, "list-post": true,
	"x-failed-recipients": true, "x-ms-exchange-message-is-ndr": true,
	"x-mailer": true, "x-campaign": true, "x-campaignid": true, "x-campaign-id": true,
	"x-mc-user": true, "x-mailin-campaign": true, "x-sfmc-stack": true,
	"x-roving-campaignid": true, "x-csa-complaints": true,
}

// maxValuesPerField caps how many occurrences of one kept field are stored.
const maxValuesPerField = 16

// Header is what the classifier keeps of a header block. It references the
// raw input only through body.
type Header struct {
	values    map[string][]string // kept fields, lower-cased key → unfolded, capped values
	Msg       Message             // the fields a message is matched on
	Fields    int                 // number of header fields seen (kept or not)
	Size      int                 // bytes of the header block, including the blank line
	Malformed bool                // a line that is neither a field nor a continuation ended the header
	body      []byte              // raw body, at most MaxBodyBytes; nil if the header was cut
}

// Get returns the first value of a kept field, or "".
func (h *Header) Get(key string) string {
	if v := h.values[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Has reports whether a kept field is present.
func (h *Header) Has(key string) bool { return len(h.values[key]) > 0 }

// ParseHeader parses only the header block of raw (a header-only IMAP fetch
// is enough) and returns the fields used to match a message to an interview.
// It never panics; fields it cannot parse are left empty.
func ParseHeader(raw []byte) Message {
	return ReadHeader(raw).Msg
}

// ReadHeader walks the header block of raw without copying fields it does not
// keep. In-Reply-To and References are scanned in place so that a huge field
// costs time but not memory.
func ReadHeader(raw []byte) *Header {
	h := &Header{values: map[string][]string{}}
	limit := min(len(raw), MaxHeaderBytes)
	pos := SkipBlankLines(raw[:limit], SkipMboxLine(raw[:limit]))
	var cur field
	for pos < limit {
		line, next := nextLine(raw, pos, limit)
		switch {
		case len(line) == 0:
			h.finish(raw, cur)
			h.Size = next
			h.body = raw[next:min(len(raw), next+MaxBodyBytes)]
			return h
		case line[0] == ' ' || line[0] == '\t':
			if cur.key == "" && h.Fields == 0 {
				h.Malformed = true
				return h
			}
			cur.end = next
		default:
			key, ok := fieldKey(line)
			if !ok {
				h.finish(raw, cur)
				h.Malformed = h.Fields > 0
				h.Size = pos
				h.body = raw[pos:min(len(raw), pos+MaxBodyBytes)]
				return h
			}
			h.finish(raw, cur)
			cur = field{key: key, start: pos + len(key) + 1, end: next}
		}
		pos = next
	}
	h.finish(raw, cur)
	h.Size = limit
	return h
}

// field locates one header field's value (folds included) inside raw.
type field struct {
	key        string // lower-cased; "" for no field
	start, end int
}

// nextLine returns the line at pos without its line ending, and the offset
// of the following line.
func nextLine(raw []byte, pos, limit int) ([]byte, int) {
	i := bytes.IndexByte(raw[pos:limit], '\n')
	if i < 0 {
		return bytes.TrimSuffix(raw[pos:limit], []byte("\r")), limit
	}
	return bytes.TrimSuffix(raw[pos:pos+i], []byte("\r")), pos + i + 1
}

// SkipMboxLine returns the offset after an mbox "From " separator line, or 0.
func SkipMboxLine(raw []byte) int {
	if !bytes.HasPrefix(raw, []byte("From ")) || bytes.HasPrefix(bytes.TrimLeft(raw[4:], " \t"), []byte(":")) {
		return 0
	}
	if i := bytes.IndexByte(raw, '\n'); i >= 0 {
		return i + 1
	}
	return len(raw)
}

// SkipBlankLines returns the offset of the first line at or after pos that
// is not blank: some servers and exports put empty lines before the header,
// and mail clients show such messages all the same.
func SkipBlankLines(raw []byte, pos int) int {
	for pos < len(raw) {
		line, next := nextLine(raw, pos, len(raw))
		if len(bytes.TrimSpace(line)) != 0 {
			return pos
		}
		pos = next
	}
	return pos
}

// fieldKey returns the lower-cased name of the field starting line, and false
// if line is not a field. Trailing blanks before the colon are tolerated but
// kept in the key so the value offset stays right. Names of fields the
// classifier ignores come back as skippedField, without an allocation.
func fieldKey(line []byte) (string, bool) {
	colon := bytes.IndexByte(line, ':')
	if colon <= 0 {
		return "", false
	}
	name := bytes.TrimRight(line[:colon], " \t")
	if len(name) == 0 {
		return "", false
	}
	var buf [64]byte
	for i, c := range name {
		if c < 33 || c > 126 {
			return "", false
		}
		if i < len(buf) {
			buf[i] = lowerASCII(c)
		}
	}
	if len(name) > len(buf) {
		return skippedField(colon), true
	}
	if k := string(buf[:len(name)]); keptFields[k] || k == "in-reply-to" || k == "references" {
		return strings.ToLower(string(line[:colon])), true
	}
	return skippedField(colon), true
}

// skippedField is a placeholder key of length n for a field that is not kept
// (its length locates the value).
func skippedField(n int) string {
	const pad = "--------------------------------------------------------------------------------"
	if n <= len(pad) {
		return pad[:n]
	}
	return strings.Repeat("-", n)
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// finish records the field f once its last continuation line is known.
func (h *Header) finish(raw []byte, f field) {
	if f.key == "" {
		return
	}
	h.Fields++
	key := strings.TrimRight(f.key, " \t")
	value := raw[f.start:f.end]
	switch key {
	case "in-reply-to":
		if len(h.Msg.InReplyTo) == 0 {
			h.Msg.InReplyTo = MsgIDs(value, MaxReferences, 0)
		}
	case "references":
		if len(h.Msg.References) == 0 {
			h.Msg.References = MsgIDs(value, MaxReferences, MaxReferences)
		}
	}
	if !keptFields[key] || len(h.values[key]) >= maxValuesPerField {
		return
	}
	v := unfold(value[:min(len(value), MaxFieldBytes)])
	h.values[key] = append(h.values[key], v)
	h.apply(key, v)
}

// apply fills the Message field for a kept header field's first occurrence.
func (h *Header) apply(key, v string) {
	if len(h.values[key]) > 1 {
		return
	}
	m := &h.Msg
	switch key {
	case "from":
		m.From = Addresses(v)
	case "sender":
		m.Sender = Addresses(v)
	case "reply-to":
		m.ReplyTo = Addresses(v)
	case "to":
		m.To = Addresses(v)
	case "subject":
		m.Subject = DecodeText(v)
	case "date":
		m.Date = parseDate(v)
	case "message-id":
		if ids := MsgIDs([]byte(v), 1, 0); len(ids) > 0 {
			m.MessageID = ids[0]
		}
	case "return-path":
		m.NullSender = strings.TrimSpace(StripComments(v)) == "<>"
	}
}

// unfold joins folded lines (RFC 5322 section 2.2.3) and trims the value.
func unfold(v []byte) string {
	var b strings.Builder
	b.Grow(len(v))
	for _, c := range v {
		if c != '\r' && c != '\n' {
			b.WriteByte(c)
		}
	}
	return strings.TrimSpace(b.String())
}

// Limits on the work done for one message. Input beyond them is ignored, so
// a hostile message costs time linear in at most MaxHeaderBytes+MaxBodyBytes.
const (
	// MaxHeaderBytes is how much of a header block is scanned; a header
	// block that does not end within it is cut there.
	MaxHeaderBytes = 4 << 20
	// MaxFieldBytes caps the stored value of one header field. In-Reply-To
	// and References are scanned in full (within MaxHeaderBytes) instead.
	MaxFieldBytes = 16 << 10
	// MaxBodyBytes is how much of the body (raw, after the header) is read.
	// The IMAP watcher may pass just a body prefix of this size or smaller.
	MaxBodyBytes = 256 << 10
	// MaxTextBytes caps the decoded text kept from the first text part.
	MaxTextBytes = 64 << 10
	// MaxReferences is how many msg-ids are kept from each end of
	// References: at most the first MaxReferences and the last
	// MaxReferences, in their original order. In-Reply-To keeps at most
	// the first MaxReferences.
	MaxReferences = 100
	// MaxAddresses caps each address list (From, Sender, Reply-To, To).
	MaxAddresses = 100
)

// Message is the part of a message header the watcher needs to match a
// message to an interview. Addresses are lower-cased bare addresses
// ("jane@example.com"); msg-ids have no angle brackets.
type Message struct {
	MessageID  string
	InReplyTo  []string
	References []string // capped, see MaxReferences
	From       []string
	ReplyTo    []string
	Sender     []string
	To         []string
	Subject    string    // RFC 2047 decoded, valid UTF-8, no control characters
	Date       time.Time // zero when missing or unparseable
	// NullSender reports a "Return-Path: <>" header. It alone does not
	// make a bounce: vacation responders use a null sender too.
	NullSender bool
}
