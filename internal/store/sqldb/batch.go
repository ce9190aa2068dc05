package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// batchKey marks a context whose writes on one handle share a transaction
// (Handle.Batch).
type batchKey struct{}

// batch is the transaction of a Handle.Batch, begun at its first write.
type batch struct {
	ctx     context.Context // Batch's: the transaction lives as long as it
	h       *Handle
	tx      *sql.Tx
	q       Querier // tx through cache
	counted bool    // a write in it counts for the change monitor (endWrite)
	err     error   // the transaction broke: every later write fails with it
	memo    map[any]any
}

// BatchMemo is a map that lives as long as the open transaction of ctx's
// batch on s, for what a caller reads many times in one batch (the
// interview of many answers): nil outside a batch and before its first
// write, when the store can still change under it. While the transaction
// is open the batch holds the store's write turn, so only writes of the
// batch itself change what was read, and each of them empties the map: a
// caller whose write left an entry true puts it back.
func (s *Handle) BatchMemo(ctx context.Context) map[any]any {
	b := s.batchOf(ctx)
	if b == nil || b.tx == nil || b.err != nil {
		return nil
	}
	if b.memo == nil {
		b.memo = map[any]any{}
	}
	return b.memo
}

// Batch runs fn with a context in which every write transaction on s (Tx,
// and the writes of Q) is a savepoint of one transaction, and every query
// through s after the first write runs in it: begun at the first write,
// committed once when fn returns nil, rolled back whole when it fails. A
// write that fails rolls back to its savepoint (its own changes only), as
// its own transaction would have. Many small writes (the answers of a
// catch-up's batch and its position) then cost one commit. Nothing that
// waits on the network belongs in fn: the batch holds the store's write
// turn from its first write to its end. A Batch inside another on the
// same handle is part of the outer one. A write inside a batch through a
// handle that would wait for the batch's write turn (another handle on the
// SQLite file; on PostgreSQL the whole store's handle in an account's
// batch) fails at once with ErrOutsideBatch instead of waiting for it. On
// PostgreSQL a query that fails inside the batch aborts its transaction:
// the batch then fails whole.
func (s *Handle) Batch(ctx context.Context, fn func(context.Context) error) error {
	if s.batchOf(ctx) != nil {
		return fn(ctx)
	}
	b := &batch{ctx: ctx, h: s}
	err := fn(context.WithValue(ctx, batchKey{}, b))
	if b.tx == nil {
		return err
	}
	if err := cmp.Or(err, b.err); err != nil {
		b.tx.Rollback()
		return err
	}
	if b.counted {
		if err := s.countWrite(ctx, b.tx); err != nil {
			b.tx.Rollback()
			return fmt.Errorf("commit: %w", err)
		}
	}
	if err := b.tx.Commit(); err != nil {
		return s.DiskFull(fmt.Errorf("commit: %w", err))
	}
	return nil
}

// ErrOutsideBatch is a write inside a Batch through a handle whose writes
// would wait for the batch's own write turn.
var ErrOutsideBatch = errors.New("a write through another handle of the store inside a batch would wait for the batch itself: write through the batch's handle")

// batchConflict is ErrOutsideBatch when ctx holds a batch on s's database
// that s's writes are not part of but would wait for.
func (s *Handle) batchConflict(ctx context.Context) error {
	b := batchIn(ctx)
	if b == nil || b.h.db != s.db || b.tx == nil {
		return nil
	}
	if s.dialect == Postgres && s.scoped && b.h.scoped && !wholeStore(ctx) {
		return nil // another account's turn: its own lock beside the batch's
	}
	return ErrOutsideBatch
}

// batchIn is ctx's batch, on whichever handle, or nil.
func batchIn(ctx context.Context) *batch {
	b, _ := ctx.Value(batchKey{}).(*batch)
	return b
}

// batchOf is the batch of ctx on s, or nil: a batch begun on s or on
// another handle of the same database and account (ForAccount makes a
// handle per call).
func (s *Handle) batchOf(ctx context.Context) *batch {
	if b := batchIn(ctx); b != nil && b.h.db == s.db && b.h.scoped == s.scoped && b.h.account == s.account {
		return b
	}
	return nil
}

// batchFor is ctx's batch when c is its handle's statement cache, or nil.
func batchFor(ctx context.Context, c *stmtCache) *batch {
	b := batchIn(ctx)
	if b == nil || c != b.h.q {
		return nil
	}
	return b
}

// batchQuerier is the open transaction of ctx's batch when c is its
// handle's statement cache, or nil: a query during a batch sees its writes.
func batchQuerier(ctx context.Context, c *stmtCache) Querier {
	if b := batchFor(ctx, c); b != nil && b.tx != nil {
		return b.q
	}
	return nil
}

// exec runs a statement written through the statement cache (Q of the
// whole store's handle on SQLite) as a write of the batch, in a savepoint
// of its own like every other.
func (b *batch) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if b.h.scoped {
		// Only the whole store's handle writes through the cache itself
		// (an account's Q is writeTx): not part of an account's batch.
		return nil, ErrOutsideBatch
	}
	var res sql.Result
	err := b.write(ctx, func(*sql.Tx) error {
		var err error
		res, err = b.q.ExecContext(ctx, query, args...)
		return err
	})
	return res, err
}

// write runs fn in a savepoint of the batch's transaction, beginning the
// transaction at the first write.
func (b *batch) write(ctx context.Context, fn func(*sql.Tx) error) error {
	if b.err != nil {
		return b.err
	}
	clear(b.memo) // what was read before this write may be stale after it
	if b.h.scoped && wholeStore(ctx) && !wholeStore(b.ctx) {
		return errors.New("a write of the whole store inside a batch of one account's: begin the batch WithWholeStore")
	}
	if b.tx == nil {
		// The transaction is the batch's: its context and locks, not
		// those of its first write.
		tx, err := b.h.db.BeginTx(b.ctx, nil)
		if err != nil {
			return b.h.DiskFull(fmt.Errorf("begin: %w", err))
		}
		if err := b.h.beginWrite(b.ctx, tx); err != nil {
			tx.Rollback()
			return fmt.Errorf("begin: %w", err)
		}
		b.tx, b.q = tx, b.h.q.in(tx)
	}
	// The savepoints run on the batch's context: a write's own context
	// ending fails that write, not the batch.
	if _, err := b.q.ExecContext(b.ctx, "SAVEPOINT batch_write"); err != nil {
		b.err = fmt.Errorf("batch savepoint: %w", err)
		return b.h.DiskFull(b.err)
	}
	if err := fn(b.tx); err != nil {
		if _, rerr := b.q.ExecContext(b.ctx, "ROLLBACK TO batch_write"); rerr != nil {
			b.err = fmt.Errorf("batch rollback after %v: %w", err, rerr)
		} else if _, rerr := b.q.ExecContext(b.ctx, "RELEASE batch_write"); rerr != nil {
			b.err = fmt.Errorf("batch release after %v: %w", err, rerr)
		}
		return b.h.DiskFull(err)
	}
	if _, err := b.q.ExecContext(b.ctx, "RELEASE batch_write"); err != nil {
		b.err = fmt.Errorf("batch release: %w", err)
		return b.h.DiskFull(b.err)
	}
	b.counted = b.counted || !uncounted(ctx) // as Tx's endWrite would count it
	return nil
}
