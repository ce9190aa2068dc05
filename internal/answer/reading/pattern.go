package reading

import "strings"

// A pattern is a phrase of words written as in cues.go: words separated by
// blanks; "a|b" is either word; a word ending in "*" matches any word it
// begins ("candidat*"); a lone "*" skips up to three words. A pattern
// matches inside one sentence.
type pattern struct {
	steps []step
	text  string
}

// step is one position of a pattern: a set of words, or a gap.
type step struct {
	words  []string // exact words
	prefix []string // word beginnings
	gap    bool
}

// maxGap is how many words a "*" step may skip.
const maxGap = 3

func compile(p string) pattern {
	var steps []step
	for _, f := range strings.Fields(p) {
		if f == "*" {
			steps = append(steps, step{gap: true})
			continue
		}
		var s step
		for _, alt := range strings.Split(f, "|") {
			if w, ok := strings.CutSuffix(alt, "*"); ok {
				s.prefix = append(s.prefix, w)
			} else {
				s.words = append(s.words, alt)
			}
		}
		steps = append(steps, s)
	}
	return pattern{steps: steps, text: p}
}

// A gap never crosses into another clause: "not sure, but you are a good
// fit" is not "not … a good fit".

// matches reports whether w fits step s (which is not a gap).
func (s step) matches(w string) bool {
	for _, x := range s.words {
		if w == x {
			return true
		}
	}
	for _, x := range s.prefix {
		if strings.HasPrefix(w, x) {
			return true
		}
	}
	return false
}

// matchAt returns the end (exclusive token index) of a match of p starting
// at toks[i], or -1.
func (p pattern) matchAt(toks []token, i int) int {
	return matchSteps(p.steps, toks, i, toks[i].sentence)
}

func matchSteps(steps []step, toks []token, i, sent int) int {
	if len(steps) == 0 {
		return i
	}
	s := steps[0]
	if s.gap {
		for skip := 0; skip <= maxGap; skip++ {
			j := i + skip
			if j > len(toks) || j > i && (toks[j-1].sentence != sent || i > 0 && toks[j-1].clause != toks[i-1].clause) {
				break
			}
			if end := matchSteps(steps[1:], toks, j, sent); end >= 0 {
				return end
			}
		}
		return -1
	}
	if i >= len(toks) || toks[i].sentence != sent || !s.matches(toks[i].word) {
		return -1
	}
	return matchSteps(steps[1:], toks, i+1, sent)
}

// patternIndex finds which patterns may start at a word: by exact first
// word, and a short list of patterns whose first word is a prefix.
type patternIndex struct {
	exact  map[string][]int
	prefix [256][]int // by the first byte of the word
}

func indexPatterns(ps []pattern) patternIndex {
	ix := patternIndex{exact: map[string][]int{}}
	for i, p := range ps {
		first := p.steps[0]
		if len(first.prefix) > 0 {
			bytes := map[byte]bool{}
			for _, w := range append(append([]string(nil), first.prefix...), first.words...) {
				if w != "" && !bytes[w[0]] {
					bytes[w[0]] = true
					ix.prefix[w[0]] = append(ix.prefix[w[0]], i)
				}
			}
			continue
		}
		for _, w := range first.words {
			ix.exact[w] = append(ix.exact[w], i)
		}
	}
	return ix
}

// candidates calls f with each pattern that may start at token t: those
// of its lexicon entry, then those whose first word is a prefix of it.
func (ix patternIndex) candidates(t token, ps []pattern, f func(int)) {
	if t.lex >= 0 {
		for _, i := range lexiconEntries[t.lex].patterns {
			f(i)
		}
	}
	w := t.word
	if w == "" {
		return
	}
	for _, i := range ix.prefix[w[0]] {
		if ps[i].steps[0].matches(w) {
			f(i)
		}
	}
}
