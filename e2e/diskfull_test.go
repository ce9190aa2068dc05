//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/cli"
	"github.com/followup-dev/followup/internal/clock"
)

// TestDiskFull puts the store on a small tmpfs (the suite runs as root,
// like scripts/mailstack), fills it, and adds an interview: one line says
// the disk is full and where, exit 1, and nothing is half written; once
// space is freed the same command works.
func TestDiskFull(t *testing.T) {
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=640k", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Fatalf("mount a small tmpfs at %s (the e2e suite runs as root): %v: %s", dir, err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	home := t.TempDir()
	config := filepath.Join(home, "config.toml")
	body := fmt.Sprintf("[me]\nname = \"Casey\"\nemail = \"casey@candidate.test\"\ntimezone = \"Europe/Berlin\"\n\n[store]\npath = %q\n", filepath.Join(dir, "followup.db"))
	if err := os.WriteFile(config, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	add := []string{"add", "--company", "Acme", "--role", "SRE", "--at", "2026-11-20 14:00", "--tz", "Europe/Berlin",
		"--interviewer", "Jane Roe <jane@acme.test>", "--notes", strings.Repeat("n", 4000)}
	followupCLI(t, home, config, add...) // the store exists
	filler := filepath.Join(dir, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(bytes.Repeat([]byte{0}, 1<<20)) // fails when the disk is full: that is the point
	f.Close()
	code, stderr := runCLI(home, config, add...)
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "disk is full") || !strings.Contains(stderr, dir) {
		t.Errorf("add on a full disk = exit %d, stderr %q; want exit 1 and one line saying the disk holding %s is full", code, stderr, dir)
	}
	os.Remove(filler)
	followupCLI(t, home, config, add...)
	if n := strings.Count(followupCLI(t, home, config, "list"), "acme-sre"); n != 2 {
		t.Errorf("list after freeing space shows %d interviews, want 2 (the failed add left nothing)", n)
	}
}

// runCLI is followupCLI that returns the exit code and stderr instead of
// failing the test.
func runCLI(home, config string, args ...string) (int, string) {
	var out, errb bytes.Buffer
	env := map[string]string{"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, "config"), "XDG_DATA_HOME": filepath.Join(home, "data")}
	app := &cli.App{
		Streams: cli.Streams{In: strings.NewReader(""), Out: &out, Err: &errb, Env: func(k string) string { return env[k] }},
		Clock:   clock.Real{},
	}
	return cli.Run(context.Background(), append([]string{"--config", config}, args...), app), errb.String()
}
