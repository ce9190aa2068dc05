package imapconn

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/textproto"
	"strings"

	"github.com/emersion/go-imap/v2"
)

// AppendDraft saves raw (an RFC 5322 message) to the Drafts mailbox with
// the \Draft and \Seen flags, as mail clients save drafts. Bare LF line
// endings are converted to CRLF. It blocks until the server confirms, ctx
// ends or the command timeout passes; ErrNoMailbox when there is no
// Drafts mailbox.
func (c *Client) AppendDraft(ctx context.Context, raw []byte) error {
	if c.drafts == "" {
		return fmt.Errorf("save draft: Drafts %w: set [imap] drafts", ErrNoMailbox)
	}
	return c.appendTo(ctx, c.drafts, raw, imap.FlagDraft, imap.FlagSeen)
}

// AppendSent files raw in the Sent mailbox with \Seen: it is the user's
// own copy of a message followup sent. Otherwise like AppendDraft.
func (c *Client) AppendSent(ctx context.Context, raw []byte) error {
	if c.sent == "" {
		return fmt.Errorf("save sent copy: Sent %w: set [imap] sent", ErrNoMailbox)
	}
	return c.appendTo(ctx, c.sent, raw, imap.FlagSeen)
}

func (c *Client) appendTo(ctx context.Context, mailbox string, raw []byte, flags ...imap.Flag) error {
	if len(raw) == 0 {
		return errors.New("append: empty message")
	}
	raw = toCRLF(raw)
	return c.do(ctx, "append to "+mailbox, func() error {
		cmd := c.ic.Append(mailbox, int64(len(raw)), &imap.AppendOptions{Flags: flags})
		if _, err := cmd.Write(raw); err != nil {
			cmd.Close()
			return err
		}
		if err := cmd.Close(); err != nil {
			return err
		}
		_, err := cmd.Wait()
		return err
	})
}

// toCRLF turns bare LF line endings into CRLF, as IMAP requires.
func toCRLF(b []byte) []byte {
	if !bytes.Contains(b, []byte("\n")) {
		return b
	}
	out := make([]byte, 0, len(b)+bytes.Count(b, []byte("\n")))
	for i, ch := range b {
		if ch == '\n' && (i == 0 || b[i-1] != '\r') {
			out = append(out, '\r')
		}
		out = append(out, ch)
	}
	return out
}

// HasMessageID reports whether mailbox holds a message whose Message-ID is
// messageID (angle brackets optional). It opens the mailbox read-only,
// searches with UID SEARCH HEADER Message-ID and confirms candidates by
// their exact header, peeking so no flag changes. It blocks like
// AppendDraft.
func (c *Client) HasMessageID(ctx context.Context, mailbox, messageID string) (bool, error) {
	id := strings.Trim(strings.TrimSpace(messageID), "<>")
	if id == "" || strings.ContainsAny(id, "\r\n\x00<>") {
		return false, fmt.Errorf("look up message id %q: not a message id", messageID)
	}
	var found bool
	err := c.do(ctx, "look up message id in "+mailbox, func() error {
		if _, err := c.ic.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
			return err
		}
		var err error
		found, err = c.searchMessageID(id)
		return err
	})
	return found, err
}

// maxIDCandidates bounds how many substring matches are checked exactly.
const maxIDCandidates = 50

func (c *Client) searchMessageID(id string) (bool, error) {
	criteria := &imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Message-ID", Value: id}}}
	data, err := c.ic.UIDSearch(criteria, nil).Wait()
	if err != nil {
		return false, err
	}
	uids := data.AllUIDs()
	if len(uids) == 0 {
		return false, nil
	}
	if len(uids) > maxIDCandidates {
		uids = uids[len(uids)-maxIDCandidates:]
	}
	section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, HeaderFields: []string{"Message-ID"}, Peek: true}
	msgs, err := c.ic.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		return false, err
	}
	for _, m := range msgs {
		if headerMessageID(m.FindBodySection(section)) == id {
			return true, nil
		}
	}
	return false, nil
}

// headerMessageID extracts the Message-ID, without angle brackets, from a
// header block.
func headerMessageID(header []byte) string {
	r := textproto.NewReader(bufio.NewReader(bytes.NewReader(header)))
	h, _ := r.ReadMIMEHeader()
	return strings.Trim(strings.TrimSpace(h.Get("Message-Id")), "<>")
}
