package render

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// writeFiles creates dir/name with the given contents for every entry.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCheckBuiltins(t *testing.T) {
	if errs := Check(""); len(errs) != 0 {
		t.Errorf("Check(\"\") = %v, want no errors", errs)
	}
	if errs := Check(filepath.Join(t.TempDir(), "missing")); len(errs) != 0 {
		t.Errorf("Check(missing folder) = %v, want no errors", errs)
	}
}

func TestCheckOverrideErrors(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		text     string
		wantLine int
		wantMsg  string // must appear in the message
		wantHint string // must appear in the hint
	}{
		{"syntax error", "check-in.tmpl", "Subject: Hello\n\nHi {{.Recipient.Name}},\n\n{{if .Note}}unclosed\n", 6, "unexpected EOF", "{{end}}"},
		{"unclosed action", "check-in.tmpl", "Subject: Hello\n\nHi {{.Recipient.Name,\n", 3, "", "{{end}}"},
		{"unknown field", "check-in.tmpl", "Subject: Hello\n\nHi {{.Recipient.Name}},\n\n{{.Nope}}\n", 5, "Nope", "followup templates doc"},
		{"unknown field in subject", "thank-you.tmpl", "Subject: Hi {{.Nope}}\n\nbody\n", 1, "Nope", "followup templates doc"},
		{"unknown field in rare branch", "networking.tmpl", "Subject: Hi\n\n{{if .Interview.HasNextSteps}}ok{{else}}\n{{.Recipient.Nope}}{{end}}\n", 4, "Nope", "followup templates doc"},
		{"unknown field in untaken branch", "check-in.tmpl", "Subject: x\n\n{{if gt .CheckInsBefore 99}}\n{{with .Recipient}}{{.Nope}}{{end}}{{end}}\n", 4, "Nope in type render.Person", "followup templates doc"},
		{"unknown field via $", "notice.tmpl", "Subject: x\n\n{{if false}}{{range .Item.Person.Name}}{{$.Item.Nope}}{{end}}{{end}}\n", 3, "Nope in type render.DigestItem", "followup templates doc"},
		{"unknown field after method", "digest.tmpl", "Subject: x\n\n{{if false}}{{.Summary.Count}}{{end}}\n", 3, "Count in type string", "followup templates doc"},
		{"unexported method", "thank-you.tmpl", "Subject: x\n\n{{if false}}{{.withDefaults}}{{end}}\n", 3, "withDefaults in type render.Data", "followup templates doc"},
		{"field of a string", "digest.tmpl", "Subject: x\n\n{{if false}}{{range .Due}}{{.Person.Email.x}}{{end}}{{end}}\n", 3, "x in type string", "followup templates doc"},
		{"unknown nested field", "digest.tmpl", "Subject: x\n\n{{range .Due}}{{.Person.Phone}}{{end}}\n", 3, "Phone", "followup templates doc"},
		{"unknown function", "notice.tmpl", "Subject: x\n\n{{upper .Event}}\n", 3, `"upper" not defined`, "shortdate"},
		{"forbidden header", "thank-you.tmpl", "Subject: x\nFrom: boss@example.com\n\nbody\n", 2, "From", "Subject, Cc, Bcc, Reply-To"},
		{"duplicate header", "thank-you.tmpl", "Subject: x\nsubject: y\n\nbody\n", 2, "twice", ""},
		{"continued header", "thank-you.tmpl", "Subject: x\n  more\n\nbody\n", 2, "continued", "one line"},
		{"no subject", "thank-you.tmpl", "Cc: {{.Me.Email}}\n\nbody\n", 2, "no Subject", "Subject:"},
		{"no blank line", "thank-you.tmpl", "Subject: x", 0, "no blank line", "blank line"},
		{"body without headers", "thank-you.tmpl", "Dear {{.Recipient.Name}},\n\nthanks\n", 1, "not a header line", "blank line"},
		{"subject renders empty", "thank-you.tmpl", "Subject: {{.Note}}\n\nbody\n", 0, "Subject rendered empty", ""},
		{"bad cc", "thank-you.tmpl", "Subject: x\nCc: {{.Interview.Company}}\n\nbody\n", 2, "not a list of addresses", ""},
		{"html syntax error", "thank-you.html.tmpl", "<p>{{.Recipient.Name</p>\n", 1, "", "{{end}}"},
		{"html unknown field", "thank-you.html.tmpl", "<p>\n{{.Nope}}</p>\n", 2, "Nope", "followup templates doc"},
		{"unknown kind", "thank_you.tmpl", "Subject: x\n\nbody\n", 0, `no template kind "thank_you"`, "thank-you"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{tc.file: tc.text})
			errs := Check(dir)
			if len(errs) != 1 {
				t.Fatalf("Check(%s) = %d errors %v, want 1", tc.file, len(errs), errs)
			}
			var e *Error
			if !errors.As(errs[0], &e) {
				t.Fatalf("Check(%s) = %T %v, want *Error", tc.file, errs[0], errs[0])
			}
			path := filepath.Join(dir, tc.file)
			if e.File != path || e.Line != tc.wantLine {
				t.Errorf("Check(%s) = %s:%d, want %s:%d (%v)", tc.file, e.File, e.Line, path, tc.wantLine, e)
			}
			if !strings.Contains(e.Msg, tc.wantMsg) || !strings.Contains(e.Hint, tc.wantHint) {
				t.Errorf("Check(%s) = %q, want message with %q and hint with %q", tc.file, e, tc.wantMsg, tc.wantHint)
			}
			if tc.wantLine > 0 && !strings.HasPrefix(e.Error(), path+":"+strconv.Itoa(tc.wantLine)+": ") {
				t.Errorf("Check(%s).Error() = %q, want prefix %q", tc.file, e.Error(), path+":"+strconv.Itoa(tc.wantLine)+": ")
			}
		})
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"thank-you.tmpl":  "Subject: x\n\n{{if}}\n",
		"check-in.tmpl":   "Subject: {{.Nope}}\nX-Mailer: me\n\n{{.AlsoNope}}\n",
		"networking.tmpl": "Subject: x\n\n{{.Recipient.Nope}}\n",
		"stray.tmpl":      "Subject: x\n\nbody\n",
		"README":          "not a template",
	})
	errs := Check(dir)
	if len(errs) != 6 {
		t.Errorf("Check(dir) = %d errors, want 6 (thank-you syntax, check-in header + 2 fields, networking field, stray file):\n%v",
			len(errs), errors.Join(errs...))
	}
	_, err := Load(dir)
	if err == nil {
		t.Fatalf("Load(dir) = nil, want an error")
	}
	for _, want := range []string{"thank-you.tmpl:3", "check-in.tmpl:1", "check-in.tmpl:2", "check-in.tmpl:4", "networking.tmpl:3"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Load(dir) = %v, want it to mention %s", err, want)
		}
	}
	if strings.Contains(err.Error(), "stray") {
		t.Errorf("Load(dir) = %v, want files of unknown kinds left to Check", err)
	}
}

func TestOverrideReplacesBuiltin(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"thank-you.tmpl":   "{{/* mine */}}\nsubject: Thanks, {{.Recipient.FirstName}}\ncc: {{.Me.Email}}\nBcc: {{if .Note}}{{.Me.Email}}{{end}}\n\nThanks!\n",
		"digest.tmpl":      "Subject: digest\n\n{{.Summary}}\n",
		"notice.html.tmpl": "",
	})
	s, err := Load(dir)
	if err != nil {
		t.Fatalf("Load(dir) = %v, want nil", err)
	}
	m, err := s.Render(KindThankYou, SampleData())
	if err != nil {
		t.Fatalf("Render(thank-you) = %v, want nil", err)
	}
	want := Message{Subject: "Thanks, Dana", Headers: [][2]string{{"Cc", "alex@example.org"}}, Text: "Thanks!\n"}
	if got := formatMessage(m); got != formatMessage(want) {
		t.Errorf("Render(thank-you) = %q, want %q", got, formatMessage(want))
	}
	d, err := s.Render(KindDigest, SampleDigest())
	if err != nil {
		t.Fatalf("Render(digest) = %v, want nil", err)
	}
	if d.HTML != "" {
		t.Errorf("Render(digest).HTML = %q, want \"\" (a text override drops the built-in HTML)", d.HTML)
	}
}

func TestOverrideSymlinks(t *testing.T) {
	base := t.TempDir()
	dir, outside := filepath.Join(base, "templates"), filepath.Join(base, "outside")
	for _, d := range []string{dir, outside, filepath.Join(dir, "mine")} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	writeFiles(t, outside, map[string]string{"check-in.tmpl": "Subject: stolen\n\nsecret\n"})
	writeFiles(t, filepath.Join(dir, "mine"), map[string]string{"notice.tmpl": "Subject: inside\n\nok\n"})
	for link, target := range map[string]string{
		"check-in.tmpl": filepath.Join("..", "outside", "check-in.tmpl"),
		"notice.tmpl":   filepath.Join("mine", "notice.tmpl"),
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatalf("Symlink = %v", err)
		}
	}
	errs := Check(dir)
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), filepath.Join(dir, "check-in.tmpl")+": ") {
		t.Fatalf("Check(dir with escaping symlink) = %v, want one error naming check-in.tmpl", errs)
	}
	if !strings.Contains(errs[0].Error(), "symbolic links leading outside") {
		t.Errorf("Check(dir with escaping symlink) = %v, want the hint about symbolic links", errs[0])
	}
	if _, err := Load(dir); err == nil {
		t.Errorf("Load(dir with escaping symlink) = nil error, want refusal")
	}
	os.Remove(filepath.Join(dir, "check-in.tmpl"))
	s, err := Load(dir)
	if err != nil {
		t.Fatalf("Load(dir with inside symlink) = %v, want nil", err)
	}
	if m, err := s.Render(KindNotice, SampleNotice()); err != nil || m.Subject != "inside" {
		t.Errorf("Render(notice) = %q, %v, want subject \"inside\" from the symlinked file", m.Subject, err)
	}
}

func TestOverrideFolderIsFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "file")
	writeFiles(t, filepath.Dir(f), map[string]string{"file": "x"})
	if errs := Check(f); len(errs) != 1 || !strings.Contains(errs[0].Error(), "template folder") {
		t.Errorf("Check(a file) = %v, want one error about the template folder", errs)
	}
}

// TestOverrideFIFODoesNotHang: a FIFO (or another non-regular file) named
// like a template is refused with its path instead of blocking the open
// forever (daemon --once, the daemon and templates check hung on it).
func TestOverrideFIFODoesNotHang(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "thank-you.tmpl"), 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Load(dir)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "thank-you.tmpl") || !strings.Contains(err.Error(), "regular file") {
			t.Errorf("Load(folder with a FIFO) = %v, want an error naming the file as not a regular file", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Load(folder with a FIFO) still blocked after 2s")
	}
}
