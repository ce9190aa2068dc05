package imapconn

import (
	"context"
	"slices"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Usual names of the Drafts and Sent mailboxes, tried in order when no
// mailbox carries the special-use attribute.
var (
	draftsNames = []string{"Drafts", "INBOX.Drafts", "INBOX/Drafts", "[Gmail]/Drafts", "Draft"}
	sentNames   = []string{"Sent", "Sent Items", "Sent Messages", "Sent Mail", "INBOX.Sent", "INBOX/Sent", "[Gmail]/Sent Mail"}
)

// Special finds the Drafts and Sent mailboxes from LIST "" "*" (with
// RETURN (SPECIAL-USE) when offered): the selectable mailbox with the
// \Drafts or \Sent attribute, else the first usual name present; "" when
// there is none. ctx bounds the command.
func Special(ctx context.Context, ic *imapclient.Client) (drafts, sent string, err error) {
	var list []*imap.ListData
	err = Bounded(ctx, ic, "list mailboxes", func() error {
		var opts *imap.ListOptions
		if ic.Caps().Has(imap.CapSpecialUse) {
			opts = &imap.ListOptions{ReturnSpecialUse: true}
		}
		var err error
		list, err = ic.List("", "*", opts).Collect()
		return err
	})
	if err != nil {
		return "", "", err
	}
	return findMailbox(list, imap.MailboxAttrDrafts, draftsNames), findMailbox(list, imap.MailboxAttrSent, sentNames), nil
}

// findMailbox returns the selectable mailbox with attr, else the first of
// names present (case-insensitively), else "".
func findMailbox(list []*imap.ListData, attr imap.MailboxAttr, names []string) string {
	for _, l := range list {
		if hasAttr(l, attr) && !hasAttr(l, imap.MailboxAttrNoSelect) {
			return l.Mailbox
		}
	}
	for _, name := range names {
		for _, l := range list {
			if strings.EqualFold(l.Mailbox, name) && !hasAttr(l, imap.MailboxAttrNoSelect) {
				return l.Mailbox
			}
		}
	}
	return ""
}

func hasAttr(l *imap.ListData, attr imap.MailboxAttr) bool {
	return slices.ContainsFunc(l.Attrs, func(a imap.MailboxAttr) bool { return strings.EqualFold(string(a), string(attr)) })
}
