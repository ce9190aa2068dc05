package daemon

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/store/sqldb"
)

// Lease timing: the heartbeat is renewed every LeaseHeartbeat; a lease not
// renewed for LeaseTTL belongs to a daemon that is gone.
const (
	LeaseHeartbeat = 10 * time.Second
	LeaseTTL       = 30 * time.Second
)

// RunningError says that another daemon already runs on the store.
type RunningError struct {
	Lease store.Lease // the running daemon's lease; zero when only the file lock told
	Path  string      // the lock file
}

func (e *RunningError) Error() string {
	if e.Lease.PID == 0 {
		return fmt.Sprintf("another followup daemon is running on this store (it holds %s): stop it first", e.Path)
	}
	return fmt.Sprintf("another followup daemon is running on this store: pid %d on %s since %s (last heartbeat %s); stop it first",
		e.Lease.PID, e.Lease.Host, e.Lease.Started.Local().Format(time.RFC3339), e.Lease.Heartbeat.Local().Format(time.RFC3339))
}

// Claim is the daemon's hold on a store: the store's lock "lock" (an OS
// file lock on <db>.lock, or a PostgreSQL advisory lock), which ends with
// the process however it ends, plus the lease row in the store that
// `followup status` reads.
type Claim struct {
	st    *store.Store
	lock  *store.Lock
	lease store.Lease
	// written is the lease as last written, heartbeat included (shared
	// claims, for Heartbeats; touched only under its mutex).
	written store.Lease
}

// ClaimStore takes the file lock and the lease for this process, or
// returns a *RunningError naming the daemon that holds them.
func ClaimStore(ctx context.Context, st *store.Store, now time.Time) (*Claim, error) {
	lock, err := st.TryLock(ctx, "lock")
	if errors.Is(err, store.ErrLocked) {
		l, _, _ := st.CurrentLease(ctx)
		return nil, &RunningError{Lease: l, Path: st.LockName("lock")}
	}
	if err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	mine := store.Lease{PID: os.Getpid(), Host: host, Started: now}
	// The file lock is ours, so a lease left by a daemon on this host is a
	// dead one's, however recent (or far ahead, after the clock was set
	// back) its heartbeat: a restart right after kill -9 must not wait for
	// the TTL. One on another machine sharing the file, where the lock may
	// not reach, is still guarded by the TTL.
	held, ok, err := st.AcquireLease(ctx, mine, now, LeaseTTL)
	// On PostgreSQL a daemon of all accounts holds an account by its lease
	// alone (ClaimShared), without the lock: there the lock proves nothing
	// about a lease of this host, and only its TTL does.
	if err == nil && !ok && held.Host == host && st.Dialect() != sqldb.Postgres {
		err = st.TakeLease(ctx, mine, now)
		ok = err == nil
	}
	if err != nil || !ok {
		lock.Unlock()
		if err != nil {
			return nil, err
		}
		return nil, &RunningError{Lease: held, Path: st.LockName("lock")}
	}
	return &Claim{st: st, lock: lock, lease: mine}, nil
}

// ClaimShared takes the lease alone, for a daemon of many accounts on a
// store several daemons share (followup daemon --all-accounts on
// PostgreSQL): no connection is held per account, and an account whose
// daemon died is taken over once its heartbeat is LeaseTTL old. The
// outbox's claims and the send lock keep a message from going out twice
// meanwhile.
func ClaimShared(ctx context.Context, st *store.Store, now time.Time) (*Claim, error) {
	host, _ := os.Hostname()
	mine := store.Lease{PID: os.Getpid(), Host: host, Started: now}
	held, ok, err := st.AcquireLease(ctx, mine, now, LeaseTTL)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &RunningError{Lease: held}
	}
	written := mine // as AcquireLease wrote it
	written.Started, written.Heartbeat = mine.Started.UTC(), now.UTC()
	return &Claim{st: st, lease: mine, written: written}, nil
}

// Lease is the lease this daemon holds.
func (c *Claim) Lease() store.Lease { return c.lease }

// Renew moves the heartbeat to now, after checking the store lock is
// still this daemon's (store.ErrLockLost when it went with its PostgreSQL
// connection: another daemon may have it now).
func (c *Claim) Renew(ctx context.Context, now time.Time) error {
	if c.lock != nil {
		if err := c.lock.Check(ctx); err != nil {
			return err
		}
	}
	return c.st.RenewLease(ctx, c.lease, now)
}

// Release removes the lease and drops the file lock.
func (c *Claim) Release(ctx context.Context) error {
	err := c.st.ReleaseLease(ctx, c.lease)
	if c.lock != nil {
		c.lock.Unlock()
	}
	return err
}
