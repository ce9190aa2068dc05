package mail_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/cli/clitest"
)

const classifyDir = "testdata/classify/"

func TestClassifyPlain(t *testing.T) {
	e := clitest.NewEnv(t)
	out := e.MustRun("classify", classifyDir+"reply.eml", classifyDir+"ooo.eml", classifyDir+"bounce.eml", classifyDir+"list.eml")
	want := []string{
		classifyDir + "reply.eml: reply (written by a person)",
		classifyDir + "ooo.eml: auto-reply (Auto-Submitted: auto-replied), back 2026-12-04",
		classifyDir + "bounce.eml: bounce (X-Failed-Recipients), failed recipient jane@acme.example",
		classifyDir + "list.eml: bulk (List-Id header)",
	}
	if got := verdicts(out); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("classify = %q, want %q", got, want)
	}
	if n := strings.Count(out, "\n  weighed: "); n != len(want) {
		t.Errorf("classify = %q, want a line of the signals weighed under each of the %d verdicts", out, len(want))
	}
}

// verdicts are the lines of classify's output without the indented
// signal lines.
func verdicts(out string) []string {
	var v []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l != "" && !strings.HasPrefix(l, "  ") {
			v = append(v, l)
		}
	}
	return v
}

func TestClassifyJSON(t *testing.T) {
	e := clitest.NewEnv(t)
	raw, err := os.ReadFile(classifyDir + "ooo.eml")
	if err != nil {
		t.Fatal(err)
	}
	e.In = string(raw)
	out := e.MustRun("classify", "--json", classifyDir+"reply.eml", "-", classifyDir+"bounce.eml")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []map[string]any{
		{"file": classifyDir + "reply.eml", "class": "reply", "reason": "written by a person", "return_date": nil, "failed_recipient": nil},
		{"file": "-", "class": "auto-reply", "reason": "Auto-Submitted: auto-replied", "return_date": "2026-12-04", "failed_recipient": nil},
		{"file": classifyDir + "bounce.eml", "class": "bounce", "reason": "X-Failed-Recipients", "return_date": nil, "failed_recipient": "jane@acme.example"},
	}
	if len(lines) != len(want) {
		t.Fatalf("classify --json = %d lines (%q), want %d", len(lines), out, len(want))
	}
	for i, line := range lines {
		var got map[string]any
		if err := json.Unmarshal([]byte(line), &got); err != nil {
			t.Fatalf("classify --json line %d = %q: %v", i+1, line, err)
		}
		if sig, ok := got["signals"].([]any); !ok || len(sig) == 0 {
			t.Errorf("classify --json line %d signals = %v, want the signals weighed", i+1, got["signals"])
		}
		if len(got) != len(want[i])+1 {
			t.Errorf("classify --json line %d keys = %v, want %v and signals", i+1, got, want[i])
		}
		for k, w := range want[i] {
			if v, ok := got[k]; !ok || v != w {
				t.Errorf("classify --json line %d %s = %v (present %v), want %v", i+1, k, v, ok, w)
			}
		}
	}
}

func TestClassifyUnreadable(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  []string
		wantOut  int // lines classified
	}{
		{"missing file", []string{filepath.Join(dir, "nope.eml"), classifyDir + "reply.eml"}, 2, []string{"nope.eml: no such file"}, 1},
		{"a directory", []string{classifyDir + "reply.eml", dir}, 1, []string{dir + ": is a directory"}, 1},
		{"missing beats unreadable", []string{dir, filepath.Join(dir, "nope.eml"), classifyDir + "list.eml"}, 2, []string{"is a directory", "no such file"}, 1},
		{"no file", nil, 2, []string{"requires at least 1 arg"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := clitest.NewEnv(t)
			out, errs, code := e.Run(append([]string{"classify"}, tt.args...)...)
			if code != tt.wantCode {
				t.Errorf("classify %v = exit %d, want %d (stderr %q)", tt.args, code, tt.wantCode, errs)
			}
			if n := strings.Count(errs, "\n"); n != len(tt.wantErr) {
				t.Errorf("classify %v stderr = %q, want %d lines", tt.args, errs, len(tt.wantErr))
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(errs, w) || !strings.HasPrefix(errs, "followup: ") {
					t.Errorf("classify %v stderr = %q, want a line containing %q", tt.args, errs, w)
				}
			}
			if n := len(verdicts(out)); n != tt.wantOut {
				t.Errorf("classify %v stdout = %q, want %d lines", tt.args, out, tt.wantOut)
			}
		})
	}
}
