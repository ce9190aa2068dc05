package web

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/followup-dev/followup/internal/classify"
	"github.com/followup-dev/followup/internal/daemon"
	"github.com/followup-dev/followup/internal/store"
)

func TestRequestWithoutTokenIsRefused(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/", "/today", "/interview/" + f.app.ID, "/add", "/login?token=wrong", "/login"} {
		resp, err := http.Get(f.http.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		code, body := readBody(t, resp)
		if code != http.StatusUnauthorized || !strings.Contains(body, "followup web") || strings.Contains(body, "Acme") {
			t.Errorf("GET %s without the token = %d, want 401 and the login page without data", path, code)
		}
	}
	resp, err := http.PostForm(f.http.URL+"/pause", url.Values{"csrf": {f.web.csrfToken()}})
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := readBody(t, resp); code != http.StatusUnauthorized {
		t.Errorf("POST /pause without the token = %d, want 401", code)
	}
	if _, paused, _ := f.svc.Outbox.Paused(t.Context()); paused {
		t.Error("POST /pause without the token paused sending")
	}
}

func TestLoginCookie(t *testing.T) {
	f := newFixture(t)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(f.http.URL + "/login?token=" + testToken)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cs := resp.Cookies()
	if len(cs) != 1 || !cs[0].HttpOnly || cs[0].SameSite != http.SameSiteStrictMode || resp.Header.Get("Location") != "/" {
		t.Errorf("GET /login?token=… = cookies %+v, Location %q; want one HttpOnly SameSite=Strict cookie and / ", cs, resp.Header.Get("Location"))
	}
}

func TestForeignHostIsRefused(t *testing.T) {
	f := newFixture(t)
	for _, host := range []string{"evil.example", "evil.example:" + strings.Split(f.http.Listener.Addr().String(), ":")[1], "127.0.0.1.evil.example"} {
		req, _ := http.NewRequest("GET", f.http.URL+"/", nil)
		req.Host = host
		resp, err := f.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if code, body := readBody(t, resp); code != http.StatusMisdirectedRequest || strings.Contains(body, "Acme") {
			t.Errorf("GET / with Host %s = %d, want 421 without data", host, code)
		}
	}
	if code, _ := f.get("/"); code != http.StatusOK {
		t.Errorf("GET / with Host %s = %d, want 200", f.http.Listener.Addr(), code)
	}
}

func TestCrossSitePostIsRefused(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name   string
		csrf   string
		header map[string]string
	}{
		{"no csrf token", "", nil},
		{"wrong csrf token", strings.Repeat("0", 64), nil},
		{"foreign origin", f.web.csrfToken(), map[string]string{"Origin": "http://evil.example"}},
		{"cross-site fetch", f.web.csrfToken(), map[string]string{"Sec-Fetch-Site": "cross-site"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", f.http.URL+"/pause", strings.NewReader(url.Values{"csrf": {tt.csrf}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			resp, err := f.client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			if code, _ := readBody(t, resp); code != http.StatusForbidden {
				t.Errorf("POST /pause (%s) = %d, want 403", tt.name, code)
			}
			if _, paused, _ := f.svc.Outbox.Paused(t.Context()); paused {
				t.Errorf("POST /pause (%s) paused sending", tt.name)
			}
		})
	}
	if code, _ := f.post("/pause", nil); code != http.StatusSeeOther {
		t.Errorf("POST /pause with the csrf token = %d, want 303", code)
	}
	if _, paused, _ := f.svc.Outbox.Paused(t.Context()); !paused {
		t.Error("POST /pause with the csrf token did not pause sending")
	}
}

func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t)
	resp, err := f.client.Get(f.http.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for k, want := range map[string]string{"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"} {
		if got := resp.Header.Get(k); got != want {
			t.Errorf("GET / %s = %q, want %q", k, got, want)
		}
	}
}

func TestScriptRendersAsText(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	iv, err := f.app.Store.GetInterview(ctx, f.app.ID)
	if err != nil {
		t.Fatal(err)
	}
	iv.Company = `<script>alert("company")</script>`
	iv.NextSteps = `"><img src=x onerror=alert(1)>`
	if err := f.svc.Planner.Save(ctx, iv); err != nil {
		t.Fatal(err)
	}
	rec := store.ReplyRecord{InterviewID: iv.ID, Mailbox: "INBOX", Seen: f.svc.Clock.Now(),
		Result: classify.Result{Class: classify.Class("auto-reply"), Message: classify.Message{MessageID: "x@evil.example",
			From: []string{"<script>@evil.example"}, Subject: `<script>alert("subject")</script>`, Date: f.svc.Clock.Now()}}}
	if _, err := f.app.Store.RecordReply(ctx, rec); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/interview/" + iv.ID, "/today"} {
		_, body := f.get(path)
		if strings.Contains(body, "<script") || strings.Contains(body, "<img") {
			t.Errorf("GET %s renders a tag from the store as markup", path)
		}
	}
	_, body := f.get("/interview/" + iv.ID)
	wantContains(t, "the interview page", body, `&lt;script&gt;alert(&#34;company&#34;)&lt;/script&gt;`, `&lt;script&gt;alert(&#34;subject&#34;)&lt;/script&gt;`, `&lt;img src=x`)
}

func TestLoadToken(t *testing.T) {
	dir := t.TempDir()
	tok, err := LoadToken(dir)
	if err != nil || len(tok) != 64 {
		t.Fatalf("LoadToken(new) = %q, %v; want 64 hex characters", tok, err)
	}
	fi, err := os.Stat(filepath.Join(dir, TokenFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("token file mode = %v, %v; want 0600", fi.Mode(), err)
	}
	if again, err := LoadToken(dir); err != nil || again != tok {
		t.Errorf("LoadToken(again) = %q, %v; want the same token", again, err)
	}
	os.Chmod(filepath.Join(dir, TokenFile), 0o644)
	if _, err := LoadToken(dir); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("LoadToken(0644 file) = %v, want a refusal saying chmod 600", err)
	}
}

func TestBackStaysOnThisSite(t *testing.T) {
	f := newFixture(t)
	for _, to := range []string{"//evil.example/", "/\\evil.example/", "http://evil.example/", "/today"} {
		req, _ := http.NewRequest("POST", f.http.URL+"/pause", strings.NewReader(url.Values{"csrf": {f.web.csrfToken()}, "back": {to}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := f.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		want := "/"
		if to == "/today" {
			want = to
		}
		if got := resp.Header.Get("Location"); got != want {
			t.Errorf("POST /pause with back=%q goes to %q, want %q", to, got, want)
		}
	}
}

func TestEveryRequestUsesTheCurrentServices(t *testing.T) {
	f := newFixture(t)
	ny, cfg := *f.svc, *f.svc.Config
	cfg.Me.Timezone = "America/New_York"
	ny.Config = &cfg
	var current atomic.Pointer[daemon.Services]
	current.Store(f.svc)
	h, err := New(Options{Services: f.svc, Current: current.Load, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	f.http.Config.Handler = h
	if _, body := f.get("/interview/" + f.app.ID); !strings.Contains(body, "14:00") {
		t.Fatalf("the interview page before the reload does not show 14:00 (Berlin)")
	}
	current.Store(&ny)
	if _, body := f.get("/interview/" + f.app.ID); !strings.Contains(body, "08:00") || strings.Contains(body, "14:00") {
		t.Errorf("the interview page after the reload does not show 08:00 (New York): the reloaded services were not used")
	}
}
