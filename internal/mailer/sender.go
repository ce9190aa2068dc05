package mailer

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/mailauth"
)

// Default timeouts. The end-of-data wait follows RFC 5321 4.5.3.2.6, which
// gives a server 10 minutes to answer the final dot.
const (
	DefaultCommandTimeout   = 2 * time.Minute
	DefaultEndOfDataTimeout = 10 * time.Minute
)

// defaultHelloName is what the client says in EHLO: never the machine's
// host name, which would leak into Received headers.
const defaultHelloName = "localhost"

// ErrInvalidOutgoing is wrapped by errors about an Outgoing that cannot be
// sent as given (no sender, no recipient, empty message, CR/LF in an
// address). Such messages get a Permanent result without a connection.
var ErrInvalidOutgoing = errors.New("invalid outgoing message")

// Outgoing is one stored message to deliver.
type Outgoing struct {
	MessageID string   // copied to the Result; Raw is not parsed
	From      string   // envelope sender (MAIL FROM), a plain address
	To        []string // envelope recipients (RCPT TO), plain addresses
	Raw       []byte   // written byte for byte inside DATA (dot-stuffed on the wire)
}

// Result is what became of one Outgoing.
type Result struct {
	MessageID string
	Outcome   Outcome
	Err       error // an *Error; nil when Outcome is Sent
	Code      int   // the SMTP reply code that decided; 0 when there was none
}

// Dialer opens a TCP connection; net.Dialer.DialContext is one.
type Dialer func(ctx context.Context, network, addr string) (net.Conn, error)

// Option adjusts a Sender.
type Option func(*Sender)

// WithDialer replaces the TCP dialer (tests, proxies).
func WithDialer(d Dialer) Option { return func(s *Sender) { s.dial = d } }

// WithHelloName sets the name sent in EHLO (default "localhost").
func WithHelloName(name string) Option { return func(s *Sender) { s.helloName = name } }

// WithTimeouts sets how long one command may take and how long the server
// may take to answer the end of DATA. Zero keeps the default.
func WithTimeouts(command, endOfData time.Duration) Option {
	return func(s *Sender) {
		if command > 0 {
			s.commandTimeout = command
		}
		if endOfData > 0 {
			s.endOfDataTimeout = endOfData
		}
	}
}

// Sender delivers messages to one SMTP submission server. It holds the
// password in memory only and never logs or prints it. It is safe for
// concurrent use; each Send opens its own connection.
type Sender struct {
	host, addr       string
	port             int
	security         config.Security
	cred             mailauth.Credential
	tlsConfig        *tls.Config
	dial             Dialer
	helloName        string
	commandTimeout   time.Duration
	endOfDataTimeout time.Duration
}

// NewSender is NewSenderWith logging in as cfg.Username with password.
func NewSender(cfg config.SMTP, password string, opts ...Option) (*Sender, error) {
	return NewSenderWith(cfg, mailauth.Password(cfg.Username, password), opts...)
}

// NewSenderWith checks cfg and prepares a Sender that authenticates with
// cred (no AUTH when cred.Username is empty). Security "tls" is implicit
// TLS, "starttls" is mandatory STARTTLS (the exchange stops before AUTH when
// the server does not offer it), "none" is refused unless the host is
// loopback. Certificates are verified, for ServerName = host, against the
// system roots plus cfg.CAFile; TLS 1.2 is the minimum. It reads the CA
// file and does not block otherwise.
func NewSenderWith(cfg config.SMTP, cred mailauth.Credential, opts ...Option) (*Sender, error) {
	if cfg.Host == "" || cfg.Port <= 0 || cfg.Port > 65535 {
		return nil, fmt.Errorf("smtp: host and port 1-65535 are required (got %q, %d)", cfg.Host, cfg.Port)
	}
	switch cfg.Security {
	case config.SecurityTLS, config.SecurityStartTLS:
	case config.SecurityNone:
		if !config.IsLoopback(cfg.Host) {
			return nil, fmt.Errorf("smtp %s: %w", cfg.Host, ErrInsecureRefused)
		}
	default:
		return nil, fmt.Errorf("smtp: unknown security %q: want tls, starttls or none", cfg.Security)
	}
	host := strings.Trim(cfg.Host, "[]")
	tc, err := cfg.Server.TLSConfig()
	if err != nil {
		return nil, fmt.Errorf("smtp %w", err)
	}
	s := &Sender{
		host: host, addr: net.JoinHostPort(host, strconv.Itoa(cfg.Port)),
		port: cfg.Port, security: cfg.Security, cred: cred,
		tlsConfig: tc, dial: (&net.Dialer{Timeout: DefaultCommandTimeout}).DialContext,
		helloName: defaultHelloName, commandTimeout: DefaultCommandTimeout, endOfDataTimeout: DefaultEndOfDataTimeout,
	}
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

// Each hooks into a batch that SendEach delivers, message by message.
type Each struct {
	// Before, when set, runs just before message i is handed to the server
	// (for the first one, before the connection is opened); false skips
	// the message: it is not sent and After is not called for it.
	Before func(i int) bool
	// After, when set, runs as soon as message i has its outcome, before
	// the next message is handed over, for every message Before let go.
	After func(i int, r Result)
}

func (e Each) before(i int) bool { return e.Before == nil || e.Before(i) }

func (e Each) after(i int, r Result) {
	if e.After != nil {
		e.After(i, r)
	}
}

// Send delivers msgs in order over one connection and returns one Result
// per message, in the same order: SendEach without hooks.
func (s *Sender) Send(ctx context.Context, msgs []Outgoing) []Result {
	return s.SendEach(ctx, msgs, Each{})
}

// SendEach delivers msgs in order over one connection and returns one
// Result per message, in the same order, calling each.Before and each.After
// around every message so that the caller can record each outcome the
// moment it is known. It blocks until every message has an outcome, the
// server is unreachable, or ctx ends; cancelling ctx closes the connection,
// so a message whose final dot was already written comes back Ambiguous.
// A message the server refused does not stop the others (the transaction
// is reset). Once the connection is lost, or ctx has ended, the remaining
// messages are not attempted: Transient with ErrNotAttempted, without
// Before or After. When the server cannot be reached every message gets
// that failure (each with Before and After). Invalid messages are
// Permanent without touching the connection; if all are invalid, none is
// opened. A message is sent to all its recipients or to none.
func (s *Sender) SendEach(ctx context.Context, msgs []Outgoing, each Each) []Result {
	b := batch{s: s, msgs: msgs, each: each, results: make([]Result, len(msgs))}
	defer b.close()
	for i := range msgs {
		if !b.one(ctx, i) {
			b.notAttempted(i + 1)
			break
		}
	}
	return b.results
}

// batch is the state of one SendEach.
type batch struct {
	s       *Sender
	msgs    []Outgoing
	each    Each
	results []Result
	sess    *session
	openErr *Error
}

// one sends message i; false means the connection is gone and the rest
// must not be attempted.
func (b *batch) one(ctx context.Context, i int) bool {
	m := b.msgs[i]
	b.results[i] = Result{MessageID: m.MessageID, Outcome: Transient, Err: &Error{Stage: StageMail, Outcome: Transient, Err: ErrNotAttempted}}
	if ctx.Err() != nil {
		return false
	}
	if !b.each.before(i) {
		return true
	}
	if err := m.check(); err != nil {
		b.done(i, classify(StageMessage, err))
		return true
	}
	if b.sess == nil && b.openErr == nil {
		b.sess, b.openErr = b.s.open(ctx)
	}
	if b.openErr != nil {
		b.done(i, b.openErr)
		return true
	}
	e := b.sess.deliver(ctx, m)
	b.done(i, e)
	if e == nil {
		return true
	}
	if err := b.sess.reset(e); err != nil {
		b.sess.close()
		b.sess, b.openErr = nil, &Error{Stage: StageMail, Outcome: Transient, Err: fmt.Errorf("%w: %v", ErrNotAttempted, err)}
		return false
	}
	return true
}

func (b *batch) done(i int, e *Error) {
	b.results[i] = result(b.msgs[i], e)
	b.each.after(i, b.results[i])
}

// notAttempted marks messages from i on as not attempted.
func (b *batch) notAttempted(from int) {
	for j := from; j < len(b.msgs); j++ {
		b.results[j] = Result{MessageID: b.msgs[j].MessageID, Outcome: Transient,
			Err: &Error{Stage: StageMail, Outcome: Transient, Err: ErrNotAttempted}}
	}
}

func (b *batch) close() {
	if b.sess != nil {
		b.sess.quit()
		b.sess.close()
	}
}

// Verify connects, secures the connection and authenticates, then quits
// without sending anything. It blocks for at most a few command timeouts.
func (s *Sender) Verify(ctx context.Context) error {
	sess, e := s.open(ctx)
	if e != nil {
		return e
	}
	defer sess.close()
	sess.quit()
	return nil
}

func result(m Outgoing, e *Error) Result {
	if e == nil {
		return Result{MessageID: m.MessageID, Outcome: Sent}
	}
	return Result{MessageID: m.MessageID, Outcome: e.Outcome, Err: e, Code: e.Code}
}

// check refuses what cannot be put in an envelope.
func (m Outgoing) check() error {
	if len(m.Raw) == 0 {
		return fmt.Errorf("%w: %s: empty message", ErrInvalidOutgoing, m.MessageID)
	}
	if len(m.To) == 0 {
		return fmt.Errorf("%w: %s: no recipient", ErrInvalidOutgoing, m.MessageID)
	}
	for _, a := range append([]string{m.From}, m.To...) {
		if p, err := mail.ParseAddress(a); err != nil || p.Address != a || p.Name != "" {
			return fmt.Errorf("%w: %s: %q is not a plain address", ErrInvalidOutgoing, m.MessageID, a)
		}
	}
	return nil
}
