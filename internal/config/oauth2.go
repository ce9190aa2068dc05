package config

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Auth is how a client logs in to a mail server.
type Auth string

// The login methods.
const (
	AuthPassword Auth = "password" // LOGIN / AUTH PLAIN with a password (the default)
	AuthOAuth2   Auth = "oauth2"   // OAUTHBEARER / XOAUTH2 with an access token
)

// The OAuth2 providers with built-in endpoints, and "custom".
const (
	ProviderGoogle    = "google"
	ProviderMicrosoft = "microsoft"
	ProviderCustom    = "custom"
)

// OAuth2 is one [oauth2.NAME] section: where and as which app to sign in.
type OAuth2 struct {
	Name            string // the NAME of [oauth2.NAME]
	Provider        string // ProviderGoogle, ProviderMicrosoft or ProviderCustom
	ClientID        string
	ClientSecretCmd string // shell command printing the client secret; optional
	Tenant          string // Microsoft only: "common" (default), "consumers", "organizations" or a tenant ID
	AuthURL         string // custom: authorization endpoint (code flow)
	TokenURL        string // custom: token endpoint
	DeviceURL       string // custom: device authorization endpoint (device flow)
	Scopes          []string
	// TokenCmd is a shell command printing an access token (oama,
	// mutt_oauth2.py, …). When set, followup neither signs in nor
	// refreshes: the command does.
	TokenCmd string
}

// OAuth2For returns the [oauth2.NAME] section server s signs in with:
// the one it names, else the only one. ok is false when there is none.
func (c *Config) OAuth2For(s Server) (OAuth2, bool) {
	if s.Auth != AuthOAuth2 {
		return OAuth2{}, false
	}
	if s.OAuth2Name != "" {
		o, ok := c.OAuth2[s.OAuth2Name]
		return o, ok
	}
	if len(c.OAuth2) == 1 {
		for _, o := range c.OAuth2 {
			return o, true
		}
	}
	return OAuth2{}, false
}

func auth(dst *Auth) field {
	return field{func(d *decoder, key string, v any) {
		s, _ := v.(string)
		switch a := Auth(strings.ToLower(s)); a {
		case AuthPassword, AuthOAuth2:
			*dst = a
		default:
			d.problem(key, `must be "password" (the default) or "oauth2", not %s`, quoteValue(v))
		}
	}}
}

func quoteValue(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return tomlType(v)
}

var oauth2Name = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// decodeOAuth2 reads the [oauth2.NAME] tables.
func (d *decoder) decodeOAuth2(v any) {
	tables, ok := v.(map[string]any)
	if !ok {
		d.problem("oauth2", "must hold tables: write [oauth2.NAME] sections, e.g. [oauth2.gmail]")
		return
	}
	d.cfg.OAuth2 = map[string]OAuth2{}
	for _, name := range sortedKeys(tables) {
		section := "oauth2." + name
		table, ok := tables[name].(map[string]any)
		if !ok || !oauth2Name.MatchString(name) {
			d.problem(section, "must be a table named with letters, digits, - or _: write it as [oauth2.gmail] with keys below it")
			continue
		}
		o := OAuth2{Name: name}
		d.decodeTable(section, table, map[string]field{
			"provider": str(&o.Provider), "client_id": str(&o.ClientID), "client_secret_cmd": str(&o.ClientSecretCmd),
			"tenant": str(&o.Tenant), "auth_url": str(&o.AuthURL), "token_url": str(&o.TokenURL),
			"device_url": str(&o.DeviceURL), "scopes": strings_(&o.Scopes), "token_cmd": str(&o.TokenCmd),
		})
		d.cfg.OAuth2[name] = o
	}
}

// validateOAuth2 checks every [oauth2.NAME] section and the servers'
// references to them.
func (d *decoder) validateOAuth2() {
	for _, name := range sortedKeys(d.cfg.OAuth2) {
		d.validateProvider(d.cfg.OAuth2[name])
	}
	d.validateServerAuth("smtp", d.cfg.SMTP.Server)
	d.validateServerAuth("imap", d.cfg.IMAP.Server)
}

func (d *decoder) validateServerAuth(section string, s Server) {
	if s.Auth != AuthOAuth2 {
		if s.OAuth2Name != "" {
			d.problem(section+".oauth2", `is used only with auth = "oauth2": add that, or remove oauth2`)
		}
		return
	}
	if s.Username == "" && s.Configured() {
		d.problem(section+".username", "is required with auth = \"oauth2\": write the account's email address")
	}
	if s.PasswordCmd != "" || s.PasswordEnv != "" || s.Password != "" {
		d.problem(section+".auth", `is "oauth2", so password, password_cmd and password_env are unused: remove them`)
	}
	switch _, ok := d.cfg.OAuth2For(s); {
	case ok:
	case s.OAuth2Name != "":
		d.problem(section+".oauth2", "names [oauth2.%s], which does not exist: add that section or correct the name", s.OAuth2Name)
	case len(d.cfg.OAuth2) == 0:
		d.problem(section+".auth", `is "oauth2" but there is no [oauth2.NAME] section: add one (see README, "Signing in with OAuth2")`)
	default:
		d.problem(section+".oauth2", "is needed because there are several [oauth2.NAME] sections: name one, e.g. oauth2 = %q", sortedKeys(d.cfg.OAuth2)[0])
	}
}

func (d *decoder) validateProvider(o OAuth2) {
	key := "oauth2." + o.Name + "."
	switch o.Provider {
	case ProviderGoogle, ProviderMicrosoft, ProviderCustom:
	case "":
		d.problem(key+"provider", `is required: "google", "microsoft" or "custom"`)
		return
	default:
		d.problem(key+"provider", `%q is not a provider: use "google", "microsoft" or "custom" (with auth_url, token_url, device_url and scopes)`, o.Provider)
		return
	}
	if o.ClientID == "" && o.TokenCmd == "" {
		d.problem(key+"client_id", "is required (create one as the README explains), unless token_cmd prints the access tokens")
	}
	if o.Tenant != "" && o.Provider != ProviderMicrosoft {
		d.problem(key+"tenant", `is used only with provider = "microsoft": remove it`)
	}
	if o.Provider != ProviderCustom {
		for _, kv := range o.endpoints() {
			if k, v := kv[0], kv[1]; v != "" {
				d.problem(key+k, `is built in for provider %q: remove it, or use provider = "custom"`, o.Provider)
			}
		}
		return
	}
	d.validateCustom(key, o)
}

func (d *decoder) validateCustom(key string, o OAuth2) {
	if o.TokenCmd != "" {
		return
	}
	if o.TokenURL == "" {
		d.problem(key+"token_url", `is required with provider = "custom"`)
	}
	if o.AuthURL == "" && o.DeviceURL == "" {
		d.problem(key+"auth_url", `or device_url is required with provider = "custom"`)
	}
	if len(o.Scopes) == 0 {
		d.problem(key+"scopes", `is required with provider = "custom", e.g. ["https://mail.example.com/"]`)
	}
	for _, kv := range o.endpoints() {
		if k, v := kv[0], kv[1]; v != "" && !secureURL(v) {
			d.problem(key+k, "%q must be an https:// URL (http:// only for a loopback host)", v)
		}
	}
}

// endpoints are the custom endpoint settings as key, value pairs, in order.
func (o OAuth2) endpoints() [][2]string {
	return [][2]string{{"auth_url", o.AuthURL}, {"token_url", o.TokenURL}, {"device_url", o.DeviceURL}}
}

// secureURL accepts https URLs, and http ones on loopback hosts.
func secureURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	return u.Scheme == "https" || u.Scheme == "http" && IsLoopback(u.Hostname())
}
