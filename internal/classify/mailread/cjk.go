package mailread

import (
	"strings"
	"unicode/utf8"
)

// East Asian mail often uses legacy double-byte charsets (ISO-2022-JP,
// Shift_JIS, EUC-JP, GB2312/GBK, Big5, EUC-KR). Importing their full tables
// would cost about a megabyte, and the classifier only needs to recognise
// automatic-reply labels ("自動応答", "自动答复", "자동 회신", …) and, in
// Japanese, out-of-office and delivery-failure phrases ("不在", "配信できません").
// So these charsets are decoded structurally: ASCII survives, Japanese kana
// and full-width ASCII are decoded by their JIS rows, the few kanji of those
// phrases are mapped through the small tables below, and every other
// character becomes U+FFFD.

// jisKanji maps the JIS X 0208 codes (7-bit, as ISO-2022-JP writes them;
// EUC-JP sets the high bit of both bytes, Shift_JIS is computed from them)
// of the kanji in the Japanese automatic-reply labels, out-of-office words
// and delivery-failure phrases the classifier looks for. Kana, full-width
// ASCII and the common punctuation are decoded by their rows (jisRune).
// Generated from golang.org/x/text/encoding/japanese; TestJISKanjiTable
// checks the table against the phrases that use it.
var jisKanji = map[uint16]rune{
	0x3038: '宛', 0x304A: '以', 0x317E: '応', 0x3244: '可', 0x324B: '暇', 0x3261: '過',
	0x3273: '回', 0x3330: '外', 0x3332: '害', 0x334E: '確', 0x3456: '間', 0x3559: '休',
	0x355E: '急', 0x3571: '拒', 0x376E: '月', 0x376F: '件', 0x3835: '元', 0x3842: '限',
	0x387A: '効', 0x3954: '行', 0x395F: '降', 0x3A46: '再', 0x3A51: '済', 0x3A5F: '在',
	0x3B5F: '止', 0x3B6E: '試', 0x3B7E: '時', 0x3C2B: '自', 0x3C30: '式', 0x3C3A: '失',
	0x3C54: '者', 0x3C69: '守', 0x3C6A: '手', 0x3C75: '受', 0x3D50: '出', 0x3D6A: '所',
	0x3D71: '書', 0x3E63: '障', 0x3F2E: '信', 0x4029: '制', 0x405C: '接', 0x4068: '先',
	0x416A: '相', 0x4177: '送', 0x4230: '属', 0x4238: '存', 0x4323: '達', 0x434E: '知',
	0x4366: '中', 0x4425: '張', 0x4436: '超', 0x444C: '通', 0x4464: '停', 0x457A: '答',
	0x4630: '動', 0x464F: '届', 0x4662: '内', 0x467C: '日', 0x4727: '認', 0x472F: '年',
	0x473D: '能', 0x4754: '敗', 0x4755: '杯', 0x475B: '配', 0x482F: '発', 0x485D: '否',
	0x4954: '不', 0x4974: '部', 0x4A24: '覆', 0x4A38: '文', 0x4A56: '返', 0x4B7E: '満',
	0x4C24: '未', 0x4C33: '務', 0x4C35: '無', 0x4C3E: '名', 0x4C40: '明', 0x4C4C: '面',
	0x4C61: '戻', 0x4D46: '容', 0x4D4D: '様', 0x4D51: '用', 0x4D68: '来', 0x4D6D: '絡',
	0x4E31: '留', 0x4E4C: '量', 0x4E69: '礼', 0x4F22: '連',
}

// The other families keep only the characters of the automatic-reply labels.
var (
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
		return decodeShiftJIS(b), true
	case "euc-jp", "x-euc-jp", "eucjp":
		return decodeEUCJP(b), true
	case "gb2312", "gbk", "gb18030", "euc-cn", "cp936", "x-gbk", "csgb2312", "hz-gb-2312":
		return decodeDoubleByte(b, gbLabelChars, gbWidth), true
	case "big5", "big5-hkscs", "x-big5", "cp950":
		return decodeDoubleByte(b, big5LabelChars, leadWidth), true
	case "euc-kr", "ks_c_5601-1987", "ks_c_5601", "cp949", "uhc", "x-windows-949", "korean":
		return decodeDoubleByte(b, krLabelChars, leadWidth), true
	}
	return "", false
}

// jisPunct maps the JIS X 0208 row-1 punctuation that Japanese mail uses
// around labels, addresses and dates.
var jisPunct = map[uint16]rune{
	0x2121: '\u3000', 0x2122: '、', 0x2123: '。', 0x2124: '，', 0x2125: '．', 0x2126: '・',
	0x2127: '：', 0x2128: '；', 0x2129: '？', 0x212A: '！', 0x213C: 'ー', 0x2141: '～',
	0x214A: '（', 0x214B: '）', 0x214E: '［', 0x214F: '］', 0x2152: '【', 0x2153: '】',
	0x2156: '「', 0x2157: '」', 0x2158: '『', 0x2159: '』', 0x2161: '＝', 0x2163: '＜',
	0x2164: '＞', 0x2177: '＠',
}

// jisRune decodes one JIS X 0208 code (both bytes 0x21–0x7E): hiragana
// (row 4) and katakana (row 5) run parallel to Unicode, row 3 holds the
// full-width digits and Latin letters, which are read as ASCII; the rest
// comes from jisPunct and jisKanji, and anything else is U+FFFD.
func jisRune(code uint16) rune {
	row, cell := code>>8, rune(code&0xFF)
	switch {
	case row == 0x24 && cell >= 0x21 && cell <= 0x73:
		return 0x3041 + cell - 0x21
	case row == 0x25 && cell >= 0x21 && cell <= 0x76:
		return 0x30A1 + cell - 0x21
	case row == 0x23 && (cell >= 0x30 && cell <= 0x39 || cell >= 0x41 && cell <= 0x5A || cell >= 0x61 && cell <= 0x7A):
		return cell
	}
	if r, ok := jisPunct[code]; ok {
		return r
	}
	if r, ok := jisKanji[code]; ok {
		return r
	}
	return utf8.RuneError
}

// decodeShiftJIS decodes Shift_JIS: ASCII, single-byte half-width
// katakana (0xA1–0xDF) and two-byte JIS X 0208 characters.
func decodeShiftJIS(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < 0x80:
			sb.WriteByte(c)
			i++
		case c >= 0xA1 && c <= 0xDF:
			sb.WriteRune(0xFF61 + rune(c) - 0xA1)
			i++
		case i+1 < len(b) && (c >= 0x81 && c <= 0x9F || c >= 0xE0 && c <= 0xEF):
			sb.WriteRune(jisRune(sjisToJIS(c, b[i+1])))
			i += 2
		default:
			sb.WriteRune(utf8.RuneError)
			i++
		}
	}
	return sb.String()
}

// sjisToJIS converts a Shift_JIS byte pair to its JIS X 0208 code.
func sjisToJIS(s1, s2 byte) uint16 {
	if s1 >= 0xE0 {
		s1 -= 0x40
	}
	j1 := uint16(s1-0x81)*2 + 0x21
	var j2 uint16
	switch {
	case s2 >= 0x9F:
		j1++
		j2 = uint16(s2) - 0x9F + 0x21
	case s2 >= 0x80:
		j2 = uint16(s2) - 0x41 + 0x21
	default:
		j2 = uint16(s2) - 0x40 + 0x21
	}
	return j1<<8 | j2
}

// decodeEUCJP decodes EUC-JP: ASCII, two-byte JIS X 0208 with the high
// bits set, 0x8E half-width katakana and 0x8F three-byte JIS X 0212.
func decodeEUCJP(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < 0x80:
			sb.WriteByte(c)
			i++
		case c == 0x8E && i+1 < len(b):
			sb.WriteRune(0xFF61 + rune(b[i+1]) - 0xA1)
			i += 2
		case c == 0x8F:
			sb.WriteRune(utf8.RuneError)
			i += 3
		case c >= 0xA1 && i+1 < len(b):
			sb.WriteRune(jisRune(uint16(c&0x7F)<<8 | uint16(b[i+1]&0x7F)))
			i += 2
		default:
			sb.WriteRune(utf8.RuneError)
			i++
		}
	}
	return sb.String()
}

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

// gbWidth: GB18030 has four-byte sequences, marked by a digit second byte.
func gbWidth(b []byte) int {
	if len(b) >= 2 && b[1] >= 0x30 && b[1] <= 0x39 {
		return 4
	}
	return leadWidth(b)
}

// decodeISO2022JP decodes ISO-2022-JP: escape sequences switch between
// ASCII (ESC ( B, ESC ( J), half-width katakana (ESC ( I) and JIS X 0208
// (ESC $ @, ESC $ B), where each character is two 7-bit bytes.
func decodeISO2022JP(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	mode := byte('B') // 'B' ASCII, '$' JIS X 0208, 'I' half-width katakana
	for i := 0; i < len(b); {
		if b[i] == 0x1B && i+2 < len(b) {
			switch {
			case b[i+1] == '$' && (b[i+2] == 'B' || b[i+2] == '@'):
				mode = '$'
			case b[i+1] == '(' && b[i+2] == 'I':
				mode = 'I'
			case b[i+1] == '(':
				mode = 'B'
			}
			i += 3
			continue
		}
		c := b[i]
		switch {
		case mode == '$' && c >= 0x21 && c < 0x7F && i+1 < len(b):
			sb.WriteRune(jisRune(uint16(c)<<8 | uint16(b[i+1])))
			i += 2
			continue
		case mode == 'I' && c >= 0x21 && c <= 0x5F:
			sb.WriteRune(0xFF61 + rune(c) - 0x21)
		case c < 0x80 && !(mode == '$' && c >= 0x21):
			sb.WriteByte(c)
		default:
			sb.WriteRune(utf8.RuneError)
		}
		i++
	}
	return sb.String()
}
