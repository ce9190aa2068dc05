package demo

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDemoOfflineAsNobody runs the real binary as `followup demo --fast`
// in a network namespace with nothing but loopback, as the unprivileged
// user nobody, with a HOME that does not exist: it must finish, exit 0 and
// leave nothing in its TMPDIR. It needs root (to make the namespace and
// drop to nobody) and util-linux; it is skipped otherwise, and with -short.
func TestDemoOfflineAsNobody(t *testing.T) {
	if testing.Short() || os.Geteuid() != 0 {
		t.Skip("needs root (and not -short): makes a network namespace and runs as nobody")
	}
	for _, tool := range []string{"unshare", "setpriv", "ip"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("needs %s (util-linux, iproute2)", tool)
		}
	}
	if out, err := exec.Command("unshare", "--net", "true").CombinedOutput(); err != nil {
		t.Skipf("cannot make a network namespace here: %v %s", err, out)
	}
	dir := t.TempDir()
	tmp := filepath.Join(dir, "tmp")
	for _, d := range []string{filepath.Dir(dir), dir, tmp} { // nobody must reach the binary and TMPDIR
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "followup")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/followup-dev/followup/cmd/followup").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	script := `ip link set lo up && exec setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all ` +
		`env -i PATH=/usr/bin:/bin HOME=/nonexistent TMPDIR="$1" "$2" demo --fast`
	cmd := exec.Command("unshare", "--net", "sh", "-c", script, "sh", tmp, bin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("followup demo --fast offline as nobody = %v, stderr:\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "127.0.0.1:") {
		t.Errorf("demo output names no loopback server:\n%s", stdout.String())
	}
	assertEmpty(t, "TMPDIR", tmp)
}
