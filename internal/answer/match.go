package answer

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/answer/words"
	"github.com/followup-dev/followup/internal/followup"
)

// MaxAnswerAge is how long after an interview an ATS message may still be
// matched to it.
const MaxAnswerAge = 180 * 24 * time.Hour

// Candidate is an interview an ATS message may answer.
type Candidate struct {
	ID      string
	Company string
	Role    string
	Start   time.Time
	Status  followup.Status // closed interviews are never matched
}

// CandidateOf is the Candidate for an interview.
func CandidateOf(iv *followup.Interview) Candidate {
	return Candidate{ID: iv.ID, Company: iv.Company, Role: iv.Role, Start: iv.Start, Status: iv.Status}
}

// Outcome is how a match ended.
type Outcome string

// The outcomes of MatchInterview.
const (
	Matched   Outcome = "matched"   // one interview: ID
	Ambiguous Outcome = "ambiguous" // several fit equally: IDs; ask the user
	NoMatch   Outcome = "none"      // no open interview's company is named
)

// Match is which interview an ATS message is about, and why.
type Match struct {
	Outcome Outcome
	ID      string   // when Matched
	IDs     []string // when Ambiguous, in the candidates' order
	// Reason is one line for the log and the digest, e.g. `company "Acme"
	// in From name, role "Staff Engineer" in Subject, 4 days after the
	// interview`.
	Reason string
}

// evidence is what names one candidate in a message.
type evidence struct {
	c      Candidate
	where  string // where the company is named, "" if nowhere
	strong bool   // named in From, Reply-To, Subject or an ATS slug
	role   string // where the role is named, "" if nowhere
}

// fields are the places a company may be named, normalized (see
// normalized), and the slugs of the sending vendor found in the header
// addresses and the body.
type fields struct {
	fromName, replyTo, subject, body string
	slugs                            []string // the vendor's company slugs found
}

// MatchInterview matches an ATS message from vendor to one of cands.
// A company named in the From display name, Reply-To, Subject or the
// vendor's company slug outweighs one named only in the body; among
// interviews named equally, the one whose role is named wins; otherwise the
// match is Ambiguous. Closed interviews, and interviews more than
// MaxAnswerAge before the message, are left out. now bounds the message's
// Date (a Date in the future counts as now).
func (t *Table) MatchInterview(m Message, vendor string, cands []Candidate, now time.Time) Match {
	at := m.Date
	if at.IsZero() || at.After(now) {
		at = now
	}
	v := t.vendor(vendor)
	f := messageFields(m, v)
	var evs []evidence
	var skipped []string
	for _, c := range cands {
		if why := ineligible(c, at); why != "" {
			skipped = append(skipped, c.ID+" "+why)
			continue
		}
		evs = append(evs, weigh(c, f, v))
	}
	return choose(evs, skipped, at)
}

// ineligible says why a candidate cannot be matched, or "".
func ineligible(c Candidate, at time.Time) string {
	switch {
	case c.Status == followup.StatusClosed:
		return "is closed"
	case !c.Start.IsZero() && at.Sub(c.Start) > MaxAnswerAge:
		return fmt.Sprintf("was %d days before the message", int(at.Sub(c.Start).Hours()/24))
	}
	return ""
}

// messageFields prepares the places a company is named.
func messageFields(m Message, v Vendor) fields {
	name := m.From
	if a, err := mail.ParseAddress(m.From); err == nil {
		name = a.Name
	} else if i := strings.IndexByte(m.From, '<'); i >= 0 {
		name = m.From[:i]
	}
	hay := strings.ToLower(strings.Join([]string{m.From, m.ReplyTo, m.Header.Get("sender"), m.Header.Get("return-path"), m.Text}, "\n"))
	return fields{
		fromName: normalized(name),
		replyTo:  normalized(m.ReplyTo),
		subject:  normalized(m.Subject),
		body:     normalized(words.Clip(m.Text, MaxText)),
		slugs:    slugsIn(v, hay),
	}
}

// weigh finds where a candidate's company and role are named.
func weigh(c Candidate, f fields, v Vendor) evidence {
	e := evidence{c: c}
	name := companyWords(c.Company)
	for _, p := range []struct{ where, text string }{{"From name", f.fromName}, {"Subject", f.subject}, {"Reply-To", f.replyTo}} {
		if namesIn(p.text, name) {
			e.where, e.strong = p.where, true
			break
		}
	}
	if e.where == "" {
		for _, s := range f.slugs {
			if slugNames(s, name) {
				e.where, e.strong = v.Name+" slug \""+s+"\"", true
				break
			}
		}
	}
	if e.where == "" && len(strings.Join(name, "")) >= 3 && namesIn(f.body, name) {
		e.where = "body"
	}
	role := roleWords(c.Role)
	switch {
	case len(role) == 0:
	case namesIn(f.subject, role):
		e.role = "Subject"
	case namesIn(f.body, role):
		e.role = "body"
	}
	return e
}

// seniority words are left out when a role is looked for: "Senior Backend
// Developer" is named by "Backend Developer (m/w/d)".
var seniority = words.Set("senior", "sr", "junior", "jr", "staff", "principal", "lead", "head", "i", "ii", "iii", "iv", "m", "w", "d", "f", "x", "h")

// roleWords is the role's words without seniority and gender marks when
// at least two words are left ("Staff Engineer" stays whole: "engineer"
// alone would name every engineering role).
func roleWords(role string) []string {
	all := words.Split(role)
	var out []string
	for _, w := range all {
		if !seniority[w] {
			out = append(out, w)
		}
	}
	if len(out) < 2 {
		return all
	}
	return out
}

// choose applies the tiers: strongly named, else named in the body; then
// the role decides between several; else ambiguous.
func choose(evs []evidence, skipped []string, at time.Time) Match {
	var strong, body []evidence
	for _, e := range evs {
		switch {
		case e.strong:
			strong = append(strong, e)
		case e.where != "":
			body = append(body, e)
		}
	}
	tier := strong
	if len(tier) == 0 {
		tier = body
	}
	switch {
	case len(tier) == 0:
		return Match{Outcome: NoMatch, Reason: noMatchReason(evs, skipped)}
	case len(tier) == 1:
		return matched(tier[0], at)
	}
	var withRole []evidence
	for _, e := range tier {
		if e.role != "" {
			withRole = append(withRole, e)
		}
	}
	if len(withRole) == 1 {
		return matched(withRole[0], at)
	}
	if len(withRole) > 1 {
		tier = withRole
	}
	m := Match{Outcome: Ambiguous}
	var names []string
	for _, e := range tier {
		m.IDs = append(m.IDs, e.c.ID)
		names = append(names, fmt.Sprintf("%s (%s, %s)", e.c.ID, e.c.Company, e.c.Role))
	}
	m.Reason = "several open interviews fit equally: " + strings.Join(names, ", ") + "; ask the user"
	return m
}

// matched is the Match for one candidate, with its reason.
func matched(e evidence, at time.Time) Match {
	r := fmt.Sprintf("company %q in %s", e.c.Company, e.where)
	if e.role != "" {
		r += fmt.Sprintf(", role %q in %s", e.c.Role, e.role)
	}
	if !e.c.Start.IsZero() {
		if d := at.Sub(e.c.Start); d >= 0 {
			r += fmt.Sprintf(", %d days after the interview", int(d.Hours()/24))
		} else {
			r += ", before the interview"
		}
	}
	return Match{Outcome: Matched, ID: e.c.ID, Reason: r}
}

// noMatchReason explains a NoMatch.
func noMatchReason(evs []evidence, skipped []string) string {
	var names []string
	for _, e := range evs {
		if n := fmt.Sprintf("%q", e.c.Company); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	r := "no open interview's company is named"
	if len(names) > 0 {
		r += " (looked for " + strings.Join(names, ", ") + ")"
	}
	if len(skipped) > 0 {
		r += "; left out: " + strings.Join(skipped, ", ")
	}
	return r
}

// vendor returns the table's vendor of that name, or a zero Vendor.
func (t *Table) vendor(name string) Vendor {
	for _, v := range t.vendors {
		if v.Name == name {
			return v
		}
	}
	return Vendor{}
}
