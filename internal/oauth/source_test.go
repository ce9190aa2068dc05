package oauth

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/mailauth"
	"github.com/followup-dev/followup/internal/oauth/oauthtest"
)

func loggedIn(t *testing.T, o oauthtest.Options) (*env, Token) {
	t.Helper()
	e := newEnv(t, o)
	tok, err := Login(t.Context(), e.p, e.store, LoginOptions{Out: &bytes.Buffer{}, Open: browser(t), Now: e.clk.Now})
	if err != nil {
		t.Fatalf("Login = %v", err)
	}
	return e, tok
}

func TestSourceRefreshesBeforeExpiry(t *testing.T) {
	e, first := loggedIn(t, oauthtest.Options{})
	src := e.source()
	got, err := src.AccessToken(t.Context())
	if err != nil || got != first.AccessToken || e.srv.Refreshes() != 0 {
		t.Fatalf("AccessToken (fresh) = same %v, %v, refreshes %d; want the stored token, no refresh", got == first.AccessToken, err, e.srv.Refreshes())
	}
	e.clk.Add(time.Hour - DefaultRefreshMargin + time.Second) // inside the margin, not yet expired
	got, err = src.AccessToken(t.Context())
	if err != nil || got == first.AccessToken || !e.srv.Valid(got) || e.srv.Refreshes() != 1 {
		t.Fatalf("AccessToken (near expiry) = new %v valid %v, %v, refreshes %d; want one refresh", got != first.AccessToken, e.srv.Valid(got), err, e.srv.Refreshes())
	}
	stored, _ := e.store.Load("test")
	if stored.AccessToken != got || stored.RefreshToken != first.RefreshToken {
		t.Errorf("stored after refresh: new access %v, same refresh %v; want new access token, the refresh token kept (no rotation)",
			stored.AccessToken == got, stored.RefreshToken == first.RefreshToken)
	}
}

func TestSourceRefreshTokenRotation(t *testing.T) {
	e, first := loggedIn(t, oauthtest.Options{Rotate: true})
	src := e.source()
	src.Rejected(first.AccessToken)
	if _, err := src.AccessToken(t.Context()); err != nil {
		t.Fatalf("AccessToken = %v", err)
	}
	stored, _ := e.store.Load("test")
	if stored.RefreshToken == "" || stored.RefreshToken == first.RefreshToken {
		t.Fatalf("stored refresh token after a rotating refresh: changed %v, want the new one", stored.RefreshToken != first.RefreshToken)
	}
	// The new refresh token works; the old one is gone at the server.
	src.Rejected(stored.AccessToken)
	if _, err := src.AccessToken(t.Context()); err != nil || e.srv.Refreshes() != 2 {
		t.Errorf("second refresh = %v, refreshes %d, want ok, 2", err, e.srv.Refreshes())
	}
}

func TestSourceRefreshAfterRejection(t *testing.T) {
	e, first := loggedIn(t, oauthtest.Options{})
	src := e.source()
	src.Rejected(first.AccessToken)
	got, err := src.AccessToken(t.Context())
	if err != nil || got == first.AccessToken || e.srv.Refreshes() != 1 {
		t.Fatalf("AccessToken after Rejected = new %v, %v, refreshes %d; want a refreshed token", got != first.AccessToken, err, e.srv.Refreshes())
	}
	src.Rejected("some older token") // not the current one: no refresh
	if _, err := src.AccessToken(t.Context()); err != nil || e.srv.Refreshes() != 1 {
		t.Errorf("AccessToken after rejecting an old token: refreshes %d, %v; want 1", e.srv.Refreshes(), err)
	}
}

func TestSourceRevokedRefreshToken(t *testing.T) {
	e, first := loggedIn(t, oauthtest.Options{})
	e.srv.RevokeAll()
	src := e.source()
	src.Rejected(first.AccessToken)
	_, err := src.AccessToken(t.Context())
	if !errors.Is(err, mailauth.ErrLoginRequired) || !strings.Contains(err.Error(), "run `followup login test`") {
		t.Fatalf("AccessToken (revoked) = %v, want ErrLoginRequired saying to run followup login", err)
	}
	if strings.Contains(err.Error(), first.RefreshToken) || strings.Contains(err.Error(), first.AccessToken) {
		t.Errorf("error %q contains a token", err)
	}
	stored, lerr := e.store.Load("test")
	if lerr != nil || stored.LoginRequired == "" || stored.RefreshToken != "" || stored.AccessToken != "" {
		t.Errorf("stored after revocation = %+v, %v; want only the login-required mark", stored.LoginRequired, lerr)
	}
	// A new process reads the mark and does not ask the server again.
	before := e.srv.Refreshes()
	if _, err := e.source().AccessToken(t.Context()); !errors.Is(err, mailauth.ErrLoginRequired) || e.srv.Refreshes() != before {
		t.Errorf("AccessToken (new source) = %v, want ErrLoginRequired without a request", err)
	}
	// The user logs in again (another process): the running source picks it up.
	again, err := Login(t.Context(), e.p, e.store, LoginOptions{Out: &bytes.Buffer{}, Open: browser(t), Now: e.clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := src.AccessToken(t.Context()); err != nil || got != again.AccessToken {
		t.Errorf("AccessToken after a new login = %v, want the new token", err)
	}
}

func TestSourceNoToken(t *testing.T) {
	e := newEnv(t, oauthtest.Options{})
	if _, err := e.source().AccessToken(t.Context()); !errors.Is(err, mailauth.ErrLoginRequired) {
		t.Errorf("AccessToken (no login yet) = %v, want ErrLoginRequired", err)
	}
}

func TestCommandSource(t *testing.T) {
	for _, tt := range []struct {
		name, cmd, want string
		ok              bool
	}{
		{"prints a token", "echo tok-123", "tok-123", true},
		{"prints nothing", "true", "printed nothing", false},
		{"fails", "echo oops >&2; exit 3", "token_cmd failed (exit status 3): oops", false},
		{"hangs", "sleep 5", "did not finish within 200ms", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := &CommandSource{Name: "x", Command: tt.cmd, Timeout: 200 * time.Millisecond}
			got, err := s.AccessToken(t.Context())
			if tt.ok && (err != nil || got != tt.want) || !tt.ok && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("AccessToken(%q) = %q, %v; want %q", tt.cmd, got, err, tt.want)
			}
		})
	}
}
