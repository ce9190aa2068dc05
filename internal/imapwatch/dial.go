package imapwatch

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/mailauth"
)

// keepAlive makes the kernel probe an idle connection, so a peer that
// vanished (laptop sleep, NAT timeout, server crash) is noticed within
// about two minutes even while IDLE waits with no read deadline.
var keepAlive = net.KeepAliveConfig{Enable: true, Idle: time.Minute, Interval: 15 * time.Second, Count: 4}

// Dial is DialWith logging in as cfg.Username with password.
func Dial(ctx context.Context, cfg config.IMAP, password string, opts Options) (*Client, error) {
	return DialWith(ctx, cfg, mailauth.Password(cfg.Username, password), opts)
}

// DialWith connects to the IMAP server in cfg, logs in with cred (LOGIN
// with a password; OAUTHBEARER or XOAUTH2 with a token, see login) and finds the Drafts and Sent mailboxes when cfg leaves them
// empty (by the \Drafts and \Sent special-use attributes, then by usual
// names). It blocks until all of that is done, ctx ends or
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
	ic, err := connect(ctx, cfg.Server, c.clientOptions())
	if err != nil {
		return nil, fmt.Errorf("imap connect %s: %w", addr(cfg.Server), err)
	}
	c.ic = ic
	if err := c.setup(ctx, cfg.Server, cred); err != nil {
		ic.Close()
		return nil, fmt.Errorf("imap %s: %w", addr(cfg.Server), err)
	}
	c.log.Debug("imap connected", "drafts", c.drafts, "sent", c.sent)
	return c, nil
}

func addr(s config.Server) string {
	return net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
}

func (c *Client) clientOptions() *imapclient.Options {
	return &imapclient.Options{
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			Mailbox: func(data *imapclient.UnilateralDataMailbox) {
				if data.NumMessages != nil {
					c.notify()
				}
			},
		},
	}
}

// connect opens the TCP connection, protects it as srv.Security says and
// waits for the greeting. ctx bounds all of it.
func connect(ctx context.Context, srv config.Server, opts *imapclient.Options) (*imapclient.Client, error) {
	if srv.Security == config.SecurityNone && !config.IsLoopback(srv.Host) {
		return nil, fmt.Errorf(`security "none" is allowed only for loopback hosts; use "tls" or "starttls" for %s`, srv.Host)
	}
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAliveConfig: keepAlive}
	conn, err := dialer.DialContext(ctx, "tcp", addr(srv))
	if err != nil {
		return nil, err
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	ic, err := protect(ctx, conn, srv, opts)
	if err == nil {
		err = ic.WaitGreeting()
	}
	if !stop() {
		conn.Close()
		return nil, ctx.Err()
	}
	if err != nil {
		conn.Close()
		return nil, err
	}
	return ic, nil
}

func protect(ctx context.Context, conn net.Conn, srv config.Server, opts *imapclient.Options) (*imapclient.Client, error) {
	switch srv.Security {
	case config.SecurityNone:
		return imapclient.New(conn, opts), nil
	case config.SecurityTLS:
		tc, err := srv.TLSConfig()
		if err != nil {
			return nil, err
		}
		tc.NextProtos = []string{"imap"}
		tlsConn := tls.Client(conn, tc)
		if err := tlsConn.HandshakeContext(ctx); err != nil {
			return nil, fmt.Errorf("tls: %w", err)
		}
		return imapclient.New(tlsConn, opts), nil
	case config.SecurityStartTLS:
		tc, err := srv.TLSConfig()
		if err != nil {
			return nil, err
		}
		o := *opts
		o.TLSConfig = tc
		ic, err := imapclient.NewStartTLS(conn, &o)
		if err != nil {
			return nil, fmt.Errorf(`STARTTLS failed, so the password was not sent (for port 993 use security = "tls"): %w`, err)
		}
		return ic, nil
	}
	return nil, fmt.Errorf("unknown security %q: use tls, starttls or none", srv.Security)
}

// setup logs in (unless the server pre-authenticated a TLS session) and
// discovers mailboxes.
func (c *Client) setup(ctx context.Context, srv config.Server, cred mailauth.Credential) error {
	if c.ic.State() == imap.ConnStateNotAuthenticated {
		if err := c.login(ctx, srv, cred); err != nil {
			return err
		}
	}
	if c.drafts != "" && c.sent != "" {
		return nil
	}
	return c.discover(ctx)
}
