// Package classify decides whether a received message is a person's reply, an
// automatic reply, a bounce or bulk mail, so that only real replies cancel
// pending follow-ups.
//
// The package is pure: it does no I/O and never reads the clock; dates are
// resolved against the message's own Date header. Every function accepts
// hostile input and bounds its work; see the Max* constants.
//
// Rules are tried in order: bounce (delivery-status reports,
// X-Failed-Recipients, Exchange NDR headers, mail-system senders — by
// address or display name — with failure subjects or text, list managers
// refusing a post, failure subjects from any automated sender), auto-reply
// (RFC 3834 Auto-Submitted, vendor vacation headers, read receipts,
// challenge/response verification requests, automatic-reply subject labels
// in several languages, vacation programs that say Precedence: bulk or
// junk), bulk (list headers, Precedence, unanswering Auto-Submitted,
// campaign headers, list-manager notices, no-reply and mail-system senders)
// and finally reply. Body text alone never turns a person's message into an
// auto-reply; X-Auto-Response-Suppress and a null Return-Path alone count for
// nothing. When signals conflict the verdict is "not a reply", and
// Result.Signals lists every signal weighed.
//
// Japanese mail in ISO-2022-JP, Shift_JIS and EUC-JP is decoded far enough
// to read kana and the kanji of failure and absence phrases (see mailread/cjk.go).
package classify

import (
	"time"

	"github.com/followup-dev/followup/internal/classify/mailread"
)

// Class is the kind of a received message.
type Class string

// The classes, in the order the rules are tried: bounce, auto-reply, bulk,
// then reply.
const (
	// Reply is a message written by a person: the only class that should
	// cancel pending follow-ups.
	Reply Class = "reply"
	// AutoReply is an automatic answer such as an out-of-office notice or a
	// read receipt.
	AutoReply Class = "auto-reply"
	// Bounce is a delivery-failure report (non-delivery report, DSN).
	Bounce Class = "bounce"
	// Bulk is list mail, newsletters, notifications, delay reports and any
	// message that cannot be parsed or is too large to be trusted.
	Bulk Class = "bulk"
)

// Result is the verdict on one message.
type Result struct {
	Class Class
	// Reason is a short human-readable explanation, e.g.
	// "Auto-Submitted: auto-replied" or "multipart/report delivery-status".
	Reason string
	// ReturnDate is the day an absent person says they are back, at 00:00
	// UTC; zero if none was found or the class is not AutoReply.
	ReturnDate time.Time
	// FailedRecipient is the lower-cased address that could not be reached
	// (bounces only; empty if it could not be found).
	FailedRecipient string
	// OriginalMessageID is the Message-ID of the message a bounce returns,
	// taken from its attached copy or headers; empty if absent.
	OriginalMessageID string
	// Signals lists every signal the rules weighed, in a fixed order,
	// including those that lost ("threaded: In-Reply-To or References",
	// "From: mail system address mailer-daemon@x.example",
	// "text: delivery failure (\"user unknown\")"). When signals
	// conflict, the verdict prefers "not a reply" and the last signal says
	// what outweighed the threading.
	Signals []string
	Message Message
}

// Message is the part of a message header the watcher needs to match a
// message to an interview, as mailread reads it (see Message).
type Message = mailread.Message

// Limits on the work done for one message, documented in mailread, which
// applies them. Input beyond them is ignored, so a hostile message costs
// time linear in at most MaxHeaderBytes+MaxBodyBytes.
const (
	MaxHeaderBytes = mailread.MaxHeaderBytes
	MaxFieldBytes  = mailread.MaxFieldBytes
	MaxBodyBytes   = mailread.MaxBodyBytes
	MaxTextBytes   = mailread.MaxTextBytes
	MaxReferences  = mailread.MaxReferences
	MaxAddresses   = mailread.MaxAddresses
	// LargeHeaderBytes is the header size above which a message is never
	// classified as a reply (no mail client writes such headers).
	LargeHeaderBytes = 256 << 10
)

// Classify parses a raw RFC 5322 message — a full message, or a header block
// followed by a body prefix of any length (a body cut mid-part is normal and
// classified on what is there) — and returns its class. It never panics.
// Blank lines before the header are skipped; a multipart body without a
// boundary or without parts is read as a client would show it (the
// boundary of its first delimiter line, else its text). Input without a
// header, with a malformed header line, without a From address, whose body
// does not decode to readable text, or with a header block over
// LargeHeaderBytes is never a Reply: it gets Class Bulk with a Reason
// starting "unparseable" or "oversized", unless a bounce, auto-reply or bulk
// rule matched first.
func Classify(raw []byte) Result {
	h := mailread.ReadHeader(raw)
	if h.Fields == 0 {
		return Result{Class: Bulk, Reason: "unparseable: no header", Message: h.Msg, Signals: []string{"no header field"}}
	}
	b := mailread.ReadBody(h)
	e := gather(h, b)
	r, ok := Result{}, false
	for _, rule := range []func(*mailread.Header, *mailread.Body, *evidence) (Result, bool){detectBounce, detectAutoReply, detectBulk} {
		if r, ok = rule(h, b, e); ok {
			break
		}
	}
	if !ok {
		r = replyResult(h, b)
	}
	if r.Class == Reply {
		e.note("no bounce, auto-reply or bulk signal: written by a person")
	}
	if r.Class != Reply && e.answering {
		e.note("not a reply although threaded: " + r.Reason + " outweighs In-Reply-To/References")
	}
	r.Message, r.Signals = h.Msg, e.signals
	return r
}

// replyResult returns the verdict for a message no automatic rule matched:
// a reply, unless the message is too broken or too large to trust.
func replyResult(h *mailread.Header, b *mailread.Body) Result {
	switch {
	case h.Malformed:
		return Result{Class: Bulk, Reason: "unparseable: malformed header line"}
	case b.Malformed != "":
		return Result{Class: Bulk, Reason: "unparseable: " + b.Malformed}
	case h.Size > LargeHeaderBytes:
		return Result{Class: Bulk, Reason: "oversized header"}
	case len(h.Msg.From) == 0:
		return Result{Class: Bulk, Reason: "unparseable: no From address"}
	case b.CalendarMethod != "":
		return Result{Class: Reply, Reason: "calendar " + b.CalendarMethod + " from a person"}
	}
	return Result{Class: Reply, Reason: "written by a person"}
}
