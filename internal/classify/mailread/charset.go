package mailread

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// The classifier only needs to read words and dates, so instead of importing
// every charset (github.com/emersion/go-message/charset adds about 1 MiB and
// sets a package-global hook) it decodes UTF-8, US-ASCII, ISO-8859-1,
// ISO-8859-15 and Windows-1252 itself, and the legacy East Asian charsets
// only far enough to read automatic-reply labels (see cjk.go). Any other
// charset is read as UTF-8 if valid and as Latin-1 otherwise: ASCII words and
// digits survive, other letters may not.

// cp1252High maps Windows-1252 bytes 0x80–0x9F; 0 marks an undefined byte.
var cp1252High = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

// latin9 maps the ISO-8859-15 bytes that differ from ISO-8859-1.
var latin9 = map[byte]rune{
	0xA4: '€', 0xA6: 'Š', 0xA8: 'š', 0xB4: 'Ž', 0xB8: 'ž', 0xBC: 'Œ', 0xBD: 'œ', 0xBE: 'Ÿ',
}

// decodeCharset converts b from the named charset to UTF-8.
func decodeCharset(b []byte, charset string) string {
	charset = strings.ToLower(strings.Trim(charset, "\" "))
	if s, ok := decodeCJK(b, charset); ok {
		return s
	}
	if bytes.Contains(b, []byte("\x1b$B")) || bytes.Contains(b, []byte("\x1b$@")) {
		return decodeISO2022JP(b) // Japanese mail that does not declare its charset
	}
	switch charset {
	case "iso-8859-1", "latin1", "iso_8859-1", "l1", "iso8859-1":
		return singleByte(b, nil, nil)
	case "windows-1252", "cp1252", "x-cp1252":
		return singleByte(b, &cp1252High, nil)
	case "iso-8859-15", "latin-9", "iso8859-15":
		return singleByte(b, nil, latin9)
	}
	if utf8.Valid(b) {
		return string(b)
	}
	return singleByte(b, &cp1252High, nil)
}

// singleByte decodes a single-byte charset that agrees with Latin-1 except
// for the bytes in high (0x80–0x9F) and diff.
func singleByte(b []byte, high *[32]rune, diff map[byte]rune) string {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/4)
	for _, c := range b {
		r := rune(c)
		if high != nil && c >= 0x80 && c < 0xA0 && high[c-0x80] != 0 {
			r = high[c-0x80]
		}
		if d, ok := diff[c]; ok {
			r = d
		}
		sb.WriteRune(r)
	}
	return sb.String()
}
