package reading

import "strings"

// cue is one compiled phrase of cues.go.
type cue struct {
	label Label // "" for a notice phrase
	weak  bool
	kind  string // for weak rejections: "sentiment" or "farewell"
	group int    // the cue list it comes from, below 32
	// ownNeg says the pattern has a negation of its own ("not * selected"):
	// then only a negation outside the phrase cancels it; any other cue is
	// cancelled by a negation anywhere in its clause, inside a gap too.
	ownNeg bool
	pat    pattern
}

// hit is a cue found at tokens [from, to).
type hit struct {
	label     Label
	weak      bool
	kind      string
	ownNeg    bool
	from, to  int
	cancelled string
}

var (
	allCues  = buildCues()
	cueIndex = indexPatterns(patternsOf(allCues))
	cuePats  = patternsOf(allCues)
)

func buildCues() []cue {
	var out []cue
	group := 0
	add := func(l Label, weak bool, kind string, ps []string) {
		for _, p := range ps {
			out = append(out, cue{label: l, weak: weak, kind: kind, group: group, ownNeg: hasNegation(p), pat: compile(p)})
		}
		group++
	}
	add(Rejection, false, "", rejectionCues)
	add(Rejection, true, "sentiment", rejectionSentiments)
	add(Rejection, true, "farewell", rejectionFarewells)
	add(Offer, false, "", offerCues)
	add(NextRound, false, "", nextRoundCues)
	add(NextRound, true, weakKind, weakNextRoundCues)
	add(NextRound, true, "mention", mentionCues)
	add(Request, false, "", requestCues)
	add(OnHold, false, "", onHoldCues)
	add("", false, "", noticeCues)
	return out
}

// hasNegation reports whether a pattern names a negation word.
func hasNegation(p string) bool {
	for _, f := range strings.Fields(p) {
		for _, w := range strings.Split(f, "|") {
			if negations[w] {
				return true
			}
		}
	}
	return false
}

func patternsOf(cs []cue) []pattern {
	out := make([]pattern, len(cs))
	for i, c := range cs {
		out[i] = c.pat
	}
	return out
}

// scanned is a text with the cues found in it.
type scanned struct {
	text  string
	toks  []token
	hits  []hit
	links []string // scheduler names whose links appear

	condSentences map[int]bool // sentences holding a condition, see sentenceConditional
}

// scan finds every cue in lower-cased text, the longest at each word, and
// decides which are cancelled.
func scan(text string) *scanned {
	s := &scanned{text: text, toks: tokenize(text)}
	for i := range s.toks {
		var seen uint32 // cue groups already found at this word
		cueIndex.candidates(s.toks[i], cuePats, func(ci int) {
			c := allCues[ci]
			if seen&(1<<c.group) != 0 {
				return
			}
			if end := c.pat.matchAt(s.toks, i); end > i {
				seen |= 1 << c.group
				s.hits = append(s.hits, hit{label: c.label, weak: c.weak, kind: c.kind, ownNeg: c.ownNeg, from: i, to: end})
			}
		})
	}
	for i := range s.hits {
		s.hits[i].cancelled = s.cancelled(s.hits[i])
	}
	s.dropBesideRejection()
	return s
}

// cancelled says why a hit does not count, or "". A negation in the
// hit's clause (outside the phrase itself) cancels it; so does a condition
// before it in its clause ("if you are not selected"), or a condition
// anywhere in its sentence when its clause promises something for later
// ("if your profile matches, we will invite you").
func (s *scanned) cancelled(h hit) string {
	if h.label == "" || h.label == Rejection && h.kind != "" {
		return ""
	}
	clause := s.toks[h.from].clause
	lo, hi := h.from, h.from
	for lo > 0 && s.toks[lo-1].clause == clause {
		lo--
	}
	for hi < len(s.toks) && s.toks[hi].clause == clause {
		hi++
	}
	var condBefore, future, negated, thanked, sorry bool
	for j := lo; j < hi; j++ {
		t := s.toks[j]
		if t.flags == 0 {
			continue
		}
		before := j < h.from
		condBefore = condBefore || before && s.conditional(j)
		future = future || t.flags&flagFuture != 0
		negated = negated || (!h.ownNeg || before || j >= h.to) && t.flags&flagNegation != 0
		thanked = thanked || before && t.flags&flagThanks != 0
		sorry = sorry || before && t.flags&flagApology != 0
	}
	switch {
	case negated:
		return "negated"
	case condBefore || future && s.sentenceConditional(s.toks[h.from].sentence):
		return "conditional"
	case thanked && (h.label == NextRound || h.label == Request):
		return "thanks for what happened"
	case sorry && h.label == OnHold:
		return "apology for what happened"
	}
	return ""
}

// conditional reports whether token j makes what follows hypothetical.
func (s *scanned) conditional(j int) bool {
	t := s.toks[j]
	return t.flags&flagConditional != 0 || t.flags&flagClauseConditional != 0 && (j == 0 || s.toks[j-1].sentence != t.sentence)
}

// sentenceConditional reports whether sentence sent holds a condition; the
// answers are computed once per scan.
func (s *scanned) sentenceConditional(sent int) bool {
	if s.condSentences == nil {
		s.condSentences = map[int]bool{}
		for j, t := range s.toks {
			if t.flags != 0 && s.conditional(j) {
				s.condSentences[t.sentence] = true
			}
		}
	}
	return s.condSentences[sent]
}

// dropBesideRejection cancels offers, invitations, requests and holds in
// a clause that holds a counted rejection or names other candidates: "move
// forward with other candidates" is not an invitation to move forward.
func (s *scanned) dropBesideRejection() {
	rejected := map[int]bool{}
	for _, h := range s.hits {
		if h.label == Rejection && !h.weak && h.cancelled == "" {
			rejected[s.toks[h.from].clause] = true
		}
	}
	rivals := map[int]bool{}
	for i, t := range s.toks {
		if (t.word == "other" || t.word == "another") && i+1 < len(s.toks) && isRivalWord(s.toks[i+1].word) {
			rivals[t.clause] = true
		}
	}
	for i, h := range s.hits {
		c := s.toks[h.from].clause
		switch {
		case h.label == Rejection || h.label == "" || h.cancelled != "":
		case rejected[c]:
			s.hits[i].cancelled = "same clause as a rejection"
		case rivals[c] && (h.label == Offer || h.label == NextRound):
			s.hits[i].cancelled = "same clause as other candidates"
		}
	}
}

// isRivalWord reports whether w names other applicants after "other".
func isRivalWord(w string) bool {
	return strings.HasPrefix(w, "candidat") || strings.HasPrefix(w, "applicant") || w == "people" || w == "profiles"
}

// first is the index of the first counted hit with label l, or -1.
func (s *scanned) first(l Label) int {
	for i, h := range s.hits {
		if h.label == l && h.cancelled == "" {
			return i
		}
	}
	return -1
}

// firstOf is first, restricted to strong (weak false) or weak hits.
func (s *scanned) firstOf(l Label, weak bool) int {
	for i, h := range s.hits {
		if h.label == l && h.weak == weak && h.cancelled == "" {
			return i
		}
	}
	return -1
}

// maxPhraseWords bounds a quoted deciding phrase.
const maxPhraseWords = 12

// widen extends h to the end of its clause, within maxPhraseWords words,
// so that the quote reads as a statement ("decided not to proceed with
// your candidacy", not "decided not to").
func (s *scanned) widen(h hit) hit {
	clause := s.toks[h.from].clause
	for h.to < len(s.toks) && h.to-h.from < maxPhraseWords && s.toks[h.to].clause == clause {
		h.to++
	}
	return h
}

// quote is the text of hit h, taken from original (same offsets as s.text).
func (s *scanned) quote(original string, h hit) string {
	q := original[s.toks[h.from].start:s.toks[h.to-1].end]
	return strings.Join(strings.Fields(q), " ")
}
