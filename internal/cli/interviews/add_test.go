package interviews_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/cli/clitest"
)

func TestAddShowList(t *testing.T) {
	e := clitest.NewEnv(t)
	id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	if id != "acme-backend-1120" {
		t.Fatalf("add = %q, want acme-backend-1120", id)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(e.MustRun("show", id, "--json")), &v); err != nil {
		t.Fatal(err)
	}
	if v["start"] != "2026-11-20T14:00:00+01:00" {
		t.Errorf("show start = %v, want 2026-11-20T14:00:00+01:00", v["start"])
	}
	ivs, _ := v["interviewers"].([]any)
	if len(ivs) != 2 || ivs[1].(map[string]any)["email"] != "bob@acme.example" {
		t.Errorf("show interviewers = %v, want Jane and Bob", v["interviewers"])
	}
	for _, k := range []string{"id", "company", "role", "next_steps", "status", "signals", "notes"} {
		if _, ok := v[k]; !ok {
			t.Errorf("show --json lacks %q", k)
		}
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(e.MustRun("list", "--json")), &list); err != nil || len(list) != 1 {
		t.Errorf("list --json = %d entries (%v), want 1", len(list), err)
	}
	fi, err := os.Stat(e.DBPath())
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("database mode = %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	table := e.MustRun("list")
	if !strings.Contains(table, "acme-backend-1120") || !strings.Contains(table, "awaiting") {
		t.Errorf("list = %q, want the interview as awaiting", table)
	}
	if out := e.MustRun("add", "--json", "--company", "Beta", "--role", "SRE", "--at", "2026-12-01 10:00", "--interviewer", "x@beta.example"); !strings.Contains(out, `"id": "beta-sre-1201"`) {
		t.Errorf("add --json = %q, want {\"id\": \"beta-sre-1201\"}", out)
	}
}

func TestBadInputWritesNothing(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"header injection", []string{"--interviewer", "Jane\r\nBcc: x@evil.example <j@acme.example>"}, "interviewer"},
		{"bad address", []string{"--interviewer", "Jane <not an address>"}, "interviewer"},
		{"empty company", []string{"--company", ""}, "company"},
		{"company with newline", []string{"--company", "Acme\nBcc: x"}, "company"},
		{"unknown zone", []string{"--tz", "Mars/Olympus"}, "tz"},
		{"bad time", []string{"--at", "next tuesday"}, "at"},
		{"dst gap", []string{"--at", "2026-03-29 02:30", "--tz", "Europe/Berlin"}, "does not exist"},
		{"nul in notes", []string{"--notes", "a\x00b"}, "notes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := clitest.NewEnv(t)
			args := append([]string{"add", "--company", "Acme", "--role", "Eng", "--at", "2026-11-20 14:00", "--interviewer", "Jane <jane@acme.example>"}, tt.args...)
			out, errs, code := e.Run(args...)
			if code != 2 {
				t.Errorf("exit = %d, want 2 (stderr %q)", code, errs)
			}
			if out != "" || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.Contains(errs, tt.wantErr) {
				t.Errorf("stdout %q stderr %q, want one line naming %q", out, errs, tt.wantErr)
			}
			if list := e.MustRun("list", "--json"); strings.TrimSpace(list) != "[]" {
				t.Errorf("list after refused add = %q, want []", list)
			}
		})
	}
}

func TestUnknownIDAndUsage(t *testing.T) {
	e := clitest.NewEnv(t)
	for _, args := range [][]string{{"show", "nope-1120"}, {"show", "../x"}, {"rm", "nope", "--yes"}, {"bogus"}, {"list", "--status", "sleeping"}, {"close", "x", "--outcome", "maybe"}} {
		if _, errs, code := e.Run(args...); code != 2 || !strings.HasPrefix(errs, "followup: ") {
			t.Errorf("followup %v = exit %d, stderr %q; want exit 2 with one message", args, code, errs)
		}
	}
}

func TestLogCloseEditRm(t *testing.T) {
	e := clitest.NewEnv(t)
	id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	e.MustRun("log", id, "--actual", "70m", "--engagement", "high", "--clarity", "clear", "--concerns", "asked about Go experience")
	var v struct {
		ActualMin *int `json:"actual_minutes"`
		Signals   struct {
			Overrun    *int   `json:"overrun_minutes"`
			Engagement string `json:"engagement"`
		} `json:"signals"`
		Status  string `json:"status"`
		Outcome string `json:"outcome"`
		Company string `json:"company"`
	}
	json.Unmarshal([]byte(e.MustRun("show", id, "--json")), &v)
	if v.ActualMin == nil || *v.ActualMin != 70 || v.Signals.Overrun == nil || *v.Signals.Overrun != 25 || v.Signals.Engagement != "high" {
		t.Errorf("after log: %+v, want actual 70, overrun 25, engagement high", v)
	}
	if show := e.MustRun("show", id); !strings.Contains(show, "ran well over time") {
		t.Errorf("show = %q, want a reading of the overrun", show)
	}
	if _, _, code := e.Run("log", id, "--engagement", "stellar"); code != 2 {
		t.Errorf("log --engagement stellar = exit %d, want 2", code)
	}
	e.MustRun("edit", id, "--company", "Acme Corp")
	e.MustRun("close", id, "--outcome", "offer")
	json.Unmarshal([]byte(e.MustRun("show", id, "--json")), &v)
	if v.Status != "closed" || v.Outcome != "offer" || v.Company != "Acme Corp" {
		t.Errorf("after edit+close: %+v, want Acme Corp closed with offer", v)
	}
	if _, _, code := e.Run("rm", id); code != 2 {
		t.Errorf("rm without --yes off a terminal = exit %d, want 2", code)
	}
	e.MustRun("rm", id, "--yes")
	if _, _, code := e.Run("show", id); code != 2 {
		t.Errorf("show after rm = exit %d, want 2", code)
	}
}

func TestAddAsksOnATerminal(t *testing.T) {
	e := clitest.NewEnv(t)
	e.TTY = true
	e.In = "Acme\nBackend Engineer\n2026-11-20 14:00\nEurope/Berlin\n\nJane Roe <jane@acme.example>\nBob Poe <bob@acme.example>\n\n\nin 4-5 working days\n\n"
	if id := strings.TrimSpace(e.MustRun("add")); id != "acme-backend-1120" {
		t.Fatalf("add on a terminal = %q, want acme-backend-1120", id)
	}
	var v struct {
		Start        string `json:"start"`
		DurationMin  int    `json:"duration_minutes"`
		Interviewers []struct {
			Email string `json:"email"`
		} `json:"interviewers"`
		NextSteps string `json:"next_steps"`
	}
	if err := json.Unmarshal([]byte(e.MustRun("show", "acme-backend-1120", "--json")), &v); err != nil {
		t.Fatal(err)
	}
	if v.Start != "2026-11-20T14:00:00+01:00" || v.DurationMin != 45 || len(v.Interviewers) != 2 || v.NextSteps != "in 4-5 working days" {
		t.Errorf("interview from prompts = %+v, want 14:00 Berlin, 45 min, 2 interviewers, the next steps", v)
	}
}

// TestAddAsksAgainAfterABadAnswer: each answer is checked as it is given
// and asked again, keeping the answers before it (issue 19, point 5).
func TestAddAsksAgainAfterABadAnswer(t *testing.T) {
	e := clitest.NewEnv(t)
	e.TTY = true
	e.In = "\nAcme\nBackend Engineer\n30/11/2026 14:00\n2026-11-20 14:00\nMars/Base\nEurope/Berlin\nforever\n45m\n\nJane <not an address>\nJane Roe <jane@acme.example>\n\n\nin 4-5 working days\n\n"
	out, errs, code := e.Run("add")
	if code != 0 || strings.TrimSpace(out) != "acme-backend-1120" {
		t.Fatalf("add with bad answers corrected = exit %d, stdout %q, stderr %q; want the interview added", code, out, errs)
	}
	for _, want := range []string{"company is required; try again", `invalid at "30/11/2026 14:00"`, `invalid tz "Mars/Base"`, `invalid duration "forever"`, "at least one is required; try again", "invalid interviewer"} {
		if !strings.Contains(errs, want) {
			t.Errorf("prompts stderr = %q, want %q", errs, want)
		}
	}
	var v struct {
		Start string `json:"start"`
	}
	if err := json.Unmarshal([]byte(e.MustRun("show", "acme-backend-1120", "--json")), &v); err != nil || v.Start != "2026-11-20T14:00:00+01:00" {
		t.Errorf("start = %q (%v), want 2026-11-20T14:00:00+01:00", v.Start, err)
	}
}

func TestAddWithoutTerminalNamesTheFlags(t *testing.T) {
	e := clitest.NewEnv(t)
	e.In = "Acme\nBackend Engineer\n"
	out, errs, code := e.Run("add")
	if code != 2 || out != "" || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Errorf("add on a pipe = exit %d, stdout %q, stderr %q; want exit 2 and one line", code, out, errs)
	}
	for _, want := range []string{"terminal", "--company", "--role", "--at", "--interviewer"} {
		if !strings.Contains(errs, want) {
			t.Errorf("add on a pipe stderr = %q, want %q", errs, want)
		}
	}
}
