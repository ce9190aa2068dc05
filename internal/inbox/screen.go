package inbox

import (
	"context"
	"slices"
	"strings"

	"github.com/followup-dev/followup/internal/answer"
	"github.com/followup-dev/followup/internal/classify"
	"github.com/followup-dev/followup/internal/followup/reply"
	"github.com/followup-dev/followup/internal/imapwatch"
)

// baseScreenFields are the header fields a screen reads: what ties a
// message to an interview (thread, people, company domain) and what tells
// a delivery report (classify.Screen); the applicant-tracking table adds
// the fields its vendors are recognised by. The classifier's other fields
// (Auto-Submitted, Precedence, List-*, …) decide what a message is, which
// matters only for the few messages wanted, and come with their whole
// header.
var baseScreenFields = []string{
	"Message-ID", "In-Reply-To", "References", "From", "Sender", "Reply-To", "To", "Subject",
	"Return-Path", "Content-Type", "X-Failed-Recipients", "X-MS-Exchange-Message-Is-Ndr",
}

// ScreenFields are the header fields the screen of a catch-up fetches with
// the built-in applicant-tracking table (bench/catchup fetches the same).
func ScreenFields() []string { return screenFieldsOf(answer.Default()) }

func (in *Inbox) screenFields() []string { return screenFieldsOf(in.atsTable()) }

// screenFieldsOf is baseScreenFields plus the fields t reads, without
// repeats (compared without case).
func screenFieldsOf(t *answer.Table) []string {
	out := slices.Clone(baseScreenFields)
	for _, n := range t.HeaderNames() {
		if !slices.ContainsFunc(out, func(f string) bool { return strings.EqualFold(f, n) }) {
			out = append(out, n)
		}
	}
	return out
}

// screen returns the screen of one sync: it wants a message whose header
// could make HandleIncoming do anything, judged on the keys the store
// matches on, read once per sync — a recorded Message-ID among its own,
// In-Reply-To or References; a person's address among its senders or
// recipients (with or without a +tag); a person's company domain among its
// senders' (free-mail and the user's own domains aside); a sign of a
// delivery report (its failed address is in the body); or an
// applicant-tracking sender. Everything else — most of a real mailbox —
// would match nothing, and its body is never fetched. The Message-ID of
// every wanted message joins the keys, so that a later message of the same
// sync answering it is wanted too.
func (in *Inbox) screen(ctx context.Context, _ string) (imapwatch.Screen, error) {
	keys, err := in.Store.LoadScreenKeys(ctx)
	if err != nil {
		return nil, err
	}
	ids := setOf(keys.MessageIDs)
	people := setOf(keys.People)
	domains := map[string]bool{}
	own := userDomains(in.Config.Me.Email)
	for _, p := range keys.People {
		if d := reply.Domain(p); d != "" && !reply.FreeMailDomain(d) && !slices.Contains(own, d) {
			domains[d] = true
		}
	}
	ats := in.atsTable()
	var sc classify.Screener // the screen is called one message at a time
	return func(h imapwatch.Header) bool {
		s := sc.Screen(h.Fields)
		if !wanted(s, ids, people, domains, ats, h.Fields) {
			return false
		}
		if id := s.Message.MessageID; id != "" {
			ids[id] = true
		}
		return true
	}, nil
}

// wanted is the screen's decision for one message.
func wanted(s classify.Screened, ids, people, domains map[string]bool, ats *answer.Table, fields []byte) bool {
	m := s.Message
	if s.MayBeBounce || s.Unsure || ids[m.MessageID] || slices.ContainsFunc(m.InReplyTo, member(ids)) || slices.ContainsFunc(m.References, member(ids)) {
		return true
	}
	for _, list := range [][]string{m.From, m.Sender, m.ReplyTo, m.To} {
		for _, a := range list {
			if people[a] || strings.Contains(a, "+") && people[reply.BaseAddress(a)] { // a is lower-cased
				return true
			}
		}
	}
	for _, list := range [][]string{m.From, m.Sender, m.ReplyTo} {
		for _, a := range list {
			if domains[reply.Domain(a)] {
				return true
			}
		}
	}
	if !ats.MayDetect(fields) {
		return false
	}
	_, fromATS := ats.Detect(answer.ParseHeader(fields).Header)
	return fromATS
}

func member(set map[string]bool) func(string) bool { return func(k string) bool { return set[k] } }

func setOf(keys []string) map[string]bool {
	set := make(map[string]bool, len(keys))
	for _, k := range keys {
		set[k] = true
	}
	return set
}
