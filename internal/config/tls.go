package config

import (
	"crypto/tls"

	"github.com/followup-dev/followup/internal/config/tlsclient"
)

// TLSConfig is the client TLS configuration for the server (tlsclient).
func (s Server) TLSConfig() (*tls.Config, error) { return tlsclient.Config(s.Host, s.CAFile) }
