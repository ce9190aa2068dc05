package followup

import (
	"bytes"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/followup-dev/followup"

// layers is ARCHITECTURE.md's import rule as data: a package may import
// packages of a lower layer only (never a sibling on its own layer), plus
// the exceptions in allowedSiblings.
var layers = map[string]int{
	"internal/calendar": 0, "internal/classify": 0, "internal/clock": 0, "internal/usage": 0, "internal/selfca": 0, "internal/testca": 1,
	"internal/commitment": 1,
	"internal/followup":   2,
	"internal/nextstep":   2,
	"templates":           2, ".": 2,
	"internal/config": 3, "internal/render": 3, "internal/ics": 3, "internal/answer": 4, "internal/mailauth": 3,
	"internal/store/sqldb": 3,
	"internal/mailer":      4, "internal/imapwatch/imapconn": 4, "internal/schedule": 4, "internal/oauth": 4, "internal/jobs": 4,
	"internal/store/interviews": 4, "internal/store/received": 4, "internal/store/queue": 4,
	"internal/store": 5, "internal/imapwatch": 5,
	"internal/mailer/smtptest": 6, "internal/imapwatch/imaptest": 6, "internal/apptest": 6, "internal/plan": 6, "internal/oauth/oauthtest": 6,
	"internal/calfeed": 6, "internal/archive": 6, "internal/outbox/sentcopy": 6,
	"internal/compose": 7, "internal/inbox": 7, "internal/outbox/review": 7,
	"internal/outbox": 8, "internal/digest": 8,
	"internal/daemon": 9,
	"internal/demo":   10, "internal/web": 10,
	"internal/cli/command": 11,
	"internal/cli/process": 12, "internal/cli/setup": 12, "internal/cli/mail": 12, "internal/cli/interviews": 12, "internal/cli/agenda": 12,
	"internal/cli": 13,
	"cmd/followup": 14, "internal/cli/clitest": 14,

	// cut out of classify and answer (issue 18)
	"internal/classify/returndate": -1, "internal/classify/mailread": -1, "internal/classify/phrase": -1,
	"internal/answer/words": 1, "internal/answer/reading": 3, "internal/answer/advice": 5,
	// cut out of followup and demo (issue 18)
	"internal/followup/reply": 3, "internal/demo/mailserver": 6,
	// PostgreSQL (issue 16): the secret commands shared by config and oauth; the stores of tests on either database
	"internal/secretcmd": 0, "internal/store/storetest": 0, "internal/store/transfer": 4, "internal/store/pgdriver": 0, "internal/store/schema": 0,
	"internal/config/unit": 0, "internal/config/tomlpos": 0, "internal/config/tlsclient": 0,
	// the catch-up's header FETCH read past imapclient (issue 20)
	"internal/imapwatch/headertap": 3,
}

// purePackages may not do I/O or log.
var purePackages = []string{"internal/calendar", "internal/store/schema", "internal/classify", "internal/commitment", "internal/nextstep", "internal/followup", "internal/followup/reply", "internal/usage", "internal/ics", "internal/answer",
	"internal/classify/returndate", "internal/classify/mailread", "internal/classify/phrase",
	"internal/answer/words", "internal/answer/reading", "internal/answer/advice", "internal/config/unit"}

var ioImports = []string{"os", "os/exec", "net", "net/http", "database/sql", "log", "log/slog", "io/fs", "syscall"}

func TestImportDirection(t *testing.T) {
	for pkg, imports := range packageImports(t) {
		layer, known := layers[pkg]
		if !known {
			t.Errorf("package %s is not in architecture_test.go's layers: add it, and to ARCHITECTURE.md", pkg)
			continue
		}
		for _, imp := range imports {
			rel, internal := strings.CutPrefix(imp, module+"/")
			if imp == module {
				rel, internal = ".", true
			}
			if !internal {
				continue
			}
			if l, ok := layers[rel]; ok && l >= layer {
				t.Errorf("%s imports %s: a package may only import lower layers (see ARCHITECTURE.md)", pkg, rel)
			}
		}
	}
}

func TestPurePackagesDoNoIO(t *testing.T) {
	all := packageImports(t)
	for _, pkg := range purePackages {
		for _, imp := range all[pkg] {
			for _, bad := range ioImports {
				if imp == bad {
					t.Errorf("pure package %s imports %s", pkg, imp)
				}
			}
		}
	}
}

// packageImports maps each package folder (relative to the module root) to
// the imports of its non-test files.
func packageImports(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != "." || d.Name() == "testdata" || d.Name() == "e2e" || d.Name() == "bench") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			out[dir] = append(out[dir], p)
		}
		if _, ok := out[dir]; !ok {
			out[dir] = nil
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// maxPackageLines bounds a package's non-test source (issue 18): a package
// that outgrows it is doing more than one thing and is cut, as ARCHITECTURE.md
// shows for the store, classify, answer and the others.
const maxPackageLines = 1500

func TestNoPackageOutgrowsOneConcern(t *testing.T) {
	lines := map[string]int{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != "." || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		lines[filepath.ToSlash(filepath.Dir(path))] += bytes.Count(b, []byte("\n"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for pkg, n := range lines {
		if n > maxPackageLines {
			t.Errorf("package %s has %d lines of non-test source, more than %d: cut it by concern (see ARCHITECTURE.md)", pkg, n, maxPackageLines)
		}
	}
}

// TestArchitectureTableNamesEveryPackage keeps ARCHITECTURE.md's table true:
// each package of layers has a row there with its layer, and each row
// names a package of layers.
func TestArchitectureTableNamesEveryPackage(t *testing.T) {
	doc, err := os.ReadFile("ARCHITECTURE.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]int{} // package → layer in the table
	row := regexp.MustCompile("^\\| (-?\\d+) \\| (.+?) \\|")
	name := regexp.MustCompile("`([^`]+)`")
	for _, line := range strings.Split(string(doc), "\n") {
		m := row.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		layer, _ := strconv.Atoi(m[1])
		for _, n := range name.FindAllStringSubmatch(m[2], -1) {
			rows[n[1]] = layer
		}
	}
	for pkg, layer := range layers {
		key := pkg
		if pkg == "." {
			key = "root package"
		}
		got, ok := rows[key]
		if !ok && pkg != "." {
			t.Errorf("ARCHITECTURE.md's table has no row for %s (layer %d)", pkg, layer)
		} else if ok && got != layer {
			t.Errorf("ARCHITECTURE.md puts %s on layer %d, architecture_test.go on %d", pkg, got, layer)
		}
	}
	for pkg, layer := range rows {
		if _, ok := layers[pkg]; !ok && pkg != "root package" {
			t.Errorf("ARCHITECTURE.md's table names %s (layer %d), which is not a package of layers", pkg, layer)
		}
	}
}
