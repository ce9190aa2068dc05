package process_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/followup-dev/followup/internal/cli/agenda"
	"github.com/followup-dev/followup/internal/cli/clitest"
	"github.com/followup-dev/followup/internal/mailer/smtptest"
)

// browser starts Debian's Chromium headless through chromedp. The test is
// skipped only when Chromium is missing and FOLLOWUP_TEST_ALL is unset
// (scripts/test installs it and sets that).
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("FOLLOWUP_TEST_ALL") == "" {
			t.Skip("chromium is not installed (apt-get install chromium); FOLLOWUP_TEST_ALL is unset")
		}
		t.Fatal("chromium is not installed and FOLLOWUP_TEST_ALL is set: scripts/test installs it")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.WindowSize(1280, 900), chromedp.Flag("proxy-server", "direct://"), chromedp.UserDataDir(t.TempDir()))
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	t.Cleanup(cancel)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(cancelBrowser)
	return bctx
}

// artefacts is where screenshots go: $FOLLOWUP_ARTIFACTS, else a temporary folder.
func artefacts(t *testing.T) string {
	dir := os.Getenv("FOLLOWUP_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// screenshot saves the whole page as dir/name (PNG).
func screenshot(dir, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		png, err := chromedp.FullScreenshot(100)(ctx, t)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name), png, 0o644)
	})
}

// do runs steps within 20 seconds; on failure it logs the page the
// browser shows and fails the test.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, steps...); err != nil {
		body, _ := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("body")))
		t.Fatalf("%s: %v; the page:\n%s", what, err, body)
	}
}

// html is the outer HTML of the element sel.
func html(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS(sel)))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// seed adds 30 interviews: some ahead, most awaiting, a few closed.
func seed(e *clitest.Env) {
	companies := []string{"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka", "Tyrell", "Cyberdyne"}
	for i := range 30 {
		at := e.Now.Add(time.Duration(i-20) * 24 * time.Hour).In(time.UTC).Format("2006-01-02 15:04")
		e.MustRun("add", "--company", fmt.Sprintf("%s %d", companies[i%10], i), "--role", "Backend Engineer", "--at", at, "--tz", "UTC",
			"--interviewer", fmt.Sprintf("Jane Roe <jane%d@acme.example>", i), "--next-steps", "we'll get back to you in 4-5 working days")
	}
}

func TestWebInABrowser(t *testing.T) {
	ctx := browser(t)
	dir := artefacts(t)
	e := clitest.NewEnv(t)
	srv := smtptest.New(t, smtptest.Options{})
	clitest.WithSendConfig(t, e, srv, false)
	seed(e)
	e.MustRun(clitest.AddArgs...)
	acme := findCompany(t, e, "Acme")
	e.MustRun("daemon", "--once", "--log-level", "error") // drafts the due thank-you notes
	w := startWeb(t, e)
	if err := chromedp.Do(ctx, chromedp.Navigate(w.login)); err != nil { // the first run starts the browser: no timeout of its own
		t.Fatal(err)
	}
	do(t, ctx, "the board", chromedp.WaitVisible(chromedp.CSS(`#col-awaiting`)), screenshot(dir, "board.png"))
	board := html(t, ctx, ".board")
	do(t, ctx, "open an interview",
		chromedp.Click(chromedp.CSS(`a[href="/interview/`+acme.ID+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.interview`)),
		screenshot(dir, "interview.png"),
	)
	page := html(t, ctx, ".interview")
	if n := strings.Count(board, `<li class="card`); n != 31 {
		t.Errorf("board shows %d cards, want 31", n)
	}
	if !strings.Contains(page, "Jane Roe") || !strings.Contains(page, "Promised by") {
		t.Errorf("interview page lacks the people or the promise")
	}
	approveInBrowser(t, ctx, e, srv, acme.ID)
	snoozeInBrowser(t, ctx, e, w.base, acme.ID)
	addInBrowser(t, ctx, e, dir, w.base)
}

// approveInBrowser approves the first drafted thank-you (to Bob) and finds it sent in `followup outbox`.
func approveInBrowser(t *testing.T, ctx context.Context, e *clitest.Env, srv *smtptest.Server, id string) {
	t.Helper()
	note := actionOf(t, e, id, "thank-you", "drafted")
	do(t, ctx, "approve",
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#action-%d form[action$="/send"] button`, note))),
		chromedp.WaitVisible(chromedp.CSS(`#message`)),
	)
	answer := html(t, ctx, "#message .answer")
	if !strings.Contains(answer, "1 sent") || len(srv.Messages()) != 1 {
		t.Errorf("after approve: %q with %d delivered, want 1 sent", answer, len(srv.Messages()))
	}
	if out := e.MustRun("outbox", "--all"); !strings.Contains(out, "sent   bob@acme.example  "+id) {
		t.Errorf("followup outbox --all after approving in the browser:\n%s", out)
	}
}

// snoozeInBrowser snoozes the check-in and finds it snoozed in `followup show`.
func snoozeInBrowser(t *testing.T, ctx context.Context, e *clitest.Env, base, id string) {
	t.Helper()
	checkIn := actionOf(t, e, id, "check-in", "pending")
	do(t, ctx, "snooze",
		chromedp.Navigate(base+"/interview/"+id),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#action-%d form[action$="/snooze"] button`, checkIn))),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#action-%d form[action$="/undo"]`, checkIn))), // shown once snoozed
	)
	if out := e.MustRun("show", id); !strings.Contains(out, "snoozed until") {
		t.Errorf("followup show %s after snoozing in the browser:\n%s", id, out)
	}
}

// addInBrowser adds an interview through the form and finds it in `followup list`.
func addInBrowser(t *testing.T, ctx context.Context, e *clitest.Env, dir, base string) {
	t.Helper()
	do(t, ctx, "add",
		chromedp.Navigate(base+"/add"),
		chromedp.WaitVisible(chromedp.CSS(`#add`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=company]`), "Vandelay Industries"),
		chromedp.SendKeys(chromedp.CSS(`input[name=role]`), "Importer"),
		chromedp.SetValue(chromedp.CSS(`input[name=at]`), "2026-11-24T10:00"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=interviewers]`), "Art Vandelay <art@vandelay.example>"),
		screenshot(dir, "add.png"),
		chromedp.Submit(chromedp.CSS(`#add`)),
		chromedp.WaitVisible(chromedp.CSS(`.interview`)),
	)
	if out := e.MustRun("list"); !strings.Contains(out, "Vandelay Industries") {
		t.Errorf("followup list after adding in the browser:\n%s", out)
	}
}

// actionOf is the number of the interview's first follow-up of kind in state.
func actionOf(t *testing.T, e *clitest.Env, id, kind, state string) int64 {
	t.Helper()
	var v agenda.InterviewView
	if err := json.Unmarshal([]byte(e.MustRun("show", id, "--json")), &v); err != nil {
		t.Fatal(err)
	}
	for _, ac := range v.Actions {
		if ac.Kind == kind && ac.State == state {
			return ac.ID
		}
	}
	t.Fatalf("%s has no %s follow-up %s: %+v", id, kind, state, v.Actions)
	return 0
}

// findCompany is the listed interview of company.
func findCompany(t *testing.T, e *clitest.Env, company string) agenda.InterviewView {
	t.Helper()
	var views []agenda.InterviewView
	if err := json.Unmarshal([]byte(e.MustRun("list", "--json")), &views); err != nil {
		t.Fatal(err)
	}
	for _, v := range views {
		if v.Company == company {
			return v
		}
	}
	t.Fatalf("followup list has no %s", company)
	return agenda.InterviewView{}
}
