package process_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/cli"
	"github.com/followup-dev/followup/internal/cli/clitest"
	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/cli/process"
	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/web"
)

func TestWebRefusesARemoteListen(t *testing.T) {
	e := clitest.NewEnv(t)
	for _, listen := range []string{"0.0.0.0:8427", "192.0.2.1:8427", "[::]:8427"} {
		_, errs, code := e.Run("web", "--listen", listen)
		if code != command.ExitUsage || !strings.Contains(errs, "refusing --listen") || strings.Count(errs, "\n") != 1 {
			t.Errorf("web --listen %s = exit %d, stderr %q; want 2 and one line refusing it", listen, code, errs)
		}
	}
	if _, errs, code := e.Run("web", "--listen", "nonsense"); code != command.ExitUsage || !strings.Contains(errs, "invalid --listen") {
		t.Errorf("web --listen nonsense = exit %d, stderr %q; want 2", code, errs)
	}
}

// runningWeb is `followup web` running in the test's process.
type runningWeb struct {
	login string // the login link it printed
	base  string // http://127.0.0.1:PORT
	stop  func() int
}

// startWeb runs `followup web --listen 127.0.0.1:0` in e until stop.
func startWeb(t *testing.T, e *clitest.Env) *runningWeb {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	var errb bytes.Buffer
	app := &cli.App{Streams: cli.Streams{In: strings.NewReader(""), Out: pw, Err: &errb, Env: func(k string) string { return e.Vars[k] }},
		Clock: clock.Func(func() time.Time { return e.Now })}
	done := make(chan int, 1)
	go func() {
		done <- cli.Run(ctx, []string{"web", "--listen", "127.0.0.1:0"}, app)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("followup web printed no login link (exit %d): %s", <-done, errb.String())
	}
	go io.Copy(io.Discard, pr)
	_, link, _ := strings.Cut(strings.TrimSpace(line), "open ")
	base, _, _ := strings.Cut(link, "/login")
	w := &runningWeb{login: link, base: base}
	stopped := false
	w.stop = func() int {
		if stopped {
			return 0
		}
		stopped = true
		cancel()
		return <-done
	}
	t.Cleanup(func() { w.stop() })
	return w
}

func TestWebServesTheStore(t *testing.T) {
	e := clitest.NewEnv(t)
	e.MustRun(clitest.AddArgs...)
	w := startWeb(t, e)
	if !strings.HasPrefix(w.login, "http://127.0.0.1:") || !strings.Contains(w.login, "/login?token=") {
		t.Fatalf("login link = %q, want http://127.0.0.1:PORT/login?token=…", w.login)
	}
	tok, err := os.ReadFile(filepath.Join(e.Dir, "data", "followup", web.TokenFile))
	if err != nil || !strings.HasSuffix(w.login, "token="+strings.TrimSpace(string(tok))) {
		t.Errorf("token file = %q, %v; want the token of the link", tok, err)
	}
	if fi, err := os.Stat(filepath.Join(e.Dir, "data", "followup", web.TokenFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("token file mode = %v, %v; want 0600", fi.Mode(), err)
	}
	resp, err := http.Get(w.base + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET / without the token = %d, want 401", resp.StatusCode)
	}
	req, _ := http.NewRequest("GET", w.base+"/", nil)
	req.AddCookie(&http.Cookie{Name: "followup_token", Value: strings.TrimSpace(string(tok))})
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Acme") {
		t.Errorf("GET / with the token = %d, want 200 with Acme", resp.StatusCode)
	}
	if code := w.stop(); code != command.ExitOK {
		t.Errorf("followup web after cancel = exit %d, want 0", code)
	}
}

// writeWebConfig writes a config whose [web] listen is listen.
func writeWebConfig(t *testing.T, e *clitest.Env, listen string) {
	t.Helper()
	dir := filepath.Join(e.Dir, "config", "followup")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	body := "[me]\nname = \"Max\"\nemail = \"max@example.org\"\ntimezone = \"Europe/Berlin\"\n\n[web]\nlisten = \"" + listen + "\"\n"
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestWebListenMustBeLoopback(t *testing.T) {
	e := clitest.NewEnv(t)
	writeWebConfig(t, e, "0.0.0.0:8427")
	if _, errs, code := e.Run("list"); code != command.ExitUsage || !strings.Contains(errs, "web.listen") {
		t.Errorf("list with [web] listen = 0.0.0.0:8427 = exit %d, stderr %q; want 2 naming web.listen", code, errs)
	}
}

func TestDaemonServesWebListen(t *testing.T) {
	e := clitest.NewEnv(t)
	writeWebConfig(t, e, "127.0.0.1:0")
	e.MustRun(clitest.AddArgs...)
	var errb syncBuffer
	app := &cli.App{Streams: cli.Streams{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &errb, Env: func(k string) string { return e.Vars[k] }},
		Clock: clock.Func(time.Now)}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan int, 1)
	go func() { done <- cli.Run(ctx, []string{"daemon", "--log-format", "json"}, app) }()
	var addr string
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for addr == "" {
		select {
		case <-tick.C:
			addr = loggedAddr(errb.String())
		case code := <-done:
			t.Fatalf("daemon = exit %d; stderr %s", code, errb.String())
		case <-deadline:
			t.Fatalf("the daemon never logged where it serves the pages; stderr %s", errb.String())
		}
	}
	tok, err := os.ReadFile(filepath.Join(e.Dir, "data", "followup", web.TokenFile))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(errb.String(), strings.TrimSpace(string(tok))) {
		t.Error("the daemon logged the web token")
	}
	req, _ := http.NewRequest("GET", "http://"+addr+"/", nil)
	req.AddCookie(&http.Cookie{Name: "followup_token", Value: strings.TrimSpace(string(tok))})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Acme") {
		t.Errorf("GET / from the daemon = %d, want 200 with Acme", resp.StatusCode)
	}
	cancel()
	if code := <-done; code != command.ExitOK {
		t.Errorf("daemon after cancel = exit %d, want 0; stderr %s", code, errb.String())
	}
}

// loggedAddr is the addr of the daemon's "web pages served" log line.
func loggedAddr(log string) string {
	for l := range strings.Lines(log) {
		var rec struct {
			Msg  string `json:"msg"`
			Addr string `json:"addr"`
		}
		if json.Unmarshal([]byte(l), &rec) == nil && rec.Msg == "web pages served" {
			return rec.Addr
		}
	}
	return ""
}

func TestRemoteListenAnswersToThisMachinesNames(t *testing.T) {
	name, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	all := process.MachineHosts("0.0.0.0:8427")
	for _, want := range []string{name, name + ".local", "127.0.0.1"} {
		if !slices.Contains(all, want) {
			t.Errorf("process.MachineHosts(0.0.0.0:8427) = %q, want %s among them", all, want)
		}
	}
	if one := process.MachineHosts("192.0.2.1:8427"); slices.Contains(one, "127.0.0.1") || !slices.Contains(one, name) {
		t.Errorf("process.MachineHosts(192.0.2.1:8427) = %q, want the machine's name and no interface address", one)
	}
}
