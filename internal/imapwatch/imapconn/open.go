package imapconn

import (
	"context"
	"fmt"

	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/mailauth"
)

// Dial is DialWith logging in as cfg.Username with password.
func Dial(ctx context.Context, cfg config.IMAP, password string, opts Options) (*Client, error) {
	return DialWith(ctx, cfg, mailauth.Password(cfg.Username, password), opts)
}

// DialWith connects to the IMAP server in cfg, logs in with cred (LOGIN
// with a password; OAUTHBEARER or XOAUTH2 with a token: login) and
// finds the Drafts and Sent mailboxes when cfg leaves them empty (by the \Drafts and \Sent special-use attributes, then by usual
// names), unless ctx carries them (WithMailboxesOf). It blocks until all of that is done, ctx ends or
// opts.CommandTimeout passes.
//
// Security "tls" is implicit TLS; "starttls" is mandatory STARTTLS — when
// the server does not offer it, Dial fails before sending the password;
// "none" is refused unless the host is a loopback address. TLS is at least
// version 1.2 and trusts the system roots plus cfg.CAFile.
func DialWith(ctx context.Context, cfg config.IMAP, cred mailauth.Credential, opts Options) (*Client, error) {
	ctx, cancel := context.WithTimeout(ctx, opts.timeout())
	defer cancel()
	c := &Client{
		log:       opts.logger().With("imap", cfg.Host),
		timeout:   opts.timeout(),
		drafts:    cfg.Drafts,
		sent:      cfg.Sent,
		mailboxes: cfg.Mailboxes,
		changes:   make(chan struct{}, 1),
	}
	ic, tap, err := connectLogin(ctx, cfg.Server, cred, c.clientOptions(), c.log)
	if err != nil {
		return nil, err
	}
	c.ic, c.tap = ic, tap
	if m, ok := ctx.Value(mailboxesKey{}).(mailboxesOf); ok {
		c.drafts, c.sent = m.drafts, m.sent
	} else if err := c.discover(ctx); err != nil {
		ic.Close()
		return nil, fmt.Errorf("imap %s: %w", Addr(cfg.Server), err)
	}
	c.log.Debug("imap connected", "drafts", c.drafts, "sent", c.sent)
	return c, nil
}

func (c *Client) clientOptions() *imapclient.Options {
	return &imapclient.Options{
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			Mailbox: func(data *imapclient.UnilateralDataMailbox) {
				if data.NumMessages != nil {
					c.Notify()
				}
			},
		},
	}
}

// mailboxesKey is the context key of WithMailboxesOf.
type mailboxesKey struct{}

// mailboxesOf is the Drafts and Sent mailboxes of an open connection.
type mailboxesOf struct{ drafts, sent string }

// WithMailboxesOf returns ctx telling DialWith (under any DialFunc that
// passes ctx on) that the account's Drafts and Sent mailboxes are those
// of c, another connection to the same account, so that the new
// connection does not LIST to find them again. Besides the round trip,
// this spares a connection that opens a big mailbox first thing a cost
// of Dovecot's: on Maildir, any LIST or STATUS earlier on the same
// connection makes an EXAMINE of a 100,000-message folder take 50–90 ms
// instead of 3 (BENCHMARKS.md).
func WithMailboxesOf(ctx context.Context, c *Client) context.Context {
	return context.WithValue(ctx, mailboxesKey{}, mailboxesOf{drafts: c.drafts, sent: c.sent})
}

// discover fills in the Drafts and Sent mailboxes the configuration left
// empty (Special).
func (c *Client) discover(ctx context.Context) error {
	if c.drafts != "" && c.sent != "" {
		return nil
	}
	drafts, sent, err := Special(ctx, c.ic)
	if err != nil {
		return err
	}
	if c.drafts == "" {
		c.drafts = drafts
	}
	if c.sent == "" {
		c.sent = sent
	}
	return nil
}
