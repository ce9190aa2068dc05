// Package words holds the word handling that reading an answer, matching it
// to an interview and advising on a draft share: sets of words, a name split
// into words, a whole word found in a text, a text cut on a rune boundary.
// It is pure.
package words

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Set returns the set of ws.
func Set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// Split splits a name into lower-cased words of letters and digits.
func Split(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// In reports whether w occurs in text between non-word characters.
func In(text, w string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], w)
		if j < 0 {
			return false
		}
		a, b := i+j, i+j+len(w)
		if (a == 0 || !wordByte(text, a-1, true)) && (b == len(text) || !wordByte(text, b, false)) {
			return true
		}
		i = a + 1
	}
}

// wordByte reports whether the rune ending before (before) or starting at i
// is a letter or digit.
func wordByte(s string, i int, before bool) bool {
	if before {
		for i > 0 && s[i]&0xC0 == 0x80 {
			i--
		}
	}
	r := []rune(s[i:min(len(s), i+4)])
	return len(r) > 0 && (unicode.IsLetter(r[0]) || unicode.IsDigit(r[0]))
}

// Clip cuts s to at most n bytes on a rune boundary.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
