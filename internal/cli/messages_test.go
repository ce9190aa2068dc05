package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/cli"
	"github.com/followup-dev/followup/internal/cli/clitest"
)

// TestMessages: what a newcomer reads when something is wrong (issue 19,
// point 6). want is every string stderr must hold; not what it must not.
func TestMessages(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want []string
		not  []string
	}{
		{"show without id", []string{"show"}, 2, []string{"followup: missing interview id; see followup list"}, []string{"accepts 1 arg"}},
		{"log without id", []string{"log"}, 2, []string{"missing interview id"}, nil},
		{"show two ids", []string{"show", "a", "b"}, 2, []string{"followup show takes one interview id, not 2 arguments"}, []string{"accepts 1 arg"}},
		{"templates show without kind", []string{"templates", "show"}, 2, []string{"missing kind argument; see followup templates show --help"}, nil},
		{"flag named with dashes", []string{"add", "--company", "A", "--role", "B", "--at", "30/11/2026 14:00", "--interviewer", "a@b.example"}, 2,
			[]string{`invalid --at "30/11/2026 14:00"`}, nil},
		{"tz named with dashes", []string{"add", "--company", "A", "--role", "B", "--at", "2026-11-30 14:00", "--tz", "Mars/Base", "--interviewer", "a@b.example"}, 2,
			[]string{`invalid --tz "Mars/Base"`}, nil},
		{"lsit", []string{"lsit"}, 2, []string{"unknown command \"lsit\"", "\nDid you mean this?\n\tlist\n"}, []string{"edit", "init"}},
		{"stauts", []string{"stauts"}, 2, []string{"\tstatus\n"}, nil},
		{"drfat", []string{"drfat"}, 2, []string{"\tdraft\n"}, nil},
		{"config chekc", []string{"config", "chekc"}, 2, []string{"unknown command \"chekc\"", "\tfollowup config check\n"}, nil},
		{"nothing close", []string{"xyzzyq"}, 2, []string{"unknown command"}, []string{"Did you mean"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := clitest.NewEnv(t)
			out, errs, code := e.Run(tt.args...)
			if code != tt.code || out != "" {
				t.Errorf("followup %v = exit %d, stdout %q; want exit %d and no output", tt.args, code, out, tt.code)
			}
			for _, w := range tt.want {
				if !strings.Contains(errs, w) {
					t.Errorf("followup %v stderr = %q, want %q", tt.args, errs, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(errs, n) {
					t.Errorf("followup %v stderr = %q, want no %q", tt.args, errs, n)
				}
			}
		})
	}
}

func TestClosest(t *testing.T) {
	names := []string{"add", "list", "edit", "init", "show", "status", "draft", "send", "sync", "plan", "log", "close", "rm"}
	tests := []struct {
		typed string
		want  []string
	}{
		{"lsit", []string{"list"}},
		{"lst", []string{"list"}},
		{"stat", []string{"status"}},
		{"shwo", []string{"show"}},
		{"zzzzzz", nil},
		{"a1", nil},
		{"abc", nil},
	}
	for _, tt := range tests {
		got := cli.Closest(tt.typed, names)
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("cli.Closest(%q) = %v, want %v", tt.typed, got, tt.want)
		}
	}
}

func TestVersionFlag(t *testing.T) {
	e := clitest.NewEnv(t)
	for _, args := range [][]string{{"--version"}, {"version"}} {
		if out := e.MustRun(args...); !strings.HasPrefix(out, "followup ") {
			t.Errorf("followup %v = %q, want followup VERSION", args, out)
		}
	}
}

func TestJSONErrorOnStderr(t *testing.T) {
	e := clitest.NewEnv(t)
	out, errs, code := e.Run("show", "nope", "--json")
	var v struct {
		Error    string `json:"error"`
		ExitCode int    `json:"exit_code"`
	}
	if err := json.Unmarshal([]byte(errs), &v); err != nil || code != 2 || out != "" {
		t.Fatalf("show nope --json = exit %d, stdout %q, stderr %q (%v); want 2 and a JSON object on stderr", code, out, errs, err)
	}
	if !strings.Contains(v.Error, `unknown interview id "nope"`) || v.ExitCode != 2 {
		t.Errorf("JSON error = %+v, want the unknown id and exit_code 2", v)
	}
}

func TestLogSaysWhatItRecorded(t *testing.T) {
	e := clitest.NewEnv(t)
	id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	out := e.MustRun("log", id, "--actual", "70m", "--engagement", "high", "--clarity", "clear")
	for _, w := range []string{id + ": recorded", "actual length 1h10m (+25 min", "engagement high", "clarity clear"} {
		if !strings.Contains(out, w) {
			t.Errorf("log = %q, want %q", out, w)
		}
	}
	if out := e.MustRun("log", id, "--engagement", "high"); !strings.Contains(out, "nothing changed") {
		t.Errorf("log with the same value = %q, want nothing changed", out)
	}
}

func TestStatusInboxNotConfigured(t *testing.T) {
	e := clitest.NewEnv(t)
	if out := e.MustRun("status"); !strings.Contains(out, "inbox:   not configured") {
		t.Errorf("status without [imap] = %q, want inbox: not configured", out)
	}
}

// brokenTemplates writes a config whose template folder overrides
// check-in.tmpl with two mistakes.
func brokenTemplates(t *testing.T, e *clitest.Env) {
	t.Helper()
	tdir := filepath.Join(e.Dir, "tmpl")
	if err := os.MkdirAll(tdir, 0o700); err != nil {
		t.Fatal(err)
	}
	body := "Subject: Hi {{.Recipent.Name}}\n\nHello {{.Interview.Compnay}}\n"
	if err := os.WriteFile(filepath.Join(tdir, "check-in.tmpl"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(e.Dir, "config", "followup")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := "[me]\nname = \"Max Mustermann\"\nemail = \"max@example.org\"\ntimezone = \"Europe/Berlin\"\n\n[templates]\ndir = \"" + tdir + "\"\n"
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestConfigCheckReportsTemplates(t *testing.T) {
	e := clitest.NewEnv(t)
	brokenTemplates(t, e)
	_, errs, code := e.Run("config", "check")
	if code != 2 || !strings.Contains(errs, "check-in.tmpl:1:") || !strings.Contains(errs, "check-in.tmpl:3:") {
		t.Errorf("config check = exit %d, stderr %q; want 2 and each template problem", code, errs)
	}
	for _, line := range strings.Split(strings.TrimSpace(errs), "\n") {
		if !strings.HasPrefix(line, "followup: ") {
			t.Errorf("config check line %q, want one problem per line", line)
		}
	}
}

func TestBrokenTemplateDoesNotBlockOthers(t *testing.T) {
	e := clitest.NewEnv(t)
	brokenTemplates(t, e)
	id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	if out := e.MustRun("draft", id, "--kind", "thank-you", "--to", "jane@acme.example"); !strings.Contains(out, "Hi Jane,") {
		t.Errorf("draft thank-you with a broken check-in template = %q, want the note", out)
	}
	_, errs, code := e.Run("draft", id, "--kind", "check-in")
	if code != 2 || !strings.Contains(errs, "check-in") {
		t.Errorf("draft check-in with its template broken = exit %d, %q; want 2 naming the template", code, errs)
	}
}
