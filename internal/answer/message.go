package answer

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"html"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-message/textproto"
	"github.com/followup-dev/followup/internal/answer/reading"
	"github.com/followup-dev/followup/internal/answer/words"
)

// Limits on the work done for one message.
const (
	// MaxText is how many bytes of body text are read and kept: as many
	// as reading.Read reads.
	MaxText = reading.MaxText
	// maxHeader is how many bytes of header block are parsed.
	maxHeader = 256 << 10
	maxParts  = 32
	maxDepth  = 4
)

// Header holds header fields by lower-cased name, each value unfolded and
// trimmed, in the order they appeared.
type Header map[string][]string

// Get returns the first value of the named field (any case), or "".
func (h Header) Get(name string) string {
	if v := h.Values(name); len(v) > 0 {
		return v[0]
	}
	return ""
}

// Values returns every value of the named field. Keys are expected
// lower-cased, but a map filled with other spellings ("From",
// "DKIM-Signature") is read too.
func (h Header) Values(name string) []string {
	name = strings.ToLower(name)
	if v, ok := h[name]; ok {
		return v
	}
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return nil
}

// Message is what this package reads of a received message. ParseMessage
// fills it from raw bytes; a caller that has parsed the message already may
// fill it directly (Header keys lower-cased; From and ReplyTo as written,
// display name included).
type Message struct {
	From    string // "Acme Recruiting <no-reply@us.greenhouse-mail.io>", RFC 2047 decoded
	ReplyTo string
	Subject string // RFC 2047 decoded
	Date    time.Time
	Header  Header
	// Text is the first text/plain part, else the first text/html part
	// flattened to text; at most MaxText bytes, valid UTF-8.
	Text string
}

// ParseMessage reads a raw RFC 5322 message, or its header and a body
// prefix. It never fails: what cannot be parsed is left empty.
func ParseMessage(raw []byte) Message {
	m, start := parseHeader(raw)
	m.Text = bodyText(m.Header.Get("content-type"), m.Header.Get("content-transfer-encoding"), bytes.NewReader(raw[start:]))
	return m
}

// ParseHeader is ParseMessage without the body (Text is empty): enough for
// Detect, at a fraction of the cost, for the mail that is not from an
// applicant-tracking system.
func ParseHeader(raw []byte) Message {
	m, _ := parseHeader(raw)
	return m
}

// parseHeader reads the header and returns where the body starts.
func parseHeader(raw []byte) (Message, int) {
	br := bufio.NewReader(io.LimitReader(bytes.NewReader(raw), maxHeader))
	th, _ := textproto.ReadHeader(br)
	h := Header{}
	for f := th.Fields(); f.Next(); {
		k := strings.ToLower(f.Key())
		if len(h[k]) < 16 {
			h[k] = append(h[k], strings.TrimSpace(f.Value()))
		}
	}
	m := Message{
		From:    decodeWords(h.Get("from")),
		ReplyTo: decodeWords(h.Get("reply-to")),
		Subject: decodeWords(h.Get("subject")),
		Header:  h,
	}
	if d, err := mail.ParseDate(h.Get("date")); err == nil {
		m.Date = d
	}
	start := len(raw) - br.Buffered()
	if start < 0 || start > len(raw) || len(raw)-start > 4*maxHeader {
		start = len(raw)
	}
	return m, start
}

// bodyText finds the text of a body: the first text/plain part, else the
// first text/html part flattened.
func bodyText(ct, cte string, r io.Reader) string {
	w := &walker{}
	w.walk(ct, cte, "", r, 0)
	if w.plain == "" && w.html != "" {
		w.plain = flattenHTML(w.html)
	}
	return words.Clip(w.plain, MaxText)
}

// walker visits MIME entities looking for text.
type walker struct {
	plain, html string
	parts       int
}

func (w *walker) walk(ct, cte, disp string, r io.Reader, depth int) {
	w.parts++
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil && mt == "" {
		mt = "text/plain"
	}
	if strings.HasPrefix(strings.ToLower(disp), "attachment") {
		return
	}
	switch {
	case strings.HasPrefix(mt, "multipart/") && depth < maxDepth && params["boundary"] != "":
		mr := textproto.NewMultipartReader(r, params["boundary"])
		for w.parts < maxParts && w.plain == "" {
			p, err := mr.NextPart()
			if err != nil {
				return
			}
			w.walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p.Header.Get("Content-Disposition"), p, depth+1)
		}
	case mt == "text/plain" && w.plain == "":
		w.plain = decodeBody(r, cte, params["charset"])
	case mt == "text/html" && w.html == "":
		w.html = decodeBody(r, cte, params["charset"])
	}
}

// decodeBody reads at most MaxText decoded bytes of a part as UTF-8.
func decodeBody(r io.Reader, cte, charset string) string {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, &base64Cleaner{r: r})
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	}
	b, _ := io.ReadAll(io.LimitReader(r, 2*MaxText))
	return toUTF8(b, charset)
}

// base64Cleaner drops bytes outside the base64 alphabet (line breaks).
type base64Cleaner struct{ r io.Reader }

func (c *base64Cleaner) Read(p []byte) (int, error) {
	for {
		n, err := c.r.Read(p)
		k := 0
		for _, ch := range p[:n] {
			if ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '+' || ch == '/' || ch == '=' {
				p[k] = ch
				k++
			}
		}
		if k > 0 || err != nil {
			return k, err
		}
	}
}

// toUTF8 decodes UTF-8, and Latin-1 or Windows-1252 text (which covers the
// Western European languages the reader knows); invalid UTF-8 in any other
// charset is read as Windows-1252.
func toUTF8(b []byte, charset string) string {
	cs := strings.ToLower(strings.Trim(charset, `" `))
	if utf8.Valid(b) && !strings.HasPrefix(cs, "iso-8859") && !strings.HasPrefix(cs, "windows-125") {
		return string(b)
	}
	var sb strings.Builder
	for _, c := range b {
		if c >= 0x80 && c < 0xa0 {
			sb.WriteRune(cp1252[c-0x80])
			continue
		}
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

// cp1252 maps Windows-1252 bytes 0x80–0x9F (undefined ones to U+FFFD).
var cp1252 = [32]rune{
	'€', '�', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '�', 'Ž', '�',
	'�', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '�', 'ž', 'Ÿ',
}

// decodeWords decodes RFC 2047 encoded words; raw 8-bit text that is not
// UTF-8 is read as Windows-1252.
func decodeWords(v string) string {
	if !utf8.ValidString(v) {
		v = toUTF8([]byte(v), "windows-1252")
	}
	dec := mime.WordDecoder{CharsetReader: func(cs string, in io.Reader) (io.Reader, error) {
		b, err := io.ReadAll(io.LimitReader(in, 16<<10))
		return strings.NewReader(toUTF8(b, cs)), err
	}}
	if d, err := dec.DecodeHeader(v); err == nil {
		v = d
	}
	return strings.ToValidUTF8(v, "\uFFFD")
}

// flattenHTML turns HTML into text: tags become blanks or line breaks, the
// content of script and style is dropped, entities are decoded. Link
// targets are kept in the text as " <url> " so that links can be read.
func flattenHTML(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		lt := strings.IndexByte(s, '<')
		if lt < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:lt])
		gt := strings.IndexByte(s[lt:], '>')
		if gt < 0 {
			break
		}
		tag := strings.ToLower(s[lt+1 : lt+gt])
		s = s[lt+gt+1:]
		s = skipRaw(tag, s)
		b.WriteString(tagText(tag))
	}
	return html.UnescapeString(b.String())
}

// skipRaw drops the content of <script> and <style>.
func skipRaw(tag, rest string) string {
	for _, raw := range []string{"script", "style"} {
		if tag == raw || strings.HasPrefix(tag, raw+" ") {
			if i := strings.Index(strings.ToLower(rest), "</"+raw); i >= 0 {
				return rest[i:]
			}
			return ""
		}
	}
	return rest
}

// tagText is the text a tag leaves: a line break for block tags, the
// target of a link, else a blank.
func tagText(tag string) string {
	if i := strings.Index(tag, "href="); i >= 0 && strings.HasPrefix(tag, "a ") {
		if f := strings.Fields(tag[i+5:]); len(f) > 0 {
			return " <" + strings.Trim(f[0], `"'`) + "> "
		}
	}
	name := strings.TrimPrefix(tag, "/")
	if i := strings.IndexAny(name, " \t\r\n/"); i >= 0 {
		name = name[:i]
	}
	switch name {
	case "br", "p", "div", "tr", "li", "h1", "h2", "h3", "table", "blockquote":
		return "\n"
	}
	return " "
}
