package classify

import (
	"bytes"
	"slices"
	"strings"

	"github.com/followup-dev/followup/internal/classify/mailread"
	"github.com/followup-dev/followup/internal/classify/phrase"
)

// Screened is what a message's header alone tells a screen deciding
// whether the whole message must be read: the addresses and msg-ids an
// interview is matched on, and whether the message may be a non-delivery
// report (whose failed address and returned Message-ID are only in its
// body).
type Screened struct {
	// Message holds MessageID, InReplyTo, References and the From,
	// Sender, Reply-To and To addresses. Addresses are every word with an
	// '@' of those fields, lower-cased, so they include every address
	// Classify reads there (and may hold more, from a display name).
	Message     Message
	MayBeBounce bool
	// Unsure says an address field holds an address Screen cannot read
	// without parsing it ("jane doe"@example.com, a comment inside the
	// address): the message may concern anyone.
	Unsure bool
}

// Screen reads only the header of raw — the whole header block, or some of
// its fields, with or without a body after it — for screening many
// messages: about ten times cheaper than Classify, as it decodes nothing
// it need not. MayBeBounce is true for anything with a sign of a delivery
// report in its header (a mail-system, mailing-list-software or null
// sender, a delivery subject, multipart/report, X-Failed-Recipients, an
// Exchange NDR header) and for input with no header field at all. Every
// bounce fixture of the classifier's tests is flagged; what is not is a
// bounce recognised by its body text alone, from a sender that looks like
// a person or an ordinary program (no-reply, Auto-Submitted).
func Screen(raw []byte) Screened {
	var sc Screener
	return sc.Screen(raw)
}

// A Screener screens one message after another with the buffers of the
// ones before: its Screen is Screen without most of the allocations, and
// what it returns is valid only until its next call (the strings in it
// stay valid; the slices are reused). The zero value is ready to use; it
// is not safe for concurrent use.
type Screener struct{ s screenScan }

// Screen is Screen with sc's buffers.
func (sc *Screener) Screen(raw []byte) Screened {
	sc.s.reset()
	s := &sc.s
	raw = raw[mailread.SkipBlankLines(raw, mailread.SkipMboxLine(raw)):]
	for len(raw) > 0 {
		line := raw
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			line, raw = raw[:i], raw[i+1:]
		} else {
			raw = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 {
			break // end of the header
		}
		if line[0] == ' ' || line[0] == '\t' {
			s.value = append(s.value, line...)
			continue
		}
		s.finish()
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 {
			continue
		}
		s.fields++
		s.key = screenKey(bytes.TrimRight(line[:colon], " \t"))
		s.value = append(s.value[:0], line[colon+1:]...)
	}
	s.finish()
	if s.fields == 0 {
		return Screened{MayBeBounce: true}
	}
	return Screened{Message: s.msg, MayBeBounce: s.mayBeBounce(), Unsure: s.unsure}
}

// screenScan collects the fields Screen reads, one unfolded field at a time.
type screenScan struct {
	key             string
	value           []byte
	fields          int
	msg             Message
	fromValue       []byte // the From value as it is
	reportType      bool
	failedRcptField bool
	unsure          bool // an address field Screen could not read
}

// reset readies s for the next message, keeping its buffers.
func (s *screenScan) reset() {
	m := Message{From: s.msg.From[:0], Sender: s.msg.Sender[:0], ReplyTo: s.msg.ReplyTo[:0], To: s.msg.To[:0],
		InReplyTo: s.msg.InReplyTo[:0], References: s.msg.References[:0]}
	*s = screenScan{value: s.value[:0], fromValue: s.fromValue[:0], msg: m}
}

func (s *screenScan) finish() {
	v := s.value
	switch s.key {
	case "from":
		s.msg.From = s.addresses(s.msg.From, v)
		s.fromValue = append(s.fromValue[:0], v...)
	case "sender":
		s.msg.Sender = s.addresses(s.msg.Sender, v)
	case "reply-to":
		s.msg.ReplyTo = s.addresses(s.msg.ReplyTo, v)
	case "to":
		s.msg.To = s.addresses(s.msg.To, v)
	case "message-id":
		if s.msg.MessageID == "" {
			s.msg.MessageID = mailread.FirstMsgID(v)
		}
	case "in-reply-to":
		s.msg.InReplyTo = append(s.msg.InReplyTo, mailread.MsgIDs(v, MaxReferences, 0)...)
	case "references":
		s.msg.References = append(s.msg.References, mailread.MsgIDs(v, MaxReferences, MaxReferences)...)
	case "subject":
		s.msg.Subject = mailread.DecodeIfEncoded(bytes.TrimSpace(v))
	case "return-path":
		s.msg.NullSender = s.msg.NullSender || string(bytes.TrimSpace(v)) == "<>"
	case "content-type":
		ct := bytes.TrimSpace(v)
		s.reportType = s.reportType || len(ct) >= len("multipart/report") && bytes.EqualFold(ct[:len("multipart/report")], []byte("multipart/report"))
	case "x-failed-recipients", "x-ms-exchange-message-is-ndr":
		s.failedRcptField = true
	}
	s.key = ""
}

// screenKeys are the fields Screen reads, lower-cased.
var screenKeys = []string{"from", "sender", "reply-to", "to", "message-id", "in-reply-to", "references", "subject",
	"return-path", "content-type", "x-failed-recipients", "x-ms-exchange-message-is-ndr"}

// screenKey is name as one of screenKeys, or "" for any other field, without
// an allocation.
func screenKey(name []byte) string {
	for _, k := range screenKeys {
		if len(k) == len(name) && bytes.EqualFold(name, []byte(k)) {
			return k
		}
	}
	return ""
}

// mayBeBounce weighs the header's delivery-report signs with the rules
// Classify uses.
func (s *screenScan) mayBeBounce() bool {
	system := slices.ContainsFunc(s.msg.From, isSystemAddress) || systemNameSet.First(strings.ToLower(mailread.DecodeIfEncoded(s.fromValue))) != ""
	return system || listAgentOf(s.msg) != "" || s.msg.NullSender || deliverySubject(s.msg.Subject) ||
		s.reportType || s.failedRcptField
}

// deliverySubject reports what gatherSubject calls a failure, delay or
// delivery-notice subject.
func deliverySubject(subject string) bool {
	s := strings.ToLower(strings.TrimSpace(subject))
	if phrase.HasPrefixAny(s, failureSubjects) || delayWords(s) != "" {
		return true
	}
	return (failureSubjectSet.First(s) != "" || noticeSubjectSet.First(s) != "") && !isPersonalSubject(s)
}

// addresses appends to list the words of v holding an '@', noting when
// one cannot be read that way.
func (s *screenScan) addresses(list []string, v []byte) []string {
	list, unsure := mailread.AppendAtWords(list, v)
	s.unsure = s.unsure || unsure
	return list
}
