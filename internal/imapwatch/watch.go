package imapwatch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/imapwatch/imapconn"
	"github.com/followup-dev/followup/internal/mailauth"
)

// Message is one new message found in a watched mailbox.
type Message struct {
	Mailbox      string
	UID          uint32
	UIDValidity  uint32
	InternalDate time.Time // when the server received it
	Size         int64     // of the whole message
	// Sent says Mailbox is the user's sent-mail mailbox (the configured
	// [imap] sent, else the one found at Dial): the message is the user's own.
	Sent bool
	// Raw is the full header followed by at most WatchOptions.MaxBodyBytes
	// of the body, exactly as stored (CRLF line endings).
	Raw []byte
}

// Truncated reports whether Raw holds less than the whole message.
func (m Message) Truncated() bool { return int64(len(m.Raw)) < m.Size }

// Handler processes one message. It must be idempotent (keyed on the
// Message-ID, say): a message is handed over again after a crash between
// the handler's return and the recorded progress, and a whole mailbox is
// rescanned after its UIDVALIDITY changes. It is never called
// concurrently. A nil return records the message as handled; an error
// marked with Permanent is logged and the message skipped; any other error
// ends the connection and the message is retried after a backoff.
type Handler func(ctx context.Context, m Message) error

// StateStore remembers, per mailbox, the UIDVALIDITY and the highest UID
// handled. store.Store implements it.
type StateStore interface {
	IMAPState(ctx context.Context, mailbox string) (uidValidity, lastUID uint32, ok bool, err error)
	SetIMAPState(ctx context.Context, mailbox string, uidValidity, lastUID uint32, now time.Time, result string) error
}

// DialFunc opens a new logged-in connection, usually a closure around Dial.
type DialFunc func(ctx context.Context) (*Client, error)

// Progress reports how far a sync pass is through the new messages of a
// mailbox, for a progress display: Done of Total read, Read of them since
// the last report (one message, or a screened batch).
type Progress struct {
	Mailbox           string
	Done, Total, Read int
}

// PermanentError marks a handler error that retrying cannot fix.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent marks err so that the Watcher logs it and skips the message
// instead of retrying it. Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &PermanentError{Err: err}
}

// IsPermanent reports whether err was marked with Permanent.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// WatchOptions tunes a Watcher. The zero value works.
type WatchOptions struct {
	// Mailboxes to watch; empty: Client.WatchedMailboxes of the first
	// connection (the configured mailboxes plus Sent).
	Mailboxes []string
	// Since bounds the first look at a mailbox (no stored state, or a
	// changed UIDVALIDITY): only messages received on or after this day
	// are handed over — set it to the oldest interview still awaiting an
	// answer. Zero: only messages arriving from now on.
	Since time.Time
	// PollInterval is how often a server without IDLE is polled; default 1 min.
	PollInterval time.Duration
	// DisableIdle polls even when the server offers IDLE, for servers whose
	// IDLE is unreliable.
	DisableIdle bool
	// IdleRestart is how long one IDLE lasts before it is restarted, which
	// also proves the connection alive; default 10 min (servers may drop
	// an IDLE after 30).
	IdleRestart time.Duration
	// MaxBodyBytes bounds the body prefix fetched per message; default 64 KiB.
	MaxBodyBytes int
	// Backoff gives the delay before reconnect attempt n (0-based);
	// default imapconn.Backoff.
	Backoff func(attempt int) time.Duration
	// Clock times the reconnect delays and poll intervals and tells the
	// time recorded with each sync; default clock.Real.
	Clock clock.Clock
	// Sleep, when set, replaces waiting on Clock for d (or until ctx ends,
	// returning ctx.Err()): tests that must see each wait inject it.
	Sleep func(ctx context.Context, d time.Duration) error
	// Screen, when set, makes each sync two-phased: for every batch of up
	// to a thousand new messages only the header fields ScreenFields names
	// are fetched (one FETCH, streamed) and handed to the Screen it
	// returns for the mailbox (called once per sync of it); only the
	// messages that screen wants are fetched whole and handed to the
	// handler, and the position is recorded once per batch. Unset: every
	// new message is fetched and handed over, the position recorded after
	// each.
	Screen func(ctx context.Context, mailbox string) (Screen, error)
	// ScreenFields are the header fields a Screen sees.
	ScreenFields []string
	// ScreenMin is how few new messages are fetched whole without a
	// screen: building one may cost more (it reads what the store matches
	// on) than fetching a few. Zero screens every sync.
	ScreenMin int
	// Progress, when set, is told how far each sync is: after each message
	// handled, or after each screened batch. It is never called
	// concurrently.
	Progress func(Progress)
	// Logger; nil discards.
	Logger *slog.Logger
}

// Watcher watches mailboxes for new messages. Create it with NewWatcher.
type Watcher struct {
	dial    DialFunc
	st      StateStore
	handler Handler
	opts    WatchOptions
	log     *slog.Logger

	mu sync.Mutex // serializes handler and Progress calls

	locksMu sync.Mutex
	locks   map[string]*sync.Mutex // per mailbox, see mailboxLock

	onIdle func(mailbox string) // test hook: IDLE accepted
	// screened is a test hook: a batch was screened, its wanted messages
	// not fetched yet.
	screened func(mailbox string, wanted []imap.UID)
}

// NewWatcher returns a Watcher that connects with dial, keeps its place in
// st and hands new messages to handler.
func NewWatcher(dial DialFunc, st StateStore, handler Handler, opts WatchOptions) *Watcher {
	if opts.PollInterval <= 0 {
		opts.PollInterval = time.Minute
	}
	if opts.IdleRestart <= 0 {
		opts.IdleRestart = 10 * time.Minute
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 64 << 10
	}
	if opts.Backoff == nil {
		opts.Backoff = imapconn.Backoff
	}
	if opts.Clock == nil {
		opts.Clock = clock.Real{}
	}
	if opts.Sleep == nil {
		opts.Sleep = func(ctx context.Context, d time.Duration) error { return clock.Sleep(ctx, opts.Clock, d) }
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Watcher{dial: dial, st: st, handler: handler, opts: opts, log: log}
}

// Watch is NewWatcher(dial, st, handler, opts).Run(ctx).
func Watch(ctx context.Context, dial DialFunc, st StateStore, handler Handler, opts WatchOptions) error {
	return NewWatcher(dial, st, handler, opts).Run(ctx)
}

// SyncOnce makes one catch-up pass over every mailbox on one connection
// and returns: nil when all were synced, else the errors joined. It does
// not retry.
func (w *Watcher) SyncOnce(ctx context.Context) error {
	c, err := w.dial(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	var errs []error
	for _, mailbox := range sentFirst(w.mailboxes(c), c.SentMailbox()) {
		if err := w.syncChanged(ctx, c, mailbox); err != nil {
			w.recordFailure(ctx, mailbox, err)
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// sentFirst is mailboxes with sent, when among them, moved to the front:
// once Sent is read, the others need not leave their mailbox to read it
// first (Watcher.sentFirst).
func sentFirst(mailboxes []string, sent string) []string {
	i := slices.Index(mailboxes, sent)
	if sent == "" || i <= 0 {
		return mailboxes
	}
	return append(append([]string{sent}, mailboxes[:i]...), mailboxes[i+1:]...)
}

// Run watches until ctx ends, then returns ctx.Err(). It keeps one
// connection per mailbox, each in its own goroutine that Run waits for:
// sync, then IDLE (or sleep PollInterval) until something changes, sync
// again. Any failure closes that connection; it is redialled after
// Backoff(n) and resumes from the stored last UID.
func (w *Watcher) Run(ctx context.Context) error {
	first, err := w.dialRetry(ctx, "")
	if err != nil {
		return err
	}
	mailboxes := w.mailboxes(first)
	if len(mailboxes) == 0 {
		first.Abort()
		return errors.New("imap watch: no mailboxes to watch: set [imap] mailboxes")
	}
	var wg sync.WaitGroup
	for i, mailbox := range mailboxes {
		c := first
		if i > 0 {
			c = nil
		}
		wg.Go(func() { w.watchMailbox(ctx, mailbox, c) })
	}
	wg.Wait()
	return ctx.Err()
}

func (w *Watcher) mailboxes(c *Client) []string {
	if len(w.opts.Mailboxes) > 0 {
		return w.opts.Mailboxes
	}
	return c.WatchedMailboxes()
}

// dialRetry dials until it succeeds or ctx ends.
func (w *Watcher) dialRetry(ctx context.Context, mailbox string) (*Client, error) {
	for attempt := 0; ; attempt++ {
		c, err := w.dial(ctx)
		if err == nil {
			return c, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err := w.pause(ctx, mailbox, attempt, err); err != nil {
			return nil, err
		}
	}
}

// pause logs a failure and waits Backoff(attempt). A mailbox the server
// refuses to open is an error the user must fix; it is still retried, as
// the mailbox may be created.
func (w *Watcher) pause(ctx context.Context, mailbox string, attempt int, cause error) error {
	d := w.opts.Backoff(attempt)
	retryIn := d.Round(100 * time.Millisecond).String() // "32.5s" in every log format
	var refused *imapconn.MailboxError
	switch {
	case errors.Is(cause, mailauth.ErrLoginRequired) && attempt > 0:
		// Said once (below); the daemon reports it as the user's to fix.
		w.log.Debug("imap sign-in still required, will retry", "mailbox", mailbox, "retry_in", retryIn)
	case errors.As(cause, &refused):
		w.log.Error("imap mailbox cannot be watched, will retry", "mailbox", mailbox, "err", cause, "attempt", attempt+1, "retry_in", retryIn)
	default:
		w.log.Warn("imap watch failed, will reconnect", "mailbox", mailbox, "err", cause, "attempt", attempt+1, "retry_in", retryIn)
	}
	return w.opts.Sleep(ctx, d)
}

// watchMailbox keeps one mailbox watched until ctx ends; c, when not nil,
// is an open connection to start with.
func (w *Watcher) watchMailbox(ctx context.Context, mailbox string, c *Client) {
	attempt := 0
	for {
		var err error
		if c == nil {
			c, err = w.dial(ctx)
		}
		if err == nil {
			err = w.session(ctx, c, mailbox, func() { attempt = 0 })
			c.Abort()
			c = nil
		}
		if ctx.Err() != nil {
			return
		}
		w.recordFailure(ctx, mailbox, err)
		if w.pause(ctx, mailbox, attempt, err) != nil {
			return
		}
		attempt++
	}
}

// session syncs mailbox, then waits for news and syncs again, until an
// error. synced runs after the first successful sync.
func (w *Watcher) session(ctx context.Context, c *Client, mailbox string, synced func()) error {
	idle, err := c.CanIdle(ctx)
	if err != nil {
		return err
	}
	idle = idle && !w.opts.DisableIdle
	w.log.Info("imap watching", "mailbox", mailbox, "idle", idle)
	for first := true; ; first = false {
		if err := w.sync(ctx, c, mailbox); err != nil {
			return err
		}
		if first {
			synced()
		}
		if idle {
			err = c.WaitIdle(ctx, w.opts.IdleRestart, w.idleHook(mailbox))
		} else {
			err = w.opts.Sleep(ctx, w.opts.PollInterval)
		}
		if err != nil {
			return err
		}
	}
}

func (w *Watcher) idleHook(mailbox string) func() {
	if w.onIdle == nil {
		return nil
	}
	return func() { w.onIdle(mailbox) }
}

// recordFailure notes err as the mailbox's last result, keeping its place;
// a mailbox never synced gets a row without a place (UIDVALIDITY 0), so
// that the failure shows.
func (w *Watcher) recordFailure(ctx context.Context, mailbox string, err error) {
	uv, last, _, serr := w.st.IMAPState(ctx, mailbox)
	if serr != nil {
		return
	}
	if serr := w.st.SetIMAPState(ctx, mailbox, uv, last, w.opts.Clock.Now(), fmt.Sprintf("error: %v", err)); serr != nil {
		w.log.Warn("imap state not recorded", "mailbox", mailbox, "err", serr)
	}
}
