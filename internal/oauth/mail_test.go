package oauth_test

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/imapwatch"
	"github.com/followup-dev/followup/internal/mailauth"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/oauth"
	"github.com/followup-dev/followup/internal/oauth/oauthtest"
)

const user = "jo@example.test"

// signedIn is a token server, a completed login and a Source over it.
func signedIn(t *testing.T) (*oauthtest.Server, *oauth.Source) {
	t.Helper()
	srv, err := oauthtest.Start(oauthtest.Options{User: user})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	p, err := oauth.NewProvider(t.Context(), config.OAuth2{Name: "t", Provider: config.ProviderCustom, ClientID: "c",
		AuthURL: srv.AuthURL(), TokenURL: srv.TokenURL(), Scopes: []string{"mail"}})
	if err != nil {
		t.Fatal(err)
	}
	store := oauth.FileStore{Dir: t.TempDir()}
	if _, err := oauth.Login(t.Context(), p, store, oauth.LoginOptions{Out: io.Discard, Open: openURL}); err != nil {
		t.Fatalf("Login = %v", err)
	}
	return srv, oauth.NewSource(p, store, oauth.SourceOptions{})
}

// openURL plays the browser: it follows the sign-in URL and its redirect.
func openURL(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// imapServer is an in-process IMAP server that accepts only token logins
// with mechs, checked against tokens; LOGIN is refused.
type imapServer struct {
	addr string
	mu   sync.Mutex
	used []string // mechanisms of successful logins
}

type tokenSession struct {
	imapserver.SessionIMAP4rev2
	tokens *oauthtest.Server
	mechs  []string
	srv    *imapServer
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
		return s.SessionIMAP4rev2.Login(u, "pw")
	})
}

type discard struct{}

func (discard) Printf(string, ...any) {}

func newIMAPServer(t *testing.T, tokens *oauthtest.Server, mechs ...string) *imapServer {
	t.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(user, "pw")
	mem.AddUser(u)
	for _, name := range []string{"INBOX", "Drafts", "Sent"} {
		_ = u.Create(name, nil)
	}
	s := &imapServer{}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &tokenSession{SessionIMAP4rev2: mem.NewSession().(imapserver.SessionIMAP4rev2), tokens: tokens, mechs: mechs, srv: s}, nil, nil
		},
		Caps:   imap.CapSet{imap.CapIMAP4rev2: {}, imap.CapIMAP4rev1: {}},
		Logger: discard{}, InsecureAuth: true,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close(); <-done })
	return s
}

func serverConfig(addr string) config.Server {
	host, port, _ := net.SplitHostPort(addr)
	p, _ := strconv.Atoi(port)
	return config.Server{Host: host, Port: p, Security: config.SecurityNone, Auth: config.AuthOAuth2,
		Credentials: config.Credentials{Username: user}}
}

func dialIMAP(t *testing.T, s *imapServer, src mailauth.TokenSource) error {
	t.Helper()
	c, err := imapwatch.DialWith(t.Context(), config.IMAP{Server: serverConfig(s.addr)},
		mailauth.Credential{Username: user, Tokens: src}, imapwatch.Options{CommandTimeout: 5 * time.Second})
	if err == nil {
		c.Close()
	}
	return err
}

func TestIMAPTokenLogin(t *testing.T) {
	for _, tt := range []struct {
		name     string
		mechs    []string
		wantMech string
	}{
		{"XOAUTH2 only (Google, Microsoft)", []string{"XOAUTH2"}, "XOAUTH2"},
		{"both: OAUTHBEARER preferred", []string{"XOAUTH2", "OAUTHBEARER"}, "OAUTHBEARER"},
		{"OAUTHBEARER only", []string{"OAUTHBEARER"}, "OAUTHBEARER"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tokens, src := signedIn(t)
			s := newIMAPServer(t, tokens, tt.mechs...)
			if err := dialIMAP(t, s, src); err != nil {
				t.Fatalf("DialWith(token) = %v", err)
			}
			// A server cutting the session short: refused once, refreshed, accepted.
			tokens.DropAccessTokens()
			if err := dialIMAP(t, s, src); err != nil || tokens.Refreshes() != 1 {
				t.Fatalf("DialWith(dropped access token) = %v, refreshes %d; want ok after one refresh", err, tokens.Refreshes())
			}
			if s.used[0] != tt.wantMech || len(s.used) != 2 {
				t.Errorf("mechanisms used = %v, want %s twice", s.used, tt.wantMech)
			}
			tokens.RevokeAll()
			err := dialIMAP(t, s, src)
			if !errors.Is(err, mailauth.ErrLoginRequired) {
				t.Errorf("DialWith(revoked) = %v, want ErrLoginRequired", err)
			}
		})
	}
}

func TestIMAPNoTokenMechanism(t *testing.T) {
	tokens, src := signedIn(t)
	s := newIMAPServer(t, tokens, "PLAIN")
	if err := dialIMAP(t, s, src); !errors.Is(err, mailauth.ErrNoTokenMechanism) {
		t.Errorf("DialWith(server without token mechanisms) = %v, want ErrNoTokenMechanism", err)
	}
}

// smtpBackend accepts token logins only and records delivered messages.
type smtpBackend struct {
	tokens *oauthtest.Server
	mechs  []string
	mu     sync.Mutex
	got    [][]byte
}

type smtpSession struct {
	b      *smtpBackend
	authed bool
}

func (b *smtpBackend) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{b: b}, nil }
func (s *smtpSession) AuthMechanisms() []string                    { return s.b.mechs }
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

func (b *smtpBackend) delivered() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.got)
}

func newSMTPServer(t *testing.T, tokens *oauthtest.Server, mechs ...string) (*smtpBackend, string) {
	t.Helper()
	b := &smtpBackend{tokens: tokens, mechs: mechs}
	srv := smtp.NewServer(b)
	srv.AllowInsecureAuth = true
	srv.Domain = "localhost"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close(); <-done })
	return b, ln.Addr().String()
}

func send(t *testing.T, addr string, src mailauth.TokenSource) mailer.Result {
	t.Helper()
	s, err := mailer.NewSenderWith(config.SMTP{Server: serverConfig(addr)}, mailauth.Credential{Username: user, Tokens: src})
	if err != nil {
		t.Fatal(err)
	}
	raw := []byte("From: jo@example.test\r\nTo: hr@company.example\r\nSubject: Thanks\r\nMessage-ID: <1@example.test>\r\n\r\nThank you.\r\n")
	return s.Send(t.Context(), []mailer.Outgoing{{MessageID: "<1@example.test>", From: user, To: []string{"hr@company.example"}, Raw: raw}})[0]
}

func TestSMTPTokenLogin(t *testing.T) {
	for _, mechs := range [][]string{{"XOAUTH2"}, {"OAUTHBEARER", "XOAUTH2"}} {
		t.Run(mechs[0], func(t *testing.T) {
			tokens, src := signedIn(t)
			b, addr := newSMTPServer(t, tokens, mechs...)
			if r := send(t, addr, src); r.Outcome != mailer.Sent {
				t.Fatalf("Send(token) = %v %v, want sent", r.Outcome, r.Err)
			}
			tokens.DropAccessTokens()
			if r := send(t, addr, src); r.Outcome != mailer.Sent || tokens.Refreshes() != 1 {
				t.Fatalf("Send(dropped access token) = %v %v, refreshes %d; want sent after one refresh", r.Outcome, r.Err, tokens.Refreshes())
			}
			tokens.RevokeAll()
			r := send(t, addr, src)
			if r.Outcome != mailer.Transient || !errors.Is(r.Err, mailauth.ErrLoginRequired) || b.delivered() != 2 {
				t.Errorf("Send(revoked) = %v %v, delivered %d; want transient ErrLoginRequired, nothing more delivered", r.Outcome, r.Err, b.delivered())
			}
			if bytes.Contains([]byte(r.Err.Error()), []byte("Bearer")) {
				t.Errorf("error %q shows the token exchange", r.Err)
			}
		})
	}
}
