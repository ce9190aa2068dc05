package oauth

import (
	"context"
	"fmt"
	"strings"

	"golang.org/x/oauth2"

	"github.com/followup-dev/followup/internal/config"
)

// Built-in endpoints and the scopes that mail needs.
var (
	googleEndpoint = oauth2.Endpoint{
		AuthURL:       "https://accounts.google.com/o/oauth2/v2/auth",
		TokenURL:      "https://oauth2.googleapis.com/token",
		DeviceAuthURL: "https://oauth2.googleapis.com/device/code",
		AuthStyle:     oauth2.AuthStyleInParams,
	}
	googleScopes    = []string{"https://mail.google.com/"}
	microsoftScopes = []string{"offline_access", "https://outlook.office.com/IMAP.AccessAsUser.All", "https://outlook.office.com/SMTP.Send"}
)

func microsoftEndpoint(tenant string) oauth2.Endpoint {
	if tenant == "" {
		tenant = "common"
	}
	base := "https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/"
	return oauth2.Endpoint{AuthURL: base + "authorize", TokenURL: base + "token", DeviceAuthURL: base + "devicecode", AuthStyle: oauth2.AuthStyleInParams}
}

// Provider is one [oauth2.NAME] section made ready to use.
type Provider struct {
	Name   string
	Config oauth2.Config // RedirectURL is set by the code flow
	// Device says the provider allows the device flow with these scopes
	// (Google does not allow it for mail).
	Device bool
	// PreferDevice says the device flow is the default login (Microsoft).
	PreferDevice bool
	// Google returns a refresh token only when asked for consent.
	forceConsent bool
}

// NewProvider resolves the endpoints and scopes of c and runs
// client_secret_cmd (at most 30 s) when set. It never logs the secret.
func NewProvider(ctx context.Context, c config.OAuth2) (*Provider, error) {
	p := &Provider{Name: c.Name, Config: oauth2.Config{ClientID: c.ClientID, Scopes: c.Scopes}}
	switch c.Provider {
	case config.ProviderGoogle:
		p.Config.Endpoint, p.forceConsent = googleEndpoint, true
		p.Config.Scopes = orDefault(c.Scopes, googleScopes)
	case config.ProviderMicrosoft:
		p.Config.Endpoint, p.Device, p.PreferDevice = microsoftEndpoint(c.Tenant), true, true
		p.Config.Scopes = orDefault(c.Scopes, microsoftScopes)
	case config.ProviderCustom:
		p.Config.Endpoint = oauth2.Endpoint{AuthURL: c.AuthURL, TokenURL: c.TokenURL, DeviceAuthURL: c.DeviceURL, AuthStyle: oauth2.AuthStyleInParams}
		p.Device, p.PreferDevice = c.DeviceURL != "", c.AuthURL == ""
	default:
		return nil, fmt.Errorf(`[oauth2.%s] provider %q is unknown: use "google", "microsoft" or "custom"`, c.Name, c.Provider)
	}
	if c.ClientSecretCmd != "" {
		secret, err := runCommand(ctx, "client_secret_cmd", c.ClientSecretCmd, CommandTimeout)
		if err != nil {
			return nil, fmt.Errorf("[oauth2.%s] %w", c.Name, err)
		}
		p.Config.ClientSecret = secret
	}
	return p, nil
}

func orDefault(s, def []string) []string {
	if len(s) > 0 {
		return s
	}
	return def
}

// String names the provider for messages: "[oauth2.gmail] (accounts.google.com)".
func (p *Provider) String() string {
	host := p.Config.Endpoint.TokenURL
	if i := strings.Index(host, "://"); i >= 0 {
		host = host[i+3:]
	}
	if i := strings.IndexByte(host, '/'); i >= 0 {
		host = host[:i]
	}
	return fmt.Sprintf("[oauth2.%s] (%s)", p.Name, host)
}
