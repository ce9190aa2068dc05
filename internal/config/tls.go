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
// the certificates in CAFile when it is set (a private CA: the system
// roots, slow to load, are not read then), else the system roots. It
// reads CAFile.
func (s Server) TLSConfig() (*tls.Config, error) {
	var roots *x509.CertPool
	if s.CAFile == "" {
		var err error
		if roots, err = x509.SystemCertPool(); err != nil {
			roots = x509.NewCertPool()
		}
	} else {
		roots = x509.NewCertPool()
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
