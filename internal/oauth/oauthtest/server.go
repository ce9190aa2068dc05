// Package oauthtest is an in-process OAuth2 authorization server for
// tests: it signs one user in (authorization code with PKCE, approved at
// once; device flow, approved at once or on Approve), refreshes and revokes
// tokens, and answers RFC 7662 introspection (which Dovecot's oauth2 passdb
// calls). It also provides the server side of XOAUTH2 and OAUTHBEARER for
// in-process IMAP and SMTP servers, accepting only currently valid tokens.
package oauthtest

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Options configure a Server. The zero value works.
type Options struct {
	User      string           // the account signed in; default "jo@example.test"
	AccessTTL time.Duration    // lifetime of access tokens; default 1h
	Now       func() time.Time // the clock; default time.Now
	// Rotate makes every refresh return a new refresh token (and retire
	// the old one); otherwise refreshes return no refresh token.
	Rotate bool
	// HoldDevice keeps device codes pending until Approve.
	HoldDevice bool
	// Addr is the listen address; default "127.0.0.1:0".
	Addr string
}

// Server is the authorization server. Its methods are safe for concurrent use.
type Server struct {
	URL string // http://127.0.0.1:PORT
	o   Options
	srv *http.Server
	ln  net.Listener

	mu        sync.Mutex
	codes     map[string]codeGrant
	devices   map[string]*device
	access    map[string]accessToken
	refresh   map[string]bool // live refresh tokens
	refreshes int
}

type codeGrant struct{ challenge, redirect string }

type device struct {
	userCode string
	approved bool
}

type accessToken struct {
	refresh string
	expiry  time.Time
}

// Start serves on loopback until Close.
func Start(o Options) (*Server, error) {
	if o.User == "" {
		o.User = "jo@example.test"
	}
	if o.AccessTTL <= 0 {
		o.AccessTTL = time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return nil, err
	}
	s := &Server{URL: "http://" + ln.Addr().String(), o: o, ln: ln,
		codes: map[string]codeGrant{}, devices: map[string]*device{}, access: map[string]accessToken{}, refresh: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /authorize", s.authorize)
	mux.HandleFunc("POST /token", s.token)
	mux.HandleFunc("POST /device", s.device)
	mux.HandleFunc("POST /introspect", s.introspect)
	mux.HandleFunc("POST /revoke", s.revoke)
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }

// Endpoints of the server.
func (s *Server) AuthURL() string   { return s.URL + "/authorize" }
func (s *Server) TokenURL() string  { return s.URL + "/token" }
func (s *Server) DeviceURL() string { return s.URL + "/device" }

// User is the signed-in account.
func (s *Server) User() string { return s.o.User }

// Refreshes counts the refresh grants served.
func (s *Server) Refreshes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshes
}

// Valid reports whether token is a live, unexpired access token.
func (s *Server) Valid(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.access[token]
	return ok && s.o.Now().Before(a.expiry) && (a.refresh == "" || s.refresh[a.refresh])
}

// RevokeAll revokes every refresh token and, with them, every access token.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refresh = map[string]bool{}
	s.access = map[string]accessToken{}
}

// Approve approves the pending device login with userCode.
func (s *Server) Approve(userCode string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.devices {
		if d.userCode == userCode {
			d.approved = true
			return true
		}
	}
	return false
}

func random() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// authorize approves at once and redirects with a code.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect := q.Get("redirect_uri")
	u, err := url.Parse(redirect)
	if err != nil || q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("response_type") != "code" {
		http.Error(w, "bad authorization request (PKCE S256 required)", http.StatusBadRequest)
		return
	}
	code := random()
	s.mu.Lock()
	s.codes[code] = codeGrant{challenge: q.Get("code_challenge"), redirect: redirect}
	s.mu.Unlock()
	v := u.Query()
	v.Set("code", code)
	v.Set("state", q.Get("state"))
	u.RawQuery = v.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, "invalid_request")
		return
	}
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		s.codeGrant(w, r.PostForm)
	case "refresh_token":
		s.refreshGrant(w, r.PostForm)
	case "urn:ietf:params:oauth:grant-type:device_code":
		s.deviceGrant(w, r.PostForm)
	default:
		oauthError(w, "unsupported_grant_type")
	}
}

func (s *Server) codeGrant(w http.ResponseWriter, f url.Values) {
	s.mu.Lock()
	g, ok := s.codes[f.Get("code")]
	delete(s.codes, f.Get("code"))
	s.mu.Unlock()
	sum := sha256.Sum256([]byte(f.Get("code_verifier")))
	if !ok || g.redirect != f.Get("redirect_uri") || base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
		oauthError(w, "invalid_grant")
		return
	}
	s.issue(w, "", true)
}

func (s *Server) refreshGrant(w http.ResponseWriter, f url.Values) {
	rt := f.Get("refresh_token")
	s.mu.Lock()
	live := s.refresh[rt]
	if live {
		s.refreshes++
	}
	if live && s.o.Rotate {
		delete(s.refresh, rt)
	}
	s.mu.Unlock()
	if !live {
		oauthError(w, "invalid_grant")
		return
	}
	s.issue(w, rt, s.o.Rotate)
}

func (s *Server) deviceGrant(w http.ResponseWriter, f url.Values) {
	s.mu.Lock()
	d, ok := s.devices[f.Get("device_code")]
	approved := ok && (d.approved || !s.o.HoldDevice)
	if approved {
		delete(s.devices, f.Get("device_code"))
	}
	s.mu.Unlock()
	switch {
	case !ok:
		oauthError(w, "expired_token")
	case !approved:
		oauthError(w, "authorization_pending")
	default:
		s.issue(w, "", true)
	}
}

// issue writes a token response: a new access token bound to refresh (or
// to a new refresh token when newRefresh).
func (s *Server) issue(w http.ResponseWriter, refresh string, newRefresh bool) {
	at := random()
	resp := map[string]any{"access_token": at, "token_type": "Bearer", "expires_in": int(s.o.AccessTTL / time.Second)}
	s.mu.Lock()
	if newRefresh {
		refresh = random()
		s.refresh[refresh] = true
		resp["refresh_token"] = refresh
	}
	s.access[at] = accessToken{refresh: refresh, expiry: s.o.Now().Add(s.o.AccessTTL)}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) device(w http.ResponseWriter, r *http.Request) {
	dc, uc := random(), "ABCD-"+random()[:4]
	s.mu.Lock()
	s.devices[dc] = &device{userCode: uc}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"device_code": dc, "user_code": uc,
		"verification_uri": s.URL + "/activate", "expires_in": 600, "interval": 1})
}

// introspect is RFC 7662: active, username and exp of a token.
func (s *Server) introspect(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	tok := r.PostForm.Get("token")
	if !s.Valid(tok) {
		writeJSON(w, http.StatusOK, map[string]any{"active": false})
		return
	}
	s.mu.Lock()
	exp := s.access[tok].expiry.Unix()
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"active": true, "username": s.o.User, "email": s.o.User, "exp": exp, "token_type": "Bearer"})
}

// revoke is RFC 7009 for refresh tokens: the token and its access tokens go.
func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	s.mu.Lock()
	delete(s.refresh, r.PostForm.Get("token"))
	s.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func oauthError(w http.ResponseWriter, code string) {
	writeJSON(w, http.StatusBadRequest, map[string]any{"error": code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// DropAccessTokens forgets every access token but keeps the refresh
// tokens, as a provider does when it cuts sessions short: the next login
// with a stored token is refused until the client refreshes.
func (s *Server) DropAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.access = map[string]accessToken{}
}
