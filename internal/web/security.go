package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// TokenFile is the name of the token's file in the data folder.
const TokenFile = "web.token"

// cookieName holds the token in the browser.
const cookieName = "followup_token"

// csp allows nothing but the embedded stylesheet and same-origin forms.
const csp = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// LoadToken reads the install's web token from dir/web.token, making a
// random one (32 bytes, hex) in a 0600 file the first time. A token file
// others may read is refused.
func LoadToken(dir string) (string, error) {
	path := filepath.Join(dir, TokenFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return newToken(path)
	}
	if err != nil {
		return "", fmt.Errorf("read web token: %w", err)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return "", fmt.Errorf("web token %s is readable by others: run `chmod 600 %s`", path, path)
	}
	tok := strings.TrimSpace(string(data))
	if len(tok) < 32 {
		return "", fmt.Errorf("web token %s is too short: delete it and a new one is made", path)
	}
	return tok, nil
}

func newToken(path string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	tok := hex.EncodeToString(b)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", fmt.Errorf("make web token: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("make web token: %w", err)
	}
	if _, err := f.WriteString(tok + "\n"); err != nil {
		f.Close()
		return "", fmt.Errorf("make web token: %w", err)
	}
	return tok, f.Close()
}

func setSecurityHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin") // no-referrer would make the browser send Origin: null
	h.Set("Cache-Control", "no-store")
}

// hostAllowed guards against DNS rebinding: a page of another site whose
// name was pointed at 127.0.0.1 sends its own name as Host.
func (s *Server) hostAllowed(host string) bool {
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	}
	switch strings.ToLower(strings.Trim(name, "[]")) {
	case "127.0.0.1", "::1", "localhost":
		return true
	}
	for _, h := range s.opts.Hosts {
		if strings.EqualFold(h, host) || strings.EqualFold(h, name) {
			return true
		}
	}
	return false
}

// authenticated reports whether r carries the token in its cookie.
func (s *Server) authenticated(r *http.Request) bool {
	c, err := r.Cookie(cookieName)
	return err == nil && equal(c.Value, s.opts.Token)
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// csrfToken is the value every form carries: derived from the secret, so
// another site, which cannot read the page, cannot know it.
func (s *Server) csrfToken() string {
	m := hmac.New(sha256.New, []byte(s.opts.Token))
	m.Write([]byte("followup web csrf"))
	return hex.EncodeToString(m.Sum(nil))
}

// sameOrigin accepts a POST only with the form's CSRF token and, when the
// browser says where it comes from, from this very origin.
func (s *Server) sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return false
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || !strings.EqualFold(u.Host, r.Host) {
			return false
		}
	}
	return equal(r.PostFormValue("csrf"), s.csrfToken())
}

// login trades the token in the link `followup web` printed for a cookie
// and goes to the board; the token leaves the address bar at once.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if !equal(r.URL.Query().Get("token"), s.opts.Token) {
		s.render(w, r, http.StatusUnauthorized, "login", nil)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: s.opts.Token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
