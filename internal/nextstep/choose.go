package nextstep

import (
	"strings"

	"github.com/followup-dev/followup/internal/commitment"
)

// context is what the words around a candidate say about it.
type context struct {
	anchor string // the word about replying near it, "" if none
	aside  string // why it is not about the company's answer, "" if it may be
}

// choose picks the candidate to report (see the package documentation) and
// explains the choice: why it was taken and which dates were set aside.
func (p *parser) choose(cs []candidate) (best candidate, why, setAside string, found bool) {
	ctx := make([]context, len(cs))
	bestAt := -1
	for n, c := range cs {
		ctx[n] = p.contextOf(c)
		if !p.eligible(c, ctx[n]) {
			continue
		}
		if bestAt < 0 || ctx[n].anchor != "" && ctx[bestAt].anchor == "" ||
			(ctx[n].anchor != "") == (ctx[bestAt].anchor != "") && c.Late.After(cs[bestAt].Late) {
			bestAt = n
		}
	}
	if bestAt < 0 {
		return candidate{}, "", p.asideList(cs, ctx, -1), false
	}
	return cs[bestAt], p.why(cs, ctx, bestAt), p.asideList(cs, ctx, bestAt), true
}

// eligible reports whether c may be the promise: not about something else,
// and, for the phrases that need it, near a word about replying or alone.
func (p *parser) eligible(c candidate, x context) bool {
	return x.aside == "" && (!c.NeedsAnchor || x.anchor != "" || p.alone(c))
}

// why says why the candidate at n was read.
func (p *parser) why(cs []candidate, ctx []context, n int) string {
	switch eligible := p.countEligible(cs, ctx); {
	case ctx[n].anchor != "":
		return "about getting back (\"" + ctx[n].anchor + "\")"
	case eligible == 1:
		return "the only date promised"
	default:
		return "the latest of the dates, none said to be about getting back"
	}
}

func (p *parser) countEligible(cs []candidate, ctx []context) int {
	n := 0
	for i, c := range cs {
		if p.eligible(c, ctx[i]) {
			n++
		}
	}
	return n
}

// maxSetAside caps the phrases listed in Result.SetAside.
const maxSetAside = 3

// asideList names the candidates other than the one at chosen, with why
// each was not taken.
func (p *parser) asideList(cs []candidate, ctx []context, chosen int) string {
	var out []string
	for n, c := range cs {
		if n == chosen || len(out) == maxSetAside {
			continue
		}
		reason := ctx[n].aside
		switch {
		case reason != "":
		case chosen >= 0 && !cs[chosen].From.IsZero() && c.Late == cs[chosen].From && n == chosen-1:
			reason = "the day counted from"
		case c.NeedsAnchor && ctx[n].anchor == "":
			reason = "not about getting back"
		case chosen >= 0 && ctx[chosen].anchor != "" && ctx[n].anchor == "":
			reason = "not about getting back"
		default:
			reason = "an earlier date"
		}
		out = append(out, "\""+p.matchText(c)+"\" ("+reason+")")
	}
	return strings.Join(out, "; ")
}

// matchText is the input text of c's tokens.
func (p *parser) matchText(c candidate) string {
	return p.Span(c.Start, c.End)
}

// alone reports whether c is all the text says, apart from cue words and
// punctuation: "today", "Today.", "by tomorrow", "in March?".
func (p *parser) alone(c candidate) bool {
	if p.Len() > c.End-c.Start+4 {
		return false
	}
	for i := range p.Len() {
		if i >= c.Start && i < c.End {
			continue
		}
		if t := p.At(i); t.Kind != commitment.KindPunct && !aloneWords[t.Text] {
			return false
		}
	}
	return true
}

// aloneWords may surround a phrase that is the whole text.
var aloneWords = map[string]bool{
	"by": true, "on": true, "in": true, "until": true, "till": true, "before": true, "within": true,
	"for": true, "during": true, "sometime": true, "maybe": true, "probably": true, "hopefully": true,
}

// anchorBack and anchorAhead bound how far from a candidate anchor words are sought.
const (
	anchorBack  = 12
	anchorAhead = 6
)

// contextOf reads the words around c in its sentence. Looking back, the
// nearest telling word wins: in "we decide in 2 weeks, the start date is
// January 15" the start date is not the reply, while in "we'll let you
// know the start date by Friday" the deadline word "by" makes "know" the
// nearer one. Looking ahead, only words about replying count, and words
// that set a date aside ("… is the start date") when no anchor was found.
func (p *parser) contextOf(c candidate) context {
	deadline := p.Is(c.Start-1, "by", "before", "within") || p.Is(c.Start, "by", "before", "within")
	for i := c.Start - 1; i >= 0 && i >= c.Start-anchorBack; i-- {
		w := p.Word(i)
		if p.sentenceEnd(i) {
			break
		}
		if anchorWords[w] {
			return context{anchor: w}
		}
		if r := p.asideBefore(i); r != "" && !deadline && !(r == pastMeeting && p.futureAfter(c)) {
			return context{aside: r}
		}
	}
	for i := c.End; i < p.Len() && i < c.End+anchorAhead; i++ {
		w := p.Word(i)
		if p.sentenceEnd(i) || w == "," {
			break
		}
		if anchorWords[w] {
			return context{anchor: w}
		}
		if r := asideAfter[w]; r != "" {
			return context{aside: r}
		}
	}
	return context{}
}

func (p *parser) sentenceEnd(i int) bool {
	return p.Is(i, ".", "!", "?", ";")
}

// pastMeeting is the reason for a date after a verb in the past.
const pastMeeting = "a past meeting"

// futureAfter reports whether the words right after c speak of the future
// ("we met everyone, and on Monday we'll call"), which a past verb before
// the date does not outweigh.
func (p *parser) futureAfter(c candidate) bool {
	for i := c.End; i < c.End+3 && i < p.Len(); i++ {
		if futureWords[p.Word(i)] {
			return true
		}
	}
	return false
}

// futureWords announce something still to come.
var futureWords = map[string]bool{
	"will": true, "we'll": true, "we’ll": true, "i'll": true, "i’ll": true, "you'll": true, "you’ll": true,
	"they'll": true, "they’ll": true, "shall": true, "going": true,
}

// asideBefore returns why the word at i, before a date in its sentence,
// sets the date aside, or "".
func (p *parser) asideBefore(i int) string {
	w := p.Word(i)
	if r := asideWords[w]; r != "" {
		return r
	}
	switch {
	case w == "day" && p.Is(i-1, "first") || w == "date" && p.Is(i-1, "joining", "start", "starting"):
		return "start date"
	case w == "leave" && p.Is(i-1, "on", "annual", "parental", "maternity", "paternity", "sick"):
		return "an absence"
	}
	return ""
}

// anchorWords are words that say a reply or decision will come.
var anchorWords = map[string]bool{
	"back": true, "hear": true, "touch": true, "know": true, "respond": true, "response": true,
	"reply": true, "answer": true, "decision": true, "decide": true, "decisions": true,
	"feedback": true, "update": true, "contact": true, "reach": true, "call": true,
	"email": true, "news": true, "outcome": true, "results": true, "schedule": true,
	"follow": true, "word": true, "offer": true, "confirm": true, "notify": true,
}

// asideWords before a date say what else it is about: a start date,
// opening hours, an office closure, someone's absence, a past round.
var asideWords = map[string]string{
	"start": "start date", "starts": "start date", "starting": "start date", "onboarding": "start date",
	"joining": "start date", "begin": "start date", "begins": "start date", "commence": "start date",
	"commences": "start date", "relocation": "start date",
	"closed": "office closure", "closure": "office closure", "closes": "office closure", "shut": "office closure",
	"reopen": "office closure", "reopens": "office closure", "reopening": "office closure",
	"hours": "opening hours", "open": "opening hours", "opens": "opening hours", "opening": "opening hours",
	"staffed":  "opening hours",
	"vacation": "an absence", "holiday": "an absence", "ooo": "an absence", "absent": "an absence",
	"away": "an absence", "pto": "an absence",
	"met": "a past meeting", "spoke": "a past meeting", "talked": "a past meeting", "interviewed": "a past meeting",
	"had": "a past meeting", "did": "a past meeting", "visited": "a past meeting", "took": "a past meeting",
	"happened": "a past meeting", "held": "a past meeting", "attended": "a past meeting",
}

// asideAfter are words after a date that set it aside when no word about
// replying is near: "January 15 is the start date", "Monday we're closed".
var asideAfter = map[string]string{
	"start": "start date", "starts": "start date", "onboarding": "start date", "closed": "office closure",
	"closure": "office closure", "ago": "a past meeting",
}
