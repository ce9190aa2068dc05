package mailread

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/quotedprintable"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/emersion/go-message/textproto"
)

// Bounds on the MIME walk.
const (
	maxDepth     = 5        // nesting of multiparts
	maxParts     = 64       // parts visited in all
	maxPartBytes = 64 << 10 // decoded bytes read from a DSN, header or calendar part
)

// Body is what the classifier learns from the body prefix.
type Body struct {
	Text           string         // stripped text of the first text/plain part, else of text/html
	Lower          string         // text, lower-cased
	html           string         // first text/html part, kept until a plain part is found
	Rest           string         // later text/plain parts (a returned message quoted as text), capped
	Report         bool           // the message is (or holds) a multipart/report
	ReportType     string         // report-type of a multipart/report, lower-cased
	DSN            []DSNRecipient // the blocks of its delivery-status parts
	CalendarMethod string         // METHOD of a text/calendar part, upper-cased
	Malformed      string         // why the MIME structure is unreadable, "" if it is not
	Original       *Header        // the header of the returned message (its message/rfc822 or headers part), nil if none
	parts          int
}

// ReadBody walks the MIME structure of the body prefix in h.
func ReadBody(h *Header) *Body {
	b := &Body{}
	if h.body == nil {
		return b
	}
	ct := h.Get("content-type")
	cte := h.Get("content-transfer-encoding")
	b.walk(ct, cte, "", bytes.NewReader(h.body), 0)
	if b.Text == "" && b.html != "" {
		b.Text = stripHTML(b.html)
	}
	b.html = ""
	b.Lower = strings.ToLower(b.Text)
	return b
}

// walk visits one entity. Errors (truncated input, bad encodings) end the
// walk of that entity quietly: what was read so far is kept.
func (b *Body) walk(contentType, cte, disposition string, r io.Reader, depth int) {
	b.parts++
	mt, params := mediaType(contentType)
	attachment := strings.HasPrefix(strings.ToLower(strings.TrimSpace(disposition)), "attachment")
	switch {
	case strings.HasPrefix(mt, "multipart/"):
		if mt == "multipart/report" && !b.Report {
			b.Report, b.ReportType = true, strings.ToLower(params["report-type"])
		}
		b.walkMultipart(params["boundary"], cte, params["charset"], r, depth)
	case mt == "text/plain" && !attachment && b.Text == "":
		b.Text = readText(r, cte, params["charset"], MaxTextBytes)
	case mt == "text/plain" && len(b.Rest) < maxPartBytes:
		b.Rest += readText(r, cte, params["charset"], maxPartBytes-len(b.Rest))
	case mt == "text/html" && !attachment && b.html == "" && b.Text == "":
		b.html = readText(r, cte, params["charset"], MaxTextBytes)
	case mt == "message/delivery-status" || mt == "message/global-delivery-status":
		b.DSN = append(b.DSN, parseDSN(completeLines(r, cte))...)
	case mt == "message/rfc822" || mt == "text/rfc822-headers" || mt == "message/global" || mt == "message/global-headers":
		if b.Original == nil {
			b.Original = ReadHeader([]byte(readText(r, cte, "utf-8", maxPartBytes)))
		}
	case mt == "text/calendar" && b.CalendarMethod == "":
		b.CalendarMethod = calendarMethod(readText(r, cte, params["charset"], maxPartBytes))
	}
}

// walkMultipart visits the parts of a multipart entity. Mail clients show
// what they can of a broken multipart, and so does the classifier: without a
// boundary parameter the boundary is taken from the first delimiter line of
// the body; a body without parts (or without any delimiter) is read as
// text. Only a body that does not decode to readable text is malformed.
func (b *Body) walkMultipart(boundary, cte, charset string, r io.Reader, depth int) {
	if depth >= maxDepth {
		return
	}
	data, _ := io.ReadAll(io.LimitReader(r, MaxBodyBytes))
	if boundary == "" {
		boundary = guessBoundary(data)
	}
	if boundary != "" && b.walkParts(boundary, data, depth) {
		return
	}
	b.readAsText(data, cte, charset, boundary)
}

// walkParts visits the parts of data; it reports false when there is none.
func (b *Body) walkParts(boundary string, data []byte, depth int) bool {
	mr := textproto.NewMultipartReader(bytes.NewReader(data), boundary)
	n := 0
	for ; b.parts < maxParts; n++ {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		b.walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"),
			p.Header.Get("Content-Disposition"), p, depth+1)
	}
	return n > 0
}

// readAsText reads a multipart body that has no readable parts as the
// text a client would show; it records why when that text is not readable.
func (b *Body) readAsText(data []byte, cte, charset, boundary string) {
	why := "multipart without parts"
	if boundary == "" {
		why = "multipart without boundary"
	}
	text := readText(bytes.NewReader(data), cte, charset, MaxTextBytes)
	if !readable(text) {
		b.Malformed = why
		return
	}
	if b.Text == "" {
		b.Text = text
	}
}

// guessBoundary returns the boundary of the first line of data that looks
// like a part delimiter ("--" and a token, followed by a header line), or "".
func guessBoundary(data []byte) string {
	lines := bytes.SplitN(data[:min(len(data), 8<<10)], []byte("\n"), 200)
	for i, line := range lines {
		line = bytes.TrimRight(line, "\r \t")
		if len(line) < 3 || len(line) > 72 || !bytes.HasPrefix(line, []byte("--")) || i+1 >= len(lines) {
			continue
		}
		token := line[2:]
		if bytes.ContainsAny(token, " \t") {
			continue
		}
		if _, ok := fieldKey(bytes.TrimRight(lines[i+1], "\r")); ok {
			return string(token)
		}
	}
	return ""
}

// readable reports whether s is text a person could read: mostly letters,
// digits, blanks and punctuation, without many replacement characters.
func readable(s string) bool {
	good, bad := 0, 0
	for _, r := range s {
		switch {
		case r == utf8.RuneError || r < ' ' && r != '\n' && r != '\r' && r != '\t' || r >= 0x7F && r < 0xA0:
			bad++
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r):
			if r < 0x80 || unicode.IsLetter(r) && r > 0x24F {
				good++
			} else {
				good, bad = good+1, bad+1 // Latin-1 letters and signs: what random bytes decode to
			}
		default:
			bad++
		}
	}
	return good > 0 && bad*4 < good
}

// mediaType parses a Content-Type value leniently; a missing or broken value
// is text/plain, as RFC 2045 says.
func mediaType(v string) (string, map[string]string) {
	if strings.TrimSpace(v) == "" {
		return "text/plain", map[string]string{}
	}
	mt, params, err := mime.ParseMediaType(v)
	if err != nil && mt == "" {
		mt, _, _ = strings.Cut(v, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
	}
	if params == nil {
		params = map[string]string{}
	}
	return mt, params
}

// completeLines reads a part like readText but, if the part was cut short
// (a body prefix), drops its last line, which may hold half an address.
func completeLines(r io.Reader, cte string) string {
	t := &truncationReader{r: r}
	s := readText(t, cte, "utf-8", maxPartBytes)
	if t.cut {
		if i := strings.LastIndexByte(s, '\n'); i >= 0 {
			return s[:i+1]
		}
		return ""
	}
	return s
}

// truncationReader records whether its reader ended with an error other
// than io.EOF, as a multipart part does when the input stops mid-part.
type truncationReader struct {
	r   io.Reader
	cut bool
}

func (t *truncationReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err != nil && err != io.EOF {
		t.cut = true
	}
	return n, err
}

// readText reads at most limit decoded bytes of a part and converts them to
// UTF-8. A decoding error keeps the bytes decoded before it.
func readText(r io.Reader, cte, charset string, limit int) string {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, &base64Cleaner{r: r})
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	}
	data, _ := io.ReadAll(io.LimitReader(r, int64(limit)))
	return decodeCharset(data, charset)
}

// base64Cleaner drops bytes outside the base64 alphabet (blanks, stray
// characters) that would otherwise stop encoding/base64 at the first one.
type base64Cleaner struct{ r io.Reader }

func (c *base64Cleaner) Read(p []byte) (int, error) {
	for {
		n, err := c.r.Read(p)
		kept := 0
		for _, ch := range p[:n] {
			if ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '+' || ch == '/' || ch == '=' {
				p[kept] = ch
				kept++
			}
		}
		if kept > 0 || err != nil {
			return kept, err
		}
	}
}

// calendarMethod returns the METHOD property of an iCalendar object.
func calendarMethod(ics string) string {
	sc := bufio.NewScanner(strings.NewReader(ics))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), "METHOD") {
			return strings.ToUpper(strings.TrimSpace(v))
		}
	}
	return ""
}
