package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
)

// AccountName is what an account's name may be: it is written into the
// store's SQL (AndAccount) and into meta keys.
var AccountName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// ForAccount is the same database seen by one account (issue 16): what it
// writes belongs to the account, what it reads is the account's alone,
// meta keys are the account's own (MetaKey). name "" is the default
// account (the top-level config sections'), seen alone. The handle Open
// returns is not scoped: it sees every account's rows, and writes the
// default account's — what a config without [[account]] sections uses, at
// no cost. name must be "" or match AccountName.
func (s *Handle) ForAccount(name string) (*Handle, error) {
	if name != "" && !AccountName.MatchString(name) {
		return nil, fmt.Errorf("account %q: a name is 1-40 lower-case letters, digits, - or _", name)
	}
	c := *s
	c.account, c.scoped = name, true
	if s.dialect == Postgres {
		c.accountLock = s.lockKey("write@"+name, s.schema)
	}
	return &c, nil
}

// Account is the account this handle writes for; "" for the default one.
func (s *Handle) Account() string { return s.account }

// Scoped reports whether the handle sees one account's rows only.
func (s *Handle) Scoped() bool { return s.scoped }

// AndAccount is " AND col = '<account>'" on a scoped handle, and "" on
// the unscoped one: col holds an account's name.
func (s *Handle) AndAccount(col string) string {
	if !s.scoped {
		return ""
	}
	return " AND " + col + " = " + quote(s.account)
}

// AndInterviewOfAccount is " AND col IN (the account's interviews)" on a
// scoped handle, and "" on the unscoped one: col holds an interview id.
func (s *Handle) AndInterviewOfAccount(col string) string {
	if !s.scoped {
		return ""
	}
	return " AND " + col + " IN (SELECT id FROM interviews WHERE account = " + quote(s.account) + ")"
}

// MetaKey is key as the handle's account stores it: key@account for a
// named account (each its own pause, digest slot, daemon lease and locks),
// key itself for the default account and the unscoped handle.
func (s *Handle) MetaKey(key string) string { return MetaKeyOf(key, s.account) }

// MetaKeyOf is key as account stores it ("" the default account): what
// MetaKey is on that account's handle, for a read or write of several
// accounts' rows at once.
func MetaKeyOf(key, account string) string {
	if account == "" {
		return key
	}
	return key + "@" + account
}

// quote is name as an SQL string literal (AccountName allows no quote, and
// one would be doubled).
func quote(name string) string { return "'" + strings.ReplaceAll(name, "'", "''") + "'" }

// LockInterviewIDs, in a write transaction, makes the transactions that
// choose a new interview id take turns across accounts (ids are the whole
// store's, and on PostgreSQL two accounts' writes go at once): until tx
// ends, an id found free stays free. On SQLite writes take turns anyway.
func (s *Handle) LockInterviewIDs(ctx context.Context, tx *sql.Tx) error {
	if s.dialect != Postgres || !s.scoped {
		return nil
	}
	_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", s.lockKey("interview ids", s.schema))
	return err
}

// wholeStoreKey marks a context WithWholeStore.
type wholeStoreKey struct{}

// WithWholeStore marks ctx's write transactions on an account's handle as
// writes of the whole store: on PostgreSQL each waits for every other
// account's writes, and they for it, as the unscoped handle's do — for a
// restore, which writes rows with the ids they had, from the id sequences
// every account shares. (Taken from the start: a transaction that took
// the store's lock shared and then asked for it whole would deadlock with
// another doing the same.)
func WithWholeStore(ctx context.Context) context.Context {
	return context.WithValue(ctx, wholeStoreKey{}, true)
}

func wholeStore(ctx context.Context) bool {
	v, _ := ctx.Value(wholeStoreKey{}).(bool)
	return v
}
