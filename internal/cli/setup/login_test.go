package setup_test

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/cli/clitest"
	"github.com/followup-dev/followup/internal/oauth/oauthtest"
)

const oauthUser = "max@example.org"

// withOAuthConfig writes a config whose [imap] and [smtp] sign in with
// [oauth2.test], a custom provider served by tokens, and sends at once.
func withOAuthConfig(t *testing.T, e *clitest.Env, tokens *oauthtest.Server, imapSrv *oauthtest.IMAPServer, smtpSrv *oauthtest.SMTPServer) {
	t.Helper()
	dir := filepath.Join(e.Dir, "config", "followup")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	body := fmt.Sprintf(`[me]
name = "Max Mustermann"
email = %[1]q
timezone = "Europe/Berlin"

[imap]
host = "127.0.0.1"
port = %[2]d
security = "none"
username = %[1]q
auth = "oauth2"

[smtp]
host = "127.0.0.1"
port = %[3]d
security = "none"
username = %[1]q
auth = "oauth2"
saves_sent = true

[oauth2.test]
provider = "custom"
client_id = "followup-test"
token_url = %[4]q
device_url = %[5]q
scopes = ["mail"]

[calendar]
workdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

[policy]
auto_send = true
send_window = "00:00-24:00"
`, oauthUser, imapSrv.Port, smtpSrv.Port, tokens.TokenURL(), tokens.DeviceURL())
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	e.Vars["FOLLOWUP_NO_KEYRING"] = "1"
}

func TestOAuthLoginSendRevoke(t *testing.T) {
	tokens, err := oauthtest.Start(oauthtest.Options{User: oauthUser})
	if err != nil {
		t.Fatal(err)
	}
	defer tokens.Close()
	imapSrv := oauthtest.StartIMAP(t, tokens, "XOAUTH2")
	smtpSrv := oauthtest.StartSMTP(t, tokens, "XOAUTH2", "OAUTHBEARER")
	e := clitest.NewEnv(t)
	withOAuthConfig(t, e, tokens, imapSrv, smtpSrv)

	if out := e.MustRun("status"); strings.Count(out, "missing: run `followup login test`") != 2 {
		t.Errorf("status before login = %q, want both accounts missing a token", out)
	}
	out := e.MustRun("login", "--device")
	if !strings.Contains(out, "enter the code ABCD-") || !strings.Contains(out, "signed in to [oauth2.test]") {
		t.Errorf("login --device = %q, want the code and a confirmation", out)
	}
	tokenFile := filepath.Join(e.Dir, "data", "followup", "oauth2", "test.json")
	raw, err := os.ReadFile(tokenFile)
	if fi, serr := os.Stat(tokenFile); err != nil || serr != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file: %v %v, want a 0600 file", err, serr)
	}
	status := e.MustRun("status")
	if strings.Count(status, "token present, access token expires") != 2 {
		t.Errorf("status after login = %q, want both tokens present with expiry", status)
	}
	e.MustRun(clitest.AddArgs...)
	tokens.DropAccessTokens() // the daemon refreshes on the refused token, logging at debug
	_, debugLog, code := e.Run("daemon", "--once", "--log-level", "debug")
	if code != 0 || !strings.Contains(debugLog, "sent 2") || len(smtpSrv.Delivered()) != 2 {
		t.Fatalf("daemon --once signed in = exit %d, %q, delivered %d; want 2 sent", code, debugLog, len(smtpSrv.Delivered()))
	}
	if !strings.Contains(debugLog, "oauth2 token refreshed") {
		t.Errorf("debug log lacks the refresh: %q", debugLog)
	}
	after, _ := os.ReadFile(tokenFile)
	for _, secret := range []string{secretIn(raw), secretIn(after), fieldIn(raw, "refresh_token")} {
		if secret == "" || strings.Contains(debugLog, secret) {
			t.Errorf("debug log shows a token (or the token file lacks one): %q", debugLog)
		}
	}

	tokens.RevokeAll()
	e.MustRun("add", "--company", "Beta", "--role", "SRE", "--at", "2026-11-20 14:00", "--tz", "Europe/Berlin", "--interviewer", "x@beta.example")
	_, errs, code := e.Run("daemon", "--once", "--log-level", "error")
	if code != 1 || !strings.Contains(errs, "run `followup login test`") || len(smtpSrv.Delivered()) != 2 {
		t.Errorf("daemon --once revoked = exit %d, %q, delivered %d; want exit 1 saying to log in, nothing more sent", code, errs, len(smtpSrv.Delivered()))
	}
	if n := strings.Count(errs, "followup: "); n > 2 {
		t.Errorf("daemon --once revoked printed %d error lines: %q", n, errs)
	}
	outbox := e.MustRun("outbox", "--all")
	// Without the inbox (IMAP is signed out too) nothing is even queued:
	// the follow-up stays due and goes out after the next login.
	if strings.Contains(outbox, "x@beta.example") || strings.Contains(outbox, "failed") {
		t.Errorf("outbox after revocation = %q, want nothing queued, nothing failed", outbox)
	}
	if out := e.MustRun("status"); !strings.Contains(out, "login-required") || !strings.Contains(out, "run `followup login test`") {
		t.Errorf("status after revocation = %q, want login-required and what to run", out)
	}
	if out := e.MustRun("digest"); !strings.Contains(out, "SIGN-IN NEEDED") || !strings.Contains(out, "- [smtp] max@example.org: the provider refused the refresh token (invalid_grant): run `followup login test`") {
		t.Errorf("digest after revocation = %q, want the sign-in section", out)
	}
	_, errs, code = e.Run("sync")
	if code != 1 || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.Contains(errs, "followup login test") {
		t.Errorf("sync revoked = exit %d, %q; want exit 1 and one line saying to log in", code, errs)
	}
	for _, s := range []string{status, out, errs, outbox} {
		if tok := secretIn(raw); tok != "" && strings.Contains(s, tok) {
			t.Errorf("output shows a token: %q", s)
		}
	}
}

// secretIn returns the access token in a token file's JSON.
func secretIn(raw []byte) string { return fieldIn(raw, "access_token") }

// fieldIn returns a string field of a token file's JSON.
func fieldIn(raw []byte, key string) string {
	s := string(raw)
	i := strings.Index(s, `"`+key+`":"`)
	if i < 0 {
		return ""
	}
	s = s[i+len(key)+4:]
	return s[:strings.IndexByte(s, '"')]
}

func TestLoginBadInput(t *testing.T) {
	tokens, err := oauthtest.Start(oauthtest.Options{User: oauthUser})
	if err != nil {
		t.Fatal(err)
	}
	defer tokens.Close()
	imapSrv := oauthtest.StartIMAP(t, tokens, "XOAUTH2")
	smtpSrv := oauthtest.StartSMTP(t, tokens, "XOAUTH2")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	busy := ln.Addr().(*net.TCPAddr).Port
	for _, tt := range []struct {
		name    string
		args    []string
		config  func(string) string
		want    string
		wantCod int
	}{
		{"unknown section", []string{"login", "nosuch"}, nil, "there is no [oauth2.nosuch] section", 2},
		{"both flows", []string{"login", "--device", "--no-browser"}, nil, "exclude each other", 2},
		{"bad port", []string{"login", "--port", "70000"}, nil, "--port 70000 is not a port", 2},
		{"unknown provider", []string{"config", "check"}, func(s string) string {
			return strings.Replace(s, `provider = "custom"`, `provider = "yahoo"`, 1)
		}, `"yahoo" is not a provider`, 2},
		{"device on google", []string{"login", "--device"}, func(s string) string {
			s = strings.Replace(s, `provider = "custom"`, `provider = "google"`, 1)
			return strings.NewReplacer("token_url", "#", "device_url", "#", "scopes", "#").Replace(s)
		}, "does not allow the device flow", 2},
		{"token_cmd prints nothing", []string{"sync"}, func(s string) string {
			return strings.Replace(s, `client_id = "followup-test"`, `token_cmd = "true"`, 1)
		}, "token_cmd printed nothing", 1},
		{"port in use", []string{"login", "--port", strconv.Itoa(busy)}, func(s string) string {
			return strings.Replace(s, "token_url =", "auth_url = \""+tokens.AuthURL()+"\"\ntoken_url =", 1)
		}, "cannot listen on 127.0.0.1:" + strconv.Itoa(busy), 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := clitest.NewEnv(t)
			withOAuthConfig(t, e, tokens, imapSrv, smtpSrv)
			if tt.config != nil {
				p := filepath.Join(e.Dir, "config", "followup", "config.toml")
				b, _ := os.ReadFile(p)
				if err := os.WriteFile(p, []byte(tt.config(string(b))), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			_, errs, code := e.Run(tt.args...)
			if code != tt.wantCod || !strings.Contains(errs, tt.want) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
				t.Errorf("followup %v = exit %d, stderr %q; want exit %d, one line with %q", tt.args, code, errs, tt.wantCod, tt.want)
			}
			if _, err := os.Stat(filepath.Join(e.Dir, "data", "followup", "oauth2")); err == nil {
				t.Errorf("followup %v wrote the token folder", tt.args)
			}
		})
	}
}

func TestMalformedTokenFile(t *testing.T) {
	tokens, err := oauthtest.Start(oauthtest.Options{User: oauthUser})
	if err != nil {
		t.Fatal(err)
	}
	defer tokens.Close()
	e := clitest.NewEnv(t)
	withOAuthConfig(t, e, tokens, oauthtest.StartIMAP(t, tokens, "XOAUTH2"), oauthtest.StartSMTP(t, tokens, "XOAUTH2"))
	dir := filepath.Join(e.Dir, "data", "followup", "oauth2")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, content string
		mode          os.FileMode
		want          string
	}{
		{"malformed", "{not json", 0o600, "is malformed: run `followup login test`"},
		{"readable by others", `{"access_token":"a","refresh_token":"r"}`, 0o644, "refused because others can read it"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, "test.json")
			if err := os.WriteFile(p, []byte(tt.content), tt.mode); err != nil {
				t.Fatal(err)
			}
			_ = os.Chmod(p, tt.mode)
			_, errs, code := e.Run("sync")
			if code != 1 || !strings.Contains(errs, tt.want) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
				t.Errorf("sync with a %s token file = exit %d, %q; want exit 1, one line with %q", tt.name, code, errs, tt.want)
			}
			if b, _ := os.ReadFile(p); string(b) != tt.content {
				t.Errorf("sync rewrote the %s token file", tt.name)
			}
			if out := e.MustRun("status"); !strings.Contains(out, "unreadable") {
				t.Errorf("status with a %s token file = %q, want unreadable", tt.name, out)
			}
		})
	}
}
