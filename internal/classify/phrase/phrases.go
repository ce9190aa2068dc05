// Package phrase finds phrases in text: many lower-case phrases at once in
// one pass (Set, Lists), and the first of a short list (ContainsAny,
// HasPrefixAny, HasSuffixAny). The classifier's word lists are
// hundreds of phrases long and read on every message, so the sets are built
// once and each text is scanned once per set.
package phrase

import (
	"fmt"
	"strings"
)

// Set finds the earliest of many lower-case phrases in a text in one
// pass: a bit per hash of three leading bytes filters the positions, and
// only the phrases starting with the same two bytes are compared there. Scanning the text once
// per list instead of once per phrase keeps classification cheap although
// the lists hold hundreds of phrases.
type Set struct {
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

// NewSet builds the set of phrases; each has at least minPhraseBytes.
func NewSet(lists ...[]string) *Set {
	s := &Set{byPair: map[uint16][]string{}}
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

// Index returns the offset of the earliest phrase in text and the phrase,
// or -1 and "".
func (s *Set) Index(text string) (int, string) {
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

// First returns the earliest phrase in text, or "".
func (s *Set) First(text string) string {
	_, p := s.Index(text)
	return p
}

// CollapseSpace lower-cases nothing but replaces every run of blanks and
// line breaks in s with one space, so phrases match across folded lines.
func CollapseSpace(s string) string {
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

// Lists scans a text once for several phrase lists and returns the
// earliest phrase of each: the rules ask about eight lists of the same
// text, and one pass costs about what one list did.
type Lists struct {
	triples bitSet
	byPair  map[uint16][]taggedPhrase
	n       int
}

// taggedPhrase is a phrase and the index of its list.
type taggedPhrase struct {
	text string
	list int
}

// NewLists builds the lists; each phrase has at least minPhraseBytes.
func NewLists(lists ...[]string) *Lists {
	s := &Lists{byPair: map[uint16][]taggedPhrase{}, n: len(lists)}
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

// Firsts returns, for each list, its earliest phrase in text or "".
func (s *Lists) Firsts(text string) []string {
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

// HasPrefixAny reports whether s starts with one of prefixes.
func HasPrefixAny(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// ContainsAny reports whether s contains one of subs.
func ContainsAny(s string, subs []string) bool {
	for _, p := range subs {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// HasSuffixAny reports whether s ends with one of suffixes.
func HasSuffixAny(s string, suffixes []string) bool {
	for _, p := range suffixes {
		if strings.HasSuffix(s, p) {
			return true
		}
	}
	return false
}
