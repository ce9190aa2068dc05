package demo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"

	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/daemon"
	"github.com/followup-dev/followup/internal/demo/mailserver"
	"github.com/followup-dev/followup/internal/imapwatch"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/render"
	"github.com/followup-dev/followup/internal/selfca"
	"github.com/followup-dev/followup/internal/store"
)

// The demo user and where their mail lives.
const (
	userName  = "Alex Doe"
	userEmail = "alex@example.com"
	demoZone  = "Europe/Berlin"
)

// configText is the demo's config.toml: the user, both servers with the
// throwaway CA and password, the store, and auto_send on so that notes
// really go out over SMTP. The file is 0600, as an inline password needs.
func configText(dir, smtpAddr, imapAddr, password string, withServers bool) string {
	s := fmt.Sprintf(`# followup demo configuration (made by followup demo)

[me]
name = %q
email = %q
timezone = %q
signature = """
Alex Doe
"""

[store]
path = %q

[policy]
auto_send = %t
`, userName, userEmail, demoZone, filepath.Join(dir, "followup.db"), withServers)
	if !withServers {
		return s + "# The demo's mail servers are gone: without [smtp] and [imap] followup only drafts.\n"
	}
	for _, sec := range []struct{ name, addr string }{{"smtp", smtpAddr}, {"imap", imapAddr}} {
		host, port, _ := net.SplitHostPort(sec.addr)
		s += fmt.Sprintf("\n[%s]\nhost = %q\nport = %s\nsecurity = \"tls\"\nusername = %q\npassword = %q\nca_file = %q\n",
			sec.name, host, port, userEmail, password, filepath.Join(dir, "demo-ca.pem"))
	}
	return s
}

// newPassword is a random throwaway password for the demo account.
func newPassword() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// writeConfig writes the CA certificate and config.toml into dir and loads
// the config as `followup --config` would.
func writeConfig(dir string, ca *selfca.CA, srv *mailserver.Servers, password string) (*config.Config, error) {
	if err := os.WriteFile(filepath.Join(dir, "demo-ca.pem"), ca.PEM(), 0o600); err != nil {
		return nil, fmt.Errorf("write demo CA: %w", err)
	}
	path := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(path, []byte(configText(dir, srv.SMTPAddr, srv.IMAPAddr, password, true)), 0o600); err != nil {
		return nil, fmt.Errorf("write demo config: %w", err)
	}
	cfg, err := config.Load(path, true)
	if err != nil {
		return nil, fmt.Errorf("load demo config: %w", err)
	}
	return cfg, nil
}

// wire builds the use cases the daemon runs, over the demo's config,
// store and clock, with the real IMAP dialer and SMTP sender.
func wire(cfg *config.Config, st *store.Store, c clock.Clock, dataDir string, log *slog.Logger) (*daemon.Services, error) {
	tmpl, err := render.Load("")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	d := daemon.Deps{Config: cfg, Store: st, Templates: tmpl, Clock: c, Log: log, DataDir: dataDir,
		DialIMAP: dialIMAP(cfg.IMAP, log), NewSender: newSender(cfg.SMTP)}
	return daemon.Wire(d), nil
}

// dialIMAP logs in to the demo IMAP server as the CLI's dialer does.
func dialIMAP(c config.IMAP, log *slog.Logger) imapwatch.DialFunc {
	return func(ctx context.Context) (*imapwatch.Client, error) {
		pw, err := c.Secret(ctx)
		if err != nil {
			return nil, fmt.Errorf("[imap]: %w", err)
		}
		return imapwatch.Dial(ctx, c, pw, imapwatch.Options{Logger: log})
	}
}

// newSender opens the demo SMTP account as the CLI's sender does.
func newSender(c config.SMTP) func(context.Context) (daemon.Sender, error) {
	return func(ctx context.Context) (daemon.Sender, error) {
		pw, err := c.Secret(ctx)
		if err != nil {
			return nil, fmt.Errorf("[smtp]: %w", err)
		}
		s, err := mailer.NewSender(c, pw)
		if err != nil {
			return nil, fmt.Errorf("[smtp]: %w", err)
		}
		return s, nil
	}
}
