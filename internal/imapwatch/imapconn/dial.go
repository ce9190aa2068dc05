// Package imapconn is followup's IMAP connection: Client, one logged-in
// connection (commands one at a time, each bounded by a timeout, \Seen
// never set). It opens the connection the way the config says (TCP with
// keep-alive probes, implicit TLS or mandatory STARTTLS, "none" only to a
// loopback host), signs in (LOGIN with a password, AUTHENTICATE with an
// OAuth2 token), finds Drafts and Sent by their special use, saves drafts
// and Sent copies, looks a Message-ID up, and has the commands the watcher
// (package imapwatch) reads mailboxes with; and the delay before dialling
// again.
package imapconn

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/imapwatch/headertap"
	"github.com/followup-dev/followup/internal/mailauth"
)

// keepAlive makes the kernel probe an idle connection, so a peer that
// vanished (laptop sleep, NAT timeout, server crash) is noticed within
// about two minutes even while IDLE waits with no read deadline.
var keepAlive = net.KeepAliveConfig{Enable: true, Idle: time.Minute, Interval: 15 * time.Second, Count: 4}

// connectLogin connects to srv and logs in with cred, unless the server
// pre-authenticated the TLS session. ctx bounds all of it: when it ends,
// the connection is closed and its error reported. Errors name the server.
// It also returns the headertap.Conn under the client.
func connectLogin(ctx context.Context, srv config.Server, cred mailauth.Credential, opts *imapclient.Options, log *slog.Logger) (*imapclient.Client, *headertap.Conn, error) {
	ic, tap, err := connect(ctx, srv, opts)
	if err != nil {
		return nil, nil, fmt.Errorf("imap connect %s: %w", Addr(srv), err)
	}
	if ic.State() == imap.ConnStateNotAuthenticated {
		if err := login(ctx, ic, srv, cred, log); err != nil {
			ic.Close()
			return nil, nil, fmt.Errorf("imap %s: %w", Addr(srv), err)
		}
	}
	return ic, tap, nil
}

// Addr is srv's host:port.
func Addr(srv config.Server) string {
	return net.JoinHostPort(srv.Host, strconv.Itoa(srv.Port))
}

// connect opens the TCP connection, protects it as srv.Security says and
// waits for the greeting. ctx bounds all of it.
func connect(ctx context.Context, srv config.Server, opts *imapclient.Options) (*imapclient.Client, *headertap.Conn, error) {
	if srv.Security == config.SecurityNone && !config.IsLoopback(srv.Host) {
		return nil, nil, fmt.Errorf(`security "none" is allowed only for loopback hosts; use "tls" or "starttls" for %s`, srv.Host)
	}
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAliveConfig: keepAlive}
	conn, err := dialer.DialContext(ctx, "tcp", Addr(srv))
	if err != nil {
		return nil, nil, err
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	ic, tap, err := protect(ctx, conn, srv, opts)
	if err == nil {
		err = ic.WaitGreeting()
	}
	if !stop() {
		conn.Close()
		return nil, nil, ctx.Err()
	}
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	return ic, tap, nil
}

func protect(ctx context.Context, conn net.Conn, srv config.Server, opts *imapclient.Options) (*imapclient.Client, *headertap.Conn, error) {
	switch srv.Security {
	case config.SecurityNone:
		tap := headertap.New(conn)
		return imapclient.New(tap, opts), tap, nil
	case config.SecurityTLS:
		tc, err := srv.TLSConfig()
		if err != nil {
			return nil, nil, err
		}
		tc.NextProtos = []string{"imap"}
		tlsConn := tls.Client(conn, tc)
		if err := tlsConn.HandshakeContext(ctx); err != nil {
			return nil, nil, fmt.Errorf("TLS handshake: %w", err)
		}
		tap := headertap.New(tlsConn)
		return imapclient.New(tap, opts), tap, nil
	case config.SecurityStartTLS:
		tc, err := srv.TLSConfig()
		if err != nil {
			return nil, nil, err
		}
		tlsConn, err := startTLS(ctx, conn, tc)
		if err != nil {
			return nil, nil, fmt.Errorf(`STARTTLS failed, so the password was not sent (for port 993 use security = "tls"): %w`, err)
		}
		tap := headertap.AfterGreeting(tlsConn, startTLSGreeting)
		return imapclient.New(tap, opts), tap, nil
	}
	return nil, nil, fmt.Errorf("unknown security %q: use tls, starttls or none", srv.Security)
}
