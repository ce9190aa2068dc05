package web

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/apptest"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/daemon"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/mailer/smtptest"
)

const testToken = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

// fixture is the web handler over the apptest store, served on loopback
// by a real HTTP server, with an SMTP server to send to.
type fixture struct {
	t    *testing.T
	app  *apptest.Fixture
	svc  *daemon.Services
	web  *Server
	http *httptest.Server
	smtp *smtptest.Server
	// client is logged in (it holds the cookie).
	client *http.Client
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	app := apptest.New(t)
	srv := smtptest.New(t, smtptest.Options{})
	app.Config.SMTP = srv.Config()
	app.Config.Policy.SendWindow = config.Window{}
	app.Config.Calendar.Workdays = []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
	svc := daemon.Wire(daemon.Deps{Config: app.Config, Store: app.Store, Templates: app.Templates, Clock: app.Clock(), DataDir: app.DataDir,
		NewSender: func(context.Context) (daemon.Sender, error) { return mailer.NewSender(app.Config.SMTP, "") }})
	h, err := New(Options{Services: svc, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	f := &fixture{t: t, app: app, svc: svc, web: h, http: hs, smtp: srv}
	f.client = f.login()
	return f
}

// login opens the login link and returns the client holding the cookie.
func (f *fixture) login() *http.Client {
	f.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(f.http.URL + "/login?token=" + testToken)
	if err != nil {
		f.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		f.t.Fatalf("GET /login?token=… = %d, want 303", resp.StatusCode)
	}
	return c
}

// get fetches path with the logged-in client and returns status and body.
func (f *fixture) get(path string) (int, string) {
	f.t.Helper()
	resp, err := f.client.Get(f.http.URL + path)
	if err != nil {
		f.t.Fatal(err)
	}
	return readBody(f.t, resp)
}

// post sends a form with the CSRF token to path.
func (f *fixture) post(path string, form url.Values) (int, string) {
	f.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf", f.web.csrfToken())
	resp, err := f.client.PostForm(f.http.URL+path, form)
	if err != nil {
		f.t.Fatal(err)
	}
	return readBody(f.t, resp)
}

func readBody(t *testing.T, resp *http.Response) (int, string) {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func wantContains(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s does not contain %q", what, w)
		}
	}
}
