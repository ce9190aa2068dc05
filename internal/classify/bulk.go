package classify

import (
	"strings"

	"github.com/followup-dev/followup/internal/classify/mailread"
	"github.com/followup-dev/followup/internal/classify/phrase"
)

// listHeaders mark mailing-list mail (RFC 2369, RFC 2919), in the order
// they are reported.
var listHeaders = []struct{ key, name string }{
	{"list-id", "List-Id"}, {"list-unsubscribe", "List-Unsubscribe"}, {"list-post", "List-Post"},
}

// campaignHeaders are set by marketing email services (Mailchimp, Brevo,
// Salesforce Marketing Cloud, Constant Contact, CSA-certified senders).
// Transactional services (SendGrid, Mailgun, SES) are deliberately absent:
// applicant-tracking systems send recruiters' personal replies through them.
var campaignHeaders = []struct{ key, name string }{
	{"x-campaign", "X-Campaign"}, {"x-campaignid", "X-CampaignID"}, {"x-campaign-id", "X-Campaign-Id"},
	{"x-mc-user", "X-MC-User"}, {"x-mailin-campaign", "X-Mailin-Campaign"}, {"x-sfmc-stack", "X-SFMC-Stack"},
	{"x-roving-campaignid", "X-Roving-Campaignid"}, {"x-csa-complaints", "X-CSA-Complaints"},
}

// noReplyMarkers are substrings of notification senders' local parts
// ("no-reply", "messages-noreply", "donotreply"); newsletterLocalParts are
// whole local parts.
var (
	noReplyMarkers       = []string{"noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply"}
	newsletterLocalParts = map[string]bool{"newsletter": true, "newsletters": true, "notifications": true, "notification": true}
)

// detectBulk recognises list mail, marketing, machine notifications and
// mail-system messages that are not bounces. A list message is bulk even
// when a known interviewer wrote it.
func detectBulk(h *mailread.Header, b *mailread.Body, e *evidence) (Result, bool) {
	if r := bulkReason(h, b, e); r != "" {
		return Result{Class: Bulk, Reason: r}, true
	}
	return Result{}, false
}

// bulkReason returns why h is bulk mail, or "".
func bulkReason(h *mailread.Header, b *mailread.Body, e *evidence) string {
	for _, l := range listHeaders {
		if h.Has(l.key) {
			return l.name + " header"
		}
	}
	switch p := e.precedence; p {
	case "bulk", "list", "junk":
		return "Precedence: " + p
	}
	if e.auto != "" {
		return "Auto-Submitted: " + e.auto
	}
	for _, c := range campaignHeaders {
		if h.Has(c.key) {
			return "campaign header " + c.name
		}
	}
	switch {
	case strings.Contains(strings.ToLower(h.Get("x-mailer")), "mailchimp"):
		return "X-Mailer: Mailchimp"
	case b.Report && b.ReportType != "":
		return "multipart/report " + b.ReportType
	case b.Report:
		return "multipart/report"
	case e.listNotice != "":
		return "mailing-list manager notice (\"" + e.listNotice + "\")"
	case e.listAgent != "":
		return "mailing-list software sender " + e.listAgent
	case e.noReply != "":
		return e.noReply
	case e.system != "":
		return "mail system sender"
	}
	return ""
}

// senderBulkReason flags no-reply and mail-system senders. A no-reply
// Reply-To counts too: a person never asks for answers to go nowhere, while
// applicant-tracking systems (Workday) send from a company-looking address
// with a do-not-reply Reply-To.
func senderBulkReason(m Message) string {
	for _, list := range [][]string{m.From, m.Sender} {
		for _, a := range list[:min(len(list), 4)] {
			if isNoReply(a) {
				return "no-reply sender " + a
			}
		}
	}
	for _, a := range m.ReplyTo[:min(len(m.ReplyTo), 4)] {
		if isNoReply(a) {
			return "no-reply Reply-To " + a
		}
	}
	if isSystemSender(m.From) {
		return "mail system sender"
	}
	return ""
}

// isNoReply reports whether addr is a no-reply or newsletter mailbox.
func isNoReply(addr string) bool {
	local, _, _ := strings.Cut(addr, "@")
	return phrase.ContainsAny(local, noReplyMarkers) || newsletterLocalParts[local]
}
