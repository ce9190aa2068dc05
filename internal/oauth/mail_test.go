package oauth_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

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

func serverConfig(host string, port int) config.Server {
	return config.Server{Host: host, Port: port, Security: config.SecurityNone, Auth: config.AuthOAuth2,
		Credentials: config.Credentials{Username: user}}
}

func dialIMAP(t *testing.T, s *oauthtest.IMAPServer, src mailauth.TokenSource) error {
	t.Helper()
	c, err := imapwatch.DialWith(t.Context(), config.IMAP{Server: serverConfig(s.Host, s.Port)},
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
			s := oauthtest.StartIMAP(t, tokens, tt.mechs...)
			if err := dialIMAP(t, s, src); err != nil {
				t.Fatalf("DialWith(token) = %v", err)
			}
			// A server cutting the session short: refused once, refreshed, accepted.
			tokens.DropAccessTokens()
			if err := dialIMAP(t, s, src); err != nil || tokens.Refreshes() != 1 {
				t.Fatalf("DialWith(dropped access token) = %v, refreshes %d; want ok after one refresh", err, tokens.Refreshes())
			}
			if used := s.Used(); len(used) != 2 || used[0] != tt.wantMech {
				t.Errorf("mechanisms used = %v, want %s twice", used, tt.wantMech)
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
	s := oauthtest.StartIMAP(t, tokens, "PLAIN")
	if err := dialIMAP(t, s, src); !errors.Is(err, mailauth.ErrNoTokenMechanism) {
		t.Errorf("DialWith(server without token mechanisms) = %v, want ErrNoTokenMechanism", err)
	}
}

func send(t *testing.T, srv *oauthtest.SMTPServer, src mailauth.TokenSource) mailer.Result {
	t.Helper()
	s, err := mailer.NewSenderWith(config.SMTP{Server: serverConfig(srv.Host, srv.Port)}, mailauth.Credential{Username: user, Tokens: src})
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
			b := oauthtest.StartSMTP(t, tokens, mechs...)
			if r := send(t, b, src); r.Outcome != mailer.Sent {
				t.Fatalf("Send(token) = %v %v, want sent", r.Outcome, r.Err)
			}
			tokens.DropAccessTokens()
			if r := send(t, b, src); r.Outcome != mailer.Sent || tokens.Refreshes() != 1 {
				t.Fatalf("Send(dropped access token) = %v %v, refreshes %d; want sent after one refresh", r.Outcome, r.Err, tokens.Refreshes())
			}
			tokens.RevokeAll()
			r := send(t, b, src)
			if r.Outcome != mailer.Transient || !errors.Is(r.Err, mailauth.ErrLoginRequired) || len(b.Delivered()) != 2 {
				t.Errorf("Send(revoked) = %v %v, delivered %d; want transient ErrLoginRequired, nothing more delivered", r.Outcome, r.Err, len(b.Delivered()))
			}
			if bytes.Contains([]byte(r.Err.Error()), []byte("Bearer")) {
				t.Errorf("error %q shows the token exchange", r.Err)
			}
		})
	}
}
