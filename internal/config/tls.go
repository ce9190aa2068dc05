package config

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"strings"
)

// TLSConfig is the client TLS configuration for the server: TLS 1.2 or
// later, the certificate checked for Host (without IPv6 brackets) against
// the system roots plus the certificates in CAFile. It reads CAFile.
func (s Server) TLSConfig() (*tls.Config, error) {
	roots, err := x509.SystemCertPool()
	if err != nil {
		roots = x509.NewCertPool()
	}
	if s.CAFile != "" {
		pem, err := os.ReadFile(s.CAFile)
		if err != nil {
			return nil, fmt.Errorf("ca_file: %w", err)
		}
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("ca_file %s: no PEM certificate found", s.CAFile)
		}
	}
	return &tls.Config{MinVersion: tls.VersionTLS12, ServerName: strings.Trim(s.Host, "[]"), RootCAs: roots}, nil
}
