package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/store/pgdriver"
	"github.com/followup-dev/followup/internal/store/storetest"
)

// TestWritesTakeTurns: read-then-write transactions from many goroutines
// lose no update, on SQLite (IMMEDIATE) and on PostgreSQL (the advisory
// lock; READ COMMITTED alone would lose some).
func TestWritesTakeTurns(t *testing.T) {
	h := openTemp(t)
	ctx := t.Context()
	const workers, each = 6, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Go(func() {
			for range each {
				err := h.Tx(ctx, func(tx *sql.Tx) error {
					var v string
					err := tx.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'counter'").Scan(&v)
					if err != nil && !errors.Is(err, sql.ErrNoRows) {
						return err
					}
					n, _ := strconv.Atoi(v)
					_, err = tx.ExecContext(ctx, "INSERT INTO meta (key, value) VALUES ('counter', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", strconv.Itoa(n+1))
					return err
				})
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if v, _, err := h.Meta(ctx, "counter"); err != nil || v != strconv.Itoa(workers*each) {
		t.Errorf("counter after %d increments = %q, %v; want %d", workers*each, v, err, workers*each)
	}
}

// TestTryLock: a store lock is held against another handle until unlocked.
func TestTryLock(t *testing.T) {
	h := openTemp(t)
	ctx := t.Context()
	other, err := reopen(t, h)
	if err != nil {
		t.Fatal(err)
	}
	l, err := h.TryLock(ctx, "send.lock")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.TryLock(ctx, "send.lock"); !errors.Is(err, ErrLocked) {
		t.Errorf("TryLock from another handle while held = %v, want ErrLocked", err)
	}
	if u, err := other.TryLock(ctx, "lock"); err != nil {
		t.Errorf("TryLock of another name = %v, want it free", err)
	} else {
		u.Unlock()
	}
	if err := l.Check(ctx); err != nil {
		t.Errorf("Check of a held lock = %v", err)
	}
	l.Unlock()
	u, err := other.TryLock(ctx, "send.lock")
	if err != nil {
		t.Fatalf("TryLock after unlock = %v, want it free", err)
	}
	u.Unlock()
}

// TestAdvisoryLockLostWithItsConnection: when the server ends the lock's
// session (a restart, an administrator), Check says so, and another
// process may take the lock.
func TestAdvisoryLockLostWithItsConnection(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("PostgreSQL only: a file lock goes only with its process")
	}
	h := openTemp(t)
	ctx := t.Context()
	l, err := h.TryLock(ctx, "lock")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	var n int
	err = h.DB().QueryRowContext(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND granted
		AND ((classid::bigint << 32) | objid::bigint) = ?`, h.lockKey("lock", h.schema)).Scan(&n)
	if err != nil || n != 1 {
		t.Fatalf("terminating the lock's session: %d, %v", n, err)
	}
	if err := l.Check(ctx); !errors.Is(err, ErrLockLost) {
		t.Errorf("Check after the session ended = %v, want ErrLockLost", err)
	}
	other, err := reopen(t, h)
	if err != nil {
		t.Fatal(err)
	}
	o, err := other.TryLock(ctx, "lock")
	if err != nil {
		t.Fatalf("TryLock after the holder's session ended = %v", err)
	}
	o.Unlock()
}

// TestAutocommitWritesTakeTheirTurnAndAreSeen: a write outside Tx counts
// as a write for the change monitor's query (PostgreSQL: store_state).
func TestAutocommitWritesAreSeen(t *testing.T) {
	h := openTemp(t)
	ctx := t.Context()
	version := func() int64 {
		var v int64
		if err := h.DB().QueryRowContext(ctx, h.DataVersionQuery()).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if !storetest.Postgres() {
		t.Skip("SQLite's data_version counts other connections' commits only; TestChangeMonitorSeesOtherConnections covers it")
	}
	before := version()
	if err := h.SetMeta(ctx, "paused", ""); err != nil {
		t.Fatal(err)
	}
	if after := version(); after == before {
		t.Errorf("data version after SetMeta = %d, unchanged: the daemon would not wake for `followup resume`", after)
	}
}

func reopen(t *testing.T, h *Handle) (*Handle, error) {
	open := Open
	if h.Dialect() == Postgres {
		open = OpenPostgres
	}
	o, err := open(t.Context(), h.Where())
	if err == nil {
		t.Cleanup(func() { o.Close() })
	}
	return o, err
}

// TestDescribeHidesThePassword: what the user is shown of a PostgreSQL
// store never holds its password.
func TestDescribeHidesThePassword(t *testing.T) {
	for _, dsn := range []string{"postgres://coach:hunter2@db.example:6543/followup?sslmode=require", "host=db.example port=6543 user=coach password=hunter2 dbname=followup"} {
		got := pgdriver.Describe(dsn)
		if got != "postgres://coach@db.example:6543/followup" {
			t.Errorf("Describe(%q) = %q", dsn, got)
		}
	}
	for _, dsn := range []string{"postgres://coach:hunter2@db.example:notaport/f", "postgres://coach:hunt@r2@db.example:notaport/f",
		"host=db port=notaport password = hunter2", "host=db port=notaport password='hunter2'", "postgres://coach@db:notaport/f?password=hunter2"} {
		_, err := OpenPostgres(t.Context(), dsn)
		if err == nil || strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "r2@") {
			t.Errorf("OpenPostgres(%q) = %v, want an error without the password", dsn, err)
		}
	}
	_, err := OpenPostgres(t.Context(), "postgres://coach:hunter2@127.0.0.1:1/f?connect_timeout=5")
	if err == nil || !strings.Contains(err.Error(), "cannot reach the server") || strings.ContainsAny(err.Error(), "\n\t") || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("OpenPostgres(nothing listening) = %q, want one line saying the server cannot be reached, without the password", err)
	}
}

// TestManyAccountsAtOnceDoNotStarveThePool: more senders than the pool has
// connections, each holding its account's lock while it writes (a daemon
// of 200 accounts starting), all finish: a lock never takes the last
// connection its holder's writes need, and preparing a statement never
// waits for one under a lock.
func TestManyAccountsAtOnceDoNotStarveThePool(t *testing.T) {
	h := openTemp(t)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	const senders = 3 * maxPostgresConns
	errs := make(chan error, senders)
	var wg sync.WaitGroup
	for i := range senders {
		wg.Go(func() {
			acct, err := h.ForAccount(fmt.Sprintf("a%d", i))
			if err != nil {
				errs <- err
				return
			}
			l, err := acct.TryLock(ctx, "send.lock")
			if err != nil {
				errs <- err
				return
			}
			defer l.Unlock()
			if err := acct.SetMeta(ctx, "paused", "x"); err != nil {
				errs <- err
				return
			}
			errs <- acct.Tx(ctx, func(tx *sql.Tx) error {
				_, err := acct.InTx(ctx, tx).ExecContext(ctx, "INSERT INTO meta (key, value) VALUES (?, 'y') ON CONFLICT(key) DO NOTHING", acct.MetaKey("probe"))
				return err
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("a sender: %v (a deadlock ends at the test's deadline)", err)
		}
	}
}

// TestAccountsWriteSideBySide: on PostgreSQL a write of one account does
// not wait for another account's open write transaction, a second write of
// the same account does, and a write of the whole store waits for both
// accounts' (on SQLite every write waits: not tested here).
func TestAccountsWriteSideBySide(t *testing.T) {
	h := openTemp(t)
	if h.Dialect() != Postgres {
		t.Skip("PostgreSQL only: on SQLite every write transaction takes turns with every other")
	}
	ctx := t.Context()
	ana, _ := h.ForAccount("ana")
	ben, _ := h.ForAccount("ben")
	held, release := make(chan struct{}), make(chan struct{})
	holder := make(chan error, 1)
	go func() {
		holder <- ana.Tx(ctx, func(tx *sql.Tx) error {
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	// Another account's write goes through while ana's is open.
	bctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := ben.Tx(bctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(bctx, "INSERT INTO meta (key, value) VALUES ('ben', '1')")
		return err
	}); err != nil {
		close(release)
		t.Fatalf("ben's write beside ana's open one = %v", err)
	}
	// ana's second write and the whole store's wait until ana's first ends.
	waiting := map[string]*Handle{"ana again": ana, "the whole store": h}
	done := make(chan string, len(waiting))
	for name, w := range waiting {
		go func() {
			if err := w.Tx(ctx, func(tx *sql.Tx) error { return nil }); err != nil {
				t.Errorf("%s: %v", name, err)
			}
			done <- name
		}()
	}
	waitForLockWaits(t, h, len(waiting))
	select {
	case name := <-done:
		t.Fatalf("%s's write ended while ana's transaction was still open", name)
	default:
	}
	close(release)
	if err := <-holder; err != nil {
		t.Fatal(err)
	}
	for range waiting {
		<-done
	}
}

// waitForLockWaits waits until n backends of the store's database wait
// for an advisory lock (writes waiting for their turn), so that the test
// does not need a timed sleep.
func waitForLockWaits(t *testing.T, h *Handle, want int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var n int
		if err := h.DB().QueryRowContext(t.Context(), `SELECT count(*) FROM pg_locks
			WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n >= want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d writes waiting for their turn, want %d", n, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestWholeStoreWritesOfTwoAccountsAtOnce: two accounts' writes of the
// whole store (restores) at once take turns instead of deadlocking.
func TestWholeStoreWritesOfTwoAccountsAtOnce(t *testing.T) {
	h := openTemp(t)
	if h.Dialect() != Postgres {
		t.Skip("PostgreSQL only: on SQLite every write transaction takes turns with every other")
	}
	ctx := WithWholeStore(t.Context())
	var wg sync.WaitGroup
	errs := make(chan error, 2*20)
	for _, name := range []string{"ana", "ben"} {
		acct, _ := h.ForAccount(name)
		wg.Go(func() {
			for i := range 20 {
				errs <- acct.Tx(ctx, func(tx *sql.Tx) error {
					_, err := tx.ExecContext(ctx, "INSERT INTO meta (key, value) VALUES (?, 'x')", fmt.Sprintf("%s-%d", name, i))
					return err
				})
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}
