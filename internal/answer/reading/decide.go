package reading

import (
	"slices"
	"strings"
)

// decision is a label, the hit that decided it (-1 for none) and, when the
// message is contradictory or only weakly worded, a reason.
type decided struct {
	label     Label
	decidedBy int
	reason    string
}

// decide picks the label from the counted hits: a rejection (a strong
// phrase, unless an offer or a strong invitation contradicts it: then
// Other; or a sentiment with a farewell, which yields to them); then
// offer, next round (a weak invitation yields to a hold), request, hold,
// other.
func decide(s *scanned) Reading {
	d := pick(s)
	r := Reading{Label: d.label, Reason: d.reason, Unsure: d.label == Other && d.reason != ""}
	r.decidedBy = d.decidedBy
	return r
}

func pick(s *scanned) decided {
	rej := s.firstOf(Rejection, false)
	sentiment, farewell := s.firstKind("sentiment"), s.firstKind("farewell")
	offer, invite := s.first(Offer), s.firstOf(NextRound, false)
	if rej < 0 && sentiment >= 0 && farewell >= 0 && offer < 0 && invite < 0 {
		return decided{Rejection, sentiment, "rejection: \"" + s.quote(s.text, s.hits[sentiment]) + "\" with \"" +
			s.quote(s.text, s.hits[farewell]) + "\""}
	}
	if rej >= 0 {
		if other := max(offer, invite); other >= 0 {
			return decided{Other, -1, "other: says both \"" + s.quote(s.text, s.hits[rej]) + "\" (a rejection) and \"" +
				s.quote(s.text, s.hits[other]) + "\": read it yourself"}
		}
		return decided{label: Rejection, decidedBy: rej}
	}
	weakInvite, mention := s.firstKind(weakKind), s.firstKind("mention")
	hold, request := s.first(OnHold), s.first(Request)
	switch {
	case offer >= 0:
		return decided{label: Offer, decidedBy: offer}
	case invite >= 0:
		return decided{label: NextRound, decidedBy: invite}
	case weakInvite >= 0 && hold < 0:
		return decided{label: NextRound, decidedBy: weakInvite}
	case len(s.links) > 0 && hold < 0:
		return decided{NextRound, -1, "next-round: a " + s.links[0] + " scheduling link"}
	case request >= 0:
		return decided{label: Request, decidedBy: request}
	case mention >= 0 && hold < 0:
		return decided{label: NextRound, decidedBy: mention}
	case hold >= 0:
		return decided{label: OnHold, decidedBy: hold}
	case sentiment >= 0:
		return decided{Other, -1, "other: \"" + s.quote(s.text, s.hits[sentiment]) + "\" but no decision stated"}
	}
	return decided{label: Other, decidedBy: -1}
}

// weakKind is the kind of weak invitations that are not mere mentions.
const weakKind = "assessment"

// firstKind is the first counted weak hit of a kind, or -1.
func (s *scanned) firstKind(kind string) int {
	for i, h := range s.hits {
		if h.weak && h.kind == kind && h.cancelled == "" {
			return i
		}
	}
	return -1
}

// findLinks records the schedulers linked from the text. A host is looked
// for only where a word equals its first label ("calendly" of
// "calendly.com"), so the cost is one map look-up per word.
func (s *scanned) findLinks(ix map[string][]schedulerHost) {
	for _, t := range s.toks {
		for _, h := range ix[t.word] {
			if strings.HasPrefix(s.text[t.start:], h.host) && !slices.Contains(s.links, h.name) {
				s.links = append(s.links, h.name)
			}
		}
	}
}
