package followup

import (
	"fmt"
	"strings"
	"time"
	"unicode"
)

// NewID makes a short id people can type, such as "acme-backend-1120", from
// the company, the first word of the role and the interview's date. taken
// reports ids already in use; a numeric suffix keeps the id unique.
func NewID(company, role string, start time.Time, taken func(string) bool) string {
	base := slug(company, 16)
	if r := slug(firstWord(role), 12); r != "" {
		base += "-" + r
	}
	if base == "" {
		base = "interview"
	}
	base += start.Format("-0102")
	id := base
	for n := 2; taken(id); n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	return id
}

// firstWord skips filler such as "Senior" so that "Senior Backend Engineer" gives "backend".
func firstWord(role string) string {
	skip := map[string]bool{"senior": true, "sr": true, "junior": true, "jr": true, "lead": true,
		"staff": true, "principal": true, "the": true, "a": true, "an": true}
	words := strings.FieldsFunc(strings.ToLower(role), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, w := range words {
		if !skip[w] {
			return w
		}
	}
	if len(words) > 0 {
		return words[0]
	}
	return ""
}

func slug(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= max {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

// ValidID reports whether s has the shape of an interview id.
func ValidID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
