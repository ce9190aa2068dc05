package classify

import (
	"strings"
	"unicode/utf8"
)

// East Asian mail often uses legacy double-byte charsets (ISO-2022-JP,
// Shift_JIS, EUC-JP, GB2312/GBK, Big5, EUC-KR). Importing their full tables
// would cost about a megabyte, and the classifier only needs to recognise
// the automatic-reply subject labels ("自動応答", "自动答复", "자동 회신", …).
// So these charsets are decoded structurally: ASCII survives, the few
// characters of those labels are mapped through the small tables below, and
// every other character becomes U+FFFD.

// cjkLabelChars maps the double-byte codes of the label characters, per
// charset family. JIS codes are 7-bit (ISO-2022-JP); EUC-JP sets the high
// bit of both bytes. Generated from the Unicode mappings of each charset.
var (
	jisLabelChars = map[uint16]rune{
		0x3C2B: '自', 0x4630: '動', 0x317E: '応', 0x457A: '答', 0x4A56: '返', 0x3F2E: '信',
		0x3273: '回', 0x4A24: '覆', 0x2127: '：',
	}
	sjisLabelChars = map[uint16]rune{
		0x8EA9: '自', 0x93AE: '動', 0x899E: '応', 0x939A: '答', 0x95D4: '返', 0x904D: '信',
		0x89F1: '回', 0x95A2: '覆', 0x8146: '：',
	}
	gbLabelChars = map[uint16]rune{
		0xD7D4: '自', 0x84D3: '動', 0x8FEA: '応', 0xB4F0: '答', 0xB7B5: '返', 0xD0C5: '信',
		0xBBD8: '回', 0xB8B2: '覆', 0xB6AF: '动', 0xB8B4: '复', 0xA3BA: '：',
	}
	big5LabelChars = map[uint16]rune{
		0xA6DB: '自', 0xB0CA: '動', 0xB5AA: '答', 0xAAF0: '返', 0xAB48: '信', 0xA65E: '回',
		0xC2D0: '覆', 0xCE60: '复', 0xA147: '：',
	}
	krLabelChars = map[uint16]rune{
		0xC0DA: '자', 0xB5BF: '동', 0xC8B8: '회', 0xBDC5: '신', 0xA3BA: '：',
	}
)

// decodeCJK decodes b from a legacy East Asian charset as described above.
// It reports false for any other charset.
func decodeCJK(b []byte, charset string) (string, bool) {
	switch charset {
	case "iso-2022-jp", "csiso2022jp", "iso-2022-jp-2", "iso-2022-jp-3":
		return decodeISO2022JP(b), true
	case "shift_jis", "shift-jis", "sjis", "x-sjis", "windows-31j", "cp932", "ms_kanji":
		return decodeDoubleByte(b, sjisLabelChars, sjisWidth), true
	case "euc-jp", "x-euc-jp", "eucjp":
		return decodeDoubleByte(b, eucJPChars, eucWidth), true
	case "gb2312", "gbk", "gb18030", "euc-cn", "cp936", "x-gbk", "csgb2312", "hz-gb-2312":
		return decodeDoubleByte(b, gbLabelChars, gbWidth), true
	case "big5", "big5-hkscs", "x-big5", "cp950":
		return decodeDoubleByte(b, big5LabelChars, leadWidth), true
	case "euc-kr", "ks_c_5601-1987", "ks_c_5601", "cp949", "uhc", "x-windows-949", "korean":
		return decodeDoubleByte(b, krLabelChars, leadWidth), true
	}
	return "", false
}

// eucJPChars is jisLabelChars with the EUC-JP high bits set.
var eucJPChars = func() map[uint16]rune {
	m := make(map[uint16]rune, len(jisLabelChars))
	for k, v := range jisLabelChars {
		m[k|0x8080] = v
	}
	return m
}()

// decodeDoubleByte decodes a charset where ASCII bytes stand for themselves
// and width tells how many bytes a character starting with a high byte takes.
func decodeDoubleByte(b []byte, chars map[uint16]rune, width func([]byte) int) string {
	var sb strings.Builder
	sb.Grow(len(b))
	for i := 0; i < len(b); {
		if b[i] < 0x80 {
			sb.WriteByte(b[i])
			i++
			continue
		}
		n := max(1, min(width(b[i:]), len(b)-i))
		r := utf8.RuneError
		if n == 2 {
			if c, ok := chars[uint16(b[i])<<8|uint16(b[i+1])]; ok {
				r = c
			}
		}
		sb.WriteRune(r)
		i += n
	}
	return sb.String()
}

// leadWidth: Big5 and EUC-KR/CP949 characters are a lead byte and a trail.
func leadWidth(b []byte) int {
	if b[0] == 0x80 || b[0] == 0xFF {
		return 1
	}
	return 2
}

// sjisWidth: Shift_JIS half-width katakana (0xA1–0xDF) take one byte.
func sjisWidth(b []byte) int {
	if b[0] >= 0xA1 && b[0] <= 0xDF || b[0] == 0x80 || b[0] >= 0xFD {
		return 1
	}
	return 2
}

// eucWidth: EUC-JP uses 0x8E for half-width katakana (two bytes) and 0x8F
// for JIS X 0212 (three bytes).
func eucWidth(b []byte) int {
	if b[0] == 0x8F {
		return 3
	}
	return 2
}

// gbWidth: GB18030 has four-byte sequences, marked by a digit second byte.
func gbWidth(b []byte) int {
	if len(b) >= 2 && b[1] >= 0x30 && b[1] <= 0x39 {
		return 4
	}
	return leadWidth(b)
}

// decodeISO2022JP decodes ISO-2022-JP: escape sequences switch between
// ASCII (ESC ( B, ESC ( J) and JIS X 0208 (ESC $ @, ESC $ B), where each
// character is two 7-bit bytes.
func decodeISO2022JP(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	double := false
	for i := 0; i < len(b); {
		if b[i] == 0x1B && i+2 < len(b) {
			switch {
			case b[i+1] == '$' && (b[i+2] == 'B' || b[i+2] == '@'):
				double = true
			case b[i+1] == '(':
				double = false
			}
			i += 3
			continue
		}
		if !double || b[i] < 0x21 || i+1 >= len(b) {
			if b[i] < 0x80 && !(double && b[i] >= 0x21) {
				sb.WriteByte(b[i])
			} else {
				sb.WriteRune(utf8.RuneError)
			}
			i++
			continue
		}
		r, ok := jisLabelChars[uint16(b[i])<<8|uint16(b[i+1])]
		if !ok {
			r = utf8.RuneError
		}
		sb.WriteRune(r)
		i += 2
	}
	return sb.String()
}
