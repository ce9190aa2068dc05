package reading

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one lower-cased word of a text, with where it stands.
type token struct {
	word     string
	sentence int // index of its sentence
	clause   int // index of its clause (clauses never span sentences)
	start    int // byte offset in the prepared text, for quoting
	end      int
	flags    uint8 // flagNegation, flagConditional, …
	lex      int32 // index into lexicon of the word's entry, -1 if it has none
}

// Word flags, set by tokenize from cues.go's word sets.
const (
	flagNegation uint8 = 1 << iota
	flagConditional
	flagClauseConditional
	flagFuture
	flagThanks
	flagApology
)

// entry is what the reader knows of one word: its flags and the patterns
// whose first word it is. One map look-up per word finds both.
type entry struct {
	flags    uint8
	patterns []int // indexes into cuePats
}

// lexicon maps the words with an entry to it, in lexiconEntries.
var lexicon, lexiconEntries = buildLexicon()

func buildLexicon() (map[string]int32, []entry) {
	m := map[string]int32{}
	var es []entry
	at := func(w string) *entry {
		i, ok := m[w]
		if !ok {
			i = int32(len(es))
			m[w] = i
			es = append(es, entry{})
		}
		return &es[i]
	}
	for set, f := range map[*map[string]bool]uint8{&negations: flagNegation, &conditionals: flagConditional,
		&clauseConditionals: flagClauseConditional, &futures: flagFuture, &thanks: flagThanks, &apologies: flagApology} {
		for w := range *set {
			at(w).flags |= f
		}
	}
	for w, ps := range cueIndex.exact {
		e := at(w)
		e.patterns = append(e.patterns, ps...)
	}
	return m, es
}

// lookup returns a word's lexicon index and flags.
func lookup(w string) (int32, uint8) {
	if i, ok := lexicon[w]; ok {
		return i, lexiconEntries[i].flags
	}
	return -1, 0
}

// maxTokens bounds the words read from one message.
const maxTokens = 4000

// tokenize splits lower-cased text into words, sentences and clauses.
// Sentences end at . ! ? followed by a blank, and at blank lines; clauses
// also end at , ; : ( ) and dashes, and before "but", "however", "aber",
// "jedoch", "mais", "pero", "maar".
func tokenize(s string) []token {
	toks := make([]token, 0, len(s)/6)
	sent, clause := 0, 0
	newClause, newSentence := false, false
	for i := 0; i < len(s) && len(toks) < maxTokens; {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		if isWordRune(r) {
			j := wordEnd(s, i+n)
			if newSentence {
				sent++
			}
			if newClause || newSentence {
				clause++
			}
			newClause, newSentence = false, false
			w := s[i:j]
			if isClauseWord(w) {
				clause++
			}
			a, b := expand(w)
			lex, flags := lookup(a)
			if j < len(s) && s[j] == '-' {
				flags &^= flagNegation // "non-technical", "no-reply" deny nothing
			}
			toks = append(toks, token{word: a, sentence: sent, clause: clause, start: i, end: j, flags: flags, lex: lex})
			if b != "" {
				lex, flags := lookup(b)
				toks = append(toks, token{word: b, sentence: sent, clause: clause, start: i, end: j, flags: flags, lex: lex})
			}
			i = j
			continue
		}
		switch r {
		case '.', '!', '?', '\u3002':
			if i+n >= len(s) || s[i+n] == ' ' || s[i+n] == '\n' || s[i+n] == '\r' || s[i+n] == '\t' {
				newSentence = true
			}
		case ',', ';', ':', '(', ')', '–', '—', '"', '“', '”', '„', '«', '»':
			newClause = true
		case '\n':
			if strings.HasPrefix(s[i+1:], "\n") || strings.HasPrefix(s[i+1:], "\r\n") {
				newSentence = true
			}
		case '-':
			if i > 0 && s[i-1] == ' ' {
				newClause = true
			}
		}
		i += n
	}
	return toks
}

// wordEnd returns the end of the word continuing at j: letters, digits and
// apostrophes between letters.
func wordEnd(s string, j int) int {
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c == '\'' && j+1 < len(s) && isLetterAt(s, j+1) {
				j++
				continue
			}
			return j
		}
		r, n := utf8.DecodeRuneInString(s[j:])
		if !isWordRune(r) {
			return j
		}
		j += n
	}
	return j
}

// expand splits an English contraction into its two words ("won't" is
// "will not", "we'll" is "we will"); other words come back as they are,
// with "" as the second word.
func expand(w string) (string, string) {
	i := strings.LastIndexByte(w, '\'')
	if i <= 0 {
		return w, ""
	}
	stem, suffix := w[:i], w[i:]
	if suffix == "'t" && strings.HasSuffix(stem, "n") {
		switch stem = stem[:len(stem)-1]; stem {
		case "wo":
			stem = "will"
		case "ca":
			stem = "can"
		case "sha":
			stem = "shall"
		}
		return stem, "not"
	}
	if full, ok := contractions[suffix]; ok {
		return stem, full
	}
	return w, ""
}

var contractions = map[string]string{"'ll": "will", "'d": "would", "'re": "are", "'ve": "have", "'m": "am", "'s": "is"}

// isClauseWord reports whether w starts a new clause.
func isClauseWord(w string) bool {
	switch w {
	case "and", "und", "but", "however", "aber", "jedoch", "mais", "pero", "maar", "although", "though":
		return true
	}
	return false
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// plainApostrophes makes typographic apostrophes plain and no-break spaces
// blanks, so that "won’t" reads as "won't".
func plainApostrophes(text string) string {
	if strings.ContainsAny(text, "’‘`\u00a0") {
		return apostrophes.Replace(text)
	}
	return text
}

var apostrophes = strings.NewReplacer("’", "'", "‘", "'", "`", "'", "\u00a0", " ")

// quoteHeads are lines that start the quoted part of a reply.
var quoteHeads = []string{
	"-----original message-----", "----- original message -----", "-----ursprüngliche nachricht-----",
	"----- ursprüngliche nachricht -----", "-------- original message --------", "________________________________",
	"-----message d'origine-----", "-----mensaje original-----", "begin forwarded message",
}

// stripQuoted cuts text at the first line that starts a quotation ("On …
// wrote:", "Am … schrieb", an Outlook header block, a line of "> ") and
// drops other "> " lines.
func stripQuoted(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	lines := 0
	for rest := text; rest != ""; {
		line, next, _ := strings.Cut(rest, "\n")
		rest = next
		t := strings.TrimSpace(line)
		if startsQuote(t, lines) || lines > 0 && wrappedAttribution(t, rest) {
			break
		}
		if strings.HasPrefix(t, ">") {
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
		lines++
	}
	return b.String()
}

// startsQuote reports whether a trimmed line begins the quoted part.
func startsQuote(t string, before int) bool {
	if t == "" {
		return false
	}
	if c := t[0]; c == '-' || c == '_' || c == 'b' || c == 'B' {
		for _, q := range quoteHeads {
			if hasPrefixFold(t, q) {
				return true
			}
		}
	}
	if before == 0 || len(t) < 4 {
		return false
	}
	for _, p := range [][2]string{{"on ", "wrote:"}, {"am ", "schrieb"}, {"le ", "a écrit"}, {"el ", "escribió:"}, {"op ", "schreef"}, {"il ", "ha scritto"}} {
		if hasPrefixFold(t, p[0]) && strings.Contains(t, p[1]) {
			return true
		}
	}
	for _, p := range []string{"from: ", "von: ", "de : ", "de: "} {
		if hasPrefixFold(t, p) && strings.Contains(t, "@") {
			return true
		}
	}
	return false
}

// wrappedAttribution reports whether line and the next one are an "On …
// wrote:" line that the sender's client wrapped in two.
func wrappedAttribution(line, rest string) bool {
	if !hasPrefixFold(line, "on ") && !hasPrefixFold(line, "am ") {
		return false
	}
	next, _, _ := strings.Cut(rest, "\n")
	next = strings.TrimSpace(next)
	return len(next) < 200 && (strings.HasSuffix(next, "wrote:") || strings.HasSuffix(next, "schrieb:"))
}

// hasPrefixFold is strings.HasPrefix ignoring case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
