// Package smtptest runs a scripted, recording SMTP server in process so
// that tests can exercise real SMTP clients: plain, STARTTLS or implicit
// TLS with a certificate from a CA made for the test, replies chosen per
// message, connections dropped after DATA, and counters of connections,
// AUTH attempts and delivered messages. It listens on 127.0.0.1 only.
package smtptest

import (
	"bytes"
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/testca"
)

// Mode is how the server protects connections.
type Mode int

// The modes.
const (
	Plain       Mode = iota // no TLS; STARTTLS is not offered
	StartTLS                // STARTTLS is offered
	ImplicitTLS             // TLS from the first byte
)

// ErrDrop, returned by a Script, makes the server read the whole message
// and then close the connection without replying to the final dot.
var ErrDrop = errors.New("smtptest: drop the connection without replying")

// Delivery is one message the server read in DATA.
type Delivery struct {
	From  string
	To    []string
	Data  []byte
	Reply error // what the Script returned; nil means 250 (accepted)
}

// Options configure a Server. The zero value is a plain server that
// accepts every message without authentication.
type Options struct {
	Mode Mode
	// Untrusted makes the server present a certificate signed by a second
	// CA, not the one in CAPath.
	Untrusted bool
	// Username and Password, when Username is set, make the server offer
	// AUTH PLAIN, check the credentials and require them before MAIL. AUTH
	// is offered even on unencrypted connections, so that a client that
	// would send its password in the clear is caught.
	Username, Password string
	// Script decides the reply to the n-th message (0-based, counted over
	// all connections): nil accepts it (250), an *smtp.SMTPError is sent
	// as the reply, ErrDrop closes the connection without a reply, any
	// other error is a 554. It runs on the connection's goroutine.
	Script func(n int, d Delivery) error
}

// Server is a running test server. Its methods are safe for concurrent
// use. It is closed by the test's cleanup.
type Server struct {
	Addr string // 127.0.0.1:port
	Port int

	opts   Options
	caPath string

	mu           sync.Mutex
	connections  int
	authAttempts int
	deliveries   []Delivery
	transcript   bytes.Buffer
}

// New starts a server on 127.0.0.1 with a free port. The CA certificate
// that CAPath names is written to a temporary folder of t.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	s := &Server{opts: opts}
	ca := testca.New(t, "followup test CA")
	s.caPath = ca.WriteFile(t)
	issuer := ca
	if opts.Untrusted {
		issuer = testca.New(t, "untrusted test CA")
	}
	srv := smtp.NewServer(smtp.BackendFunc(s.newSession))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.ReadTimeout, srv.WriteTimeout = time.Minute, time.Minute
	if opts.Mode != Plain {
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{issuer.Leaf(t)}, MinVersion: tls.VersionTLS12}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: listen: %v", err)
	}
	s.Addr, s.Port = l.Addr().String(), l.Addr().(*net.TCPAddr).Port
	var ln net.Listener = &recordingListener{Listener: l, s: s}
	if opts.Mode == ImplicitTLS {
		ln = tls.NewListener(ln, srv.TLSConfig)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(ln)
	}()
	t.Cleanup(func() {
		srv.Close()
		ln.Close() // Close misses the listener when Serve has not started yet
		<-done
	})
	return s
}

// CAPath is a PEM file holding the CA that signed the server's certificate
// (unless Options.Untrusted): use it as [smtp] ca_file.
func (s *Server) CAPath() string { return s.caPath }

// Config is an [smtp] section pointing at the server: host 127.0.0.1,
// its port, the security matching the mode, CAPath and the username.
func (s *Server) Config() config.SMTP {
	sec := map[Mode]config.Security{Plain: config.SecurityNone, StartTLS: config.SecurityStartTLS, ImplicitTLS: config.SecurityTLS}
	return config.SMTP{Server: config.Server{
		Host: "127.0.0.1", Port: s.Port, Security: sec[s.opts.Mode], CAFile: s.caPath,
		Credentials: config.Credentials{Username: s.opts.Username},
	}}
}

// Connections is how many TCP connections were accepted.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connections
}

// AuthAttempts is how many AUTH commands reached authentication, whatever
// their result.
func (s *Server) AuthAttempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.authAttempts
}

// Deliveries lists every message read in DATA, accepted or not, in order.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.deliveries...)
}

// Messages lists the data of the accepted messages, in order.
func (s *Server) Messages() [][]byte {
	var out [][]byte
	for _, d := range s.Deliveries() {
		if d.Reply == nil {
			out = append(out, d.Data)
		}
	}
	return out
}

// Transcript is every byte the server received from clients, over all
// connections (ciphertext once TLS is on).
func (s *Server) Transcript() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.transcript.Bytes())
}

func (s *Server) newSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{s: s, conn: c}, nil
}

// deliver records d, asks the Script for the reply and records it.
func (s *Server) deliver(d Delivery) error {
	s.mu.Lock()
	n := len(s.deliveries)
	s.deliveries = append(s.deliveries, d)
	s.mu.Unlock()
	var reply error
	if s.opts.Script != nil {
		reply = s.opts.Script(n, d)
	}
	s.mu.Lock()
	s.deliveries[n].Reply = reply
	s.mu.Unlock()
	return reply
}

// session is one SMTP session; go-smtp makes a new one after STARTTLS.
type session struct {
	s      *Server
	conn   *smtp.Conn
	authed bool
	from   string
	to     []string
}

func (ss *session) AuthMechanisms() []string {
	if ss.s.opts.Username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(string) (sasl.Server, error) {
	ss.s.mu.Lock()
	ss.s.authAttempts++
	ss.s.mu.Unlock()
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username != ss.s.opts.Username || password != ss.s.opts.Password {
			return smtp.ErrAuthFailed
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.opts.Username != "" && !ss.authed {
		return smtp.ErrAuthRequired
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	reply := ss.s.deliver(Delivery{From: ss.from, To: ss.to, Data: b})
	if errors.Is(reply, ErrDrop) {
		ss.conn.Conn().Close()
	}
	return reply
}

func (ss *session) Reset() { ss.from, ss.to = "", nil }

func (ss *session) Logout() error { return nil }

// recordingListener counts connections and records what clients send.
type recordingListener struct {
	net.Listener
	s *Server
}

func (l *recordingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.s.mu.Lock()
	l.s.connections++
	l.s.mu.Unlock()
	return &recordingConn{Conn: c, s: l.s}, nil
}

type recordingConn struct {
	net.Conn
	s *Server
}

func (c *recordingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.s.mu.Lock()
	c.s.transcript.Write(p[:n])
	c.s.mu.Unlock()
	return n, err
}
