package imapwatch

import (
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/imapwatch/imaptest"
)

func TestDialSecurity(t *testing.T) {
	implicitTLS, startTLS, plain := imaptest.TLS, imaptest.StartTLS, imaptest.Plain
	tests := []struct {
		name       string
		setup      imaptest.Security
		security   config.Security
		useCA      bool
		host       string // instead of 127.0.0.1
		wantErr    bool
		wantLogins int
	}{
		{"implicit tls with ca_file", implicitTLS, config.SecurityTLS, true, "", false, 1},
		{"implicit tls, unknown CA", implicitTLS, config.SecurityTLS, false, "", true, 0},
		{"starttls", startTLS, config.SecurityStartTLS, true, "", false, 1},
		{"starttls not offered: no password sent", plain, config.SecurityStartTLS, true, "", true, 0},
		{"none on loopback", plain, config.SecurityNone, false, "", false, 1},
		{"none off loopback refused", plain, config.SecurityNone, false, "192.0.2.1", true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, nil, tt.setup)
			cfg := s.Config()
			cfg.Security = tt.security
			if !tt.useCA {
				cfg.CAFile = ""
			}
			if tt.host != "" {
				cfg.Host = tt.host
			}
			c, err := Dial(t.Context(), cfg, testPassword, Options{CommandTimeout: 5 * time.Second})
			if (err != nil) != tt.wantErr {
				t.Fatalf("Dial(%s) = %v, want error %v", tt.security, err, tt.wantErr)
			}
			if err == nil {
				defer c.Close()
				if ok, err := c.HasMessageID(t.Context(), "INBOX", "x@example.test"); err != nil || ok {
					t.Errorf("HasMessageID over %s = %v, %v, want false, nil", tt.security, ok, err)
				}
			}
			if got := s.Logins(); got != tt.wantLogins {
				t.Errorf("Dial(%s): server saw %d logins, want %d", tt.security, got, tt.wantLogins)
			}
		})
	}
}
