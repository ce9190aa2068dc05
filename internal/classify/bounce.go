package classify

import (
	"regexp"
	"strings"
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

// failurePhrases appear in the text of non-delivery reports.
var failurePhrases = []string{
	"could not be delivered", "couldn't be delivered", "couldn’t be delivered",
	"wasn't delivered", "wasn’t delivered", "was not delivered", "undeliverable",
	"delivery has failed", "delivery to the following recipient", "permanent error",
	"permanent fatal error", "failed permanently", "user unknown", "mailbox unavailable",
	"no such user", "recipient address rejected", "this is the qmail-send program",
	"unable to deliver", "did not reach some or all of the intended recipients",
	"not listed in", "returned to the sender", "could not deliver",
}

// failedRecipientCues precede the failed address in bounce text.
var failedRecipientCues = []string{
	"wasn't delivered to", "wasn’t delivered to", "was not delivered to",
	"delivery to the following recipient", "following address(es) failed",
	"following addresses had permanent fatal errors", "following recipients failed",
	"delivery has failed to these recipients", "your message to", "could not be delivered to",
	"couldn't be delivered to", "couldn’t be delivered to", "unable to deliver to",
	"failed recipient", "original-recipient", "final-recipient",
}

// detectBounce recognises non-delivery reports. A delay warning (a DSN whose
// recipients are all "Action: delayed", or a mail-system message with a
// delay subject such as Exchange's "Delivery delayed:") is reported as Bulk:
// the message may still arrive, so it is not a failure, and it is not a reply.
func detectBounce(h *header, b *body) (Result, bool) {
	isReport := b.reportType == "delivery-status" || len(b.dsn) > 0
	subject := strings.ToLower(strings.TrimSpace(h.msg.Subject))
	system := isSystemSender(h.msg.From)
	switch {
	case isReport && onlyDelayed(b.dsn):
		return Result{Class: Bulk, Reason: "delivery-status report without a failure (delay or success notice)"}, true
	case isReport:
		return bounce(h, b, "multipart/report delivery-status"), true
	case system && hasPrefixAny(subject, delaySubjects) && !h.has("x-failed-recipients"):
		return Result{Class: Bulk, Reason: "delivery delay warning"}, true
	case h.has("x-failed-recipients"):
		return bounce(h, b, "X-Failed-Recipients"), true
	case h.has("x-ms-exchange-message-is-ndr"):
		return bounce(h, b, "X-MS-Exchange-Message-Is-Ndr"), true
	case system && hasPrefixAny(subject, failureSubjects):
		return bounce(h, b, "mail system sender with delivery-failure subject"), true
	case system && containsAny(b.lower, failurePhrases):
		return bounce(h, b, "mail system sender with delivery-failure text"), true
	case hasPrefixAny(subject, failureSubjects) && containsAny(b.lower, failurePhrases):
		return bounce(h, b, "delivery-failure subject and text"), true
	}
	return Result{}, false
}

// bounce builds a bounce result, finding the failed recipient and the
// returned message's id.
func bounce(h *header, b *body, reason string) Result {
	r := Result{Class: Bounce, Reason: reason, FailedRecipient: findFailedRecipient(h, b)}
	if b.original != nil {
		r.OriginalMessageID = b.original.msg.MessageID
	}
	return r
}

// findFailedRecipient looks for the failed address in, in order: the DSN
// part, X-Failed-Recipients, the report text, and the To of the returned
// message.
func findFailedRecipient(h *header, b *body) string {
	if a := failedRecipient(b.dsn); a != "" {
		return a
	}
	if a := addresses(h.get("x-failed-recipients")); len(a) > 0 && strings.Contains(a[0], "@") {
		return a[0]
	}
	if a := recipientInText(b.lower, h.msg.To); a != "" {
		return a
	}
	if b.original != nil && len(b.original.msg.To) > 0 {
		return b.original.msg.To[0]
	}
	return ""
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
		for _, a := range emailPattern.FindAllString(window, 4) {
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
var systemLocalParts = []string{"mailer-daemon", "mailer_daemon", "maildaemon", "mail-daemon", "postmaster", "microsoftexchange"}

// isSystemSender reports whether the first From address is a mail system
// (MAILER-DAEMON, postmaster, Exchange's system mailbox).
func isSystemSender(from []string) bool {
	return len(from) > 0 && isSystemAddress(from[0])
}

// isSystemAddress reports whether addr's local part names a mail system.
func isSystemAddress(addr string) bool {
	local, _, _ := strings.Cut(addr, "@")
	return local == "" || hasPrefixAny(local, systemLocalParts)
}

// hasPrefixAny reports whether s starts with one of prefixes.
func hasPrefixAny(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// containsAny reports whether s contains one of subs.
func containsAny(s string, subs []string) bool {
	for _, p := range subs {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}
