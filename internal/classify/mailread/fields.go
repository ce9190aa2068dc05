package mailread

import (
	"bytes"
	"io"
	"mime"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxMsgIDBytes is the longest msg-id kept (the RFC 5322 line limit).
const maxMsgIDBytes = 998

// MsgIDs extracts the msg-ids of an In-Reply-To, References or Message-ID
// value, keeping the first `first` and the last `last` of them in order. It
// keeps offsets in a fixed-size ring while scanning, so a field with 50,000
// ids costs time but no more memory than the ids it keeps. Values without
// angle brackets fall back to blank-separated tokens containing "@".
func MsgIDs(v []byte, first, last int) []string {
	k := &spanKeeper{first: first, last: last}
	bracketSpans(v, k)
	if k.count == 0 && bytes.IndexByte(v, '<') < 0 {
		bareSpans(v, k)
	}
	spans := k.spans()
	if len(spans) == 0 {
		return nil
	}
	ids := make([]string, 0, len(spans))
	for _, s := range spans {
		ids = append(ids, string(v[s[0]:s[1]]))
	}
	return ids
}

// FirstMsgID is MsgIDs(v, 1, 0)'s id, or "" when v holds none.
func FirstMsgID(v []byte) string {
	k := &spanKeeper{first: 1}
	bracketSpans(v, k)
	if k.count == 0 && bytes.IndexByte(v, '<') < 0 {
		bareSpans(v, k)
	}
	if len(k.head) == 0 {
		return ""
	}
	return string(v[k.head[0][0]:k.head[0][1]])
}

// spanKeeper keeps the first `first` and the last `last` spans added.
type spanKeeper struct {
	first, last int
	head, ring  [][2]int
	count       int // spans added
	next        int // ring slot to overwrite when full
}

func (k *spanKeeper) add(s [2]int) {
	k.count++
	switch {
	case len(k.head) < k.first:
		k.head = append(k.head, s)
	case k.last == 0:
	case len(k.ring) < k.last:
		k.ring = append(k.ring, s)
	default:
		k.ring[k.next] = s
		k.next = (k.next + 1) % k.last
	}
}

// spans returns the kept spans in input order.
func (k *spanKeeper) spans() [][2]int {
	out := append([][2]int(nil), k.head...)
	out = append(out, k.ring[k.next:]...)
	return append(out, k.ring[:k.next]...)
}

// bracketSpans adds the offsets of every valid <msg-id> in v.
func bracketSpans(v []byte, k *spanKeeper) {
	for i := 0; i < len(v); {
		open := bytes.IndexByte(v[i:], '<')
		if open < 0 {
			return
		}
		start := i + open + 1
		end := bytes.IndexByte(v[start:], '>')
		if end < 0 {
			return
		}
		if validID(v[start : start+end]) {
			k.add([2]int{start, start + end})
		}
		i = start + end + 1
	}
}

// bareSpans adds blank- or comma-separated tokens of v that look like ids.
func bareSpans(v []byte, k *spanKeeper) {
	start := -1
	for i := 0; i <= len(v); i++ {
		blank := i == len(v) || v[i] == ' ' || v[i] == '\t' || v[i] == '\r' || v[i] == '\n' || v[i] == ','
		switch {
		case blank && start >= 0:
			if validID(v[start:i]) && bytes.IndexByte(v[start:i], '@') > 0 {
				k.add([2]int{start, i})
			}
			start = -1
		case !blank && start < 0:
			start = i
		}
	}
}

// validID reports whether id is a non-empty msg-id without blanks or
// control characters.
func validID(id []byte) bool {
	if len(id) == 0 || len(id) > maxMsgIDBytes {
		return false
	}
	for _, c := range id {
		if c <= ' ' || c == 0x7f || c == '<' || c == '>' {
			return false
		}
	}
	return true
}

// EmailPattern finds addresses in free text and broken address fields.
var EmailPattern = regexp.MustCompile(`[A-Za-z0-9!#$%&'*+/=?^_{|}~.-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+`)

// Addresses parses an address-list value into lower-cased bare addresses.
// A value net/mail rejects falls back to the addresses found in its text,
// and then to its first word (so "MAILER-DAEMON (Mail Delivery System)"
// gives "mailer-daemon").
func Addresses(v string) []string {
	parser := mail.AddressParser{WordDecoder: &mime.WordDecoder{CharsetReader: charsetReader}}
	if list, err := parser.ParseList(v); err == nil {
		out := make([]string, 0, min(len(list), MaxAddresses))
		for _, a := range list[:min(len(list), MaxAddresses)] {
			out = append(out, strings.ToLower(a.Address))
		}
		return out
	}
	found := EmailPattern.FindAllString(v, MaxAddresses)
	if len(found) == 0 {
		if w := firstWord(StripComments(v)); w != "" {
			return []string{w}
		}
		return nil
	}
	for i := range found {
		found[i] = strings.ToLower(strings.Trim(found[i], "."))
	}
	return found
}

// firstWord returns the first blank-separated word of v without angle
// brackets, lower-cased, or "" if it does not look like a mailbox name.
func firstWord(v string) string {
	fields := strings.Fields(v)
	if len(fields) == 0 {
		return ""
	}
	w := strings.ToLower(strings.Trim(fields[0], "<>\"'"))
	if w == "" || len(w) > 254 || !utf8.ValidString(w) {
		return ""
	}
	return w
}

// StripComments removes parenthesised comments (not nested-aware beyond
// depth counting) from a header value.
func StripComments(v string) string {
	if !strings.Contains(v, "(") {
		return v
	}
	var b strings.Builder
	depth := 0
	for _, r := range v {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// dateLayouts are the Date forms of nearly all mail, tried before the
// lenient (and much slower) net/mail parser.
var dateLayouts = []string{"Mon, _2 Jan 2006 15:04:05 -0700", "_2 Jan 2006 15:04:05 -0700"}

// parseDate parses a Date header, returning the zero time if it cannot.
func parseDate(v string) time.Time {
	fast := strings.TrimSpace(v)
	if i := strings.IndexByte(fast, '('); i > 0 {
		fast = strings.TrimSpace(fast[:i]) // "+0000 (UTC)"
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, fast); err == nil {
			return t
		}
	}
	t, err := mail.ParseDate(v)
	if err != nil {
		return time.Time{}
	}
	return t
}

// DecodeText decodes RFC 2047 encoded words and returns valid UTF-8 without
// control characters. Raw 8-bit text that is not UTF-8 is read as Latin-1.
func DecodeText(v string) string {
	v = toValidUTF8(v)
	dec := mime.WordDecoder{CharsetReader: charsetReader}
	if d, err := dec.DecodeHeader(v); err == nil {
		v = d
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, toValidUTF8(v))
}

// toValidUTF8 returns s unchanged if it is UTF-8 and as Latin-1 otherwise;
// raw ISO-2022-JP (escape sequences in a header) is decoded as such.
func toValidUTF8(s string) string {
	if strings.Contains(s, "\x1b$B") || strings.Contains(s, "\x1b$@") {
		return decodeISO2022JP([]byte(s))
	}
	if utf8.ValidString(s) {
		return s
	}
	return decodeCharset([]byte(s), "iso-8859-1")
}

// charsetReader converts input to UTF-8 for mime.WordDecoder. It never
// fails: unknown charsets are decoded leniently (see decodeCharset).
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	b, err := io.ReadAll(io.LimitReader(input, MaxFieldBytes))
	if err != nil {
		return nil, err
	}
	return strings.NewReader(decodeCharset(b, charset)), nil
}

// DisplayName returns the display-name part of a From value (the text
// before "<", or a trailing comment), unquoted.
func DisplayName(v string) string {
	if i := strings.IndexByte(v, '<'); i > 0 {
		return strings.Trim(strings.TrimSpace(v[:i]), `"'`)
	}
	if i := strings.IndexByte(v, '('); i >= 0 {
		if j := strings.LastIndexByte(v, ')'); j > i {
			return v[i+1 : j]
		}
	}
	return ""
}

// DecodeIfEncoded is DecodeText for a value with an encoded word, else the
// value as it is.
func DecodeIfEncoded(v []byte) string {
	if bytes.Contains(v, []byte("=?")) {
		return DecodeText(string(v))
	}
	return string(v)
}

// maxAtWords caps the words AtWords returns: Classify keeps MaxAddresses
// Addresses of a field, and an address may come with more than one word
// holding an '@' ("jane@x.example" <jane@x.example>).
const maxAtWords = 4 * MaxAddresses

// AtWords returns every blank-, comma-, bracket- or quote-separated word of
// v holding an '@', lower-cased, at most maxAtWords of them; unsure when a
// word starts with the '@' (its local part was quoted or commented, which
// only a parser reads).
func AtWords(v []byte) (out []string, unsure bool) { return AppendAtWords(nil, v) }

// AppendAtWords is AtWords appending to out (at most maxAtWords words of v).
func AppendAtWords(out []string, v []byte) ([]string, bool) {
	unsure := false
	for n := 0; len(v) > 0 && n < maxAtWords; {
		at := bytes.IndexByte(v, '@')
		if at < 0 {
			break
		}
		start := bytes.LastIndexAny(v[:at], " \t<>,;:\"()[]") + 1
		end := at + 1
		if i := bytes.IndexAny(v[end:], " \t<>,;:\"()[]"); i >= 0 {
			end += i
		} else {
			end = len(v)
		}
		if start == at {
			unsure = true
		}
		if w := bytes.Trim(v[start:end], "."); len(w) > 1 {
			out = append(out, lowerString(w))
			n++
		}
		v = v[end:]
	}
	return out, unsure
}

// lowerString is strings.ToLower(string(b)) with one allocation.
func lowerString(b []byte) string {
	var buf [128]byte
	if len(b) > len(buf) || !utf8.Valid(b) {
		return strings.ToLower(string(b))
	}
	l := buf[:len(b)]
	for i, c := range b {
		if c >= utf8.RuneSelf {
			return strings.ToLower(string(b))
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		l[i] = c
	}
	return string(l)
}
