package setup_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/cli/clitest"
)

func TestInitAndConfigCheck(t *testing.T) {
	e := clitest.NewEnv(t)
	out := e.MustRun("init")
	path := filepath.Join(e.Dir, "config", "followup", "config.toml")
	if !strings.Contains(out, path) {
		t.Errorf("init = %q, want it to name %s", out, path)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("config mode = %v, %v; want 0600", fi.Mode().Perm(), err)
	}
	if _, _, code := e.Run("init"); code != 2 {
		t.Errorf("init over an existing file = exit %d, want 2", code)
	}
	e.MustRun("init", "--force")
	if out := e.MustRun("config", "check"); !strings.Contains(out, "ok") {
		t.Errorf("config check = %q, want ok", out)
	}
}

func TestConfigCheckReportsProblems(t *testing.T) {
	tests := []struct {
		name, body string
		mode       os.FileMode
		want       []string
	}{
		{"unknown key", "[policy]\nauto_sned = true\n", 0o600, []string{":2: policy.auto_sned: unknown key"}},
		{"wrong type", "[policy]\n\nmax_check_ins = \"three\"\n", 0o600, []string{":3: policy.max_check_ins: must be a whole number"}},
		{"inline password 0644", "[smtp]\nhost = \"127.0.0.1\"\nport = 2525\nsecurity = \"none\"\nusername = \"me\"\npassword = \"s3cret\"\n", 0o644, []string{":6: smtp.password:", "chmod 600"}},
		{"every problem at once", "[policy]\nauto_sned = true\nmax_check_ins = \"3\"\n", 0o600, []string{":2: policy.auto_sned", ":3: policy.max_check_ins"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := clitest.NewEnv(t)
			path := filepath.Join(e.Dir, "my.toml")
			if err := os.WriteFile(path, []byte(tt.body), tt.mode); err != nil {
				t.Fatal(err)
			}
			out, errs, code := e.Run("--config", path, "config", "check")
			if code != 2 {
				t.Errorf("config check = exit %d, want 2", code)
			}
			for _, w := range tt.want {
				if !strings.HasPrefix(w, ":") {
					w = strings.TrimPrefix(w, path)
				} else {
					w = path + w
				}
				if !strings.Contains(errs, w) {
					t.Errorf("config check stderr = %q, want it to contain %q", errs, w)
				}
			}
			if strings.Contains(out+errs, "s3cret") {
				t.Errorf("config check printed the password")
			}
		})
	}
}

func TestFollowupConfigEnv(t *testing.T) {
	e := clitest.NewEnv(t)
	e.Vars["FOLLOWUP_CONFIG"] = filepath.Join(e.Dir, "missing.toml")
	if _, errs, code := e.Run("config", "check"); code != 2 || !strings.Contains(errs, "missing.toml") {
		t.Errorf("config check with FOLLOWUP_CONFIG missing = exit %d, %q; want 2 naming the file", code, errs)
	}
}

// A [templates] dir that does not exist is allowed (the built-ins are
// used), but both checks say so instead of naming it as the overrides.
func TestChecksSayWhenTheTemplatesFolderIsMissing(t *testing.T) {
	e := clitest.NewEnv(t)
	dir := filepath.Join(e.Dir, "my-templates")
	path := filepath.Join(e.Dir, "followup.toml")
	if err := os.WriteFile(path, []byte("[templates]\ndir = \""+dir+"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range [][]string{{"config", "check"}, {"templates", "check"}} {
		out := e.MustRun(append([]string{"--config", path}, cmd...)...)
		if !strings.Contains(out, dir+" does not exist") || strings.Contains(out, "overrides from") {
			t.Errorf("%s with the folder missing = %q, want it to say the folder does not exist", cmd, out)
		}
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range [][]string{{"config", "check"}, {"templates", "check"}} {
		if out := e.MustRun(append([]string{"--config", path}, cmd...)...); !strings.Contains(out, "with overrides from "+dir) {
			t.Errorf("%s with the folder there = %q, want it named as the overrides", cmd, out)
		}
	}
}
