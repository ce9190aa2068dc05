package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
)

func putMeta(ctx context.Context, h *Handle, key, value string) error {
	return h.Tx(ctx, func(tx *sql.Tx) error {
		_, err := h.InTx(ctx, tx).ExecContext(ctx, "INSERT INTO meta (key, value) VALUES (?, ?)", key, value)
		return err
	})
}

// readMeta reads key through the statement cache, as the store's reads do.
func readMeta(ctx context.Context, h *Handle, key string) (string, error) {
	var v string
	err := h.Q().QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&v)
	return v, err
}

// The writes of a batch are one transaction: its queries see them, other
// connections see none of them until the batch ends, and then all; a write
// that fails takes back its own changes only.
func TestBatchWritesCommitTogether(t *testing.T) {
	h := openTemp(t)
	ctx := t.Context()
	errRefused := errors.New("refused")
	err := h.Batch(ctx, func(ctx context.Context) error {
		if err := putMeta(ctx, h, "a", "1"); err != nil {
			return err
		}
		if err := putMeta(ctx, h, "b", "2"); err != nil {
			return err
		}
		err := h.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := h.InTx(ctx, tx).ExecContext(ctx, "INSERT INTO meta (key, value) VALUES ('c', '3')"); err != nil {
				return err
			}
			return errRefused
		})
		if !errors.Is(err, errRefused) {
			t.Errorf("failing write = %v, want its own error", err)
		}
		if v, err := readMeta(ctx, h, "b"); err != nil || v != "2" {
			t.Errorf("read inside the batch = %q, %v; want its own write 2", v, err)
		}
		if _, err := readMeta(t.Context(), h, "a"); !errors.Is(err, sql.ErrNoRows) {
			t.Errorf("read outside the batch before its end = %v; want nothing yet", err)
		}
		_, err = h.Q().ExecContext(ctx, "UPDATE meta SET value = '11' WHERE key = 'a'")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"a": "11", "b": "2"} {
		if v, err := readMeta(t.Context(), h, key); err != nil || v != want {
			t.Errorf("after the batch %s = %q, %v; want %q", key, v, err, want)
		}
	}
	if _, err := readMeta(t.Context(), h, "c"); !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("the failed write's row = %v; want it taken back", err)
	}
}

// A batch whose function fails keeps none of its writes; one that wrote
// nothing began no transaction.
func TestBatchFailureKeepsNothing(t *testing.T) {
	h := openTemp(t)
	errStop := errors.New("stop")
	err := h.Batch(t.Context(), func(ctx context.Context) error {
		if err := putMeta(ctx, h, "a", "1"); err != nil {
			return err
		}
		return errStop
	})
	if !errors.Is(err, errStop) {
		t.Fatalf("Batch = %v, want the function's error", err)
	}
	if _, err := readMeta(t.Context(), h, "a"); !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("a failed batch's write = %v; want none kept", err)
	}
	if err := h.Batch(t.Context(), func(context.Context) error { return nil }); err != nil {
		t.Errorf("an empty batch = %v", err)
	}
}

// On a handle of one account a batch counts once for the change monitor,
// when one of its writes counted.
func TestBatchCountsOnceForTheChangeMonitor(t *testing.T) {
	base := openTemp(t)
	h, err := base.ForAccount("ana")
	if err != nil {
		t.Fatal(err)
	}
	count := func() int {
		var n int
		err := h.DB().QueryRowContext(t.Context(), "SELECT coalesce(sum(n), 0) FROM account_changes WHERE account = 'ana'").Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	err = h.Batch(t.Context(), func(ctx context.Context) error {
		for _, k := range []string{"a", "b", "c"} {
			if err := putMeta(ctx, h, k, "1"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := count() - before; got != 1 {
		t.Errorf("a batch of three writes counted %d changes, want 1", got)
	}
}

// A write inside a batch through a handle that would wait for the batch's
// own write turn fails at once with ErrOutsideBatch (found in review: it
// waited out SQLite's busy timeout, and on PostgreSQL for ever); on
// PostgreSQL another account's write goes beside the batch.
func TestBatchRefusesWritesThatWouldWaitForIt(t *testing.T) {
	base := openTemp(t)
	ana, err := base.ForAccount("ana")
	if err != nil {
		t.Fatal(err)
	}
	bob, err := base.ForAccount("bob")
	if err != nil {
		t.Fatal(err)
	}
	err = ana.Batch(t.Context(), func(ctx context.Context) error {
		if err := putMeta(ctx, ana, "ana", "1"); err != nil {
			return err
		}
		if err := putMeta(ctx, base, "whole", "1"); !errors.Is(err, ErrOutsideBatch) {
			t.Errorf("the whole store's write inside an account's batch = %v, want ErrOutsideBatch", err)
		}
		err := putMeta(ctx, bob, "bob", "1")
		if base.Dialect() == Postgres && err != nil {
			t.Errorf("another account's write beside the batch on PostgreSQL = %v, want it done", err)
		}
		if base.Dialect() != Postgres && !errors.Is(err, ErrOutsideBatch) {
			t.Errorf("another account's write inside a batch on SQLite = %v, want ErrOutsideBatch", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if v, err := readMeta(t.Context(), base, "ana"); err != nil || v != "1" {
		t.Errorf("the batch's own write = %q, %v; want it kept", v, err)
	}
}

// A write whose own context ends fails alone: the batch's savepoints run
// on the batch's context, and its other writes commit (found in review).
func TestBatchOutlivesAWriteWhoseContextEnded(t *testing.T) {
	h := openTemp(t)
	err := h.Batch(t.Context(), func(ctx context.Context) error {
		if err := putMeta(ctx, h, "a", "1"); err != nil {
			return err
		}
		short, cancel := context.WithCancel(ctx)
		err := h.Tx(short, func(tx *sql.Tx) error {
			cancel()
			return short.Err()
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the write whose context ended = %v, want context.Canceled", err)
		}
		return putMeta(ctx, h, "b", "2")
	})
	if err != nil {
		t.Fatalf("Batch after one write's context ended = %v, want the others committed", err)
	}
	for key, want := range map[string]string{"a": "1", "b": "2"} {
		if v, err := readMeta(t.Context(), h, key); err != nil || v != want {
			t.Errorf("%s = %q, %v; want %q", key, v, err, want)
		}
	}
}

// BatchMemo is one map for the open transaction of a batch, emptied by
// each write, and none outside a batch, before its first write, or in the
// next batch.
func TestBatchMemoLivesAsLongAsTheTransaction(t *testing.T) {
	h := openTemp(t)
	if m := h.BatchMemo(t.Context()); m != nil {
		t.Errorf("BatchMemo outside a batch = %v, want nil", m)
	}
	for round := range 2 {
		err := h.Batch(t.Context(), func(ctx context.Context) error {
			if m := h.BatchMemo(ctx); m != nil {
				t.Errorf("round %d: BatchMemo before the first write = %v, want nil", round, m)
			}
			if err := putMeta(ctx, h, fmt.Sprint("k", round), "v"); err != nil {
				return err
			}
			m := h.BatchMemo(ctx)
			if m == nil {
				t.Fatalf("round %d: BatchMemo after a write = nil", round)
			}
			if len(m) != 0 {
				t.Errorf("round %d: BatchMemo = %v, want a new batch's empty map", round, m)
			}
			m["seen"] = round
			if h.BatchMemo(ctx)["seen"] != round {
				t.Errorf("round %d: BatchMemo is not the same map through the batch", round)
			}
			if err := putMeta(ctx, h, fmt.Sprint("k2-", round), "v"); err != nil {
				return err
			}
			if m := h.BatchMemo(ctx); len(m) != 0 {
				t.Errorf("round %d: BatchMemo after another write = %v, want it emptied", round, m)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
