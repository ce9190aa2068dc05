package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	followup "github.com/followup-dev/followup"
	"github.com/followup-dev/followup/internal/store/pgdriver"
)

func TestSampleConfigLoads(t *testing.T) {
	cfg, probs := Parse("config.toml", followup.SampleConfig)
	if len(probs) != 0 {
		t.Fatalf("Parse(sample) problems = %v, want none", probs)
	}
	if cfg.Policy.NetworkingEvery != 14*24*time.Hour || cfg.Policy.AutoSend {
		t.Errorf("Parse(sample) policy = %+v, want defaults", cfg.Policy)
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name, toml string
		want       []string // substrings, one per expected problem, in order
	}{
		{"unknown key", "[smtp]\nhost = \"localhost\"\nport = 25\nsecurity = \"none\"\nhots = 1\n", []string{"x.toml:5: smtp.hots: unknown key (did you mean \"host\"?)"}},
		{"unknown section", "[foo]\nbar = 1\n", []string{"x.toml:1: foo: unknown section [foo]"}},
		{"wrong type", "[policy]\nmax_check_ins = \"3\"\n", []string{"x.toml:2: policy.max_check_ins: must be a whole number"}},
		{"several at once", "[policy]\nauto_send = \"yes\"\nsend_window = \"17:00-09:00\"\n[me]\ntimezone = \"Mars/Base\"\n",
			[]string{"x.toml:2: policy.auto_send", "x.toml:3: policy.send_window", "x.toml:5: me.timezone"}},
		{"clear text off loopback", "[smtp]\nhost = \"smtp.example.com\"\nport = 25\nsecurity = \"none\"\n", []string{"x.toml:4: smtp.security: \"none\" is allowed only for localhost"}},
		{"bad cron", "[schedule]\ndigest = \"61 8 * * *\"\n", []string{"x.toml:2: schedule.digest"}},
		{"tz cron", "[schedule]\ndigest = \"TZ=Nowhere 0 8 * * *\"\n", []string{"x.toml:2: schedule.digest"}},
		{"syntax", "[smtp\nhost=1", []string{"x.toml:2: TOML syntax error"}},
		{"bad duration", "[policy]\nnetworking_every = \"two weeks\"\n", []string{"x.toml:2: policy.networking_every: \"two weeks\" is not a duration"}},
		{"two passwords", "[imap]\nhost=\"127.0.0.1\"\nport=143\nsecurity=\"none\"\nusername=\"u\"\npassword_env=\"A\"\npassword_cmd=\"b\"\n", []string{"imap.password: set only one"}},
		{"days overflow", "[policy]\nthank_you_delay = \"9999999999999d\"\n", []string{"x.toml:2: policy.thank_you_delay: \"9999999999999d\" is too long"}},
		{"huge float days", "[policy]\nnetworking_every = \"1e300w\"\n", []string{"x.toml:2: policy.networking_every: \"1e300w\" is too long"}},
		{"NaN days", "[policy]\nstale_after = \"NaNd\"\n", []string{"x.toml:2: policy.stale_after: \"NaNd\" is not a duration"}},
		{"Inf days", "[policy]\nstale_after = \"Infd\"\n", []string{"x.toml:2: policy.stale_after: \"Infd\" is not a duration"}},
		{"hex days", "[policy]\nstale_after = \"0x10d\"\n", []string{"x.toml:2: policy.stale_after: \"0x10d\" is not a duration"}},
		{"hours overflow", "[policy]\ngive_up_after = \"9999999999999h\"\n", []string{"x.toml:2: policy.give_up_after: \"9999999999999h\" is not a duration"}},
		{"eleven years", "[policy]\ngive_up_after = \"96360h\"\n", []string{"x.toml:2: policy.give_up_after: \"96360h\" is too long"}},
		{"Local zone", "[me]\ntimezone = \"Local\"\n", []string{"x.toml:2: me.timezone: \"Local\" is not an IANA time zone"}},
		{"name on two lines", "[me]\nname = \"Me\\r\\nBcc: eve@evil.example\"\n", []string{"x.toml:2: me.name: must be one line"}},
		{"mailbox name with CRLF", "[imap]\ndrafts = \"Drafts\\r\\nA1 LOGOUT\"\nmailboxes = [\"INBOX\", \"Jobs\\n\"]\n",
			[]string{"x.toml:2: imap.drafts: must be one line", "x.toml:3: imap.mailboxes: element 2 must be one line"}},
		{"NUL in signature", "[me]\nsignature = \"\"\"\nBest,\nMe\\u0000\"\"\"\n", []string{"x.toml:2: me.signature: must not contain a NUL"}},
		{"NUL in a password", "[smtp]\nhost = \"127.0.0.1\"\nport = 25\nsecurity = \"none\"\nusername = \"u\"\npassword = \"s3cret\\u0000\"\n",
			[]string{"x.toml:6: smtp.password: must not contain a NUL"}},
		{"relative store", "[store]\npath = \"data/followup.db\"\n", []string{"x.toml:2: store.path: \"data/followup.db\" is relative"}},
		{"relative templates", "[templates]\ndir = \"./templates\"\n", []string{"x.toml:2: templates.dir: \"./templates\" is relative"}},
		{"store is a folder", "[store]\npath = \"/\"\n", []string{"x.toml:2: store.path: / is a folder: name the file inside it, e.g. \"/followup.db\""}},
		{"bad weekday", "[calendar]\nworkdays = [\"Mon\", \"Funday\"]\n", []string{"x.toml:2: calendar.workdays: \"Funday\" is not a weekday"}},
		{"unknown country", "[calendar]\ncountry = \"XX\"\n", []string{"x.toml:2: calendar.country: unknown holiday country \"XX\"; supported: "}},
		{"unknown store driver", "[store]\ndriver = \"mysql\"\n", []string{"x.toml:2: store.driver: \"mysql\" is not a store driver: use \"sqlite\" (the default) or \"postgres\""}},
		{"postgres without dsn", "[store]\ndriver = \"postgres\"\n", []string{"x.toml:2: store.driver: \"postgres\" needs dsn"}},
		{"postgres with two dsns", "[store]\ndriver = \"postgres\"\ndsn = \"postgres://u@db.example/f\"\ndsn_cmd = \"pass show db\"\n", []string{"x.toml:4: store.dsn_cmd: is set together with dsn"}},
		{"postgres with a file", "[store]\ndriver = \"postgres\"\ndsn = \"postgres://u@db.example/f\"\npath = \"/var/lib/followup.db\"\n", []string{"x.toml:4: store.path: is the SQLite file and is not used"}},
		{"dsn without driver", "[store]\ndsn = \"postgres://u:s3cret@db.example/f\"\n", []string{"x.toml:2: store.dsn: is for driver = \"postgres\""}},
		{"ats without domains", "[[ats]]\nname = \"A\"\ndomains = [\"a.example\"]\n\n[[ats]]\nname = \"B\"\n", []string{"x.toml:5: ats[2]: needs a name and at least one of domains or headers"}},
		{"ats unknown key", "[[ats]]\nname = \"A\"\ndomain = [\"a.example\"]\n", []string{"x.toml:1: ats[1]: needs a name", "x.toml:3: ats[1].domain: unknown key (did you mean \"domains\"?); keys of [[ats]] are"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := Parse("x.toml", []byte(tt.toml))
			if len(probs) != len(tt.want) {
				t.Fatalf("Parse(%q) = %d problems %v, want %d", tt.toml, len(probs), probs, len(tt.want))
			}
			sortProblems(probs)
			for i, w := range tt.want {
				if !strings.Contains(probs[i].Error(), w) {
					t.Errorf("Parse(%q) problem %d = %q, want it to contain %q", tt.toml, i, probs[i].Error(), w)
				}
				if strings.Contains(probs[i].Error(), "s3cret") {
					t.Errorf("Parse(%q) problem %d = %q, which prints the password", tt.toml, i, probs[i].Error())
				}
			}
		})
	}
}

func TestParseValues(t *testing.T) {
	cfg, probs := Parse("x.toml", []byte("[policy]\nnetworking_every = \"2w\"\nthank_you_delay = \"90m\"\nsend_window = \"08:30-18:00\"\n[calendar]\nworkdays = [\"Sun\",\"Mon\"]\n"))
	if len(probs) != 0 {
		t.Fatalf("Parse problems = %v", probs)
	}
	if got := cfg.Policy.NetworkingEvery; got != 14*24*time.Hour {
		t.Errorf("networking_every = %v, want 336h", got)
	}
	if got := cfg.Policy.ThankYouDelay; got != 90*time.Minute {
		t.Errorf("thank_you_delay = %v, want 90m", got)
	}
	if got := cfg.Policy.SendWindow; got != (Window{Start: 510, End: 1080}) {
		t.Errorf("send_window = %v, want 08:30-18:00", got)
	}
	if got := cfg.Calendar.Workdays; len(got) != 2 || got[0] != time.Sunday {
		t.Errorf("workdays = %v, want [Sunday Monday]", got)
	}
}

func TestLoadInlinePasswordNeedsPrivateFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	body := "[smtp]\nhost = \"127.0.0.1\"\nport = 2525\nsecurity = \"none\"\nusername = \"me\"\npassword = \"hunter2\"\n"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path, true)
	var probs Problems
	if !errors.As(err, &probs) || len(probs) != 1 {
		t.Fatalf("Load(0644 with password) = %v, want one problem", err)
	}
	msg := probs[0].Error()
	for _, want := range []string{path + ":6", "smtp.password", "chmod 600"} {
		if !strings.Contains(msg, want) {
			t.Errorf("Load(0644) = %q, want it to contain %q", msg, want)
		}
	}
	if strings.Contains(msg, "hunter2") {
		t.Errorf("Load(0644) = %q, leaks the password", msg)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path, true); err != nil {
		t.Errorf("Load(0600 with password) = %v, want nil", err)
	}
}

func TestLoadInlineDSNPasswordNeedsPrivateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	body := "[store]\ndriver = \"postgres\"\ndsn = \"postgres://coach:hunter2@127.0.0.1:5432/followup\"\n"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path, true)
	var probs Problems
	if !errors.As(err, &probs) || len(probs) != 1 || !strings.Contains(probs[0].Error(), path+":3: store.dsn: an inline password is refused") ||
		!strings.Contains(probs[0].Error(), "dsn_cmd") || strings.Contains(probs[0].Error(), "hunter2") {
		t.Fatalf("Load(0644 with a password in dsn) = %v, want one problem at line 3 naming dsn_cmd, without the password", err)
	}
	for _, dsn := range []string{"postgres://coach@127.0.0.1/f?password=hunter2", "host=db password = hunter2", "postgres://coach:hunt@r2@db/f"} {
		if !pgdriver.HasPassword(dsn) {
			t.Errorf("HasPassword(%q) = false", dsn)
		}
	}
	for _, dsn := range []string{"postgres://coach@db/f?sslmode=require", "host=db dbname=f passfile=/x"} {
		if pgdriver.HasPassword(dsn) {
			t.Errorf("HasPassword(%q) = true", dsn)
		}
	}
	if err := os.WriteFile(path, []byte(strings.Replace(body, ":hunter2", "", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path, true)
	if err != nil || !cfg.Store.Postgres() {
		t.Fatalf("Load(0644, dsn without a password) = %v, %v; want a postgres store", cfg, err)
	}
	if dsn, err := cfg.Store.ConnString(t.Context()); err != nil || dsn != "postgres://coach@127.0.0.1:5432/followup" {
		t.Errorf("ConnString = %q, %v", dsn, err)
	}
	if dsn, err := (Store{Driver: DriverPostgres, DSNCmd: "printf 'host=127.0.0.1 dbname=f\\n'"}).ConnString(t.Context()); err != nil || dsn != "host=127.0.0.1 dbname=f" {
		t.Errorf("ConnString(dsn_cmd) = %q, %v", dsn, err)
	}
	if _, err := (Store{Driver: DriverPostgres, DSNCmd: "exit 4"}).ConnString(t.Context()); err == nil || !strings.Contains(err.Error(), "[store] dsn_cmd failed") {
		t.Errorf("ConnString(failing dsn_cmd) = %v, want it named", err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.toml")
	cfg, err := Load(path, false)
	if err != nil || cfg.Policy.MaxCheckIns != 3 {
		t.Errorf("Load(missing, optional) = %v, %v; want defaults", cfg, err)
	}
	if _, err := Load(path, true); err == nil {
		t.Errorf("Load(missing, required) = nil error, want one")
	}
}

func TestSecret(t *testing.T) {
	t.Setenv("FOLLOWUP_TEST_PW", "from-env")
	tests := []struct {
		c       Credentials
		want    string
		wantErr bool
	}{
		{Credentials{PasswordCmd: "printf 'from-cmd\\n'"}, "from-cmd", false},
		{Credentials{PasswordEnv: "FOLLOWUP_TEST_PW"}, "from-env", false},
		{Credentials{PasswordEnv: "FOLLOWUP_TEST_UNSET"}, "", true},
		{Credentials{Password: "inline"}, "inline", false},
		{Credentials{PasswordCmd: "exit 3"}, "", true},
		{Credentials{}, "", true},
	}
	for _, tt := range tests {
		got, err := tt.c.Secret(t.Context())
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("Secret(%+v) = %q, %v; want %q, err %v", tt.c, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestPaths(t *testing.T) {
	env := func(m map[string]string) Env { return func(k string) string { return m[k] } }
	tests := []struct {
		env        map[string]string
		cfg, store string
	}{
		{map[string]string{"HOME": "/h"}, "/h/.config/followup/config.toml", "/h/.local/share/followup/followup.db"},
		{map[string]string{"HOME": "/h", "XDG_CONFIG_HOME": "/c", "XDG_DATA_HOME": "/d"}, "/c/followup/config.toml", "/d/followup/followup.db"},
		{map[string]string{"HOME": "/h", "FOLLOWUP_CONFIG": "/x.toml"}, "/x.toml", "/h/.local/share/followup/followup.db"},
	}
	for _, tt := range tests {
		cp, _ := DefaultPath(env(tt.env))
		sp, _ := Default().StorePath(env(tt.env))
		if cp != tt.cfg || sp != tt.store {
			t.Errorf("paths(%v) = %s, %s; want %s, %s", tt.env, cp, sp, tt.cfg, tt.store)
		}
	}
}

func TestTemplatesDirIsAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "thank-you.tmpl")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, probs := Parse("x.toml", []byte("[templates]\n\ndir = \""+file+"\"\n"))
	if len(probs) != 1 || !strings.Contains(probs[0].Error(), "x.toml:3: templates.dir: "+file+" is a file: name a folder") {
		t.Errorf("Parse(templates dir = a file) = %v, want one problem on line 3", probs)
	}
	_, probs = Parse("x.toml", []byte("[templates]\ndir = \"~/missing\"\n[store]\npath = \"~/x.db\"\n"))
	if len(probs) != 0 {
		t.Errorf("Parse(~/ paths) = %v, want none", probs)
	}
}
