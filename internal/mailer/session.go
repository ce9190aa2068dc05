package mailer

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/wneessen/go-mail/smtp"

	"github.com/followup-dev/followup/internal/config"
)

// session is one open, secured and authenticated SMTP connection.
type session struct {
	s    *Sender
	c    *smtp.Client
	conn net.Conn // the TCP connection under any TLS layer
	stop func() bool
	// refused is the access token the server refused, if it did.
	refused string
}

// open dials, secures and authenticates. Every failure is classified; the
// connection is closed on failure. A refused access token is reported to
// the token source and tried once more, with a fresh token on a new
// connection (go-mail quits after a failed AUTH).
func (s *Sender) open(ctx context.Context) (*session, *Error) {
	sess, e := s.openOnce(ctx)
	if e != nil && sess != nil { // only a refused token returns both
		return s.reopenWithFreshToken(ctx, sess.refused)
	}
	return sess, e
}

func (s *Sender) openOnce(ctx context.Context) (*session, *Error) {
	conn, err := s.dial(ctx, "tcp", s.addr)
	if err != nil {
		return nil, classify(StageConnect, fmt.Errorf("dial %s: %w", s.addr, err))
	}
	sess := &session{s: s, conn: conn}
	// Cancelling ctx closes the connection, which ends any blocked read.
	sess.stop = context.AfterFunc(ctx, func() { conn.Close() })
	if e := sess.setup(ctx); e != nil {
		sess.close()
		if sess.refused != "" {
			return sess, e
		}
		return nil, e
	}
	return sess, nil
}

// setup runs the greeting, EHLO, TLS and AUTH.
func (sess *session) setup(ctx context.Context) *Error {
	s := sess.s
	var nc net.Conn = sess.conn
	sess.deadline(s.commandTimeout)
	if s.security == config.SecurityTLS {
		tc := tls.Client(sess.conn, s.tlsConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			return classify(StageConnect, contextCause(ctx, fmt.Errorf("tls handshake with %s: %w", s.addr, err)))
		}
		nc = tc
	}
	c, err := smtp.NewClient(nc, s.host) // reads the greeting
	if err != nil {
		return classify(StageConnect, contextCause(ctx, fmt.Errorf("greeting from %s: %w", s.addr, err)))
	}
	sess.c = c
	if err := c.Hello(s.helloName); err != nil {
		return classify(StageConnect, contextCause(ctx, fmt.Errorf("ehlo: %w", err)))
	}
	if s.security == config.SecurityStartTLS {
		if e := sess.startTLS(ctx); e != nil {
			return e
		}
	}
	if s.cred.Username == "" {
		return nil
	}
	return sess.auth(ctx)
}

// startTLS upgrades the connection, or stops before anything else is sent
// when the server does not offer STARTTLS.
func (sess *session) startTLS(ctx context.Context) *Error {
	if ok, _ := sess.c.Extension("STARTTLS"); !ok {
		return classify(StageTLS, fmt.Errorf("%s: %w", sess.s.addr, ErrStartTLSUnavailable))
	}
	if err := sess.c.StartTLS(sess.s.tlsConfig); err != nil {
		return classify(StageTLS, contextCause(ctx, err))
	}
	return nil
}

// auth authenticates with PLAIN or LOGIN, only over TLS (or on loopback
// with security "none").
func (sess *session) auth(ctx context.Context) *Error {
	s := sess.s
	insecure := s.security == config.SecurityNone
	if _, ok := sess.c.TLSConnectionState(); !ok && !insecure {
		return classify(StageAuth, fmt.Errorf("%w: not on TLS, credentials withheld", ErrStartTLSUnavailable))
	}
	_, params := sess.c.Extension("AUTH")
	if s.cred.OAuth() {
		return sess.tokenAuth(ctx, strings.Fields(params))
	}
	mechs := " " + strings.ToUpper(params) + " "
	var a smtp.Auth
	switch {
	case strings.Contains(mechs, " PLAIN "):
		a = smtp.PlainAuth("", s.cred.Username, s.cred.Password, s.host, insecure)
	case strings.Contains(mechs, " LOGIN "):
		a = smtp.LoginAuth(s.cred.Username, s.cred.Password, s.host, insecure)
	default:
		return classify(StageAuth, fmt.Errorf("%w: offered %q", ErrAuthUnsupported, params))
	}
	if err := sess.c.Auth(a); err != nil {
		return classify(StageAuth, contextCause(ctx, err))
	}
	return nil
}

// deliver runs one mail transaction. Until the last byte before the final
// dot is flushed, a failure is Transient (the server cannot have accepted
// the message); after that, a missing reply is Ambiguous.
func (sess *session) deliver(ctx context.Context, m Outgoing) *Error {
	c := sess.c
	sess.deadline(sess.s.commandTimeout)
	if err := c.Mail("<" + m.From + ">"); err != nil {
		return classify(StageMail, contextCause(ctx, err))
	}
	for _, to := range m.To {
		if err := c.Rcpt("<" + to + ">"); err != nil {
			return classify(StageRcpt, contextCause(ctx, fmt.Errorf("%s: %w", to, err)))
		}
	}
	w, err := c.Data()
	if err != nil {
		return classify(StageData, contextCause(ctx, err))
	}
	if _, err := w.Write(m.Raw); err != nil {
		return classify(StageData, contextCause(ctx, err))
	}
	// Push everything but the final dot to the socket, so that a failure
	// here is known to be before the end of DATA.
	if err := c.Text.W.Flush(); err != nil {
		return classify(StageData, contextCause(ctx, err))
	}
	sess.deadline(sess.s.endOfDataTimeout)
	if err := w.Close(); err != nil {
		return classify(StageEndOfData, contextCause(ctx, err))
	}
	return nil
}

// reset prepares the connection for the next message after e. It returns
// an error when the connection is no longer usable.
func (sess *session) reset(e *Error) error {
	if e.Code == 0 || e.Code == 421 {
		return fmt.Errorf("connection unusable after %w", e)
	}
	sess.deadline(sess.s.commandTimeout)
	if err := sess.c.Reset(); err != nil {
		return fmt.Errorf("rset: %w", err)
	}
	return nil
}

// quit says goodbye; its failure changes no outcome.
func (sess *session) quit() {
	sess.deadline(sess.s.commandTimeout)
	_ = sess.c.Quit()
}

func (sess *session) close() {
	sess.stop()
	if sess.c != nil {
		_ = sess.c.Close()
	}
	_ = sess.conn.Close()
}

func (sess *session) deadline(d time.Duration) {
	_ = sess.conn.SetDeadline(time.Now().Add(d))
}
