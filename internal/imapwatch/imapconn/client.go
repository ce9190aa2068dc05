package imapconn

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/followup-dev/followup/internal/imapwatch/headertap"
)

// defaultCommandTimeout bounds one IMAP command (or the whole dial) when
// Options.CommandTimeout is zero.
const defaultCommandTimeout = 2 * time.Minute

// Options tunes a Client. The zero value works.
type Options struct {
	// Logger receives connection lifecycle messages; nil discards them.
	// Protocol traces are never logged, so credentials cannot leak.
	Logger *slog.Logger
	// CommandTimeout bounds each command and the dial (TCP, TLS, greeting,
	// login, mailbox discovery). When it expires the connection is closed
	// and the Client is unusable. Zero means two minutes.
	CommandTimeout time.Duration
}

func (o Options) logger() *slog.Logger {
	if o.Logger == nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return o.Logger
}

func (o Options) timeout() time.Duration {
	if o.CommandTimeout <= 0 {
		return defaultCommandTimeout
	}
	return o.CommandTimeout
}

// Client is one logged-in IMAP connection. It is safe for concurrent use;
// commands run one at a time. A Client does not reconnect: after an error
// caused by a broken connection or a cancelled context, Close it and Dial
// again.
type Client struct {
	ic      *imapclient.Client
	tap     *headertap.Conn // under ic
	log     *slog.Logger
	timeout time.Duration

	drafts    string
	sent      string
	mailboxes []string // configured mailboxes to watch

	// changes gets a token (non-blocking send, 1-buffered) whenever the
	// server reports a new message count for the selected mailbox.
	changes chan struct{}

	mu     sync.Mutex  // serializes commands
	idling atomic.Bool // an IDLE is under way, which the command lock does not cover
}

// ErrNoMailbox is returned when a Drafts or Sent mailbox is needed but was
// neither configured nor found by its special-use attribute or usual name.
var ErrNoMailbox = errors.New("mailbox not found")

// DraftsMailbox is the name of the mailbox drafts are saved to: the
// configured [imap] drafts, else the one found at Dial. Empty when none.
func (c *Client) DraftsMailbox() string { return c.drafts }

// SentMailbox is the name of the user's sent-mail mailbox: the configured
// [imap] sent, else the one found at Dial. Empty when none.
func (c *Client) SentMailbox() string { return c.sent }

// WatchedMailboxes lists the mailboxes a Watcher watches by default: the
// configured [imap] mailboxes followed by the Sent mailbox, without
// duplicates.
func (c *Client) WatchedMailboxes() []string {
	out := slices.Clone(c.mailboxes)
	if c.sent != "" && !slices.Contains(out, c.sent) {
		out = append(out, c.sent)
	}
	return out
}

// Close logs out (waiting at most one second for the reply) and closes the
// connection. It does not wait for a running command; that command fails.
func (c *Client) Close() error {
	timer := time.AfterFunc(time.Second, func() { c.ic.Close() })
	c.ic.Logout().Wait()
	timer.Stop()
	if err := c.ic.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("imap close: %w", err)
	}
	return nil
}

// Abort closes the connection without logging out.
func (c *Client) Abort() { c.ic.Close() }

// do runs fn with the command lock held, bounded by ctx and the command
// timeout: when either ends first, the connection is closed so that fn
// returns, and the context's error is reported.
func (c *Client) do(ctx context.Context, what string, fn func() error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.doLocked(ctx, what, fn)
}

func (c *Client) doLocked(ctx context.Context, what string, fn func() error) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	return Bounded(ctx, c.ic, what, fn)
}

// Notify records that the selected mailbox changed. It runs on the
// imapclient reader goroutine, so it must never block.
func (c *Client) Notify() {
	select {
	case c.changes <- struct{}{}:
	default:
	}
}

// DrainChanges forgets pending change notices; called right before a sync,
// which sees those changes anyway.
func (c *Client) DrainChanges() {
	select {
	case <-c.changes:
	default:
	}
}
