package mailer

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"os"
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
	tc, err := tlsConfig(host, cfg.CAFile)
	if err != nil {
		return nil, err
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

// tlsConfig trusts the system roots plus the certificates in caFile.
func tlsConfig(host, caFile string) (*tls.Config, error) {
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("smtp ca_file: %w", err)
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("smtp ca_file %s: no PEM certificate found", caFile)
		}
	}
	return &tls.Config{ServerName: host, RootCAs: pool, MinVersion: tls.VersionTLS12}, nil
}

// Send delivers msgs in order over one connection and returns one Result
// per message, in the same order. It blocks until every message has an
// outcome, the server is unreachable, or ctx ends; cancelling ctx closes
// the connection, so a message whose final dot was already written comes
// back Ambiguous and the rest Transient. A message the server refused does
// not stop the others (the transaction is reset); a lost connection marks
// the remaining messages Transient with ErrNotAttempted. Invalid messages
// are Permanent and, if all are invalid, no connection is opened. A message
// is sent to all its recipients or to none: one refused RCPT fails it.
func (s *Sender) Send(ctx context.Context, msgs []Outgoing) []Result {
	results := make([]Result, len(msgs))
	var todo []int
	for i, m := range msgs {
		results[i] = Result{MessageID: m.MessageID}
		if err := m.check(); err != nil {
			results[i] = result(m, classify(StageMessage, err))
			continue
		}
		todo = append(todo, i)
	}
	if len(todo) == 0 {
		return results
	}
	sess, e := s.open(ctx)
	if e != nil {
		for _, i := range todo {
			results[i] = result(msgs[i], e)
		}
		return results
	}
	defer sess.close()
	for k, i := range todo {
		e := sess.deliver(ctx, msgs[i])
		results[i] = result(msgs[i], e)
		if e == nil || k == len(todo)-1 {
			continue
		}
		if err := sess.reset(e); err != nil {
			lost := &Error{Stage: StageMail, Outcome: Transient, Err: fmt.Errorf("%w: %v", ErrNotAttempted, err)}
			for _, j := range todo[k+1:] {
				results[j] = result(msgs[j], lost)
			}
			return results
		}
	}
	sess.quit()
	return results
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
