package outbox

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/render"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/store/storetest"
)

// crashChildEnv names the environment variable that makes the test binary
// run crashChild (from TestMain): "STEP|DB|SMTP-PORT|NOW".
const crashChildEnv = "FOLLOWUP_CRASH_CHILD"

// TestCrashSafety sends a due thank-you in a real child process and kills
// it with SIGKILL at each step of the outbox state machine; processing
// then restarts. The recipient must end with exactly one copy, or the
// message must be held for review when it cannot be known whether it went
// out: never two copies.
func TestCrashSafety(t *testing.T) {
	tests := []struct {
		step      string
		before    int // delivered when the child is killed
		delivered int // delivered in the end
		row       store.OutboxState
		action    followup.ActionState
	}{
		{"enqueued", 0, 1, store.OutboxSent, followup.StateSent},              // queued row: sent after the restart
		{"claimed", 0, 0, store.OutboxNeedsReview, followup.StateNeedsReview}, // maybe sent: held, not resent
		{"accepted", 1, 1, store.OutboxNeedsReview, followup.StateNeedsReview},
		{"sent", 1, 1, store.OutboxSent, followup.StateSent}, // the action is settled from the row
	}
	for _, tt := range tests {
		t.Run(tt.step, func(t *testing.T) {
			f := newSendFixture(t, true, nil)
			f.onlyJane()
			runChildUntil(t, tt.step, fmt.Sprintf("%s|%s|%d|%s|%s", tt.step, f.e.Store.Where(), f.srv.Port, f.now.Format(time.RFC3339), f.e.Composer.DataDir))
			if got := len(f.srv.Messages()); got != tt.before {
				t.Fatalf("delivered before the restart = %d, want %d", got, tt.before)
			}
			for range 2 {
				f.pass()
				f.now = f.now.Add(3 * time.Hour)
			}
			rows := f.rows()
			delivered := len(f.srv.Messages())
			if delivered > 1 || delivered == 0 && (len(rows) != 1 || rows[0].State != store.OutboxNeedsReview) {
				t.Fatalf("after a crash at %s: %d delivered, outbox %+v; want one copy, or none and the message held for review", tt.step, delivered, rows)
			}
			if len(rows) != 1 || rows[0].State != tt.row || delivered != tt.delivered {
				t.Errorf("after a crash at %s: outbox %+v, %d delivered; want one %s row, %d delivered", tt.step, rows, delivered, tt.row, tt.delivered)
			}
			if got := f.state(janeKey); got != tt.action {
				t.Errorf("after a crash at %s: thank-you %s, want %s", tt.step, got, tt.action)
			}
		})
	}
}

// runChildUntil starts crashChild with spec, waits until it reports
// reaching step and kills it with SIGKILL.
func runChildUntil(t *testing.T, step, spec string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+spec)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var seen []string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		seen = append(seen, sc.Text())
		if sc.Text() == "reached "+step {
			break
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if len(seen) == 0 || seen[len(seen)-1] != "reached "+step {
		t.Fatalf("child never reached %s: stdout %q, stderr %q", step, seen, stderr.String())
	}
}

// crashChild is the child side of TestCrashSafety: it processes the store
// once and blocks at the named step until it is killed. It returns the
// process's exit code.
func crashChild(spec string) int {
	parts := strings.Split(spec, "|")
	if len(parts) != 5 {
		fmt.Fprintf(os.Stderr, "%s = %q, want STEP|DB|PORT|NOW|DATADIR\n", crashChildEnv, spec)
		return 2
	}
	step, db := parts[0], parts[1]
	port, _ := strconv.Atoi(parts[2])
	now, err := time.Parse(time.RFC3339, parts[3])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	e, err := childEnv(db, parts[4], port, now)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer e.Store.Close()
	name, nth := step, 1
	if n, k, ok := strings.Cut(step, "*"); ok {
		name, nth = n, atoi(k)
	}
	seen := 0
	testHookStep = func(s string) {
		if s != name {
			return
		}
		if seen++; seen == nth {
			fmt.Println("reached " + step)
			io.Copy(io.Discard, os.Stdin) // until the parent kills us
		}
	}
	if _, err := e.ProcessOnce(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "ProcessOnce:", err)
		return 1
	}
	fmt.Println("done")
	return 0
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// TestCrashSafetyBatch kills the sending child between and inside the
// messages of a batch of two (a thank-you to Jane, then one to Bob, over one
// connection) and restarts: every message is recorded as it goes, so a kill
// leaves at most the one message in flight unsure, and the others are sent
// exactly once.
func TestCrashSafetyBatch(t *testing.T) {
	sent, review := store.OutboxSent, store.OutboxNeedsReview
	tests := []struct {
		step      string
		before    int // delivered when the child is killed
		delivered int
		first     store.OutboxState // the row of the message sent first
		second    store.OutboxState
	}{
		{"sent*1", 1, 2, sent, sent},       // between the two: the second goes out after the restart
		{"claimed*2", 1, 1, sent, review},  // the second claimed, maybe handed over: held
		{"accepted*2", 2, 2, sent, review}, // the second delivered, not recorded: held, not resent
		{"sent*2", 2, 2, sent, sent},
	}
	for _, tt := range tests {
		t.Run(tt.step, func(t *testing.T) {
			f := newSendFixture(t, true, nil)
			runChildUntil(t, tt.step, fmt.Sprintf("%s|%s|%d|%s|%s", tt.step, f.e.Store.Where(), f.srv.Port, f.now.Format(time.RFC3339), f.e.Composer.DataDir))
			if got := len(f.srv.Messages()); got != tt.before {
				t.Fatalf("delivered before the restart = %d, want %d", got, tt.before)
			}
			for range 2 {
				f.pass()
				f.now = f.now.Add(3 * time.Hour)
			}
			rows := f.rows()
			if len(rows) != 2 || len(f.srv.Messages()) != tt.delivered {
				t.Fatalf("after a crash at %s: outbox %+v, %d delivered; want 2 rows, %d delivered", tt.step, rows, len(f.srv.Messages()), tt.delivered)
			}
			got := map[int64]store.OutboxState{}
			for _, r := range rows {
				got[r.ID] = r.State
			}
			first, second := min(rows[0].ID, rows[1].ID), max(rows[0].ID, rows[1].ID)
			if got[first] != tt.first || got[second] != tt.second {
				t.Errorf("after a crash at %s: rows %d %s, %d %s; want %s, %s", tt.step, first, got[first], second, got[second], tt.first, tt.second)
			}
			perRecipient := map[string]int{}
			for _, d := range f.srv.Deliveries() {
				if d.Reply == nil {
					perRecipient[strings.Join(d.To, ",")]++
				}
			}
			for to, n := range perRecipient {
				if n > 1 {
					t.Errorf("after a crash at %s: %s got %d copies", tt.step, to, n)
				}
			}
		})
	}
}

// childEnv is newTestEnv's configuration over the store at db (a file or,
// in a PostgreSQL run, a connection string), sending to 127.0.0.1:port.
func childEnv(db, dataDir string, port int, now time.Time) (*Outbox, error) {
	st, err := storetest.OpenAt(context.Background(), db, store.Open, store.OpenPostgres)
	if err != nil {
		return nil, err
	}
	set, err := render.Load("")
	if err != nil {
		st.Close()
		return nil, err
	}
	cfg := config.Default()
	cfg.Me = config.Me{Name: "Max Mustermann", Email: "max@example.org", Timezone: "Europe/Berlin"}
	e := wire(cfg, st, set, dataDir)
	smtpCfg := config.SMTP{Server: config.Server{Host: "127.0.0.1", Port: port, Security: config.SecurityNone}}
	configureSend(e, smtpCfg, true, func() time.Time { return now })
	return e, nil
}
