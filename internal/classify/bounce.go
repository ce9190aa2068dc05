package classify

import (
	"regexp"
	"strings"

	"github.com/followup-dev/followup/internal/classify/mailread"
	"github.com/followup-dev/followup/internal/classify/phrase"
)

// failureSubjects start the subjects of non-delivery reports (Postfix,
// Sendmail, Exim, qmail, Gmail, Exchange and its translations, Lotus,
// Courier).
var failureSubjects = []string{
	"undelivered mail returned to sender", "delivery status notification (failure)",
	"returned mail:", "undeliverable", "undelivered mail", "mail delivery failed",
	"failure notice", "delivery failure", "delivery failed", "delivery notification: delivery has failed",
	"message delivery failure", "mail delivery failure", "mail system error", "nondeliverable",
	"non remis", "non distribuable", "unzustellbar", "nicht zustellbar", "non recapitabile",
	"no se puede entregar", "onbestelbaar", "kan niet worden bezorgd", "olevererbart",
	"notice: mail delivery status", "message not delivered", "returned to sender",
}

// delaySubjects start the subjects of delivery-delay warnings: not a
// failure yet, so not a bounce.
var delaySubjects = []string{
	"delivery status notification (delay)", "delayed mail", "warning: could not send message",
	"delivery delayed", "mail delivery delayed", "message delayed", "warning: message delayed",
}

// failedRecipientCues precede the failed address in bounce text.
var failedRecipientCues = []string{
	"wasn't delivered to", "wasn’t delivered to", "was not delivered to",
	"delivery to the following recipient", "following address(es) failed",
	"following addresses had permanent fatal errors", "following recipients failed",
	"delivery has failed to these recipients", "your message to", "could not be delivered to",
	"couldn't be delivered to", "couldn’t be delivered to", "unable to deliver to",
	"failed recipient", "original-recipient", "final-recipient", "could not be reached",
	"following recipient", "rcpt to:", "invalid recipient", "recipient address:", "failed address",
	"宛先", "送信先", "あて先",
}

// detectBounce recognises non-delivery reports. A delay warning (a DSN whose
// recipients are all "Action: delayed", or a mail-system message with a
// delay subject such as Exchange's "Delivery delayed:") is reported as Bulk:
// the message may still arrive, so it is not a failure, and it is not a reply.
// Delivery-failure evidence wins over a no-reply sender.
func detectBounce(h *mailread.Header, b *mailread.Body, e *evidence) (Result, bool) {
	isDSN := b.ReportType == "delivery-status" || len(b.DSN) > 0
	failed := e.failSubject || e.failText != ""
	switch {
	case isDSN && mailread.OnlyDelayed(b.DSN):
		return Result{Class: Bulk, Reason: "delivery-status report without a failure (delay or success notice)"}, true
	case isDSN:
		return bounce(h, b, "multipart/report delivery-status"), true
	case e.delay != "" && (e.system != "" || b.Report) && !h.Has("x-failed-recipients"):
		return Result{Class: Bulk, Reason: "delivery " + e.delay + " notice"}, true
	case h.Has("x-failed-recipients"):
		return bounce(h, b, "X-Failed-Recipients"), true
	case h.Has("x-ms-exchange-message-is-ndr"):
		return bounce(h, b, "X-MS-Exchange-Message-Is-Ndr"), true
	case e.system != "" && e.failSubject:
		return bounce(h, b, "mail system sender with delivery-failure subject"), true
	case e.system != "" && e.failText != "":
		return bounce(h, b, "mail system sender with delivery-failure text"), true
	case b.Report && failed:
		return bounce(h, b, strings.TrimSpace("multipart/report "+b.ReportType)+" with delivery-failure text"), true
	case e.listReject:
		return bounce(h, b, "mailing-list manager refused the message (\""+e.listNotice+"\")"), true
	case e.failSubject && e.failText != "":
		return bounce(h, b, "delivery-failure subject and text"), true
	case (e.automated() || e.nullSender) && e.failSubject:
		return bounce(h, b, "automated sender with delivery-failure subject"), true
	case e.automated() && e.failText != "" && (e.weakSubject || e.returned):
		return bounce(h, b, "automated sender with delivery-failure text"), true
	case e.failText != "" && e.returned && !e.personal && (e.nullSender || !e.answering):
		return bounce(h, b, "delivery-failure text with the returned message"), true
	case e.system != "" && e.weakSubject && e.delay == "":
		return bounce(h, b, "mail system sender with delivery-notice subject"), true
	}
	return Result{}, false
}

// bounce builds a bounce result, finding the failed recipient and the
// returned message's id.
func bounce(h *mailread.Header, b *mailread.Body, reason string) Result {
	r := Result{Class: Bounce, Reason: reason, FailedRecipient: findFailedRecipient(h, b)}
	if b.Original != nil {
		r.OriginalMessageID = b.Original.Msg.MessageID
	}
	return r
}

// findFailedRecipient looks for the failed address in, in order: the DSN
// part, X-Failed-Recipients, the report text, the header lines of the
// returned message quoted in the text, and the To of the attached returned
// message. The addresses of the returned message's sender (the bounce's
// recipient, the original From) and of mail systems are never taken.
func findFailedRecipient(h *mailread.Header, b *mailread.Body) string {
	ours := ownAddresses(h, b)
	if a := mailread.FailedRecipient(b.DSN); a != "" && !isOurs(a, ours) {
		return a
	}
	for _, a := range mailread.Addresses(h.Get("x-failed-recipients")) {
		if strings.Contains(a, "@") && !isOurs(a, ours) {
			return a
		}
	}
	if a := recipientInText(b.Lower, ours); a != "" {
		return a
	}
	if a := quotedRecipient(b.Lower+"\n"+strings.ToLower(b.Rest), ours); a != "" {
		return a
	}
	if b.Original != nil {
		for _, a := range b.Original.Msg.To {
			if !isOurs(a, ours) && !isSystemAddress(a) {
				return a
			}
		}
	}
	return anyAddress(strings.ToLower(h.Msg.Subject)+"\n"+b.Lower[:min(len(b.Lower), leadBytes)], ours)
}

// anyAddress is the last resort: the first address in text that is not
// ours, not a mail system's and not list software's.
func anyAddress(text string, ours []string) string {
	for _, a := range mailread.EmailPattern.FindAllString(text, 16) {
		a = strings.Trim(a, ".")
		if !isOurs(a, ours) && !isSystemAddress(a) && listAgentOf(Message{From: []string{a}}) == "" {
			return a
		}
	}
	return ""
}

// ownAddresses are the addresses a failed recipient cannot be: the bounce's
// own recipients and sender, and the returned message's From and Sender
// (including From lines of a copy quoted in the text).
func ownAddresses(h *mailread.Header, b *mailread.Body) []string {
	ours := append(append([]string(nil), h.Msg.To...), h.Msg.From...)
	if b.Original != nil {
		ours = append(append(ours, b.Original.Msg.From...), b.Original.Msg.Sender...)
	}
	for _, v := range quotedFields(b.Lower+"\n"+strings.ToLower(b.Rest), fromFields) {
		ours = append(ours, mailread.EmailPattern.FindAllString(v, 4)...)
	}
	return ours
}

// Header fields of a returned message quoted in bounce text, by what they say
// about its recipients.
var (
	recipientFields = []string{"x-failed-recipients", "original-recipient", "final-recipient", "envelope-to", "x-original-to", "to"}
	fromFields      = []string{"from", "sender", "return-path", "reply-to"}
)

// quotedRecipient returns the first address on a quoted recipient header
// line of text (in recipientFields order) that is not ours.
func quotedRecipient(text string, ours []string) string {
	for _, f := range recipientFields {
		for _, v := range quotedFields(text, []string{f}) {
			for _, a := range mailread.EmailPattern.FindAllString(v, 4) {
				if a = strings.Trim(a, "."); !isOurs(a, ours) && !isSystemAddress(a) {
					return a
				}
			}
		}
	}
	return ""
}

// quotedFields returns the values of header lines ("To: …", "> To: …")
// named in names found in text, in order, at most 16.
func quotedFields(text string, names []string) []string {
	var out []string
	for rest := text; rest != "" && len(out) < 16; {
		line, next, _ := strings.Cut(rest, "\n")
		rest = next
		line = strings.TrimLeft(line, " \t>")
		k, v, ok := strings.Cut(line, ":")
		if !ok || len(k) > 24 {
			continue
		}
		k = strings.TrimSpace(k)
		for _, n := range names {
			if k == n {
				out = append(out, v)
			}
		}
	}
	return out
}

// angleAddrLine matches the "<user@example.com>:" lines of Postfix and
// qmail reports and the "<user@example.com>" lines of Sendmail's.
var angleAddrLine = regexp.MustCompile(`(?m)^\s*<([^<>\s]+@[^<>\s]+)>:?\s*`)

// recipientInText finds the failed address in the human-readable report:
// after a cue phrase, then on a Postfix/qmail "<addr>:" line. Addresses of
// the bounce's own recipients (the sender of the original) are skipped.
// lower is the report text, lower-cased.
func recipientInText(lower string, ours []string) string {
	for _, cue := range failedRecipientCues {
		i := strings.Index(lower, cue)
		if i < 0 {
			continue
		}
		window := lower[i+len(cue) : min(len(lower), i+len(cue)+300)]
		if i := strings.Index(window, "\n\n"); i >= 0 && strings.Contains(window[:i], "@") {
			window = window[:i] // the paragraph of the cue, when it names an address
		}
		for _, a := range mailread.EmailPattern.FindAllString(window, 4) {
			if a = strings.Trim(a, "."); !isOurs(a, ours) && !isSystemAddress(a) {
				return a
			}
		}
	}
	for _, m := range angleAddrLine.FindAllStringSubmatch(lower, 8) {
		if !isOurs(m[1], ours) && !isSystemAddress(m[1]) {
			return m[1]
		}
	}
	return ""
}

func isOurs(addr string, ours []string) bool {
	for _, o := range ours {
		if o == addr {
			return true
		}
	}
	return false
}

// systemLocalParts are local parts of mail-system senders.
var systemLocalParts = []string{
	"mailer-daemon", "mailer_daemon", "maildaemon", "mail-daemon", "mailerdaemon", "postmaster",
	"microsoftexchange", "mdaemon", "double-bounce", "mail-delivery", "maildelivery", "mail.delivery",
}

// isSystemSender reports whether the first From address is a mail system
// (MAILER-DAEMON, postmaster, Exchange's system mailbox).
func isSystemSender(from []string) bool {
	return len(from) > 0 && isSystemAddress(from[0])
}

// isSystemAddress reports whether addr's local part names a mail system.
func isSystemAddress(addr string) bool {
	local, _, _ := strings.Cut(addr, "@")
	return local == "" || phrase.HasPrefixAny(local, systemLocalParts)
}
