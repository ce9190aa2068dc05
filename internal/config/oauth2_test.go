package config

import (
	"strings"
	"testing"
)

const oauthIMAP = "[imap]\nhost = \"imap.gmail.com\"\nport = 993\nsecurity = \"tls\"\nusername = \"me@gmail.com\"\nauth = \"oauth2\"\n"

func TestOAuth2Sections(t *testing.T) {
	toml := oauthIMAP + "[oauth2.gmail]\nprovider = \"google\"\nclient_id = \"123.apps.googleusercontent.com\"\nclient_secret_cmd = \"pass show g\"\n"
	cfg, probs := Parse("x.toml", []byte(toml))
	if len(probs) != 0 {
		t.Fatalf("Parse = %v, want no problems", probs)
	}
	o, ok := cfg.OAuth2For(cfg.IMAP.Server)
	if !ok || o.Name != "gmail" || o.Provider != ProviderGoogle || o.ClientID == "" || o.ClientSecretCmd != "pass show g" {
		t.Errorf("OAuth2For(imap) = %+v, %v, want the gmail section", o, ok)
	}
	if _, ok := cfg.OAuth2For(cfg.SMTP.Server); ok {
		t.Errorf("OAuth2For(smtp without auth) = ok, want none")
	}
}

func TestOAuth2Problems(t *testing.T) {
	tests := []struct {
		name, toml string
		want       []string
	}{
		{"unknown provider", oauthIMAP + "[oauth2.y]\nprovider = \"yahoo\"\nclient_id = \"x\"\n", []string{`x.toml:8: oauth2.y.provider: "yahoo" is not a provider`}},
		{"no section", oauthIMAP, []string{`imap.auth: is "oauth2" but there is no [oauth2.NAME] section`}},
		{"missing named section", oauthIMAP + "oauth2 = \"work\"\n[oauth2.gmail]\nprovider = \"google\"\nclient_id = \"x\"\n", []string{"imap.oauth2: names [oauth2.work], which does not exist"}},
		{"two sections, none named", oauthIMAP + "[oauth2.a]\nprovider = \"google\"\nclient_id = \"x\"\n[oauth2.b]\nprovider = \"microsoft\"\nclient_id = \"y\"\n", []string{"imap.oauth2: is needed because there are several"}},
		{"no client id", oauthIMAP + "[oauth2.g]\nprovider = \"google\"\n", []string{"oauth2.g.client_id: is required"}},
		{"password too", oauthIMAP + "password_cmd = \"pass x\"\n[oauth2.g]\nprovider = \"google\"\nclient_id = \"x\"\n", []string{"imap.auth: is \"oauth2\", so password"}},
		{"bad auth", "[smtp]\nauth = \"kerberos\"\n", []string{`x.toml:2: smtp.auth: must be "password" (the default) or "oauth2", not "kerberos"`}},
		{"tenant on google", oauthIMAP + "[oauth2.g]\nprovider = \"google\"\nclient_id = \"x\"\ntenant = \"common\"\n", []string{"oauth2.g.tenant: is used only with provider = \"microsoft\""}},
		{"custom without endpoints", oauthIMAP + "[oauth2.c]\nprovider = \"custom\"\nclient_id = \"x\"\n", []string{"oauth2.c.auth_url", "oauth2.c.scopes", "oauth2.c.token_url"}},
		{"custom on plain http", oauthIMAP + "[oauth2.c]\nprovider = \"custom\"\nclient_id = \"x\"\ntoken_url = \"http://auth.example.com/token\"\ndevice_url = \"https://auth.example.com/device\"\nscopes = [\"mail\"]\n", []string{"oauth2.c.token_url: \"http://auth.example.com/token\" must be an https:// URL"}},
		{"unknown key", oauthIMAP + "[oauth2.g]\nprovider = \"google\"\nclient_id = \"x\"\nclient_secret = \"s\"\n", []string{"oauth2.g.client_secret: unknown key; keys of [oauth2.g] are"}},
		{"not a table", "oauth2 = 1\n", []string{"oauth2: must hold tables"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := Parse("x.toml", []byte(tt.toml))
			got := probs.Error()
			if len(probs) != len(tt.want) {
				t.Fatalf("Parse problems = %q, want %d: %q", got, len(tt.want), tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("Parse problems = %q, want %q", got, w)
				}
			}
		})
	}
}
