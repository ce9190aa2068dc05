package interviews_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/cli/clitest"
)

func writeFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportCSV(t *testing.T) {
	e := clitest.NewEnv(t)
	csv := writeFile(t, e.Dir, "tracker.csv", "\xef\xbb\xbfCompany;Title;Date;Stage;Recruiter;E-Mail;Link\n"+
		"Acme;Backend Engineer;2026-11-25 14:00;Interviewing;Jane Roe;jane@acme.example;https://x\n"+
		"Initech;Data Engineer;27.11.2026 10:00;;;bob@initech.example;\n")
	out := e.MustRun("import", csv, "--dry-run", "--tz", "Europe/Berlin")
	if !strings.Contains(out, "line 2: would add Acme — Backend Engineer, Wed 25 Nov 2026 14:00 (Europe/Berlin)") || !strings.Contains(out, "columns not read: Link") {
		t.Errorf("import --dry-run = %q", out)
	}
	if got := e.MustRun("list", "--json"); strings.TrimSpace(got) != "[]" {
		t.Fatalf("--dry-run imported: %s", got)
	}
	out = e.MustRun("import", csv, "--tz", "Europe/Berlin")
	if ids := strings.Fields(out); len(ids) != 2 || ids[0] != "acme-backend-1125" {
		t.Fatalf("import = %q, want two ids", out)
	}
	if plan := e.MustRun("plan", "acme-backend-1125"); !strings.Contains(plan, "thank-you to Jane Roe") {
		t.Errorf("plan after import = %q, want a thank-you to Jane", plan)
	}
	if out := e.MustRun("import", csv, "--tz", "Europe/Berlin"); strings.TrimSpace(out) != "" {
		t.Errorf("second import = %q, want nothing added", out)
	}
}

func TestImportCSVBadRowImportsNothing(t *testing.T) {
	e := clitest.NewEnv(t)
	for name, data := range map[string]string{
		"bad-date.csv":  "company,role,date,email\nAcme,SRE,2026-11-25,j@acme.example\nAcme,SRE,someday,j@acme.example\n",
		"quote.csv":     "company,role,date,email\nAcme,SRE,2026-11-25,j@acme.example\nAcme,\"SRE,2026-11-26,j@acme.example\n",
		"map.csv":       "company,role,date,email\nAcme,SRE,2026-11-25,j@acme.example\n",
		"no-format.txt": "x",
	} {
		args := []string{"import", writeFile(t, e.Dir, name, data)}
		if name == "map.csv" {
			args = append(args, "--map", "company=employer")
		}
		out, errs, code := e.Run(args...)
		clitest.CheckOneLine(t, args, out, errs, code)
	}
	_, errs, _ := e.Run("import", filepath.Join(e.Dir, "bad-date.csv"))
	if !strings.Contains(errs, "bad-date.csv: line 3: column \"date\"") {
		t.Errorf("import bad-date.csv = %q, want the file, line 3 and the column", errs)
	}
	if got := e.MustRun("list", "--json"); strings.TrimSpace(got) != "[]" {
		t.Errorf("a bad file imported %s", got)
	}
}

func TestImportInvitation(t *testing.T) {
	e := clitest.NewEnv(t)
	e.Vars["FOLLOWUP_CONFIG"] = writeFile(t, e.Dir, "config.toml", "[me]\nname = \"Me\"\nemail = \"me@example.org\"\ntimezone = \"Europe/Berlin\"\n")
	invite := filepath.Join("..", "..", "ics", "testdata", "google-request.ics")
	args := []string{"import", invite}
	out, errs, code := e.Run(args...) // not a terminal and no --yes
	clitest.CheckOneLine(t, args, out, strings.Join(lastLine(errs), ""), code)
	if !strings.Contains(errs, "interviewer:  Alex Kim <alex.kim@northwind-traders.com>") || strings.Contains(errs, "me@example.org") {
		t.Errorf("import %s printed %q, want the proposal without the user", invite, errs)
	}
	e.TTY, e.In = true, "y\n"
	id := strings.TrimSpace(e.MustRun("import", invite))
	if id != "northwind-backend-1203" {
		t.Fatalf("import confirmed = %q, want northwind-backend-1203", id)
	}
	show := e.MustRun("show", id, "--json")
	for _, want := range []string{`"start": "2026-12-03T14:00:00-05:00"`, `"time_zone": "America/New_York"`, `"role": "Senior Backend Engineer"`, `"duration_minutes": 60`} {
		if !strings.Contains(show, want) {
			t.Errorf("show after import lacks %s:\n%s", want, show)
		}
	}
	e.TTY, e.In = false, ""
	args = []string{"import", filepath.Join("..", "..", "ics", "testdata", "google-cancel.ics"), "--yes"}
	out, errs, code = e.Run(args...)
	clitest.CheckOneLine(t, args, out, errs, code)
	args = []string{"import", filepath.Join("..", "..", "ics", "testdata", "bad-unknown-tzid.ics"), "--yes"}
	out, errs, code = e.Run(args...)
	clitest.CheckOneLine(t, args, out, errs, code)
	if !strings.Contains(errs, "bad-unknown-tzid.ics: line 7: unknown time zone") {
		t.Errorf("import bad-unknown-tzid.ics = %q, want its line", errs)
	}
	e.MustRun("import", args[1], "--yes", "--tz", "Asia/Tokyo", "--role", "SRE")
}

// lastLine keeps the error line after the printed proposal.
func lastLine(s string) []string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return []string{lines[len(lines)-1] + "\n"}
}

func TestImportInvitationAsksForTheRole(t *testing.T) {
	e := clitest.NewEnv(t)
	e.TTY, e.In = true, "Site Reliability Engineer\ny\n"
	invite := filepath.Join("..", "..", "ics", "testdata", "bad-unknown-tzid.ics") // titled just "Interview"
	id := strings.TrimSpace(e.MustRun("import", invite, "--tz", "Asia/Tokyo"))
	show := e.MustRun("show", id, "--json")
	if !strings.Contains(show, `"role": "Site Reliability Engineer"`) || !strings.Contains(show, `"company": "Acme"`) ||
		!strings.Contains(show, `"start": "2026-12-03T14:00:00+09:00"`) {
		t.Errorf("show after an import that asked for the role = %s", show)
	}
}

func TestImportHugeInvitationIsOneLine(t *testing.T) {
	e := clitest.NewEnv(t)
	big := "BEGIN:VCALENDAR\r\n" + strings.Repeat("X-PAD:"+strings.Repeat("x", 94)+"\r\n", 100_000)
	args := []string{"import", writeFile(t, e.Dir, "big.ics", big), "--yes"}
	out, errs, code := e.Run(args...)
	clitest.CheckOneLine(t, args, out, errs, code)
	if !strings.Contains(errs, "big.ics: the file is 10.2 MB; an invitation is at most 1024 KB") {
		t.Errorf("import of a 10 MB invitation = %q", errs)
	}
}

// TestAddFromInvitation: `add --ics FILE` is the same as importing the
// invitation, with add's --company/--role/--tz and --yes.
func TestAddFromInvitation(t *testing.T) {
	e := clitest.NewEnv(t)
	e.Vars["FOLLOWUP_CONFIG"] = writeFile(t, e.Dir, "config.toml", "[me]\nname = \"Me\"\nemail = \"me@example.org\"\ntimezone = \"Europe/Berlin\"\n")
	invite := filepath.Join("..", "..", "ics", "testdata", "google-request.ics")
	id := strings.TrimSpace(e.MustRun("add", "--ics", invite, "--role", "Platform Engineer", "--yes"))
	show := e.MustRun("show", id, "--json")
	if !strings.Contains(show, `"role": "Platform Engineer"`) || !strings.Contains(show, `"start": "2026-12-03T14:00:00-05:00"`) {
		t.Errorf("show after add --ics:\n%s\nwant the invitation's start and the --role given", show)
	}
	if _, errs, code := e.Run("add", "--ics", filepath.Join(e.Dir, "nope.ics")); code != 2 || !strings.Contains(errs, "nope.ics") {
		t.Errorf("add --ics of a missing file = exit %d, %q; want 2 naming the file", code, errs)
	}
}
