package classify

import (
	"fmt"
	"strings"
)

// phraseSet finds the earliest of many lower-case phrases in a text in one
// pass: a bit per hash of three leading bytes filters the positions, and
// only the phrases starting with the same two bytes are compared there. Scanning the text once
// per list instead of once per phrase keeps classification cheap although
// the lists hold hundreds of phrases.
type phraseSet struct {
	triples bitSet              // hashes of the phrases' first three bytes
	byPair  map[uint16][]string // phrases by their first two bytes, in list order
}

// bitSet is a set of 16-bit hashes.
type bitSet [1 << 16 / 64]uint64

func (b *bitSet) add(h uint16)      { b[h/64] |= 1 << (h % 64) }
func (b *bitSet) has(h uint16) bool { return b[h/64]&(1<<(h%64)) != 0 }

// triple hashes the three bytes at text[i:]; the caller ensures they exist.
func triple(text string, i int) uint16 {
	return uint16(text[i])<<8 ^ uint16(text[i+1])<<4 ^ uint16(text[i+2])*131
}

// minPhraseBytes is the length every phrase must have.
const minPhraseBytes = 3

// newPhraseSet builds the set of phrases; each has at least minPhraseBytes.
func newPhraseSet(lists ...[]string) *phraseSet {
	s := &phraseSet{byPair: map[uint16][]string{}}
	for _, list := range lists {
		for _, p := range list {
			if len(p) < minPhraseBytes {
				panic(fmt.Sprintf("classify: phrase %q is shorter than three bytes", p))
			}
			s.triples.add(triple(p, 0))
			k := uint16(p[0])<<8 | uint16(p[1])
			s.byPair[k] = append(s.byPair[k], p)
		}
	}
	return s
}

// index returns the offset of the earliest phrase in text and the phrase,
// or -1 and "".
func (s *phraseSet) index(text string) (int, string) {
	for i := 0; i+2 < len(text); i++ {
		if !s.triples.has(triple(text, i)) {
			continue
		}
		for _, p := range s.byPair[uint16(text[i])<<8|uint16(text[i+1])] {
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

// phraseLists scans a text once for several phrase lists and returns the
// earliest phrase of each: the rules ask about eight lists of the same
// text, and one pass costs about what one list did.
type phraseLists struct {
	triples bitSet
	byPair  map[uint16][]taggedPhrase
	n       int
}

// taggedPhrase is a phrase and the index of its list.
type taggedPhrase struct {
	text string
	list int
}

// newPhraseLists builds the lists; each phrase has at least minPhraseBytes.
func newPhraseLists(lists ...[]string) *phraseLists {
	s := &phraseLists{byPair: map[uint16][]taggedPhrase{}, n: len(lists)}
	for n, list := range lists {
		for _, p := range list {
			if len(p) < minPhraseBytes {
				panic(fmt.Sprintf("classify: phrase %q is shorter than three bytes", p))
			}
			s.triples.add(triple(p, 0))
			k := uint16(p[0])<<8 | uint16(p[1])
			s.byPair[k] = append(s.byPair[k], taggedPhrase{p, n})
		}
	}
	return s
}

// firsts returns, for each list, its earliest phrase in text or "".
func (s *phraseLists) firsts(text string) []string {
	out := make([]string, s.n)
	left := s.n
	for i := 0; i+2 < len(text) && left > 0; i++ {
		if !s.triples.has(triple(text, i)) {
			continue
		}
		for _, p := range s.byPair[uint16(text[i])<<8|uint16(text[i+1])] {
			if out[p.list] == "" && strings.HasPrefix(text[i:], p.text) {
				out[p.list] = p.text
				left--
			}
		}
	}
	return out
}
