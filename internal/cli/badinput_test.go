package cli_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli"
	"github.com/followup-dev/followup/internal/cli/clitest"
	"github.com/followup-dev/followup/internal/cli/command"
)

// commandPaths lists every command line that names a command, e.g. "outbox retry".
func commandPaths() [][]string {
	var out [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		for _, sub := range c.Commands() {
			p := append(append([]string{}, path...), sub.Name())
			out = append(out, p)
			walk(sub, p)
		}
	}
	walk(cli.NewRoot(&cli.App{}), nil)
	return out
}

// variadic commands take any number of arguments (one line per file for classify).
var variadic = map[string]bool{"classify": true, "when": true}

func TestEveryCommandRefusesBadUsage(t *testing.T) {
	e := clitest.NewEnv(t)
	for _, path := range commandPaths() {
		args := append(append([]string{}, path...), "--bogus-flag")
		out, errs, code := e.Run(args...)
		clitest.CheckOneLine(t, args, out, errs, code)

		if variadic[strings.Join(path, " ")] {
			continue
		}
		args = append(append([]string{}, path...), strings.Fields("a1 b2 c3 d4 e5 f6 g7 h8 i9")...)
		out, errs, code = e.Run(args...)
		clitest.CheckOneLine(t, args, out, errs, code)
	}
}

// listFiles names every file under dir with its size, except the store's
// own files, so that a test sees anything written beside them.
func listFiles(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(d.Name(), "followup.db") {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %d\n", path, fi.Size())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// refusedCase is a command line that must be refused with exit 2 and one
// line naming want, leaving the store as it was.
type refusedCase struct {
	name string
	args []string
	want string
}

// checkRefused runs each case against a store holding the interview of
// clitest.AddArgs (acme-backend-1120) and checks that nothing changed, in the store
// or among the files of the test's HOME. "$DIR" in an argument is that HOME.
// setup, when not nil, prepares each environment first.
func checkRefused(t *testing.T, setup func(*clitest.Env), tests []refusedCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := clitest.NewEnv(t)
			if setup != nil {
				setup(e)
			}
			e.MustRun(clitest.AddArgs...)
			before := e.MustRun("show", "acme-backend-1120", "--json") + e.MustRun("list", "--json") + listFiles(t, e.Dir)
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				args[i] = strings.ReplaceAll(a, "$DIR", e.Dir)
			}
			out, errs, code := e.Run(args...)
			clitest.CheckOneLine(t, args, out, errs, code)
			if !strings.Contains(errs, tt.want) {
				t.Errorf("stderr = %q, want it to name %q", errs, tt.want)
			}
			if len(errs) > 400 {
				t.Errorf("stderr is %d bytes, want one short line", len(errs))
			}
			if after := e.MustRun("show", "acme-backend-1120", "--json") + e.MustRun("list", "--json") + listFiles(t, e.Dir); after != before {
				t.Errorf("followup %s changed the store:\n%s\nwant\n%s", strings.Join(tt.args, " "), after, before)
			}
		})
	}
}

func TestFarDatesAreRefused(t *testing.T) {
	add := func(at string) []string {
		return []string{"add", "--company", "Beta", "--role", "SRE", "--at", at, "--interviewer", "x@beta.example"}
	}
	checkRefused(t, nil, []refusedCase{
		{"add in year 9999", add("9999-12-31 23:59"), "check the year"},
		{"add in year 1", add("0001-01-01 00:00"), "check the year"},
		{"add 20 years ahead", add("2046-11-20 10:00"), "check the year"},
		{"edit to year 9999", []string{"edit", "acme-backend-1120", "--at", "9999-01-01 10:00"}, "check the year"},
		{"when from year 9999", []string{"when", "--from", "9999-12-31", "in 4-5 weeks"}, "check the year"},
	})
}

func TestBadDurationsAreRefused(t *testing.T) {
	add := func(d string) []string {
		return []string{"add", "--company", "Beta", "--role", "SRE", "--at", "2026-12-01 10:00", "--interviewer", "x@beta.example", "--duration", d}
	}
	checkRefused(t, nil, []refusedCase{
		{"add zero", add("0"), "duration"},
		{"add 30s", add("30s"), "duration"},
		{"add negative", add("-5m"), "duration"},
		{"add a year", add("1y"), "duration"},
		{"add overflow", add("99999999999999h"), "duration"},
		{"edit zero", []string{"edit", "acme-backend-1120", "--duration", "0"}, "duration"},
		{"log actual zero", []string{"log", "acme-backend-1120", "--actual", "0"}, "actual"},
		{"log actual 25h", []string{"log", "acme-backend-1120", "--actual", "25h"}, "actual"},
	})
}

func TestDraftRefusesBadFlags(t *testing.T) {
	draft := func(flags ...string) []string {
		return append([]string{"draft", "acme-backend-1120", "--kind", "networking"}, flags...)
	}
	setup := func(e *clitest.Env) { clitest.WithBerlinConfig(t, e) }
	checkRefused(t, setup, []refusedCase{
		{"article with CRLF", draft("--article", "https://x.example/a\r\nBcc: eve@evil.example"), "article"},
		{"javascript article", draft("--article", "javascript:alert(1)"), "article"},
		{"file article", draft("--article", "file:///etc/passwd"), "article"},
		{"article without scheme", draft("--article", "x.example/a"), "article"},
		{"article without host", draft("--article", "https://"), "article"},
		{"article with a space", draft("--article", "https://x.example/a b"), "article"},
		{"1 MB article", draft("--article", "https://x.example/"+strings.Repeat("a", 1<<20)), "article"},
		{"NUL in about", draft("--article", "https://x.example/a", "--about", "a\x00b"), "about"},
		{"1 MB about", draft("--article", "https://x.example/a", "--about", strings.Repeat("a", 1<<20)), "about"},
		{"invalid UTF-8 in note", draft("--note", "a\xffb"), "note"},
		{"1 MB note", draft("--note", strings.Repeat("a", 1<<20)), "note"},
		{"CR in to", draft("--to", "jane@acme.example\rBcc: eve@evil.example"), "to"},
		{"NUL in to", draft("--to", "jane@acme.example\x00"), "to"},
		{"to not on the interview", draft("--to", "eve@evil.example"), "eve@evil.example is not on interview"},
		{"to not an address", draft("--to", "jane"), "to"},
	})
}

func TestDraftToAcceptsNameAndAddress(t *testing.T) {
	e := clitest.NewEnv(t)
	clitest.WithBerlinConfig(t, e)
	id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	for _, to := range []string{"Jane Roe <jane@acme.example>", " JANE@acme.example "} {
		out := e.MustRun("draft", id, "--kind", "networking", "--to", to, "--article", "https://x.example/a?b=c#d", "--raw")
		if !strings.Contains(out, "To: \"Jane Roe\" <jane@acme.example>") || strings.Contains(out, "bob@") {
			t.Errorf("draft --to %q = %q, want one note to Jane", to, out)
		}
	}
}

func TestDraftOutMustBeAFolder(t *testing.T) {
	setup := func(e *clitest.Env) {
		clitest.WithBerlinConfig(t, e)
		if err := os.WriteFile(filepath.Join(e.Dir, "notes.txt"), []byte("keep me\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	checkRefused(t, setup, []refusedCase{
		{"out is a file", []string{"draft", "acme-backend-1120", "--kind", "thank-you", "--out", "$DIR/notes.txt"}, "is a file"},
		{"out under a file", []string{"draft", "acme-backend-1120", "--kind", "thank-you", "--out", "$DIR/notes.txt/drafts"}, "not a folder"},
	})
}

func TestSendRefusesBadNumbers(t *testing.T) {
	checkRefused(t, nil, []refusedCase{
		{"overflow", []string{"send", "99999999999999999999", "--yes"}, "follow-up number"},
		{"zero", []string{"send", "0", "--dry-run"}, "follow-up number"},
		{"path", []string{"send", "../acme-backend-1120", "--yes"}, "invalid id"},
		{"outbox retry overflow", []string{"outbox", "retry", "99999999999999999999"}, "invalid id"},
		{"outbox drop negative", []string{"outbox", "drop", "--", "-3"}, "invalid id"},
	})
}

func TestInitRefusesAFolder(t *testing.T) {
	setup := func(e *clitest.Env) {
		if err := os.MkdirAll(filepath.Join(e.Dir, "conf.d", "keep"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(e.Dir, "a-file"), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	checkRefused(t, setup, []refusedCase{
		{"force onto a folder", []string{"--config", "$DIR/conf.d", "init", "--force"}, "is a folder"},
		{"onto a folder", []string{"--config", "$DIR/conf.d", "init"}, "is a folder"},
		{"under a file", []string{"--config", "$DIR/a-file/config.toml", "init"}, "not a folder"},
	})
}

func TestGarbledConfigIsOneClearLine(t *testing.T) {
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(i*7 + i/3)
	}
	tests := []struct {
		name string
		body []byte // nil: a folder
		want string
	}{
		{"binary junk", junk, "my.toml:"},
		{"NUL bytes", []byte("[me]\nname = \"a\x00b\"\n"), "my.toml:2"},
		{"invalid UTF-8", []byte("[me]\nname = \"\xff\xfe\"\n"), "my.toml:2"},
		{"duplicate key", []byte("[me]\nname = \"a\"\nname = \"b\"\n"), "my.toml:3"},
		{"duplicate table", []byte("[me]\nname = \"a\"\n[me]\nemail = \"a@b.example\"\n"), "my.toml:3"},
		{"a folder", nil, "is a folder, not a config file"},
		{"missing", []byte{}, "does not exist: correct the path, or create the file with `followup init`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := clitest.NewEnv(t)
			path := filepath.Join(e.Dir, "my.toml")
			var err error
			switch {
			case tt.body == nil:
				err = os.Mkdir(path, 0o700)
			case len(tt.body) > 0:
				err = os.WriteFile(path, tt.body, 0o600)
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, cmd := range [][]string{{"list"}, {"config", "check"}, {"add", "--company", "A", "--role", "B", "--at", "2026-12-01 10:00", "--interviewer", "x@a.example"}} {
				args := append([]string{"--config", path}, cmd...)
				out, errs, code := e.Run(args...)
				clitest.CheckOneLine(t, args, out, errs, code)
				if !strings.Contains(errs, tt.want) {
					t.Errorf("followup %s stderr = %q, want it to contain %q", strings.Join(args, " "), errs, tt.want)
				}
			}
			if _, err := os.Stat(e.DBPath()); err == nil {
				t.Errorf("a store was created under a config that does not load")
			}
		})
	}
}

func TestConfigWithBOMLoads(t *testing.T) {
	e := clitest.NewEnv(t)
	path := filepath.Join(e.Dir, "my.toml")
	if err := os.WriteFile(path, []byte("\xef\xbb\xbf[me]\nemail = \"me@home.example\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := e.MustRun("--config", path, "config", "check"); !strings.Contains(out, "ok") {
		t.Errorf("config check with a BOM = %q, want ok", out)
	}
}

func TestOutsizedInputsStayBounded(t *testing.T) {
	e := clitest.NewEnv(t)
	empty, huge := filepath.Join(e.Dir, "empty.eml"), filepath.Join(e.Dir, "huge.eml")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(huge, []byte("From: a@b.example\r\nSubject: x\r\n\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 50<<20); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"classify", empty, huge},
		{"when", "--from", "2026-11-20", strings.Repeat("we'll get back to you in 4-5 working days ", 1<<20/42)},
	} {
		start := time.Now()
		out, errs, code := e.Run(args...)
		if code != 0 || errs != "" || len(out) > 2000 || strings.Contains(out, "panic:") {
			t.Errorf("followup %s = exit %d, %d bytes out, stderr %q; want exit 0 and a short answer", args[0], code, len(out), errs)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("followup %s took %s", args[0], d)
		}
	}
	big := strings.Repeat("a", 1<<20)
	checkRefused(t, nil, []refusedCase{
		{"1 MB notes on add", []string{"add", "--company", "Beta", "--role", "SRE", "--at", "2026-12-01 10:00", "--interviewer", "x@beta.example", "--notes", big}, "longer than"},
		{"1 MB notes on edit", []string{"edit", "acme-backend-1120", "--notes", big}, "longer than"},
		{"1 MB concerns on log", []string{"log", "acme-backend-1120", "--concerns", big}, "longer than"},
		{"1 MB company", []string{"edit", "acme-backend-1120", "--company", big}, "longer than"},
		{"NUL in next steps", []string{"log", "acme-backend-1120", "--next-steps", "in 4\x00 days"}, "NUL"},
		{"CR in role", []string{"edit", "acme-backend-1120", "--role", "Eng\rBcc: eve@evil.example"}, "role"},
		{"LF in contact name", []string{"edit", "acme-backend-1120", "--contact", "Sam\n <sam@acme.example>"}, "contact"},
		{"encoded CRLF in a name", []string{"edit", "acme-backend-1120", "--interviewer", "=?utf-8?q?Jane=0D=0ABcc=3A_eve=40evil=2Eexample?= <jane@acme.example>"}, "interviewer"},
		{"invalid UTF-8 in a name", []string{"edit", "acme-backend-1120", "--interviewer", "J\xffne <jane@acme.example>"}, "interviewer"},
		{"tz Local", []string{"edit", "acme-backend-1120", "--tz", "Local"}, "tz"},
	})
}

func TestConcurrentRmOfOneID(t *testing.T) {
	e := clitest.NewEnv(t)
	id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	const n = 6
	codes := make(chan int, n)
	errs := make(chan string, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			_, stderr, code := e.Run("rm", id, "--yes")
			codes <- code
			errs <- stderr
		})
	}
	wg.Wait()
	close(codes)
	close(errs)
	count := map[int]int{}
	for c := range codes {
		count[c]++
	}
	for s := range errs {
		if strings.Count(strings.TrimSpace(s), "\n") != 0 || strings.Contains(s, "panic:") {
			t.Errorf("rm stderr = %q, want one line", s)
		}
	}
	if count[0] != 1 || count[2] != n-1 {
		t.Errorf("exit codes of %d concurrent rm = %v, want one 0 and the rest 2", n, count)
	}
}

func TestUnwritableStoreIsExit1(t *testing.T) {
	e := clitest.NewEnv(t)
	if err := os.WriteFile(filepath.Join(e.Dir, "a-file"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(e.Dir, "my.toml")
	if err := os.WriteFile(cfg, []byte("[store]\npath = \""+filepath.Join(e.Dir, "a-file", "followup.db")+"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errs, code := e.Run("--config", cfg, "add", "--company", "A", "--role", "B", "--at", "2026-12-01 10:00", "--interviewer", "x@a.example")
	if code != 1 || out != "" || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.HasPrefix(errs, "followup: ") || !strings.Contains(errs, "a-file") {
		t.Errorf("add with an unwritable store = exit %d, stdout %q, stderr %q; want exit 1 and one line naming the path", code, out, errs)
	}
}

func TestDaemonRefusesFlagsThatDoNotGoTogether(t *testing.T) {
	checkRefused(t, nil, []refusedCase{
		{"dry run without once", []string{"daemon", "--dry-run"}, "--dry-run works only with --once"},
		{"unit with once", []string{"daemon", "--once", "--print-systemd-unit"}, "--print-systemd-unit"},
	})
}

func TestEmptyConfigFlagIsRefused(t *testing.T) {
	checkRefused(t, nil, []refusedCase{
		{"init", []string{"--config", "", "init", "--force"}, "--config is empty"},
		{"add", []string{"--config", " ", "add", "--company", "Beta", "--role", "SRE", "--at", "2026-12-01 10:00", "--interviewer", "x@beta.example"}, "--config is empty"},
	})
}

func TestPromptsEndingEarlyChangeNothing(t *testing.T) {
	e := clitest.NewEnv(t)
	id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	before := e.MustRun("show", id, "--json")
	e.TTY = true
	for _, tt := range []struct {
		in   string
		args []string
	}{
		{"Beta\nSRE\n", []string{"add"}},
		{"70m\nhigh\n", []string{"log", id}},
	} {
		e.In = tt.in
		_, errs, code := e.Run(tt.args...)
		last := strings.TrimSpace(errs[strings.LastIndex(strings.TrimRight(errs, "\n"), "\n")+1:])
		if code != command.ExitUsage || !strings.HasPrefix(last, "followup: no answer to") {
			t.Errorf("followup %s with input ending early = exit %d, stderr %q; want exit 2 ending with one line saying so", tt.args[0], code, errs)
		}
	}
	e.TTY = false
	if after := e.MustRun("show", id, "--json"); after != before {
		t.Errorf("log with input ending early changed the interview")
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(e.MustRun("list", "--json")), &list); err != nil || len(list) != 1 {
		t.Errorf("list after add with input ending early = %d interviews (%v), want 1", len(list), err)
	}
}
