// Package sentcopy files copies of sent follow-ups in the IMAP Sent
// mailbox, for providers that do not file what SMTP sent: while a pass
// sends, a goroutine of its own appends each copy over one connection
// opened for the first, so IMAP never holds up SMTP; copies a crash or an
// outage left pending are filed by a later pass, never twice (a copy
// already in Sent is only marked).
package sentcopy

import (
	"context"
	"log/slog"
	"sync"

	"github.com/followup-dev/followup/internal/store"
)

// Mailbox is the part of an IMAP connection that filing and finding sent
// messages uses; *imapwatch.Client is one.
type Mailbox interface {
	AppendSent(ctx context.Context, raw []byte) error
	HasMessageID(ctx context.Context, mailbox, messageID string) (bool, error)
	SentMailbox() string
	Close() error
}

// Store is what filing needs of the store; *store.Store is one.
type Store interface {
	SentCopiesPending(ctx context.Context) ([]store.OutboxItem, error)
	SentCopyFiled(ctx context.Context, ids ...int64) error
}

// Options are what a Filer works with.
type Options struct {
	// Dial opens the connection to the Sent mailbox; nil when no copies
	// are wanted (no [imap], or the provider files them: saves_sent).
	Dial  func(ctx context.Context) (Mailbox, error)
	Store Store
	Log   *slog.Logger
	// Copied, when set, runs after each copy is appended (a test hook).
	Copied func()
}

// Filer files the Sent copies of one pass over one IMAP connection,
// opened when the first copy is filed. While sending, the copies are
// appended by a goroutine of their own (File), so that IMAP never holds
// up the SMTP connection or the recording of the next message.
type Filer struct {
	o    Options
	ctx  context.Context
	mb   Mailbox
	down bool // the connection failed: the rest stay pending for the next pass

	queue chan store.OutboxItem // to the appending goroutine, once started
	done  chan struct{}         // closed when that goroutine has finished

	mu sync.Mutex
	// filed are rows whose copies were appended but whose pending marks
	// are not cleared yet: the next RecordSent or close clears them. A
	// crash before that leaves the mark, and the next pass finds the copy
	// already in Sent and does not file it twice.
	filed []int64
}

// queueLen is how many copies may wait for the appending goroutine before
// file waits for it.
const queueLen = 1024

// New is a Filer for one pass; ctx bounds its IMAP work. Close it.
func New(ctx context.Context, o Options) *Filer { return &Filer{o: o, ctx: ctx} }

// Wanted reports whether sent messages need a copy filed by followup:
// not when the provider files them itself ([smtp] saves_sent) or there is
// no [imap].
func (c *Filer) Wanted() bool { return c.o.Dial != nil }

// File hands it to the goroutine that appends the copies to the Sent
// mailbox, starting it the first time; Close waits for it.
func (c *Filer) File(it store.OutboxItem) {
	if !c.Wanted() {
		return
	}
	if c.queue == nil {
		c.queue, c.done = make(chan store.OutboxItem, queueLen), make(chan struct{})
		go func() {
			defer close(c.done)
			for it := range c.queue {
				c.appendOne(it)
			}
		}()
	}
	c.queue <- it
}

// appendOne appends it to the Sent mailbox; its pending mark is cleared
// with the next record (Take) or at Close. The message went out already:
// a failure is logged and the copy stays pending, to be filed by a later
// pass.
func (c *Filer) appendOne(it store.OutboxItem) {
	if c.down {
		return
	}
	if c.mb == nil {
		mb, err := c.o.Dial(c.ctx)
		if err != nil {
			c.down = true
			c.log().Warn("sent copy not saved yet", "outbox", it.ID, "err", err)
			return
		}
		c.mb = mb
	}
	if err := c.mb.AppendSent(c.ctx, it.Raw); err != nil {
		c.down = true
		c.log().Warn("sent copy not saved yet", "outbox", it.ID, "err", err)
		return
	}
	if c.o.Copied != nil {
		c.o.Copied()
	}
	c.mu.Lock()
	c.filed = append(c.filed, it.ID)
	c.mu.Unlock()
}

// Take hands over the rows filed since the last Take, for RecordSent to
// clear their marks.
func (c *Filer) Take() []int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	ids := c.filed
	c.filed = nil
	return ids
}

// flush clears the pending marks of the copies filed since the last take.
func (c *Filer) flush() {
	if ids := c.Take(); len(ids) > 0 {
		if err := c.o.Store.SentCopyFiled(c.ctx, ids...); err != nil {
			c.log().Warn("sent copies filed but not recorded", "count", len(ids), "err", err)
		}
	}
}

// Retry files the copies still pending from earlier passes (a crash or an
// IMAP outage after sending). A copy that is already in Sent (the crash
// came after the append) is not filed twice.
func (c *Filer) Retry() error {
	if !c.Wanted() {
		return nil
	}
	rows, err := c.o.Store.SentCopiesPending(c.ctx)
	if err != nil || len(rows) == 0 {
		return err
	}
	for _, it := range rows {
		if c.down {
			return nil
		}
		if c.mb == nil {
			if c.mb, err = c.o.Dial(c.ctx); err != nil {
				c.mb, c.down = nil, true
				c.log().Warn("sent copies not saved yet", "count", len(rows), "err", err)
				return nil
			}
		}
		found, err := c.mb.HasMessageID(c.ctx, c.mb.SentMailbox(), it.MessageID)
		if err != nil {
			c.down = true
			c.log().Warn("sent copies not saved yet", "count", len(rows), "err", err)
			return nil
		}
		if found {
			if err := c.o.Store.SentCopyFiled(c.ctx, it.ID); err != nil {
				return err
			}
			continue
		}
		c.appendOne(it)
	}
	return nil
}

// Close waits for the copies handed to File, clears the marks of those
// filed and closes the connection.
func (c *Filer) Close() {
	if c.queue != nil {
		close(c.queue)
		<-c.done
		c.queue = nil
	}
	c.flush()
	if c.mb != nil {
		c.mb.Close()
	}
}

func (c *Filer) log() *slog.Logger {
	if c.o.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.o.Log
}
