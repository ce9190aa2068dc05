package oauth

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/oauth/oauthtest"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is a token server, a provider pointing at it and a file store.
type env struct {
	srv   *oauthtest.Server
	clk   *clock
	p     *Provider
	store FileStore
}

func newEnv(t *testing.T, o oauthtest.Options) *env {
	t.Helper()
	clk := &clock{t: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	o.Now = clk.Now
	srv, err := oauthtest.Start(o)
	if err != nil {
		t.Fatalf("oauthtest.Start = %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	p, err := NewProvider(t.Context(), config.OAuth2{Name: "test", Provider: config.ProviderCustom, ClientID: "client-1",
		AuthURL: srv.AuthURL(), TokenURL: srv.TokenURL(), DeviceURL: srv.DeviceURL(), Scopes: []string{"mail"}})
	if err != nil {
		t.Fatalf("NewProvider = %v", err)
	}
	return &env{srv: srv, clk: clk, p: p, store: FileStore{Dir: t.TempDir()}}
}

// browser follows the authorization URL as a browser would, redirects included.
func browser(t *testing.T) func(string) error {
	return func(u string) error {
		resp, err := http.Get(u)
		if err != nil {
			return err
		}
		resp.Body.Close()
		return nil
	}
}

func (e *env) source() *Source {
	return NewSource(e.p, e.store, SourceOptions{Now: e.clk.Now})
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
