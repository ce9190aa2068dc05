package interviews_test

import (
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/cli/clitest"
)

// TestAddPrintsTheStoredID: the id add prints is lowercase ASCII and is
// the one show and list know (issue 19, point 1).
func TestAddPrintsTheStoredID(t *testing.T) {
	tests := []struct{ company, role, want string }{
		{"Zürich Données & Co.", "SRE (Platform)", "zurich-donnees-sre-1127"},
		{"Müller & Söhne", "Entwickler", "muller-sohne-entwickler-1127"},
		{"Ørsted", "Data Engineer", "orsted-data-1127"},
		{"Газпром нефть", "Аналитик", "gazprom-neft-analitik-1127"},
		{"腾讯", "Backend", "interview-backend-1127"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			e := clitest.NewEnv(t)
			id := strings.TrimSpace(e.MustRun("add", "--company", tt.company, "--role", tt.role, "--at", "2026-11-27 10:00",
				"--interviewer", "Jane Roe <jane@z.example>"))
			if id != tt.want {
				t.Errorf("add --company %q --role %q = %q, want %q", tt.company, tt.role, id, tt.want)
			}
			if show := e.MustRun("show", id); !strings.Contains(show, tt.company) {
				t.Errorf("show %s = %q, want the interview", id, show)
			}
			if list := e.MustRun("list"); !strings.Contains(list, id+" ") {
				t.Errorf("list = %q, want %s", list, id)
			}
		})
	}
}

func TestShowUppercaseIDHint(t *testing.T) {
	e := clitest.NewEnv(t)
	_, errs, code := e.Run("show", "Acme-SRE-1127")
	if code != 2 || !strings.Contains(errs, "ids are lowercase: acme-sre-1127") {
		t.Errorf("show Acme-SRE-1127 = exit %d, %q; want 2 and the lowercase spelling", code, errs)
	}
}

func TestAddWarnsAboutTheSameInterview(t *testing.T) {
	e := clitest.NewEnv(t)
	add := []string{"add", "--company", "Zürich Données & Co.", "--role", "SRE (Platform)", "--at", "2026-11-27 10:00",
		"--interviewer", "Jane Roe <jane@z.example>"}
	e.MustRun(add...)
	out, errs, code := e.Run(add...)
	if code != 0 || strings.TrimSpace(out) != "zurich-donnees-sre-1127-2" || !strings.Contains(errs, "looks like zurich-donnees-sre-1127") {
		t.Errorf("second add = exit %d, stdout %q, stderr %q; want -2 with a warning", code, out, errs)
	}
	_, errs, _ = e.Run("add", "--company", "Zürich Données & Co.", "--role", "SRE (Platform)", "--at", "2026-11-28 10:00",
		"--interviewer", "Jane Roe <jane@z.example>")
	if strings.Contains(errs, "looks like") {
		t.Errorf("add on another day: stderr %q, want no warning", errs)
	}
	e.TTY = true
	e.In = "n\n"
	out, errs, code = e.Run(add...)
	if code != 2 || out != "" || !strings.Contains(errs, "not added") {
		t.Errorf("third add on a terminal answered n = exit %d, stdout %q, stderr %q; want 2, not added", code, out, errs)
	}
	if n := strings.Count(e.MustRun("list"), "zurich-donnees"); n != 3 {
		t.Errorf("list has %d interviews, want 3", n)
	}
}
