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
)

// ErrLocked is returned by TryLock when another process holds the lock.
var ErrLocked = errors.New("held by another process")

// TryLock takes the store's lock called name without waiting, for as long
// as this process lives or until unlock is called. On SQLite it is an OS
// file lock on <file>.<name>; on PostgreSQL a session advisory lock on a
// connection of its own, which the server drops when that connection dies
// (a killed process, too). It returns ErrLocked when another process
// holds it. LockName says what the user is told the lock is.
func (s *Handle) TryLock(ctx context.Context, name string) (unlock func(), err error) {
	if s.dialect == Postgres {
		return s.tryAdvisoryLock(ctx, name)
	}
	path := s.LockName(name)
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
	return func() { f.Close() }, nil
}

// LockName names the lock TryLock takes: the lock file, or on PostgreSQL
// the database and the lock's name.
func (s *Handle) LockName(name string) string {
	if s.dialect == Postgres {
		return s.Describe() + " (advisory lock " + name + ")"
	}
	return s.path + "." + name
}

func (s *Handle) tryAdvisoryLock(ctx context.Context, name string) (func(), error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	key := s.lockKey(name, s.schema)
	var ok bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock(?)", key).Scan(&ok); err != nil {
		conn.Close()
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	if !ok {
		conn.Close()
		return nil, ErrLocked
	}
	return func() {
		var released bool
		if err := conn.QueryRowContext(context.Background(), "SELECT pg_advisory_unlock(?)", key).Scan(&released); err != nil || !released {
			// Not released: the connection goes, and the lock with it.
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}, nil
}

// lockKey is the advisory lock key of the lock called name of the store in
// schema (advisory locks are the database's, and a database may hold
// several stores, one per schema).
func (s *Handle) lockKey(name, schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("followup\x00" + schema + "\x00" + name))
	return int64(h.Sum64() & math.MaxInt64)
}
