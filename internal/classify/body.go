package classify

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/quotedprintable"
	"strings"

	"github.com/emersion/go-message/textproto"
)

// Bounds on the MIME walk.
const (
	maxDepth     = 5        // nesting of multiparts
	maxParts     = 64       // parts visited in all
	maxPartBytes = 64 << 10 // decoded bytes read from a DSN, header or calendar part
)

// body is what the classifier learns from the body prefix.
type body struct {
	text           string // stripped text of the first text/plain part, else of text/html
	lower          string // text, lower-cased
	html           string // first text/html part, kept until a plain part is found
	reportType     string // report-type of a multipart/report, lower-cased
	dsn            []dsnRecipient
	calendarMethod string // METHOD of a text/calendar part, upper-cased
	malformed      string // why the MIME structure is unreadable, "" if it is not
	original       *header
	parts          int
}

// readBody walks the MIME structure of the body prefix in h.
func readBody(h *header) *body {
	b := &body{}
	if h.body == nil {
		return b
	}
	ct := h.get("content-type")
	cte := h.get("content-transfer-encoding")
	b.walk(ct, cte, "", bytes.NewReader(h.body), 0)
	if b.text == "" && b.html != "" {
		b.text = stripHTML(b.html)
	}
	b.html = ""
	b.lower = strings.ToLower(b.text)
	return b
}

// walk visits one entity. Errors (truncated input, bad encodings) end the
// walk of that entity quietly: what was read so far is kept.
func (b *body) walk(contentType, cte, disposition string, r io.Reader, depth int) {
	b.parts++
	mt, params := mediaType(contentType)
	attachment := strings.HasPrefix(strings.ToLower(strings.TrimSpace(disposition)), "attachment")
	switch {
	case strings.HasPrefix(mt, "multipart/"):
		if mt == "multipart/report" && b.reportType == "" {
			b.reportType = strings.ToLower(params["report-type"])
		}
		b.walkMultipart(params["boundary"], r, depth)
	case mt == "text/plain" && !attachment && b.text == "":
		b.text = readText(r, cte, params["charset"], MaxTextBytes)
	case mt == "text/html" && !attachment && b.html == "" && b.text == "":
		b.html = readText(r, cte, params["charset"], MaxTextBytes)
	case mt == "message/delivery-status" || mt == "message/global-delivery-status":
		b.dsn = append(b.dsn, parseDSN(completeLines(r, cte))...)
	case mt == "message/rfc822" || mt == "text/rfc822-headers" || mt == "message/global" || mt == "message/global-headers":
		if b.original == nil {
			b.original = scanHeader([]byte(readText(r, cte, "utf-8", maxPartBytes)))
		}
	case mt == "text/calendar" && b.calendarMethod == "":
		b.calendarMethod = calendarMethod(readText(r, cte, params["charset"], maxPartBytes))
	}
}

// walkMultipart visits the parts of a multipart entity.
func (b *body) walkMultipart(boundary string, r io.Reader, depth int) {
	if boundary == "" {
		b.malformed = "multipart without boundary"
		return
	}
	if depth >= maxDepth {
		return
	}
	mr := textproto.NewMultipartReader(r, boundary)
	for first := true; b.parts < maxParts; first = false {
		p, err := mr.NextPart()
		if err != nil {
			if first {
				b.malformed = "multipart without parts"
			}
			return
		}
		b.walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"),
			p.Header.Get("Content-Disposition"), p, depth+1)
	}
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
