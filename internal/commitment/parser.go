package commitment

import "github.com/followup-dev/followup/internal/calendar"

// Candidate is one datable phrase found in the text.
type Candidate struct {
	Start, End  int // token span [Start, End)
	Early, Late calendar.Date
	Rule        string
	Lo, Hi      int
	NeedsAnchor bool          // only counts near a word about replying
	Weak        bool          // "end of day", "COB": yields to a date right after it
	Reading     string        // which reading an ambiguous phrase took, "" if none
	From        calendar.Date // the date a count runs from when not the reference date ("a week later")
}

// Parser holds the tokens of one input and the reference date; the
// readings of this package are its Match methods.
type Parser struct {
	text  string
	toks  []Token
	Ref   calendar.Date      // the date counts run from
	Cal   *calendar.Calendar // decides business days
	steps int                // token inspections, to prove the work is bounded
}

// NewParser returns a Parser over the tokens of text.
func NewParser(text string, ref calendar.Date, cal *calendar.Calendar) *Parser {
	return &Parser{text: text, toks: tokenize(text), Ref: ref, Cal: cal}
}

// Len returns the number of tokens.
func (p *Parser) Len() int { return len(p.toks) }

// Steps returns the number of token inspections made so far.
func (p *Parser) Steps() int { return p.steps }

// Span returns the input text of the tokens [start, end), as written.
func (p *Parser) Span(start, end int) string {
	return p.text[p.toks[start].start:p.toks[end-1].end]
}

// blank is returned for positions outside the input.
var blank Token

// At returns token i, or a blank token when i is out of range.
func (p *Parser) At(i int) *Token {
	p.steps++
	if i < 0 || i >= len(p.toks) {
		return &blank
	}
	return &p.toks[i]
}

// Word returns the text of token i, or "" when i is out of range.
func (p *Parser) Word(i int) string { return p.At(i).Text }

// Is reports whether token i is one of words.
func (p *Parser) Is(i int, words ...string) bool {
	w := p.Word(i)
	for _, x := range words {
		if w == x {
			return true
		}
	}
	return false
}

// Skip returns i+1 when token i is one of words, else i.
func (p *Parser) Skip(i int, words ...string) int {
	if p.Is(i, words...) {
		return i + 1
	}
	return i
}

// whole reports whether the tokens [i, end) are the whole text, perhaps
// with a final punctuation mark: "12/04", "The 4th.".
func (p *Parser) whole(i, end int) bool {
	return i == 0 && (end == len(p.toks) || end == len(p.toks)-1 && p.toks[end].Kind == KindPunct)
}
