package imapwatch

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/followup-dev/followup/internal/imapwatch/imapconn"
)

// screenBatch is how many messages a batch holds: its wanted messages are
// handled and the position recorded once per batch, so a crash re-reads
// at most one. screenChunk is how many one header FETCH reads, streamed,
// its batches handed over as they are screened: few round trips, and a
// command that ends well within the command timeout.
const (
	screenBatch = 1000
	screenChunk = 10 * screenBatch
)

// Header is the screening view of one message (imapconn.Header).
type Header = imapconn.Header

// Screen decides from a message's header fields whether the handler must
// see the whole message. It is called in UID order, never concurrently.
type Screen func(Header) bool

// deliverScreened is deliver in two phases per batch of screenBatch UIDs:
// the header fields (one FETCH per screenChunk, streamed), each handed to
// the screen as it arrives; then the whole messages of the batch the
// screen wants, fetched and handled as deliverAll does. The stored position advances once per
// batch, after every wanted message of it was handled, so a crash re-reads
// at most one batch, or the run of batches handled as one (the handler is
// idempotent). A catch-up of more than
// one batch screens on c while a second connection fetches and hands over
// the wanted messages of the batches before (pipelined: a handler behind
// takes the batches screened meanwhile as one, takeWaiting), so that neither
// the handler nor the server's first opening of message files waits for
// the screening, nor the other way round; when the second connection
// cannot be had (a server's connection limit), both run on c, one command
// at a time. The screening never waits for the handler (the screened
// batches queue up: they are lists of UIDs), so a header FETCH is never
// held open by slow handling; when the handler fails, the screening stops
// after its current FETCH and c is left usable for the next mailbox.
func (w *Watcher) deliverScreened(ctx context.Context, c *Client, mailbox string, uidValidity uint32, uids []imap.UID) error {
	screen, err := w.opts.Screen(ctx, mailbox)
	if err != nil {
		return fmt.Errorf("screen %s: %w", mailbox, err)
	}
	dialCtx, cancelDial := context.WithCancel(ctx)
	fetcher := w.fetcher(dialCtx, c, mailbox, uidValidity, len(uids) > screenBatch)
	defer func() {
		cancelDial() // a dial still under way ends
		fetcher.close()
	}()
	batches := make(chan screenedBatch, (len(uids)+screenBatch-1)/screenBatch) // never full
	var stop atomic.Bool
	screenErr := make(chan error, 1)
	go func() {
		defer close(batches)
		screenErr <- w.screenAll(ctx, c, mailbox, uids, screen, batches, &stop)
	}()
	for b := range batches {
		b = takeWaiting(b, batches)
		if err := w.handleBatch(ctx, fetcher, c, mailbox, uidValidity, b); err != nil {
			stop.Store(true)
			for range batches { // the screening ends after its current FETCH
			}
			<-screenErr
			return err
		}
		w.report(Progress{Mailbox: mailbox, Done: b.done, Total: len(uids), Read: b.read})
	}
	return <-screenErr
}

// mergeMax is how many screened batches the handler takes as one when it
// has fallen behind the screening (takeWaiting).
const mergeMax = 10

// takeWaiting is b with the batches already screened after it (up to
// mergeMax in all) appended: a handler that has fallen behind the
// screening catches up with one position write and fewer, fuller body
// FETCHes for all of them, instead of one of each per batch. A crash
// re-reads at most those batches, as it would re-read one.
func takeWaiting(b screenedBatch, batches <-chan screenedBatch) screenedBatch {
	for range mergeMax - 1 {
		select {
		case next, ok := <-batches:
			if !ok {
				return b
			}
			b.last, b.done, b.read = next.last, next.done, b.read+next.read
			b.wanted = append(b.wanted, next.wanted...)
		default:
			return b
		}
	}
	return b
}

// handleBatch hands over the wanted messages of b, fetched on the second
// connection (or on c when there is none), and records the position past
// b. Each FETCH's messages are handled in one store transaction
// (inBatch), the last one's with the position: a batch with few wanted
// messages (most) costs one commit. The next FETCH is under way while
// one is handled (prefetch).
func (w *Watcher) handleBatch(ctx context.Context, fetcher *lazyClient, c *Client, mailbox string, uidValidity uint32, b screenedBatch) error {
	fc, err := fetcher.get()
	if err != nil {
		w.log.Warn("imap second connection not opened; fetching on the first one", "mailbox", mailbox, "err", err)
		fetcher.fallBack(c)
		fc = c
	}
	position := func(ctx context.Context) error {
		return w.st.SetIMAPState(ctx, mailbox, uidValidity, b.last, w.opts.Clock.Now(), "ok")
	}
	if len(b.wanted) == 0 {
		return position(ctx)
	}
	var stop atomic.Bool
	pieces := w.prefetch(ctx, fc, b.wanted, &stop)
	defer func() {
		stop.Store(true)
		for range pieces { // the FETCH under way ends: fc stays usable
		}
	}()
	for p := range pieces {
		if p.err != nil {
			return p.err
		}
		err := w.inBatch(ctx, func(ctx context.Context) error {
			if err := w.handleFetched(ctx, fc, mailbox, uidValidity, p.uids, p.msgs); err != nil || !p.last {
				return err
			}
			return position(ctx)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// fetchedPiece is one body FETCH of prefetch: the UIDs asked for and the
// messages the server returned for them.
type fetchedPiece struct {
	uids []imap.UID
	msgs map[imap.UID]*imapclient.FetchMessageBuffer
	last bool
	err  error
}

// prefetch fetches wanted on fc, fetchBatch at a time, on a goroutine of
// its own, so that the server reads the next messages while the handler
// handles the ones before: at most one piece waits to be handled while
// the next is fetched. It stops after a failed FETCH, or before the next
// one once stop is set; the channel closes when it has stopped.
func (w *Watcher) prefetch(ctx context.Context, fc *Client, wanted []imap.UID, stop *atomic.Bool) <-chan fetchedPiece {
	pieces := make(chan fetchedPiece, 1)
	go func() {
		defer close(pieces)
		for start := 0; start < len(wanted) && !stop.Load(); start += fetchBatch {
			uids := wanted[start:min(start+fetchBatch, len(wanted))]
			msgs, err := fc.FetchMessages(ctx, uids, w.opts.MaxBodyBytes)
			pieces <- fetchedPiece{uids: uids, msgs: msgs, last: start+fetchBatch >= len(wanted), err: err}
			if err != nil {
				return
			}
		}
	}()
	return pieces
}

// handleFetched hands each message of uids in msgs to the handler; one
// expunged meanwhile is skipped (fetched).
func (w *Watcher) handleFetched(ctx context.Context, c *Client, mailbox string, uidValidity uint32, uids []imap.UID, msgs map[imap.UID]*imapclient.FetchMessageBuffer) error {
	for _, uid := range uids {
		if m, ok := fetched(msgs, uid); ok {
			if err := w.handleLocked(ctx, w.message(c, mailbox, uidValidity, m)); err != nil {
				return err
			}
		}
	}
	return nil
}

// batchStore is a StateStore whose writes can be one transaction
// (store.Store's Batch).
type batchStore interface {
	Batch(ctx context.Context, fn func(context.Context) error) error
}

// inBatch runs fn in one store transaction when the store can, holding
// the handler's turn (w.mu) throughout: fn hands messages over with
// handleLocked. Were the turn let go between messages, another mailbox's
// handler could take it and wait for the store's write turn, which the
// batch holds until it ends, while the batch waited for the handler's
// turn.
func (w *Watcher) inBatch(ctx context.Context, fn func(context.Context) error) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if b, ok := w.st.(batchStore); ok {
		return b.Batch(ctx, fn)
	}
	return fn(ctx)
}

// screenedBatch is one batch screened: its last UID, the UIDs wanted, and
// how many messages it and those before it hold.
type screenedBatch struct {
	last       uint32
	wanted     []imap.UID
	done, read int
}

// screenAll screens uids on c, screenChunk per FETCH, and sends each batch
// of screenBatch as soon as its last response has gone by.
func (w *Watcher) screenAll(ctx context.Context, c *Client, mailbox string, uids []imap.UID, screen Screen, out chan<- screenedBatch, stop *atomic.Bool) error {
	for cs := 0; cs < len(uids) && !stop.Load(); cs += screenChunk {
		chunk := uids[cs:min(cs+screenChunk, len(uids))]
		if err := w.screenChunk(ctx, c, mailbox, cs, chunk, screen, out); err != nil {
			return err
		}
	}
	return nil
}

// screenGroup is how many header responses go to the screen together, and
// screenQueue how many groups may wait for it while the next are read.
const (
	screenGroup = 64
	screenQueue = 4
)

// headerGroup is up to screenGroup header responses, their fields one
// after another in arena (message i's end at ends[i]).
type headerGroup struct {
	uids  []uint32
	ends  []int
	arena []byte
}

func (g *headerGroup) add(h Header) {
	g.uids = append(g.uids, h.UID)
	g.arena = append(g.arena, h.Fields...)
	g.ends = append(g.ends, len(g.arena))
}

func (g *headerGroup) reset() { g.uids, g.ends, g.arena = g.uids[:0], g.ends[:0], g.arena[:0] }

// screenChunk fetches the header fields of chunk (from index cs of the
// sync's UIDs) on c and screens them on a goroutine of its own, so that
// go-imap parsing the next responses (most of a catch-up's CPU) and the
// screen run at once; the screen still sees them one by one in UID order.
// The responses go over in groups (headerGroup), their buffers reused: a
// hand-over per message cost as much as the screen.
func (w *Watcher) screenChunk(ctx context.Context, c *Client, mailbox string, cs int, chunk []imap.UID, screen Screen, out chan<- screenedBatch) error {
	b := &batcher{w: w, mailbox: mailbox, cs: cs, chunk: chunk, out: out}
	groups, free := make(chan *headerGroup, screenQueue), make(chan *headerGroup, screenQueue+2)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for g := range groups {
			from := 0
			for i, uid := range g.uids {
				h := Header{UID: uid, Fields: g.arena[from:g.ends[i]]}
				b.add(h, screen(h))
				from = g.ends[i]
			}
			g.reset()
			free <- g // never blocks: at most screenQueue+2 groups exist
		}
	}()
	var g *headerGroup
	err := c.ScreenHeaders(ctx, chunk, w.opts.ScreenFields, func(h Header) error {
		if g == nil {
			select {
			case g = <-free:
			default:
				g = &headerGroup{}
			}
		}
		g.add(h)
		if len(g.uids) == screenGroup {
			groups <- g
			g = nil
		}
		return nil
	})
	if g != nil && len(g.uids) > 0 {
		groups <- g
	}
	close(groups)
	<-done
	if err != nil {
		return err // the batches not seen to their end are not sent
	}
	b.finish()
	return nil
}

// batcher cuts one chunk's screened messages into batches of screenBatch.
type batcher struct {
	w       *Watcher
	mailbox string
	cs      int // index of chunk[0] in the sync's UIDs
	chunk   []imap.UID
	out     chan<- screenedBatch
	wanted  []imap.UID
	from    int // index in chunk where the current batch starts
}

// add counts h, wanted or not, after sending the batches that ended
// before it.
func (b *batcher) add(h Header, wanted bool) {
	for b.from+screenBatch < len(b.chunk) && h.UID > uint32(b.chunk[b.from+screenBatch-1]) {
		b.emit(b.from + screenBatch)
	}
	if wanted {
		b.wanted = append(b.wanted, imap.UID(h.UID))
	}
}

// finish sends the batches left once the whole chunk was read.
func (b *batcher) finish() {
	for b.from < len(b.chunk) {
		b.emit(min(b.from+screenBatch, len(b.chunk)))
	}
}

func (b *batcher) emit(to int) {
	if b.w.screened != nil {
		b.w.screened(b.mailbox, b.wanted)
	}
	b.out <- screenedBatch{last: uint32(b.chunk[to-1]), wanted: b.wanted, done: b.cs + to, read: to - b.from} // never blocks
	b.wanted, b.from = nil, to
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
		l.c, l.err = w.second(imapconn.WithMailboxesOf(ctx, c), mailbox, uidValidity)
	}()
	return l
}

func (l *lazyClient) get() (*Client, error) {
	<-l.ready
	return l.c, l.err
}

// fallBack makes c the connection from now on, after the second one
// could not be opened.
func (l *lazyClient) fallBack(c *Client) {
	<-l.ready
	l.c, l.err, l.own = c, nil, false
}

func (l *lazyClient) close() {
	if c, err := l.get(); l.own && err == nil {
		c.Close()
	}
}

// second opens another connection on mailbox for the whole-message
// fetches of a pipelined catch-up, and checks that it sees the same
// mailbox (UIDVALIDITY). ctx carries the first connection's Drafts and
// Sent (WithMailboxesOf): mailbox is the first thing it opens.
func (w *Watcher) second(ctx context.Context, mailbox string, uidValidity uint32) (*Client, error) {
	c, err := w.dial(ctx)
	if err != nil {
		return nil, err
	}
	sel, err := c.Examine(ctx, mailbox)
	if err == nil && sel.UIDValidity != uidValidity {
		err = fmt.Errorf("%s: UIDVALIDITY changed during sync", mailbox)
	}
	if err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}
