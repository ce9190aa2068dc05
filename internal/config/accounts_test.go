package config

import (
	"strings"
	"testing"
	"time"
)

const twoAccounts = `[me]
name = "Max Mustermann"
email = "max@example.org"
timezone = "Europe/Berlin"

[smtp]
host = "smtp.example.org"
port = 465
security = "tls"
username = "max"
password_cmd = "pass show mail"

[policy]
auto_send = true
networking_every = "3w"

[[account]]
name = "uni"

[account.me]
email = "max@uni.example"

[account.smtp]
host = "smtp.uni.example"
port = 587
security = "starttls"
username = "mm123"
password_cmd = "pass show uni"

[account.policy]
auto_send = false
`

func TestAccountsInheritMeAndPolicyNotServers(t *testing.T) {
	cfg, probs := Parse("x.toml", []byte(twoAccounts))
	if len(probs) != 0 {
		t.Fatalf("Parse = %v", probs)
	}
	if got := cfg.AccountNames(); strings.Join(got, ",") != "default,uni" {
		t.Errorf("AccountNames = %v, want default,uni", got)
	}
	uni, err := cfg.ForAccount("uni")
	if err != nil {
		t.Fatal(err)
	}
	if uni.Account != "uni" || uni.Me.Email != "max@uni.example" || uni.Me.Name != "Max Mustermann" || uni.Me.Timezone != "Europe/Berlin" {
		t.Errorf("uni's me = %+v (account %q), want its address with the top-level name and zone", uni.Me, uni.Account)
	}
	if uni.SMTP.Host != "smtp.uni.example" || uni.SMTP.PasswordCmd != "pass show uni" {
		t.Errorf("uni's smtp = %+v, want its own", uni.SMTP)
	}
	if uni.IMAP.Configured() || uni.IMAP.PasswordCmd != "" {
		t.Errorf("uni's imap = %+v, want none: an account inherits no server and no secret", uni.IMAP)
	}
	if uni.Policy.AutoSend || uni.Policy.NetworkingEvery != 21*24*time.Hour {
		t.Errorf("uni's policy = %+v, want auto_send off and networking_every from [policy]", uni.Policy)
	}
	def, err := cfg.ForAccount("default")
	if err != nil || def.Account != "" || def.Me.Email != "max@example.org" || !def.Policy.AutoSend {
		t.Errorf("ForAccount(default) = %+v, %v; want the top-level sections", def, err)
	}
	if got, err := cfg.ForAccount(""); err != nil || got.Account != "" || got.Me.Email != "max@example.org" {
		t.Errorf("ForAccount(\"\") beside the top-level account = %+v, %v; want the default account", got, err)
	}
	coach, _ := Parse("x.toml", []byte("[[account]]\nname = \"ana\"\n[[account]]\nname = \"bo\"\n"))
	if _, err := coach.ForAccount(""); err == nil || !strings.Contains(err.Error(), "choose one with --account") {
		t.Errorf("ForAccount(\"\") with two [[account]] and no top-level account = %v, want a request to choose", err)
	}
	if _, err := cfg.ForAccount("work"); err == nil || !strings.Contains(err.Error(), "default, uni") {
		t.Errorf("ForAccount(work) = %v, want the accounts named", err)
	}
}

// TestOneAccountConfigIsUnchanged: without [[account]] the config is its
// own one account, and so is a config of [[account]] sections alone.
func TestOneAccountConfigIsUnchanged(t *testing.T) {
	cfg, _ := Parse("x.toml", []byte("[me]\nemail = \"max@example.org\"\n"))
	if got, err := cfg.ForAccount(""); err != nil || got != cfg || got.Account != "" {
		t.Errorf("ForAccount(\"\") without accounts = %p %v, want the config itself", got, err)
	}
	coach, probs := Parse("x.toml", []byte("[[account]]\nname = \"ana\"\n[account.me]\nemail = \"ana@example.org\"\n"))
	if len(probs) != 0 {
		t.Fatal(probs)
	}
	if got, err := coach.ForAccount(""); err != nil || got.Account != "ana" {
		t.Errorf("ForAccount(\"\") with one [[account]] and empty top-level sections = %+v, %v; want ana", got, err)
	}
}

func TestAccountProblemsHaveLines(t *testing.T) {
	tests := []struct{ name, toml, want string }{
		{"no name", "[[account]]\n[account.me]\nemail = \"a@b.example\"\n", "x.toml:1: account[1]: needs a name"},
		{"bad name", "[[account]]\nname = \"Uni Mail\"\n", "x.toml:2: account[1].name: \"Uni Mail\" is not an account name"},
		{"default", "[[account]]\nname = \"default\"\n", "x.toml:2: account[1].name: \"default\" is the name of the top-level"},
		{"twice", "[[account]]\nname = \"a\"\n[[account]]\nname = \"a\"\n", "x.toml:4: account[2].name: \"a\" names two accounts"},
		{"server", "[[account]]\nname = \"a\"\n[account.smtp]\nhost = \"smtp.a.example\"\nport = 25\nsecurity = \"none\"\n", "x.toml:6: account[1].smtp.security: \"none\" is allowed only for localhost"},
		{"unknown key", "[[account]]\nname = \"a\"\nemail = \"x@y.example\"\n", "x.toml:3: account[1].email: unknown key"},
		{"policy", "[[account]]\nname = \"a\"\n[account.policy]\nmax_check_ins = 40\n", "x.toml:4: account[1].policy.max_check_ins: must be from 1 to 10"},
		{"policy key", "[[account]]\nname = \"a\"\n[account.policy]\nauto_sned = true\n", "x.toml:4: account[1].policy.auto_sned: unknown key (did you mean \"auto_send\"?)"},
	}
	for _, tt := range tests {
		_, probs := Parse("x.toml", []byte(tt.toml))
		if len(probs) != 1 || !strings.Contains(probs[0].Error(), tt.want) {
			t.Errorf("%s: Parse = %v, want one problem %q", tt.name, probs, tt.want)
		}
	}
}
