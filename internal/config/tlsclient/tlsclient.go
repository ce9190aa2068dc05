// Package tlsclient is the one TLS client configuration of followup's mail
// connections: TLS 1.2 or later, the server's certificate checked for its
// host name against a private CA's certificates (ca_file) or the system
// roots.
package tlsclient

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"strings"
)

// Config is the client TLS configuration for host: the certificate checked
// for host (without IPv6 brackets) against the certificates in caFile when
// it is set (a private CA: the system roots, slow to load, are not read
// then), else the system roots. It reads caFile.
func Config(host, caFile string) (*tls.Config, error) {
	var roots *x509.CertPool
	if caFile == "" {
		var err error
		if roots, err = x509.SystemCertPool(); err != nil {
			roots = x509.NewCertPool()
		}
	} else {
		roots = x509.NewCertPool()
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("ca_file: %w", err)
		}
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("ca_file %s: no PEM certificate found", caFile)
		}
	}
	return &tls.Config{MinVersion: tls.VersionTLS12, ServerName: strings.Trim(host, "[]"), RootCAs: roots}, nil
}
