package classify

import (
	"strings"

	"github.com/followup-dev/followup/internal/classify/mailread"
	"github.com/followup-dev/followup/internal/classify/phrase"
)

// evidence is everything the rules weigh about one message, gathered once.
// Each field that is set also adds a line to signals, so the verdict can
// show every signal it weighed, including the ones that lost.
type evidence struct {
	system      string // why the sender is a mail system ("" if it is not)
	listAgent   string // why the sender is mailing-list software
	noReply     string // a no-reply or newsletter From, Sender or Reply-To
	auto        string // the Auto-Submitted keyword, "" for none or "no"
	precedence  string // lower-cased Precedence value
	answering   bool   // In-Reply-To or References is present
	personal    bool   // the subject starts like a person's reply or forward
	subject     string // lower-cased, trimmed
	nullSender  bool
	failSubject bool   // the subject reports a delivery failure
	weakSubject bool   // the subject is a delivery notice of unknown outcome
	delay       string // delay or success words in the subject
	failText    string // the first delivery-failure phrase of the text
	listNotice  string // a mailing-list manager phrase of the text
	listReject  bool   // … saying the post was refused
	challenge   string // a challenge/response anti-spam phrase
	oooSubject  bool
	oooText     bool
	returned    bool   // a copy of the returned message is attached or quoted
	responder   string // the template phrases of a header-less vacation responder
	signals     []string
}

// note records one signal.
func (e *evidence) note(s string) { e.signals = append(e.signals, s) }

// automated reports whether anything says a program sent the message.
func (e *evidence) automated() bool {
	return e.system != "" || e.listAgent != "" || e.noReply != "" || e.auto != "" ||
		e.precedence == "bulk" || e.precedence == "junk" || e.precedence == "list"
}

// gather collects the evidence of h and b.
func gather(h *mailread.Header, b *mailread.Body) *evidence {
	e := &evidence{signals: make([]string, 0, 8)}
	gatherSender(e, h)
	gatherHeaders(e, h)
	gatherSubject(e, h.Msg.Subject)
	gatherBody(e, b)
	return e
}

// gatherSender looks at who sent the message.
func gatherSender(e *evidence, h *mailread.Header) {
	from := h.Msg.From
	name := strings.ToLower(mailread.DecodeText(mailread.DisplayName(h.Get("from"))))
	switch {
	case isSystemSender(from):
		e.system = "mail system address " + from[0]
	case systemNameSet.First(name) != "":
		e.system = "mail system name \"" + name + "\""
	}
	if e.system != "" {
		e.note("From: " + e.system)
	}
	if a := listAgentOf(h.Msg); a != "" {
		e.listAgent = a
		e.note("From: mailing-list software " + a)
	}
	if r := senderBulkReason(h.Msg); r != "" && r != "mail system sender" {
		e.noReply = r
		e.note(r)
	}
	if e.nullSender = h.Msg.NullSender; e.nullSender {
		e.note("Return-Path: <> (null sender)")
	}
}

// gatherHeaders notes the header fields that mark automatic mail.
func gatherHeaders(e *evidence, h *mailread.Header) {
	e.auto = autoSubmitted(h)
	if e.auto != "" {
		e.note("Auto-Submitted: " + e.auto)
	}
	e.precedence = strings.ToLower(strings.TrimSpace(h.Get("precedence")))
	if e.precedence != "" {
		e.note("Precedence: " + e.precedence)
	}
	e.answering = len(h.Msg.InReplyTo) > 0 || len(h.Msg.References) > 0
	if e.answering {
		e.note("threaded: In-Reply-To or References")
	}
	for _, k := range notedHeaders {
		if h.Has(k.key) {
			e.note(k.name + " header")
		}
	}
	for _, c := range campaignHeaders {
		if h.Has(c.key) {
			e.note("campaign header " + c.name)
		}
	}
}

// notedHeaders are reported as signals when present.
var notedHeaders = []struct{ key, name string }{
	{"x-failed-recipients", "X-Failed-Recipients"}, {"x-ms-exchange-message-is-ndr", "X-MS-Exchange-Message-Is-Ndr"},
	{"x-autoreply", "X-Autoreply"}, {"x-autorespond", "X-Autorespond"}, {"x-autoresponder", "X-Autoresponder"},
	{"x-apple-action", "X-Apple-Action"}, {"list-id", "List-Id"}, {"list-unsubscribe", "List-Unsubscribe"},
	{"list-post", "List-Post"},
}

// gatherSubject reads the subject's delivery and out-of-office words.
func gatherSubject(e *evidence, subject string) {
	s := strings.ToLower(strings.TrimSpace(subject))
	e.subject = s
	e.personal = isPersonalSubject(s)
	e.failSubject = phrase.HasPrefixAny(s, failureSubjects) || !e.personal && failureSubjectSet.First(s) != ""
	e.delay = delayWords(s)
	e.weakSubject = !e.failSubject && !e.personal && noticeSubjectSet.First(s) != ""
	e.oooSubject = isOutOfOfficeSubject(subject)
	switch {
	case e.delay != "":
		e.note("subject: delivery " + e.delay + " notice")
	case e.failSubject:
		e.note("subject: delivery failure")
	case e.weakSubject:
		e.note("subject: delivery notice")
	}
	if e.oooSubject {
		e.note("subject: automatic-reply label")
	}
}

// gatherBody reads the body's phrases and structure.
func gatherBody(e *evidence, b *mailread.Body) {
	if b.Report {
		e.note("multipart/report report-type=" + b.ReportType)
	}
	if len(b.DSN) > 0 {
		e.note("message/delivery-status part")
	}
	e.returned = b.Original != nil || returnedSet.First(b.Lower) != ""
	if e.returned {
		e.note("a copy of the returned message")
	}
	hits := leadLists.Firsts(phrase.CollapseSpace(b.Lower[:min(len(b.Lower), leadBytes)]))
	if p := hits[leadFailure]; p != "" {
		e.failText = p
		e.note("text: delivery failure (\"" + p + "\")")
	}
	gatherListNotice(e, hits)
	if c := challengeOf(hits, !e.automated() && !e.nullSender && !phrase.ContainsAny(e.subject, challengeSubjects)); c != "" {
		e.challenge = c
		e.note("text: challenge/response verification (\"" + c + "\")")
	}
	e.oooText = hits[leadOOO] != ""
	if e.oooText {
		e.note("text: out-of-office words")
	}
	if e.oooText {
		e.responder = responderText(b.Lower)
	}
	if e.responder != "" {
		e.note("text: out-of-office responder template (\"" + e.responder + "\")")
	}
	if b.CalendarMethod != "" {
		e.note("calendar " + b.CalendarMethod)
	}
	if b.Malformed != "" {
		e.note("unreadable body: " + b.Malformed)
	}
}

// challengeSubjects are subject words of challenge/response requests.
var challengeSubjects = []string{"verif", "confirm", "protected", "challenge", "approval", "guest list"}

// leadBytes is how much of the text the phrase rules read: notices say what
// they are at the top, and a person's long quoted thread below must not
// lend its words to their reply.
const leadBytes = 8 << 10

// isPersonalSubject reports whether a lower-cased subject starts like a
// person's reply or forward ("Re:", "AW:", "Fwd:", "RE: RE:", "返信:").
func isPersonalSubject(s string) bool {
	label := subjectLabel(s)
	return personalLabels[label]
}

// personalLabels are reply and forward prefixes in several languages.
var personalLabels = map[string]bool{
	"re": true, "aw": true, "sv": true, "vs": true, "antw": true, "rif": true, "r": true, "res": true,
	"fw": true, "fwd": true, "wg": true, "tr": true, "rv": true, "enc": true, "i": true, "doorst": true,
	"返信": true, "转发": true, "回复": true, "답장": true,
}

// delayWords returns "delay" or "success" when a lower-cased subject is a
// delay warning or a delivery success notice, else "".
func delayWords(s string) string {
	switch {
	case phrase.HasPrefixAny(s, delaySubjects) || strings.Contains(s, "(delay)") || strings.Contains(s, "delayed mail"):
		return "delay"
	case strings.Contains(s, "(success)") || strings.Contains(s, "(relay)") || strings.HasPrefix(s, "delivered:") ||
		strings.HasPrefix(s, "relayed:") || strings.Contains(s, "successful delivery"):
		return "success"
	}
	return ""
}
