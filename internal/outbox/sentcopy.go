package outbox

import (
	"context"
	"sync"

	"github.com/followup-dev/followup/internal/store"
)

// sentCopies files the Sent copies of one pass over one IMAP connection,
// opened when the first copy is filed. While sending, the copies are
// appended by a goroutine of their own (file), so that IMAP never holds
// up the SMTP connection or the recording of the next message.
type sentCopies struct {
	p    *pass
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

func (p *pass) newSentCopies(ctx context.Context) *sentCopies { return &sentCopies{p: p, ctx: ctx} }

// wanted reports whether sent messages need a copy filed by followup:
// not when the provider files them itself ([smtp] saves_sent) or there is
// no [imap].
func (c *sentCopies) wanted() bool {
	return !c.p.o.Config.SMTP.SavesSent && c.p.o.DialIMAP != nil
}

// file hands it to the goroutine that appends the copies to the Sent
// mailbox, starting it the first time; close waits for it.
func (c *sentCopies) file(it store.OutboxItem) {
	if !c.wanted() {
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
// with the next record (take) or at close. The message went out already:
// a failure is logged and the copy stays pending, to be filed by a later
// pass.
func (c *sentCopies) appendOne(it store.OutboxItem) {
	if c.down {
		return
	}
	if c.mb == nil {
		mb, err := c.p.o.DialIMAP(c.ctx)
		if err != nil {
			c.down = true
			c.p.o.log().Warn("sent copy not saved yet", "outbox", it.ID, "err", err)
			return
		}
		c.mb = mb
	}
	if err := c.mb.AppendSent(c.ctx, it.Raw); err != nil {
		c.down = true
		c.p.o.log().Warn("sent copy not saved yet", "outbox", it.ID, "err", err)
		return
	}
	step("copied")
	c.mu.Lock()
	c.filed = append(c.filed, it.ID)
	c.mu.Unlock()
}

// take hands over the rows filed since the last take, for RecordSent to
// clear their marks.
func (c *sentCopies) take() []int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	ids := c.filed
	c.filed = nil
	return ids
}

// flush clears the pending marks of the copies filed since the last take.
func (c *sentCopies) flush() {
	if ids := c.take(); len(ids) > 0 {
		if err := c.p.o.Store.SentCopyFiled(c.ctx, ids...); err != nil {
			c.p.o.log().Warn("sent copies filed but not recorded", "count", len(ids), "err", err)
		}
	}
}

// retry files the copies still pending from earlier passes (a crash or an
// IMAP outage after sending). A copy that is already in Sent (the crash
// came after the append) is not filed twice.
func (c *sentCopies) retry() error {
	if !c.wanted() {
		return nil
	}
	rows, err := c.p.o.Store.SentCopiesPending(c.ctx)
	if err != nil || len(rows) == 0 {
		return err
	}
	for _, it := range rows {
		if c.down {
			return nil
		}
		if c.mb == nil {
			if c.mb, err = c.p.o.DialIMAP(c.ctx); err != nil {
				c.mb, c.down = nil, true
				c.p.o.log().Warn("sent copies not saved yet", "count", len(rows), "err", err)
				return nil
			}
		}
		found, err := c.mb.HasMessageID(c.ctx, c.mb.SentMailbox(), it.MessageID)
		if err != nil {
			c.down = true
			c.p.o.log().Warn("sent copies not saved yet", "count", len(rows), "err", err)
			return nil
		}
		if found {
			if err := c.p.o.Store.SentCopyFiled(c.ctx, it.ID); err != nil {
				return err
			}
			continue
		}
		c.appendOne(it)
	}
	return nil
}

// fileSentCopies files the Sent copies left pending by earlier passes.
func (p *pass) fileSentCopies(ctx context.Context) error {
	c := p.newSentCopies(context.WithoutCancel(ctx))
	defer c.close()
	return c.retry()
}

// close waits for the copies handed to file, clears the marks of those
// filed and closes the connection.
func (c *sentCopies) close() {
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
