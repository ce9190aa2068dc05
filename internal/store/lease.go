package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/followup-dev/followup/internal/store/sqldb"
)

// leaseKey is the meta row holding the daemon lease.
const leaseKey = "daemon_lease"

// Lease says which daemon runs on this store. The daemon renews Heartbeat
// every few seconds; a lease whose heartbeat is older than its time to live
// belongs to a daemon that died and may be taken over.
type Lease struct {
	PID       int       `json:"pid"`
	Host      string    `json:"host"`
	Started   time.Time `json:"started"`
	Heartbeat time.Time `json:"heartbeat"`
}

// ErrLeaseLost is returned by RenewLease when another daemon holds the lease.
var ErrLeaseLost = errors.New("the daemon lease is held by another process")

// same reports whether l and o name the same daemon run.
func (l Lease) same(o Lease) bool {
	return l.PID == o.PID && l.Host == o.Host && l.Started.Equal(o.Started)
}

// Alive reports whether the lease was renewed within ttl of now. A
// heartbeat more than ttl ahead of now is stale too: it was written before
// the clock was set back, and a live daemon renews it with the corrected
// time within its heartbeat interval, so only a dead one leaves it there.
func (l Lease) Alive(now time.Time, ttl time.Duration) bool {
	d := now.Sub(l.Heartbeat)
	return !l.Heartbeat.IsZero() && d < ttl && d > -ttl
}

// AcquireLease takes the daemon lease for l unless another daemon's lease
// is still alive (renewed less than ttl before now). It returns the lease
// that holds afterwards and whether it is l's. One transaction.
func (s *Store) AcquireLease(ctx context.Context, l Lease, now time.Time, ttl time.Duration) (held Lease, ok bool, err error) {
	l.Heartbeat = now.UTC()
	l.Started = l.Started.UTC()
	err = s.Tx(sqldb.WithoutChangeCount(ctx), func(tx *sql.Tx) error {
		cur, found, err := readLease(ctx, tx, s.MetaKey(leaseKey))
		if err != nil {
			return err
		}
		if found && !cur.same(l) && cur.Alive(now, ttl) {
			held = cur
			return nil
		}
		held, ok = l, true
		return writeLease(ctx, tx, s.MetaKey(leaseKey), l)
	})
	if err != nil {
		return Lease{}, false, fmt.Errorf("acquire daemon lease: %w", err)
	}
	return held, ok, nil
}

// TakeLease writes l as the daemon lease with its heartbeat at now,
// whatever lease was there. It is for a caller that knows the holder is
// gone: on one host, the process holding the daemon's OS file lock.
func (s *Store) TakeLease(ctx context.Context, l Lease, now time.Time) error {
	l.Heartbeat = now.UTC()
	l.Started = l.Started.UTC()
	err := s.Tx(sqldb.WithoutChangeCount(ctx), func(tx *sql.Tx) error { return writeLease(ctx, tx, s.MetaKey(leaseKey), l) })
	if err != nil {
		return fmt.Errorf("take over daemon lease: %w", err)
	}
	return nil
}

// RenewLease moves l's heartbeat to now. It returns ErrLeaseLost when the
// lease now names another daemon.
func (s *Store) RenewLease(ctx context.Context, l Lease, now time.Time) error {
	err := s.Tx(sqldb.WithoutChangeCount(ctx), func(tx *sql.Tx) error {
		cur, found, err := readLease(ctx, tx, s.MetaKey(leaseKey))
		if err != nil {
			return err
		}
		if found && !cur.same(l) {
			return ErrLeaseLost
		}
		l.Heartbeat = now.UTC()
		return writeLease(ctx, tx, s.MetaKey(leaseKey), l)
	})
	if err != nil {
		return fmt.Errorf("renew daemon lease: %w", err)
	}
	return nil
}

// ReleaseLease removes l's lease; another daemon's is left alone.
func (s *Store) ReleaseLease(ctx context.Context, l Lease) error {
	err := s.Tx(sqldb.WithoutChangeCount(ctx), func(tx *sql.Tx) error {
		cur, found, err := readLease(ctx, tx, s.MetaKey(leaseKey))
		if err != nil || !found || !cur.same(l) {
			return err
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM meta WHERE key = ?", s.MetaKey(leaseKey))
		return err
	})
	if err != nil {
		return fmt.Errorf("release daemon lease: %w", err)
	}
	return nil
}

// CurrentLease reads the daemon lease, alive or not; ok is false when no
// daemon holds one.
func (s *Store) CurrentLease(ctx context.Context) (l Lease, ok bool, err error) {
	tx, err := s.DB().BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Lease{}, false, fmt.Errorf("read daemon lease: %w", err)
	}
	defer tx.Rollback()
	l, ok, err = readLease(ctx, tx, s.MetaKey(leaseKey))
	if err != nil {
		return Lease{}, false, fmt.Errorf("read daemon lease: %w", err)
	}
	return l, ok, nil
}

// readLease reads the lease row key (the account's: Handle.MetaKey).
// Leases reads every account's daemon lease, alive or not, by account
// name ("" the default account's), in one query: for a daemon of all
// accounts to see which accounts are held before it tries to claim each.
func (s *Store) Leases(ctx context.Context) (map[string]Lease, error) {
	rows, err := s.DB().QueryContext(ctx, "SELECT key, value FROM meta WHERE key = ? OR key LIKE ?", leaseKey, leaseKey+"@%")
	if err != nil {
		return nil, fmt.Errorf("read daemon leases: %w", err)
	}
	defer rows.Close()
	out := map[string]Lease{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("read daemon leases: %w", err)
		}
		var l Lease
		if json.Unmarshal([]byte(v), &l) != nil {
			continue // unreadable: as good as none
		}
		out[strings.TrimPrefix(strings.TrimPrefix(k, leaseKey), "@")] = l
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read daemon leases: %w", err)
	}
	return out, nil
}

func readLease(ctx context.Context, tx *sql.Tx, key string) (Lease, bool, error) {
	var v string
	err := tx.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return Lease{}, false, nil
	}
	if err != nil {
		return Lease{}, false, err
	}
	var l Lease
	if err := json.Unmarshal([]byte(v), &l); err != nil {
		return Lease{}, false, nil // unreadable: as good as none
	}
	return l, true, nil
}

// LeaseRenewal is one account's lease for RenewLeases: the daemon run
// holding it (its heartbeat does not matter).
type LeaseRenewal struct {
	Account string // the store's name of the account ("" the default one)
	Lease   Lease
}

// renewChunk bounds the leases of one statement (3 parameters each).
const renewChunk = 1000

// RenewLeases moves the heartbeat of each lease to now where the stored
// lease still names the same daemon run (pid, host, start; whatever its
// heartbeat, so that a renewal that failed half-way, or whose commit's
// answer was lost, costs nothing) — in one statement per thousand leases,
// on the whole store's view, instead of a transaction each — and returns
// the accounts whose lease is no longer theirs (another daemon took it
// over, or it is gone).
func (s *Store) RenewLeases(ctx context.Context, ls []LeaseRenewal, now time.Time) (lost []string, err error) {
	for len(ls) > 0 {
		n := min(len(ls), renewChunk)
		l, err := s.renewLeases(ctx, ls[:n], now)
		if err != nil {
			return nil, fmt.Errorf("renew daemon leases: %w", err)
		}
		lost, ls = append(lost, l...), ls[n:]
	}
	return lost, nil
}

func (s *Store) renewLeases(ctx context.Context, ls []LeaseRenewal, now time.Time) ([]string, error) {
	var q strings.Builder
	q.WriteString("UPDATE meta SET value = v.column3 FROM (VALUES ")
	args := make([]any, 0, 3*len(ls))
	keys := make(map[string]string, len(ls)) // meta key → account
	for i, r := range ls {
		who, err := leaseHolder(r.Lease)
		if err != nil {
			return nil, err
		}
		r.Lease.Heartbeat = now.UTC()
		renewed, err := json.Marshal(r.Lease)
		if err != nil {
			return nil, err
		}
		key := sqldb.MetaKeyOf(leaseKey, r.Account)
		keys[key] = r.Account
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?, ?, ?)")
		args = append(args, key, who, string(renewed))
	}
	q.WriteString(") AS v WHERE meta.key = v.column1 AND substr(meta.value, 1, length(v.column2)) = v.column2 RETURNING meta.key")
	err := s.Tx(sqldb.WithoutChangeCount(ctx), func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, q.String(), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				return err
			}
			delete(keys, k)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	lost := make([]string, 0, len(keys))
	for _, account := range keys {
		lost = append(lost, account)
	}
	return lost, nil
}

// leaseHolder is the start of l as writeLease writes it, up to its
// heartbeat, the last field: the daemon run that holds it. (A quote in a
// host name is escaped, so the field's name cannot appear earlier.)
func leaseHolder(l Lease) (string, error) {
	l.Started = l.Started.UTC()
	b, err := json.Marshal(l)
	if err != nil {
		return "", err
	}
	i := strings.LastIndex(string(b), `"heartbeat":`)
	if i < 0 {
		return "", errors.New("lease without a heartbeat field")
	}
	return string(b[:i+len(`"heartbeat":`)]), nil
}

func writeLease(ctx context.Context, tx *sql.Tx, key string, l Lease) error {
	b, err := json.Marshal(l)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, string(b))
	return err
}

// ChangeMonitor notices commits to the store made by other connections,
// this process's included, and by other processes such as the CLI. It
// holds one dedicated connection and reads the data version on it
// (sqldb.DataVersionQuery), which costs no disk access. It is not safe for concurrent use.
type ChangeMonitor struct {
	conn  *sql.Conn // SQLite: data_version is a connection's
	db    *sql.DB   // PostgreSQL: the count is the store's, read on any connection
	query string
	last  int64
}

// NewChangeMonitor opens the dedicated connection (SQLite) and reads the
// current version. Close it when done.
func (s *Store) NewChangeMonitor(ctx context.Context) (*ChangeMonitor, error) {
	m := &ChangeMonitor{query: s.DataVersionQuery()}
	if s.Dialect() == sqldb.Postgres {
		m.db = s.DB() // no connection held per monitor: a daemon of many accounts has one each
	} else {
		conn, err := s.DB().Conn(ctx)
		if err != nil {
			return nil, fmt.Errorf("open change monitor: %w", err)
		}
		m.conn = conn
	}
	var err error
	if m.last, err = m.version(ctx); err != nil {
		m.Close()
		return nil, err
	}
	return m, nil
}

// Changed reports whether anything was committed since the last call (or
// since NewChangeMonitor).
func (m *ChangeMonitor) Changed(ctx context.Context) (bool, error) {
	v, err := m.version(ctx)
	if err != nil {
		return false, err
	}
	changed := v != m.last
	m.last = v
	return changed, nil
}

func (m *ChangeMonitor) version(ctx context.Context) (int64, error) {
	var v int64
	var row *sql.Row
	if m.conn != nil {
		row = m.conn.QueryRowContext(ctx, m.query)
	} else {
		row = m.db.QueryRowContext(ctx, m.query)
	}
	if err := row.Scan(&v); err != nil {
		return 0, fmt.Errorf("read data version: %w", err)
	}
	return v, nil
}

// Close returns the dedicated connection.
func (m *ChangeMonitor) Close() error {
	if m.conn == nil {
		return nil
	}
	return m.conn.Close()
}

// ChangeFeed reads every account's count of write transactions at once,
// for a daemon of many accounts: one query a second for all of them instead
// of one per account. Poll reads; each account's Watcher reports a change
// of its account once.
type ChangeFeed struct {
	st     *Store
	mu     sync.Mutex
	counts map[string]int64
}

// NewChangeFeed reads the counts a first time.
func (s *Store) NewChangeFeed(ctx context.Context) (*ChangeFeed, error) {
	f := &ChangeFeed{st: s}
	return f, f.Poll(ctx)
}

// Poll reads every account's count.
func (f *ChangeFeed) Poll(ctx context.Context) error {
	rows, err := f.st.DB().QueryContext(ctx, "SELECT account, n FROM account_changes")
	if err != nil {
		return fmt.Errorf("read change counts: %w", err)
	}
	defer rows.Close()
	counts := map[string]int64{}
	for rows.Next() {
		var a string
		var n int64
		if err := rows.Scan(&a, &n); err != nil {
			return fmt.Errorf("read change counts: %w", err)
		}
		counts[a] = n
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read change counts: %w", err)
	}
	f.mu.Lock()
	f.counts = counts
	f.mu.Unlock()
	return nil
}

func (f *ChangeFeed) count(account string) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.counts[account]
}

// Watcher is account's view of the feed, with a ChangeMonitor's Changed.
func (f *ChangeFeed) Watcher(account string) *ChangeWatcher {
	return &ChangeWatcher{f: f, account: account, last: f.count(account)}
}

// ChangeWatcher is one account's watcher of a ChangeFeed.
type ChangeWatcher struct {
	f       *ChangeFeed
	account string
	last    int64
}

// Changed reports whether the account's count moved since the last call.
func (w *ChangeWatcher) Changed(context.Context) (bool, error) {
	v := w.f.count(w.account)
	changed := v != w.last
	w.last = v
	return changed, nil
}

// Close does nothing: the feed is its owner's.
func (w *ChangeWatcher) Close() error { return nil }
