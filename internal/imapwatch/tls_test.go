package imapwatch

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/followup-dev/followup/internal/config"
)

// testCA makes a CA and a certificate for 127.0.0.1 signed by it; it
// returns the server's TLS config and the path of the CA's PEM file.
func testCA(t *testing.T) (*tls.Config, string) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ca := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "followup test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:    x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{leafDER}, PrivateKey: key}}, MinVersion: tls.VersionTLS12}
	return cfg, path
}

func TestDialSecurity(t *testing.T) {
	serverTLS, caFile := testCA(t)
	implicitTLS := func(s *testServer) {
		s.opts.InsecureAuth = false
		s.rawLn = func(ln net.Listener) net.Listener { return tls.NewListener(ln, serverTLS) }
	}
	startTLS := func(s *testServer) {
		s.opts.InsecureAuth = false
		s.opts.TLSConfig = serverTLS
	}
	plain := func(*testServer) {}
	tests := []struct {
		name       string
		setup      func(*testServer)
		security   config.Security
		caFile     string
		host       string // instead of 127.0.0.1
		wantErr    bool
		wantLogins int
	}{
		{"implicit tls with ca_file", implicitTLS, config.SecurityTLS, caFile, "", false, 1},
		{"implicit tls, unknown CA", implicitTLS, config.SecurityTLS, "", "", true, 0},
		{"starttls", startTLS, config.SecurityStartTLS, caFile, "", false, 1},
		{"starttls not offered: no password sent", plain, config.SecurityStartTLS, caFile, "", true, 0},
		{"none on loopback", plain, config.SecurityNone, "", "", false, 1},
		{"none off loopback refused", plain, config.SecurityNone, "", "192.0.2.1", true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, nil, tt.setup)
			cfg := s.config()
			cfg.Security, cfg.CAFile = tt.security, tt.caFile
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
			if got := s.loginCount(); got != tt.wantLogins {
				t.Errorf("Dial(%s): server saw %d logins, want %d", tt.security, got, tt.wantLogins)
			}
		})
	}
}

func TestFindMailbox(t *testing.T) {
	list := func(entries ...*imap.ListData) []*imap.ListData { return entries }
	box := func(name string, attrs ...imap.MailboxAttr) *imap.ListData {
		return &imap.ListData{Mailbox: name, Attrs: attrs}
	}
	tests := []struct {
		name string
		list []*imap.ListData
		want string
	}{
		{"special-use wins over name", list(box("Sent"), box("Envoyés", imap.MailboxAttrSent)), "Envoyés"},
		{"attribute case-insensitive", list(box("Gesendet", "\\sent")), "Gesendet"},
		{"noselect ignored", list(box("[Gmail]", imap.MailboxAttrNoSelect, imap.MailboxAttrSent), box("Sent Items")), "Sent Items"},
		{"usual name, any case", list(box("INBOX"), box("SENT")), "SENT"},
		{"name order", list(box("INBOX.Sent"), box("Sent Messages")), "Sent Messages"},
		{"none", list(box("INBOX"), box("Archive")), ""},
	}
	for _, tt := range tests {
		if got := findMailbox(tt.list, imap.MailboxAttrSent, sentNames); got != tt.want {
			t.Errorf("findMailbox(%s) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
