// Package testca is selfca for tests: the same throwaway certificate
// authority, failing the test instead of returning errors, and writing its
// certificate where a test's config can name it.
package testca

import (
	"crypto/tls"
	"os"
	"path/filepath"
	"testing"

	"github.com/followup-dev/followup/internal/selfca"
)

// CA is a selfca.CA for one test.
type CA struct{ ca *selfca.CA }

// New makes a CA named name; it fails the test on error.
func New(t testing.TB, name string) *CA {
	t.Helper()
	ca, err := selfca.New(name)
	if err != nil {
		t.Fatalf("testca: %v", err)
	}
	return &CA{ca: ca}
}

// PEM is the CA certificate in PEM form.
func (a *CA) PEM() []byte { return a.ca.PEM() }

// WriteFile writes the CA certificate to a PEM file in a folder the test
// removes and returns its path (for ca_file).
func (a *CA) WriteFile(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(path, a.PEM(), 0o600); err != nil {
		t.Fatalf("testca: %v", err)
	}
	return path
}

// Leaf issues a server certificate for localhost, 127.0.0.1 and ::1.
func (a *CA) Leaf(t testing.TB) tls.Certificate {
	t.Helper()
	leaf, err := a.ca.Leaf()
	if err != nil {
		t.Fatalf("testca: %v", err)
	}
	return leaf
}

// ServerTLS is a server TLS configuration (TLS 1.2 or later) with a Leaf.
func (a *CA) ServerTLS(t testing.TB) *tls.Config {
	t.Helper()
	return &tls.Config{Certificates: []tls.Certificate{a.Leaf(t)}, MinVersion: tls.VersionTLS12}
}
