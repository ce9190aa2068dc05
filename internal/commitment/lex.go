package commitment

import "strings"

// Kind classifies a token.
type Kind uint8

// The kinds of tokens.
const (
	KindWord  Kind = iota // letters, possibly with digits or apostrophes after the first letter
	KindNum               // a run of digits
	KindOrd               // digits with an ordinal suffix: 1st, 2nd, 3rd, 30th
	KindPunct             // one punctuation character; dashes of every width become "-"
	KindOther             // numbers glued to other things: 1.5, 100,000, 10am
)

// Token is one lexical unit of the lower-cased input.
type Token struct {
	Text       string // lower-case text; synthetic unit words for "24h", "3d"
	start, end int32  // byte offsets in the original input
	Num        int32  // value of KindNum and KindOrd tokens (capped), or of number words
	digits     uint8  // digit count of KindNum tokens (capped at 9)
	Kind       Kind
	weekday    int8 // 1 + time.Weekday for weekday names, else 0
	Month      int8 // 1..12 for month names, else 0
	ambiguous  bool // a weekday abbreviation that is also a common word: sat, sun, wed
}

// lexeme is what the lexicon knows about a word.
type lexeme struct {
	weekday   int8
	month     int8
	num       int8
	ambiguous bool
}

var lexicon = buildLexicon()

func buildLexicon() map[string]lexeme {
	m := make(map[string]lexeme, 80)
	weekdays := [][]string{
		{"sunday", "sun"}, {"monday", "mon"}, {"tuesday", "tue", "tues"},
		{"wednesday", "wed", "weds"}, {"thursday", "thu", "thur", "thurs"},
		{"friday", "fri"}, {"saturday", "sat"},
	}
	for wd, names := range weekdays {
		for _, n := range names {
			m[n] = lexeme{weekday: int8(wd + 1)}
		}
	}
	for _, n := range []string{"sat", "sun", "wed"} {
		l := m[n]
		l.ambiguous = true
		m[n] = l
	}
	months := [][]string{
		{"january", "jan"}, {"february", "feb"}, {"march", "mar"}, {"april", "apr"},
		{"may"}, {"june", "jun"}, {"july", "jul"}, {"august", "aug"},
		{"september", "sep", "sept"}, {"october", "oct"}, {"november", "nov"}, {"december", "dec"},
	}
	for mo, names := range months {
		for _, n := range names {
			m[n] = lexeme{month: int8(mo + 1)}
		}
	}
	numbers := []string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"}
	for i, n := range numbers {
		m[n] = lexeme{num: int8(i + 1)}
	}
	for i, n := range []string{"thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"} {
		m[n] = lexeme{num: int8(30 + 10*i)}
	}
	return m
}

// aliases are abbreviations that the matchers read as the full word.
var aliases = map[string]string{"wk": "week", "wks": "weeks", "tmrw": "tomorrow", "tmr": "tomorrow"}

// isLetter reports whether the byte at s[j] can be part of a word: ASCII
// letters and non-ASCII bytes (accented letters stay inside their word),
// except the no-break space and the General Punctuation block (dashes, curly
// quotes), which separate words.
func isLetter(s string, j int) bool {
	c := s[j]
	switch {
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		return true
	case c < 0x80:
		return false
	}
	return !isSeparator(s, j)
}

// isSeparator reports whether a multi-byte space or punctuation mark starts at s[j].
func isSeparator(s string, j int) bool {
	return s[j] == 0xC2 && j+1 < len(s) && s[j+1] == 0xA0 ||
		s[j] == 0xE2 && j+2 < len(s) && s[j+1] == 0x80
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// tokenize splits s into tokens. It runs in time linear in len(s) and makes
// two allocations.
func tokenize(s string) []Token {
	low := toLowerASCII(s)
	toks := make([]Token, 0, len(s)/4+4)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case isSeparator(s, i):
			toks, i = lexSeparator(toks, s, i)
		case isDigit(c):
			toks, i = lexNumber(toks, s, low, i)
		case isLetter(s, i):
			toks, i = lexWord(toks, s, low, i)
		default:
			toks = append(toks, Token{Text: low[i : i+1], start: int32(i), end: int32(i + 1), Kind: KindPunct})
			i++
		}
	}
	return toks
}

// lexSeparator handles the no-break space (skipped), Unicode dashes (read as
// "-") and other General Punctuation characters (one punctuation token).
func lexSeparator(toks []Token, s string, i int) ([]Token, int) {
	if s[i] == 0xC2 {
		return toks, i + 2
	}
	text := s[i : i+3]
	switch b := s[i+2]; {
	case b <= 0x8A || b == 0xAF: // spaces of various widths
		return toks, i + 3
	case b >= 0x90 && b <= 0x95:
		text = "-"
	}
	return append(toks, Token{Text: text, start: int32(i), end: int32(i + 3), Kind: KindPunct}), i + 3
}

// toLowerASCII lower-cases ASCII letters only, so byte offsets are preserved.
func toLowerASCII(s string) string {
	b := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return string(b)
}

// lexWord reads a word starting at i. Apostrophes (straight or curly) are
// kept when a letter follows, so "we'll" is one word.
func lexWord(toks []Token, s, low string, i int) ([]Token, int) {
	j := i
	for j < len(s) {
		switch {
		case isLetter(s, j) || isDigit(s[j]):
			j++
		case s[j] == '\'' && j+1 < len(s) && isLetter(s, j+1):
			j++
		case strings.HasPrefix(s[j:], "’") && j+3 < len(s) && isLetter(s, j+3):
			j += 3
		default:
			return appendWord(toks, low, i, j), j
		}
	}
	return appendWord(toks, low, i, j), j
}

func appendWord(toks []Token, low string, i, j int) []Token {
	t := Token{Text: low[i:j], start: int32(i), end: int32(j), Kind: KindWord}
	if l, ok := lexicon[t.Text]; ok {
		t.weekday, t.Month, t.Num, t.ambiguous = l.weekday, l.month, int32(l.num), l.ambiguous
	} else if a, ok := aliases[t.Text]; ok {
		t.Text = a
	}
	return append(toks, t)
}

// lexNumber reads digits starting at i, with what is glued to them: an
// ordinal suffix, a unit ("24h", "3d") or something else ("1.5", "10am").
func lexNumber(toks []Token, s, low string, i int) ([]Token, int) {
	j := i
	var v int32
	for j < len(s) && isDigit(s[j]) {
		if j-i < 9 {
			v = v*10 + int32(s[j]-'0')
		}
		j++
	}
	t := Token{Text: low[i:j], start: int32(i), end: int32(j), Kind: KindNum, Num: v, digits: uint8(min(j-i, 9))}
	if j+1 < len(s) && (s[j] == '.' || s[j] == ',') && isDigit(s[j+1]) {
		return appendOther(toks, s, low, i, j)
	}
	k := j
	for k < len(s) && isLetter(s, k) {
		k++
	}
	if k == j {
		return append(toks, t), j
	}
	switch low[j:k] {
	case "st", "nd", "rd", "th":
		t.Kind, t.end, t.Text = KindOrd, int32(k), low[i:k]
		return append(toks, t), k
	case "h", "hr", "hrs":
		return append(toks, t, Token{Text: "hours", start: int32(j), end: int32(k)}), k
	case "d":
		return append(toks, t, Token{Text: "days", start: int32(j), end: int32(k)}), k
	}
	return appendOther(toks, s, low, i, j)
}

// appendOther swallows a run of letters, digits, dots and commas as one KindOther token.
func appendOther(toks []Token, s, low string, i, j int) ([]Token, int) {
	for j < len(s) && (isDigit(s[j]) || isLetter(s, j) ||
		(s[j] == '.' || s[j] == ',') && j+1 < len(s) && isDigit(s[j+1])) {
		j++
	}
	return append(toks, Token{Text: low[i:j], start: int32(i), end: int32(j), Kind: KindOther}), j
}
