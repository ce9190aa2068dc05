package followup

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NewID makes a short id people can type, such as "acme-backend-1120", from
// the company, the first word of the role and the interview's date. It is
// lowercase ASCII: accented Latin letters lose their accents ("Zürich
// Données" gives "zurich-donnees"), Greek and Cyrillic are transliterated,
// and a company name in another script gives "interview". taken reports
// ids already in use; a numeric suffix keeps the id unique.
func NewID(company, role string, start time.Time, taken func(string) bool) string {
	base := slug(company, 16)
	if base == "" {
		base = "interview"
	}
	if r := slug(firstWord(role), 12); r != "" {
		base += "-" + r
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
		if !skip[w] && latin(w) != "" {
			return w
		}
	}
	if len(words) > 0 {
		return words[0]
	}
	return ""
}

// slug is s as lowercase ASCII words joined by dashes, at most max bytes,
// cut after a whole word where one fits.
func slug(s string, max int) string {
	words := strings.FieldsFunc(latin(s), func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') })
	var b strings.Builder
	for _, w := range words {
		switch {
		case b.Len() == 0 && len(w) > max:
			return w[:max]
		case b.Len() == 0:
			b.WriteString(w)
		case b.Len()+1+len(w) > max:
			return b.String()
		default:
			b.WriteString("-" + w)
		}
	}
	return b.String()
}

// latin spells s in lowercase ASCII where it has a Latin reading: accents
// are dropped, ligatures and special letters spelt out, Greek and Cyrillic
// transliterated; other characters become spaces.
func latin(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r < 128 {
			b.WriteRune(r)
			continue
		}
		if t, ok := spelled[r]; ok {
			b.WriteString(t)
			continue
		}
		b.WriteString(stripMarks(r))
	}
	return b.String()
}

// stripMarks is r without its accents when it decomposes into ASCII
// letters and combining marks ("é" → "e"), else a space.
func stripMarks(r rune) string {
	var out []byte
	for _, d := range norm.NFD.String(string(r)) {
		switch {
		case d < 128:
			out = append(out, byte(d))
		case unicode.Is(unicode.Mn, d):
		default:
			if t, ok := spelled[d]; ok {
				out = append(out, t...)
			} else {
				return " "
			}
		}
	}
	if len(out) == 0 {
		return " "
	}
	return string(out)
}

// spelled holds the letters that decomposition does not bring to ASCII.
var spelled = func() map[rune]string {
	m := map[rune]string{
		'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th",
		'ı': "i", 'ħ': "h", 'ŧ': "t", 'ŋ': "ng", 'ĸ': "k", 'ſ': "s", 'ǝ': "e", 'ə': "e",
	}
	pairs := func(from []rune, to []string) {
		if len(from) != len(to) {
			panic("followup: transliteration table out of step")
		}
		for i, r := range from {
			m[r] = to[i]
		}
	}
	// Cyrillic (Russian, Ukrainian, Belarusian, Serbian, Bulgarian), after
	// decomposition: й is и + breve, ё is е + diaeresis.
	pairs([]rune("абвгдежзийклмнопрстуфхцчшщъыьэюяєіїґўђјљњћџ"),
		[]string{"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "ye", "i", "yi", "g", "w", "dj", "j", "lj", "nj", "c", "dz"})
	// Greek, after decomposition (accents and breathings are dropped).
	pairs([]rune("αβγδεζηθικλμνξοπρσςτυφχψω"),
		[]string{"a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r", "s", "s", "t", "y", "f", "ch", "ps", "o"})
	return m
}()

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

// SameInterview reports whether a and b look like one interview entered
// twice: the same company and role (ignoring case, accents and
// punctuation), on the same day in a's zone, with an interviewer in common.
func SameInterview(a, b *Interview) bool {
	if slug(a.Company, 64) != slug(b.Company, 64) || slug(a.Role, 64) != slug(b.Role, 64) {
		return false
	}
	if a.Start.Format(time.DateOnly) != b.Start.In(a.Start.Location()).Format(time.DateOnly) {
		return false
	}
	for _, p := range a.Interviewers {
		if _, ok := b.Person(p.Email); ok {
			return true
		}
	}
	return false
}
