package mailread

import (
	"html"
	"strings"
)

// DSNRecipient is one per-recipient block of a message/delivery-status part
// (RFC 3464).
type DSNRecipient struct {
	final, original string // bare lower-cased addresses
	action          string // lower-cased: failed, delayed, delivered, relayed, expanded
	status          string
}

// address returns the recipient the sender used: Original-Recipient when
// present (it is what we wrote to), else Final-Recipient.
func (d DSNRecipient) address() string {
	if d.original != "" {
		return d.original
	}
	return d.final
}

// parseDSN reads the blocks of a delivery-status body. Blocks are separated
// by blank lines; the per-message block has no recipient and is skipped.
func parseDSN(s string) []DSNRecipient {
	var out []DSNRecipient
	var cur DSNRecipient
	flush := func() {
		if cur.final != "" || cur.original != "" {
			out = append(out, cur)
		}
		cur = DSNRecipient{}
	}
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok || line[0] == ' ' || line[0] == '\t' {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "final-recipient":
			cur.final = dsnAddress(v)
		case "original-recipient":
			cur.original = dsnAddress(v)
		case "action":
			cur.action = strings.ToLower(strings.TrimSpace(v))
		case "status":
			cur.status = strings.TrimSpace(v)
		}
	}
	flush()
	return out
}

// dsnAddress turns "rfc822; <Jane@Example.com>" into "jane@example.com".
func dsnAddress(v string) string {
	if _, addr, ok := strings.Cut(v, ";"); ok {
		v = addr
	}
	v = strings.ToLower(strings.Trim(strings.TrimSpace(v), "<>"))
	if strings.ContainsAny(v, " \t") || !strings.Contains(v, "@") {
		return ""
	}
	return v
}

// FailedRecipient picks the first recipient whose delivery failed, or the
// first recipient at all when no block states a failure.
func FailedRecipient(dsn []DSNRecipient) string {
	for _, d := range dsn {
		if d.action == "failed" || strings.HasPrefix(d.status, "5") {
			return d.address()
		}
	}
	if len(dsn) > 0 {
		return dsn[0].address()
	}
	return ""
}

// OnlyDelayed reports whether every recipient block reports a state other
// than failure (a "delayed" warning or a success notice).
func OnlyDelayed(dsn []DSNRecipient) bool {
	if len(dsn) == 0 {
		return false
	}
	for _, d := range dsn {
		switch d.action {
		case "delayed", "delivered", "relayed", "expanded":
		default:
			return false
		}
	}
	return true
}

// blockTags end a line of text when HTML is flattened.
var blockTags = []string{"br", "p", "div", "tr", "li", "h1", "h2", "h3", "table", "blockquote"}

// stripHTML flattens HTML to text: script and style contents are dropped,
// tags become blanks (line breaks for block tags) and entities are decoded.
func stripHTML(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		lt := strings.IndexByte(s, '<')
		if lt < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:lt])
		s = s[lt:]
		gt := strings.IndexByte(s, '>')
		if gt < 0 {
			break
		}
		tag := strings.ToLower(s[1:gt])
		s = s[gt+1:]
		s = skipRawElement(tag, s)
		b.WriteString(tagSeparator(tag))
	}
	return html.UnescapeString(b.String())
}

// skipRawElement drops the content of <script> and <style>.
func skipRawElement(tag, rest string) string {
	for _, raw := range []string{"script", "style"} {
		if tag == raw || strings.HasPrefix(tag, raw+" ") {
			i := indexFold(rest, "</"+raw)
			if i < 0 {
				return ""
			}
			return rest[i:]
		}
	}
	return rest
}

// tagSeparator is the text a tag leaves behind.
func tagSeparator(tag string) string {
	name := strings.TrimPrefix(tag, "/")
	if i := strings.IndexAny(name, " \t\r\n/"); i >= 0 {
		name = name[:i]
	}
	for _, t := range blockTags {
		if name == t {
			return "\n"
		}
	}
	return " "
}

// indexFold is strings.Index for an ASCII needle, ignoring case, without
// lower-casing the whole haystack.
func indexFold(s, needle string) int {
	for i := 0; i+len(needle) <= len(s); {
		j := strings.IndexByte(s[i:], needle[0])
		if j < 0 || i+j+len(needle) > len(s) {
			return -1
		}
		i += j
		if strings.EqualFold(s[i:i+len(needle)], needle) {
			return i
		}
		i++
	}
	return -1
}
