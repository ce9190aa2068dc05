//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-smtp"

	"github.com/followup-dev/followup/internal/cli"
	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/mailauth"
	"github.com/followup-dev/followup/internal/oauth"
	"github.com/followup-dev/followup/internal/oauth/oauthtest"
)

// TestOAuth2WithDovecot signs in with `followup login --device` at a local
// token server, which is also what Dovecot's oauth2 passdb asks (RFC 7662
// introspection) for every XOAUTH2 / OAUTHBEARER login, over IMAPS and,
// through Postfix's Dovecot SASL, over submission. sync and a send work
// with the token; after the token server revokes it, sync fails with one
// line saying to log in again, nothing is sent, and status says the same.
func TestOAuth2WithDovecot(t *testing.T) {
	user, introspection := os.Getenv("FOLLOWUP_E2E_OAUTH_USER"), os.Getenv("FOLLOWUP_E2E_OAUTH_INTROSPECTION")
	if user == "" || introspection == "" {
		t.Fatalf("FOLLOWUP_E2E_OAUTH_USER / _INTROSPECTION are not set: restart the stack with this scripts/mailstack\n%s", startHint)
	}
	tokens, err := oauthtest.Start(oauthtest.Options{User: user, Addr: introspection})
	if err != nil {
		t.Fatalf("token server on %s (Dovecot's introspection_url): %v", introspection, err)
	}
	defer tokens.Close()
	home := t.TempDir()
	config := writeOAuthConfig(t, home, user, tokens)

	out, errs, code := oauthCLI(t, home, config, "login", "--device")
	if code != 0 || !strings.Contains(out, "enter the code") {
		t.Fatalf("login --device = exit %d, %q %q", code, out, errs)
	}
	if _, errs, code := oauthCLI(t, home, config, "sync"); code != 0 {
		t.Fatalf("sync with a token = exit %d, %q", code, errs)
	}
	id := strings.TrimSpace(mustOAuthCLI(t, home, config, "add", "--company", "Acme "+uniqueToken(t), "--role", "SRE",
		"--at", time.Now().UTC().Add(-4*time.Hour).Format("2006-01-02 15:04"), "--tz", "UTC",
		"--interviewer", "Jane Roe <"+stack.Jane.User+">"))
	if _, errs, code := oauthCLI(t, home, config, "daemon", "--once", "--log-level", "warn"); code != 0 || !strings.Contains(errs, "queued 1, sent 1,") {
		t.Fatalf("daemon --once with a token = exit %d, %q; want 1 sent", code, errs)
	}
	thankYou := sentThankYou(t, home, config, id)
	waitForMessage(t, stack.Jane.User, stack.Jane.Pass, "INBOX", thankYou)

	tokens.RevokeAll()
	_, errs, code = oauthCLI(t, home, config, "sync")
	if code != 1 || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.Contains(errs, "run `followup login local`") {
		t.Errorf("sync after revocation = exit %d, %q; want exit 1 and one line saying to log in", code, errs)
	}
	mustOAuthCLI(t, home, config, "add", "--company", "Beta "+uniqueToken(t), "--role", "SRE",
		"--at", time.Now().UTC().Add(-4*time.Hour).Format("2006-01-02 15:04"), "--tz", "UTC",
		"--interviewer", "Sam Poe <"+stack.Sam.User+">")
	if _, errs, _ := oauthCLI(t, home, config, "daemon", "--once", "--log-level", "warn"); !strings.Contains(errs, "sent 0,") || !strings.Contains(errs, "followup login local") {
		t.Errorf("daemon --once after revocation: %q; want nothing sent and the advice", errs)
	}
	if out := mustOAuthCLI(t, home, config, "status"); !strings.Contains(out, "login-required") {
		t.Errorf("status after revocation = %q, want login-required", out)
	}
}

func writeOAuthConfig(t *testing.T, home, user string, tokens *oauthtest.Server) string {
	t.Helper()
	config := filepath.Join(home, "config.toml")
	body := fmt.Sprintf(`[me]
name = "Casey OAuth"
email = %[1]q
timezone = "UTC"

[smtp]
host = %[2]q
port = %[3]s
security = "tls"
ca_file = %[4]q
username = %[1]q
auth = "oauth2"

[imap]
host = %[2]q
port = %[5]s
security = "tls"
ca_file = %[4]q
username = %[1]q
auth = "oauth2"

[oauth2.local]
provider = "custom"
client_id = "followup-e2e"
token_url = %[6]q
device_url = %[7]q
scopes = ["mail"]

[calendar]
workdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

[policy]
auto_send = true
send_window = "00:00-24:00"
`, user, stack.Host, stack.SubmissionsPort, stack.CAFile, stack.IMAPSPort, tokens.TokenURL(), tokens.DeviceURL())
	if err := os.WriteFile(config, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return config
}

// oauthCLI runs followup in process with tokens in files (no keyring).
func oauthCLI(t *testing.T, home, config string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := map[string]string{"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, "config"),
		"XDG_DATA_HOME": filepath.Join(home, "data"), "FOLLOWUP_NO_KEYRING": "1"}
	app := &cli.App{
		Streams: cli.Streams{In: strings.NewReader(""), Out: &out, Err: &errb, Env: func(k string) string { return env[k] }},
		Clock:   clock.Real{},
	}
	code := cli.Run(context.Background(), append([]string{"--config", config}, args...), app)
	return out.String(), errb.String(), code
}

func mustOAuthCLI(t *testing.T, home, config string, args ...string) string {
	t.Helper()
	out, errs, code := oauthCLI(t, home, config, args...)
	if code != 0 {
		t.Fatalf("followup %s = exit %d, stderr %q", strings.Join(args, " "), code, errs)
	}
	return out
}

// TestOAuth2MechanismsWithDovecot logs in with each token mechanism, over
// IMAPS to Dovecot and over submission to Postfix (which asks Dovecot): a
// token the token server issued is accepted, another is refused with a
// clean NO / 535, not a protocol error.
func TestOAuth2MechanismsWithDovecot(t *testing.T) {
	user, introspection := os.Getenv("FOLLOWUP_E2E_OAUTH_USER"), os.Getenv("FOLLOWUP_E2E_OAUTH_INTROSPECTION")
	if user == "" || introspection == "" {
		t.Fatalf("FOLLOWUP_E2E_OAUTH_USER / _INTROSPECTION are not set: restart the stack with this scripts/mailstack\n%s", startHint)
	}
	tokens, err := oauthtest.Start(oauthtest.Options{User: user, Addr: introspection})
	if err != nil {
		t.Fatalf("token server on %s: %v", introspection, err)
	}
	defer tokens.Close()
	home := t.TempDir()
	config := writeOAuthConfig(t, home, user, tokens)
	mustOAuthCLI(t, home, config, "login", "--device")
	tok, err := oauth.FileStore{Dir: filepath.Join(home, "data", "followup", "oauth2")}.Load("local")
	if err != nil {
		t.Fatal(err)
	}
	for _, mech := range []string{mailauth.XOAuth2, mailauth.OAuthBearer} {
		for _, tt := range []struct {
			name, token string
			ok          bool
		}{{"issued token", tok.AccessToken, true}, {"unknown token", "not-a-token", false}} {
			t.Run(mech+"/"+tt.name, func(t *testing.T) {
				if err := imapTokenLogin(mech, user, tt.token); (err == nil) != tt.ok {
					t.Errorf("IMAP AUTHENTICATE %s with %s = %v, want ok %v", mech, tt.name, err, tt.ok)
				} else if err != nil && !strings.Contains(err.Error(), "NO") {
					t.Errorf("IMAP AUTHENTICATE %s refusal = %v, want a NO", mech, err)
				}
				if err := smtpTokenLogin(mech, user, tt.token); (err == nil) != tt.ok {
					t.Errorf("SMTP AUTH %s with %s = %v, want ok %v", mech, tt.name, err, tt.ok)
				} else if err != nil && !strings.Contains(err.Error(), "535") {
					t.Errorf("SMTP AUTH %s refusal = %v, want 535", mech, err)
				}
			})
		}
	}
}

func imapTokenLogin(mech, user, token string) error {
	c, err := imapclient.DialTLS(addr(stack.IMAPSPort), &imapclient.Options{TLSConfig: tlsConfig()})
	if err != nil {
		return err
	}
	defer c.Close()
	sc, err := mailauth.NewTokenClient(mech, user, token, mailauth.Server{Host: stack.Host})
	if err != nil {
		return err
	}
	if err := c.Authenticate(mailauth.ForIMAP(sc)); err != nil {
		return err
	}
	return c.Logout().Wait()
}

func smtpTokenLogin(mech, user, token string) error {
	c, err := smtp.DialTLS(addr(stack.SubmissionsPort), tlsConfig())
	if err != nil {
		return err
	}
	defer c.Close()
	sc, err := mailauth.NewTokenClient(mech, user, token, mailauth.Server{Host: stack.Host})
	if err != nil {
		return err
	}
	if err := c.Auth(sc); err != nil {
		return err
	}
	return c.Quit()
}
