package oauthtest

import (
	"io"
	"net"
	"strconv"
	"sync"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// IMAPServer is an in-process IMAP server on loopback (plain text) with
// INBOX, Drafts and Sent for the token server's user, that accepts only
// AUTHENTICATE with the given token mechanisms and a currently valid
// access token; LOGIN is refused.
type IMAPServer struct {
	Host string
	Port int
	User *imapmemserver.User

	mu   sync.Mutex
	used []string
}

// Used lists the mechanisms of the successful logins, in order.
func (s *IMAPServer) Used() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.used...)
}

type tokenSession struct {
	imapserver.SessionIMAP4rev2
	tokens *Server
	mechs  []string
	srv    *IMAPServer
}

func (s *tokenSession) Login(string, string) error {
	return &imap.Error{Type: imap.StatusResponseTypeNo, Text: "LOGIN disabled: use a token"}
}

func (s *tokenSession) AuthenticateMechanisms() []string { return s.mechs }

func (s *tokenSession) Authenticate(mech string) (sasl.Server, error) {
	return s.tokens.SASLServer(mech, func(u string) error {
		s.srv.mu.Lock()
		s.srv.used = append(s.srv.used, mech)
		s.srv.mu.Unlock()
		return s.SessionIMAP4rev2.Login(u, memPassword)
	})
}

const memPassword = "unused"

type discard struct{}

func (discard) Printf(string, ...any) {}

// StartIMAP starts an IMAPServer, stopped when the test ends.
func StartIMAP(t testing.TB, tokens *Server, mechs ...string) *IMAPServer {
	t.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(tokens.User(), memPassword)
	mem.AddUser(u)
	for _, name := range []string{"INBOX", "Drafts", "Sent"} {
		_ = u.Create(name, nil)
	}
	s := &IMAPServer{User: u}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &tokenSession{SessionIMAP4rev2: mem.NewSession().(imapserver.SessionIMAP4rev2), tokens: tokens, mechs: mechs, srv: s}, nil, nil
		},
		Caps:   imap.CapSet{imap.CapIMAP4rev2: {}, imap.CapIMAP4rev1: {}},
		Logger: discard{}, InsecureAuth: true,
	})
	s.Host, s.Port = listen(t, func(ln net.Listener) error { return srv.Serve(ln) }, func() { srv.Close() })
	return s
}

func listen(t testing.TB, serve func(net.Listener) error, stop func()) (string, int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("oauthtest: listen: %v", err)
	}
	done := make(chan struct{})
	go func() { defer close(done); _ = serve(ln) }()
	t.Cleanup(func() { stop(); <-done })
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	p, _ := strconv.Atoi(port)
	return host, p
}

// SMTPServer is an in-process SMTP server on loopback (plain text) that
// accepts only AUTH with the given token mechanisms and a currently valid
// access token, and records the messages it accepts.
type SMTPServer struct {
	Host string
	Port int

	tokens *Server
	mechs  []string
	mu     sync.Mutex
	got    [][]byte
}

// StartSMTP starts an SMTPServer, stopped when the test ends.
func StartSMTP(t testing.TB, tokens *Server, mechs ...string) *SMTPServer {
	t.Helper()
	b := &SMTPServer{tokens: tokens, mechs: mechs}
	srv := smtp.NewServer(b)
	srv.AllowInsecureAuth = true
	srv.Domain = "localhost"
	b.Host, b.Port = listen(t, func(ln net.Listener) error { return srv.Serve(ln) }, func() { srv.Close() })
	return b
}

// Delivered returns the messages accepted so far.
func (b *SMTPServer) Delivered() [][]byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([][]byte(nil), b.got...)
}

// NewSession implements smtp.Backend.
func (b *SMTPServer) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{b: b}, nil }

type smtpSession struct {
	b      *SMTPServer
	authed bool
}

func (s *smtpSession) AuthMechanisms() []string { return s.b.mechs }

func (s *smtpSession) Auth(mech string) (sasl.Server, error) {
	return s.b.tokens.SASLServer(mech, func(string) error { s.authed = true; return nil })
}

func (s *smtpSession) Mail(string, *smtp.MailOptions) error {
	if !s.authed {
		return &smtp.SMTPError{Code: 530, Message: "authentication required"}
	}
	return nil
}

func (s *smtpSession) Rcpt(string, *smtp.RcptOptions) error { return nil }

func (s *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.b.mu.Lock()
	s.b.got = append(s.b.got, b)
	s.b.mu.Unlock()
	return err
}

func (s *smtpSession) Reset()        {}
func (s *smtpSession) Logout() error { return nil }
