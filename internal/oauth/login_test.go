package oauth

import (
	"bytes"
	"errors"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/mailauth"
	"github.com/followup-dev/followup/internal/oauth/oauthtest"
)

func TestLoginPKCELoopback(t *testing.T) {
	e := newEnv(t, oauthtest.Options{})
	var out bytes.Buffer
	tok, err := Login(t.Context(), e.p, e.store, LoginOptions{Out: &out, Open: browser(t), Now: e.clk.Now})
	if err != nil {
		t.Fatalf("Login = %v", err)
	}
	if !e.srv.Valid(tok.AccessToken) || tok.RefreshToken == "" || !tok.Expiry.Equal(e.clk.Now().Add(1e9*3600)) {
		t.Errorf("Login token valid=%v refresh=%v expiry=%v, want a valid token expiring in 1h", e.srv.Valid(tok.AccessToken), tok.RefreshToken != "", tok.Expiry)
	}
	stored, err := e.store.Load("test")
	if err != nil || stored.AccessToken != tok.AccessToken {
		t.Errorf("store.Load = %v, want the new token", err)
	}
	if strings.Contains(out.String(), tok.AccessToken) || !strings.Contains(out.String(), "code_challenge_method=S256") {
		t.Errorf("Login printed %q, want the PKCE URL and no token", out.String())
	}
}

func TestLoginDevice(t *testing.T) {
	e := newEnv(t, oauthtest.Options{})
	var out bytes.Buffer
	tok, err := Login(t.Context(), e.p, e.store, LoginOptions{Out: &out, Device: true, Now: e.clk.Now})
	if err != nil {
		t.Fatalf("Login(--device) = %v", err)
	}
	if !e.srv.Valid(tok.AccessToken) || !strings.Contains(out.String(), "enter the code ABCD-") {
		t.Errorf("Login(--device) valid=%v, printed %q", e.srv.Valid(tok.AccessToken), out.String())
	}
}

func TestRedirectWithWrongStateRefused(t *testing.T) {
	e := newEnv(t, oauthtest.Options{})
	var out bytes.Buffer
	// A forged redirect: the right shape, another state.
	forged := func(u string) error {
		q, _ := url.Parse(u)
		redirect := q.Query().Get("redirect_uri")
		return browser(t)(redirect + "?code=stolen&state=forged")
	}
	_, err := Login(t.Context(), e.p, e.store, LoginOptions{Out: &out, Open: forged, Now: e.clk.Now})
	if !errors.Is(err, ErrStateMismatch) {
		t.Fatalf("Login(forged state) = %v, want ErrStateMismatch", err)
	}
	if _, err := e.store.Load("test"); !errors.Is(err, ErrNoToken) {
		t.Errorf("store after a refused login: %v, want nothing written", err)
	}
}

func TestPastedRedirect(t *testing.T) {
	e := newEnv(t, oauthtest.Options{})
	for _, tt := range []struct {
		name  string
		paste func(authURL string) string
		want  error
	}{
		{"right state", func(u string) string { return followRedirect(t, u) }, nil},
		{"wrong state", func(u string) string {
			return strings.Replace(followRedirect(t, u), "state=", "state=x", 1)
		}, ErrStateMismatch},
	} {
		t.Run(tt.name, func(t *testing.T) {
			store := FileStore{Dir: t.TempDir()}
			in := &lazyPaste{}
			var out bytes.Buffer
			in.make = func() string {
				line := out.String()
				i := strings.Index(line, "http")
				u := strings.Fields(line[i:])[0]
				return tt.paste(u) + "\n"
			}
			_, err := Login(t.Context(), e.p, store, LoginOptions{Out: &out, In: in, NoBrowser: true, Now: e.clk.Now})
			if !errors.Is(err, tt.want) && (err != nil || tt.want != nil) {
				t.Fatalf("Login(--no-browser, %s) = %v, want %v", tt.name, err, tt.want)
			}
			_, lerr := store.Load("test")
			if (lerr == nil) != (tt.want == nil) {
				t.Errorf("store.Load after %s = %v", tt.name, lerr)
			}
		})
	}
}

// lazyPaste produces its line only when read, after the URL was printed.
type lazyPaste struct {
	make func() string
	buf  *strings.Reader
}

func (l *lazyPaste) Read(p []byte) (int, error) {
	if l.buf == nil {
		l.buf = strings.NewReader(l.make())
	}
	return l.buf.Read(p)
}

// followRedirect asks the authorization endpoint and returns where it
// redirects to, without going there (nothing listens in --no-browser).
func followRedirect(t *testing.T, authURL string) string {
	t.Helper()
	resp, err := noRedirects.Get(authURL)
	if err != nil {
		t.Fatalf("GET authorize = %v", err)
	}
	resp.Body.Close()
	return resp.Header.Get("Location")
}

func TestLoginPortInUse(t *testing.T) {
	e := newEnv(t, oauthtest.Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	_, err = Login(t.Context(), e.p, e.store, LoginOptions{Out: &bytes.Buffer{}, Port: port, Open: browser(t)})
	if err == nil || !strings.Contains(err.Error(), "cannot listen on 127.0.0.1:") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("Login(port in use) = %v, want one line saying so", err)
	}
	if _, err := e.store.Load("test"); !errors.Is(err, ErrNoToken) {
		t.Errorf("store after a failed login: %v, want nothing written", err)
	}
}

func TestLoginDeviceNotAllowed(t *testing.T) {
	e := newEnv(t, oauthtest.Options{})
	e.p.Device = false
	_, err := Login(t.Context(), e.p, e.store, LoginOptions{Out: &bytes.Buffer{}, Device: true})
	if err == nil || !strings.Contains(err.Error(), "does not allow the device flow") {
		t.Fatalf("Login(--device, Google-like) = %v, want refusal", err)
	}
}

func TestFileStoreRefusals(t *testing.T) {
	dir := t.TempDir()
	s := FileStore{Dir: dir}
	p := filepath.Join(dir, "test.json")
	for _, tt := range []struct {
		name, content string
		mode          os.FileMode
		want          string
	}{
		{"malformed", "{not json", 0o600, "malformed: run `followup login test`"},
		{"empty object", "{}", 0o600, "malformed"},
		{"world readable", `{"access_token":"a"}`, 0o644, "refused because others can read it (mode 0644)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(p, []byte(tt.content), tt.mode); err != nil {
				t.Fatal(err)
			}
			_ = os.Chmod(p, tt.mode)
			_, err := s.Load("test")
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("Load(%s) = %v, want one line with %q", tt.name, err, tt.want)
			}
			src := NewSource(&Provider{Name: "test"}, s, SourceOptions{})
			if _, err := src.AccessToken(t.Context()); err == nil || errors.Is(err, mailauth.ErrLoginRequired) {
				t.Errorf("AccessToken(%s) = %v, want the store's error", tt.name, err)
			}
		})
	}
}

func TestFileStoreSaveIsPrivate(t *testing.T) {
	s := FileStore{Dir: filepath.Join(t.TempDir(), "tokens")}
	if err := s.Save("test", Token{AccessToken: "a", RefreshToken: "r"}); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(s.path("test"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("Save: mode %v, %v, want 0600", fi.Mode().Perm(), err)
	}
	if di, _ := os.Stat(s.Dir); di.Mode().Perm() != 0o700 {
		t.Errorf("Save: folder mode %v, want 0700", di.Mode().Perm())
	}
}
