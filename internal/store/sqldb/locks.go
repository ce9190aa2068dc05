package sqldb

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"syscall"
	"time"
)

// ErrLocked is returned by TryLock when another process holds the lock.
var ErrLocked = errors.New("held by another process")

// Lock is a store lock TryLock took.
type Lock struct {
	unlock func()
	check  func(context.Context) error
}

// Unlock releases the lock.
func (l *Lock) Unlock() { l.unlock() }

// Check reports whether the lock is still held: a file lock always is; an
// advisory lock goes with its connection (a server restart, a network cut
// that outlived the keep-alives, an administrator's pg_terminate_backend),
// and then Check returns ErrLockLost.
func (l *Lock) Check(ctx context.Context) error { return l.check(ctx) }

// ErrLockLost is returned by Lock.Check when the lock went with its
// connection: another process may hold it now.
var ErrLockLost = errors.New("the store lock was lost with its database connection")

// lockWait is how long TryLock on PostgreSQL waits for an advisory lock
// that is taken: the server ends the session of a client that was killed
// a moment before only once it reads the closed connection.
const lockWait = 2 * time.Second

// TryLock takes the store's lock called name without waiting (on
// PostgreSQL, up to lockWait), for as long as this process lives or until
// it is unlocked, the handle's account's own (name@account). On SQLite it
// is an OS file lock on <file>.<name>; on PostgreSQL a session advisory
// lock on a connection of its own, which the server drops when that
// connection dies (a killed process at once, a lost host within a minute:
// the connection's keep-alives). It returns ErrLocked when another process
// holds it. LockName says what the user is told the lock is.
func (s *Handle) TryLock(ctx context.Context, name string) (*Lock, error) {
	name = s.MetaKey(name) // each account its own daemon and sender
	if s.dialect == Postgres {
		return s.tryAdvisoryLock(ctx, name)
	}
	path := s.path + "." + name
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrLocked
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &Lock{unlock: func() { f.Close() }, check: func(context.Context) error { return nil }}, nil
}

// LockName names the lock TryLock takes: the lock file, or on PostgreSQL
// the database and the lock's name.
func (s *Handle) LockName(name string) string {
	name = s.MetaKey(name)
	if s.dialect == Postgres {
		return s.Describe() + " (advisory lock " + name + ")"
	}
	return s.path + "." + name
}

// lockSession are the settings of a lock's connection: the server probes
// an idle client every 10 s and drops it after three unanswered probes,
// and checks the client is there every 10 s while it runs a query, so a
// host that vanished lets its locks go within about a minute.
var lockSession = []string{
	"SET tcp_keepalives_idle = 10", "SET tcp_keepalives_interval = 10", "SET tcp_keepalives_count = 3",
	"SET client_connection_check_interval = '10s'",
}

func (s *Handle) tryAdvisoryLock(ctx context.Context, name string) (*Lock, error) {
	// A lock holds a connection of the pool while its holder runs queries
	// on others: at most half the pool is held by locks, so that the
	// holders' queries always find one (a daemon of many accounts starts
	// many sends at once).
	slot := time.NewTimer(lockWait)
	defer slot.Stop()
	select {
	case s.lockSlots <- struct{}{}:
	case <-slot.C: // every slot is some other account's pass: this one waits for the next
		return nil, ErrLocked
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	l, err := s.advisoryLock(ctx, name)
	if err != nil {
		<-s.lockSlots
		return nil, err
	}
	unlock := l.unlock
	l.unlock = func() { unlock(); <-s.lockSlots }
	return l, nil
}

func (s *Handle) advisoryLock(ctx context.Context, name string) (*Lock, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	for _, q := range lockSession {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			conn.Close()
			return nil, fmt.Errorf("lock %s: %w", name, err)
		}
	}
	key := s.lockKey(name, s.schema)
	var pid int64
	if err := conn.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		conn.Close()
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	deadline := time.Now().Add(lockWait)
	for {
		var ok bool
		if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock(?)", key).Scan(&ok); err != nil {
			conn.Close()
			return nil, fmt.Errorf("lock %s: %w", name, err)
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			conn.Close()
			return nil, ErrLocked
		}
		t := time.NewTimer(100 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			conn.Close()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
	unlock := func() {
		var released bool
		if err := conn.QueryRowContext(context.Background(), "SELECT pg_advisory_unlock(?)", key).Scan(&released); err != nil || !released {
			// Not released: the connection goes, and the lock with it.
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}
	check := func(ctx context.Context) error {
		var held bool
		err := conn.QueryRowContext(ctx, `SELECT count(*) > 0 FROM pg_locks WHERE locktype = 'advisory' AND granted
			AND pid = pg_backend_pid() AND pid = ? AND ((classid::bigint << 32) | objid::bigint) = ?`, pid, key).Scan(&held)
		if err != nil || !held {
			return ErrLockLost
		}
		return nil
	}
	return &Lock{unlock: unlock, check: check}, nil
}

// lockKey is the advisory lock key of the lock called name of the store in
// schema (advisory locks are the database's, and a database may hold
// several stores, one per schema).
func (s *Handle) lockKey(name, schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("followup\x00" + schema + "\x00" + name))
	return int64(h.Sum64() & math.MaxInt64)
}
