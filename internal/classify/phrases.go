package classify

import "strings"

// phraseSet finds the earliest of many lower-case phrases in a text in one
// pass: a bit per pair of leading bytes filters the positions, and only the
// phrases starting with that pair are compared there. Scanning the text once
// per list instead of once per phrase keeps classification cheap although
// the lists hold hundreds of phrases.
type phraseSet struct {
	pairs  [1 << 16 / 64]uint64 // bit set of the phrases' first two bytes
	byPair map[uint16][]string  // phrases by their first two bytes, in list order
}

// newPhraseSet builds the set of phrases; each has at least two bytes.
func newPhraseSet(lists ...[]string) *phraseSet {
	s := &phraseSet{byPair: map[uint16][]string{}}
	for _, list := range lists {
		for _, p := range list {
			if len(p) < 2 {
				panic("classify: phrase shorter than two bytes: " + p)
			}
			k := uint16(p[0])<<8 | uint16(p[1])
			s.pairs[k/64] |= 1 << (k % 64)
			s.byPair[k] = append(s.byPair[k], p)
		}
	}
	return s
}

// index returns the offset of the earliest phrase in text and the phrase,
// or -1 and "".
func (s *phraseSet) index(text string) (int, string) {
	for i := 0; i+1 < len(text); i++ {
		k := uint16(text[i])<<8 | uint16(text[i+1])
		if s.pairs[k/64]&(1<<(k%64)) == 0 {
			continue
		}
		for _, p := range s.byPair[k] {
			if strings.HasPrefix(text[i:], p) {
				return i, p
			}
		}
	}
	return -1, ""
}

// first returns the earliest phrase in text, or "".
func (s *phraseSet) first(text string) string {
	_, p := s.index(text)
	return p
}

// collapseSpace lower-cases nothing but replaces every run of blanks and
// line breaks in s with one space, so phrases match across folded lines.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteByte(c)
	}
	return b.String()
}
