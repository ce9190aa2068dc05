package imapwatch

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// screenBatch bounds how many messages one header FETCH screens: large
// enough that a catch-up of a big mailbox costs few round trips, small
// enough that a crash re-reads little (progress is recorded per batch).
const screenBatch = 1000

// Header is the screening view of one message: the header fields
// WatchOptions.ScreenFields names, exactly as stored.
type Header struct {
	UID    uint32
	Fields []byte
}

// Screen decides from a message's header fields whether the handler must
// see the whole message. It is called in UID order, never concurrently.
type Screen func(Header) bool

// deliverScreened is deliver in two phases per batch of screenBatch UIDs:
// the header fields of the whole batch in one FETCH, each handed to the
// screen as it arrives; then the whole messages the screen wants, fetched
// and handled as deliverAll does. The stored position advances once per
// batch, after every wanted message of it was handled, so a crash re-reads
// at most one batch (the handler is idempotent). A catch-up of more than
// one batch screens on c while a second connection fetches and hands over
// the wanted messages of the batch before (pipelined), so that neither
// the handler nor the server's first opening of message files waits for
// the screening, nor the other way round.
func (w *Watcher) deliverScreened(ctx context.Context, c *Client, mailbox string, uidValidity uint32, uids []imap.UID) error {
	screen, err := w.opts.Screen(ctx, mailbox)
	if err != nil {
		return fmt.Errorf("screen %s: %w", mailbox, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	fetcher := w.fetcher(ctx, c, mailbox, uidValidity, len(uids) > screenBatch)
	defer func() {
		cancel() // a dial still under way ends
		fetcher.close()
	}()
	batches := make(chan screenedBatch, 1)
	screenErr := make(chan error, 1)
	go func() {
		defer close(batches)
		screenErr <- w.screenAll(ctx, c, mailbox, uids, screen, batches)
	}()
	for b := range batches {
		fc, err := fetcher.get()
		if err == nil {
			err = w.handleWanted(ctx, fc, mailbox, uidValidity, b.wanted)
		}
		if err != nil {
			cancel()
			for range batches { // let the screening end
			}
			return err
		}
		if err := w.st.SetIMAPState(ctx, mailbox, uidValidity, b.last, w.opts.Clock.Now(), "ok"); err != nil {
			cancel()
			for range batches {
			}
			return err
		}
		w.report(Progress{Mailbox: mailbox, Done: b.done, Total: len(uids), Read: b.read})
	}
	return <-screenErr
}

// screenedBatch is one batch screened: its last UID, the UIDs wanted, and
// how many messages it and those before it hold.
type screenedBatch struct {
	last       uint32
	wanted     []imap.UID
	done, read int
}

// screenAll screens uids on c batch by batch and sends each batch's result.
func (w *Watcher) screenAll(ctx context.Context, c *Client, mailbox string, uids []imap.UID, screen Screen, out chan<- screenedBatch) error {
	for start := 0; start < len(uids); start += screenBatch {
		batch := uids[start:min(start+screenBatch, len(uids))]
		wanted, err := c.screenHeaders(ctx, batch, w.opts.ScreenFields, screen)
		if err != nil {
			return err
		}
		if w.screened != nil {
			w.screened(mailbox, wanted)
		}
		select {
		case out <- screenedBatch{last: uint32(batch[len(batch)-1]), wanted: wanted, done: start + len(batch), read: len(batch)}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// lazyClient is the connection the wanted messages are fetched on: c
// itself, or a second one dialled meanwhile (while the first batch is
// screened).
type lazyClient struct {
	ready chan struct{}
	c     *Client
	err   error
	own   bool // c is the second connection, closed by close
}

// fetcher returns c, or with second a connection being dialled on mailbox.
func (w *Watcher) fetcher(ctx context.Context, c *Client, mailbox string, uidValidity uint32, second bool) *lazyClient {
	l := &lazyClient{ready: make(chan struct{}), c: c}
	if !second {
		close(l.ready)
		return l
	}
	l.own = true
	go func() {
		defer close(l.ready)
		l.c, l.err = w.second(ctx, mailbox, uidValidity)
	}()
	return l
}

func (l *lazyClient) get() (*Client, error) {
	<-l.ready
	return l.c, l.err
}

func (l *lazyClient) close() {
	if c, err := l.get(); l.own && err == nil {
		c.Close()
	}
}

// second opens another connection on mailbox for the whole-message
// fetches of a pipelined catch-up, and checks that it sees the same
// mailbox (UIDVALIDITY).
func (w *Watcher) second(ctx context.Context, mailbox string, uidValidity uint32) (*Client, error) {
	c, err := w.dial(ctx)
	if err != nil {
		return nil, err
	}
	sel, err := c.examine(ctx, mailbox)
	if err == nil && sel.UIDValidity != uidValidity {
		err = fmt.Errorf("%s: UIDVALIDITY changed during sync", mailbox)
	}
	if err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// handleWanted fetches the whole messages of uids, fetchBatch at a time,
// and hands each to the handler; one expunged meanwhile (absent from the
// answer, or answered without a header as some servers do for a message
// expunged by another session) is skipped.
func (w *Watcher) handleWanted(ctx context.Context, c *Client, mailbox string, uidValidity uint32, uids []imap.UID) error {
	for start := 0; start < len(uids); start += fetchBatch {
		batch := uids[start:min(start+fetchBatch, len(uids))]
		msgs, err := c.fetchMessages(ctx, batch, w.opts.MaxBodyBytes)
		if err != nil {
			return err
		}
		for _, uid := range batch {
			if m, ok := msgs[uid]; ok && len(m.FindBodySection(headerSection)) > 0 {
				msg := w.message(mailbox, uidValidity, m)
				msg.Sent, msg.Batched = mailbox == c.SentMailbox(), true
				if err := w.handle(ctx, msg); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// screenHeaders fetches the header fields of uids in one command and
// returns, ascending, the UIDs screen wants. Each message is screened as
// it arrives and then dropped, so a batch is never held in memory whole.
func (c *Client) screenHeaders(ctx context.Context, uids []imap.UID, fields []string, screen Screen) ([]imap.UID, error) {
	section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, HeaderFields: fields, Peek: true}
	opts := &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}}
	var wanted []imap.UID
	err := c.do(ctx, "fetch headers", func() error {
		wanted = wanted[:0]
		cmd := c.ic.Fetch(imap.UIDSetNum(uids...), opts)
		for {
			msg := cmd.Next()
			if msg == nil {
				break
			}
			h, err := screenItem(msg)
			if err != nil {
				cmd.Close()
				return err
			}
			if h.UID != 0 && screen(h) {
				wanted = append(wanted, imap.UID(h.UID))
			}
		}
		return cmd.Close()
	})
	slices.Sort(wanted)
	return wanted, err
}

// screenItem reads one FETCH response: its UID and header fields.
func screenItem(msg *imapclient.FetchMessageData) (Header, error) {
	var h Header
	for {
		item := msg.Next()
		if item == nil {
			return h, nil
		}
		switch item := item.(type) {
		case imapclient.FetchItemDataUID:
			h.UID = uint32(item.UID)
		case imapclient.FetchItemDataBodySection:
			if item.Literal == nil {
				continue
			}
			b, err := io.ReadAll(item.Literal)
			if err != nil {
				return h, fmt.Errorf("fetch headers: %w", err)
			}
			h.Fields = b
		}
	}
}
