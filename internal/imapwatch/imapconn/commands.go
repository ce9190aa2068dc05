package imapconn

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// The commands the Watcher uses, each bounded by ctx and the command
// timeout.

func (c *Client) CanIdle(ctx context.Context) (bool, error) {
	var ok bool
	err := c.do(ctx, "capability", func() error {
		caps := c.ic.Caps()
		if caps == nil {
			return errors.New("no capabilities")
		}
		ok = caps.Has(imap.CapIdle)
		return nil
	})
	return ok, err
}

// Examine selects mailbox read-only, so nothing the watcher does can
// change a flag.
// A mailbox the server refuses to open is a *MailboxError.
func (c *Client) Examine(ctx context.Context, mailbox string) (*imap.SelectData, error) {
	var data *imap.SelectData
	err := c.do(ctx, "examine "+mailbox, func() error {
		var err error
		data, err = c.ic.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
		return err
	})
	var refused *imap.Error
	if errors.As(err, &refused) {
		return nil, &MailboxError{mailbox: mailbox, err: refused}
	}
	return data, err
}

// Status asks for mailbox's UIDVALIDITY and UIDNEXT without selecting it.
// A mailbox the server refuses to open is a *MailboxError.
func (c *Client) Status(ctx context.Context, mailbox string) (*imap.StatusData, error) {
	var data *imap.StatusData
	err := c.do(ctx, "status "+mailbox, func() error {
		var err error
		data, err = c.ic.Status(mailbox, &imap.StatusOptions{UIDValidity: true, UIDNext: true}).Wait()
		return err
	})
	var refused *imap.Error
	if errors.As(err, &refused) {
		return nil, &MailboxError{mailbox: mailbox, err: refused}
	}
	return data, err
}

// MailboxError is a mailbox the server refuses to open, usually because
// the configured name has a typo: the user must act.
type MailboxError struct {
	mailbox string
	err     *imap.Error
}

func (e *MailboxError) Error() string {
	return fmt.Sprintf("mailbox %q cannot be opened (%v): check its name in [imap] mailboxes or [imap] sent", e.mailbox, e.err)
}

func (e *MailboxError) Unwrap() error { return e.err }

// SearchUIDs returns the UIDs matching criteria in the selected mailbox,
// ascending. Where the server offers ESEARCH (or IMAP4rev2) the answer is
// asked as RETURN (ALL), a compact set ("1:100000") instead of every UID
// written out.
func (c *Client) SearchUIDs(ctx context.Context, criteria *imap.SearchCriteria) ([]imap.UID, error) {
	var uids []imap.UID
	err := c.do(ctx, "search", func() error {
		var opts *imap.SearchOptions
		if c.esearch() {
			opts = &imap.SearchOptions{ReturnAll: true}
		}
		data, err := c.ic.UIDSearch(criteria, opts).Wait()
		if err != nil {
			return err
		}
		uids = data.AllUIDs()
		return nil
	})
	slices.Sort(uids)
	return uids, err
}

// FirstSince is the lowest UID received since since's day (SEARCH SINCE,
// RETURN (MIN) with ESEARCH), 0 when none was; the first message's own
// when it qualifies (days compared in its zone, as SINCE does), which
// spares the server a SEARCH that reads every message's date.
func (c *Client) FirstSince(ctx context.Context, since time.Time) (imap.UID, error) {
	var first *imapclient.FetchMessageBuffer
	err := c.do(ctx, "fetch the first message's date", func() error {
		msgs, err := c.ic.Fetch(imap.SeqSetNum(1), &imap.FetchOptions{UID: true, InternalDate: true}).Collect()
		if len(msgs) > 0 {
			first = msgs[0]
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	if first != nil && first.UID != 0 && !first.InternalDate.IsZero() &&
		first.InternalDate.Format(time.DateOnly) >= since.Format(time.DateOnly) {
		return first.UID, nil
	}
	criteria := &imap.SearchCriteria{Since: since}
	if !c.esearch() {
		uids, err := c.SearchUIDs(ctx, criteria)
		if err != nil || len(uids) == 0 {
			return 0, err
		}
		return uids[0], nil
	}
	var min imap.UID
	err = c.do(ctx, "search", func() error {
		data, err := c.ic.UIDSearch(criteria, &imap.SearchOptions{ReturnMin: true}).Wait()
		if err == nil {
			min = imap.UID(data.Min)
		}
		return err
	})
	return min, err
}

// esearch reports whether the server takes SEARCH RETURN options.
func (c *Client) esearch() bool {
	caps := c.ic.Caps()
	return caps.Has(imap.CapIMAP4rev2) || caps.Has(imap.CapESearch)
}

// Sections fetched for each new message: the whole header and a bounded
// prefix of the body, both with PEEK so \Seen is never set.
var HeaderSection = &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true}

func TextSection(maxBytes int) *imap.FetchItemBodySection {
	return &imap.FetchItemBodySection{Specifier: imap.PartSpecifierText, Peek: true,
		Partial: &imap.SectionPartial{Offset: 0, Size: int64(maxBytes)}}
}

// FetchMessages fetches uids from the selected mailbox, keyed by UID.
func (c *Client) FetchMessages(ctx context.Context, uids []imap.UID, maxBody int) (map[imap.UID]*imapclient.FetchMessageBuffer, error) {
	text := TextSection(maxBody)
	opts := &imap.FetchOptions{UID: true, InternalDate: true, RFC822Size: true,
		BodySection: []*imap.FetchItemBodySection{HeaderSection, text}}
	var msgs []*imapclient.FetchMessageBuffer
	err := c.do(ctx, "fetch", func() error {
		var err error
		msgs, err = c.ic.Fetch(imap.UIDSetNum(uids...), opts).Collect()
		return err
	})
	out := make(map[imap.UID]*imapclient.FetchMessageBuffer, len(msgs))
	for _, m := range msgs {
		out[m.UID] = m
	}
	return out, err
}

// errClosed reports a connection that ended while waiting for news.
var errClosed = errors.New("connection closed by the server or the network")

// WaitIdle runs IDLE until the server reports a new message count, restart
// passes, ctx ends or the connection dies. A clean return (nil) means
// "sync now". onIdle, when set, runs once the server accepted IDLE.
func (c *Client) WaitIdle(ctx context.Context, restart time.Duration, onIdle func()) error {
	var cmd *imapclient.IdleCommand
	err := c.do(ctx, "idle", func() error {
		// No tapped command (ScreenHeaders) from IDLE's start until the
		// server has seen it end: imapclient holds back its own commands
		// meanwhile; a tap would write in the middle of it.
		c.idling.Store(true)
		var err error
		if cmd, err = c.ic.Idle(); err != nil {
			c.idling.Store(false)
		}
		return err
	})
	if err != nil {
		return err
	}
	if onIdle != nil {
		onIdle()
	}
	timer := time.NewTimer(restart)
	defer timer.Stop()
	select {
	case <-c.changes:
	case <-timer.C:
	case <-ctx.Done():
		return ctx.Err()
	case <-c.ic.Closed():
		return errClosed
	}
	return c.do(ctx, "stop idle", func() error {
		if err := cmd.Close(); err != nil {
			return err
		}
		if err := cmd.Wait(); err != nil {
			return err
		}
		c.idling.Store(false)
		return nil
	})
}
