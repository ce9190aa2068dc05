//go:build e2e

package e2e

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/store"
)

// TestCatchUpSurvivesSIGKILL: the real binary's first catch-up of a
// mailbox of 4,000 messages in the real Dovecot (4 batches of the screen),
// killed with SIGKILL three times, each right after answers of its own
// became visible (a batch committed, its answers with its position; the
// kill lands while it reads or records the next one), and started again
// until a run finishes, records every answer in the mailbox exactly once
// and misses none.
func TestCatchUpSurvivesSIGKILL(t *testing.T) {
	bin := buildFollowup(t)
	home := t.TempDir()
	tok := uniqueToken(t)
	box := "Catchup" + tok
	domain := "co-" + tok + ".test"
	c := dialIMAP(t, stack.Me.User, stack.Me.Pass)
	if err := c.Create(box, nil).Wait(); err != nil {
		t.Fatalf("create %s: %v", box, err)
	}
	t.Cleanup(func() { dialIMAP(t, stack.Me.User, stack.Me.Pass).Delete(box).Wait() })
	want := fillCatchUpMailbox(t, box, domain, 4000, 80)

	cfg := writeIMAPConfig(t, home, "UTC", fmt.Sprintf("mailboxes = [%q]\n", box))
	at := time.Now().UTC().Add(-48 * time.Hour).Format("2006-01-02 15:04")
	followupCLI(t, home, cfg, "add", "--company", "Catchup Co", "--role", "Engineer", "--at", at, "--tz", "UTC",
		"--interviewer", "Pat Interviewer <pat@"+domain+">")

	// Each run is killed the moment answers of its own are visible, in
	// the middle of the batch after them, until three were; then one runs
	// to the end.
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(home, "followup.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	kills := 0
	for finished := false; !finished; {
		before := countReplies(t, db)
		cmd := exec.Command(bin, "--config", cfg, "sync")
		cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_DATA_HOME="+filepath.Join(home, "data"))
		var errb strings.Builder
		cmd.Stderr = &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		err := waitOrKill(t, db, before, done, kills < 3, cmd.Process)
		var exit *exec.ExitError
		switch {
		case errors.As(err, &exit) && exit.Sys().(syscall.WaitStatus).Signaled():
			kills++
		case err != nil:
			t.Fatalf("sync after %d kills = %v, stderr %q", kills, err, errb.String())
		default:
			finished = true
		}
	}
	if kills == 0 {
		t.Fatal("no run was killed in the middle of a batch: the test proved nothing")
	}
	t.Logf("%d runs killed with SIGKILL right after recording an answer, then one ran to the end", kills)

	st, err := store.Open(t.Context(), filepath.Join(home, "followup.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.DB().QueryContext(t.Context(), "SELECT message_id, count(*) FROM replies GROUP BY message_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			t.Fatal(err)
		}
		got[id] = n
	}
	for _, id := range want {
		if got[id] != 1 {
			t.Errorf("answer %s recorded %d times, want once", id, got[id])
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d answers recorded, want %d", len(got), len(want))
	}
}

// waitOrKill waits for the run to end; with kill, it SIGKILLs it as soon
// as more than before replies are recorded.
func waitOrKill(t *testing.T, db *sql.DB, before int, done <-chan error, kill bool, p *os.Process) error {
	t.Helper()
	for {
		select {
		case err := <-done:
			return err
		default:
		}
		if kill && countReplies(t, db) > before {
			p.Signal(syscall.SIGKILL)
			return <-done
		}
		time.Sleep(time.Millisecond) // polling the store, not timing anything
	}
}

// countReplies counts the replies recorded (0 before the store exists).
func countReplies(t *testing.T, db *sql.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(t.Context(), "SELECT count(*) FROM replies").Scan(&n); err != nil {
		return 0 // not created yet, or busy: nothing seen
	}
	return n
}

// fillCatchUpMailbox writes n messages straight into box's Maildir folder
// (made by CREATE, so Dovecot's), owned as the folder is — as fast as a
// delivery, where n APPENDs would take many seconds — every n/answers-th
// from an interviewer at domain, the rest newsletters, and returns the
// answers' Message-IDs.
func fillCatchUpMailbox(t *testing.T, box, domain string, n, answers int) []string {
	t.Helper()
	dir := filepath.Join(maildir(stack.Me.User), "."+box)
	fi, err := os.Stat(filepath.Join(dir, "cur"))
	if err != nil {
		t.Fatalf("the folder of %s: %v", box, err)
	}
	owner := fi.Sys().(*syscall.Stat_t)
	var want []string
	now := time.Now()
	for i := range n {
		from, subject, id := fmt.Sprintf("News <news@list%d.example>", i%7), fmt.Sprintf("Digest %d", i), fmt.Sprintf("m%d.%s", i, domain+".list.example")
		if i%(n/answers) == n/answers-1 {
			from, subject, id = "Pat Interviewer <pat@"+domain+">", "Re: Thank you", fmt.Sprintf("answer%d@%s", i, domain)
			want = append(want, id)
		}
		raw := []byte("From: " + from + "\r\nTo: " + stack.Me.User + "\r\nSubject: " + subject + "\r\nDate: " + now.Format(time.RFC1123Z) +
			"\r\nMessage-ID: <" + id + ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThank you, we would like to invite you to the next round.\r\n")
		path := filepath.Join(dir, "cur", fmt.Sprintf("%d.M%dP%d.e2e,S=%d:2,", now.Unix(), i, os.Getpid(), len(raw)))
		if err := os.WriteFile(path, raw, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(path, int(owner.Uid), int(owner.Gid)); err != nil {
			t.Fatal(err)
		}
	}
	return want
}
