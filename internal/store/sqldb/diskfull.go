package sqldb

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/ncruces/go-sqlite3"
)

// lowSpace is how little free space, with an I/O error, means the disk is
// full (SQLite reports a failed write as "disk I/O error", not ENOSPC).
const lowSpace = 1 << 20

// ErrDiskFull is wrapped by errors from a write that failed because the
// disk holding the store is full.
var ErrDiskFull = errors.New("the disk is full")

// diskFull turns an SQLite write failure on a full disk into one line
// that says so and where; other errors are returned as they are.
func (s *Handle) DiskFull(err error) error {
	if err == nil || errors.Is(err, ErrDiskFull) || s.dialect != SQLite {
		return err
	}
	full, io := sqliteWriteError(err)
	if !full && !io {
		return err
	}
	dir := filepath.Dir(s.path)
	var st syscall.Statfs_t
	if serr := syscall.Statfs(dir, &st); serr != nil || st.Bavail*uint64(st.Bsize) >= lowSpace && !full {
		return err
	}
	return fmt.Errorf("%w: %s has %d KiB free; free some space there and try again (nothing was changed): %w",
		ErrDiskFull, dir, st.Bavail*uint64(st.Bsize)>>10, err)
}

// sqliteWriteError reports whether err is SQLite's "database or disk is
// full" or a failed write ("disk I/O error"). Some paths of the driver
// (pragmas in the DSN) keep only the message, so it is read too.
func sqliteWriteError(err error) (full, io bool) {
	var se *sqlite3.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.FULL, se.Code() == sqlite3.IOERR
	}
	msg := err.Error()
	return strings.Contains(msg, "database or disk is full"), strings.Contains(msg, "disk I/O error")
}
