// Package transfer copies a store from one database to another — an SQLite
// file into PostgreSQL, for `followup migrate` — every table, row by row,
// in one transaction on the target, and then proves the copy: the same
// number of rows and the same checksum of every table on both sides.
// Running it again copies nothing new and proves the same.
package transfer

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"strings"

	"github.com/followup-dev/followup/internal/store/sqldb"
)

// Table is one table of the store, and the columns that order its rows.
type Table struct {
	Name    string
	OrderBy string
}

// Tables are the store's tables, parents before the tables that refer to
// them (a foreign key is satisfied when its row is inserted).
var Tables = []Table{
	{"interviews", "id"},
	{"people", "interview_id, pos"},
	{"actions", "id"},
	{"messages", "message_id"},
	{"outbox", "id"},
	{"replies", "id"},
	{"imap_state", "account, mailbox"},
	{"events", "id"},
	{"meta", "key"},
	{"calendar_items", "uid"},
	{"action_overrides", "interview_id, key"},
	{"invites", "id"},
	{"account_changes", "account"},
}

// skipMeta are the meta rows that belong to the source alone: the daemon
// leases (one per account: daemon_lease@NAME) name processes running on
// the old store.
const skipMeta = "key <> 'daemon_lease' AND key NOT LIKE 'daemon!_lease@%' ESCAPE '!'"

// Count is one table's rows on both sides after a copy.
type Count struct {
	Table    string `json:"table"`
	Copied   int64  `json:"copied"`   // rows inserted by this run
	Rows     int64  `json:"rows"`     // rows in the source (and, when it matches, the target)
	Checksum string `json:"checksum"` // SHA-256 of the source's rows, hex; the target's is the same
}

// MismatchError says a table differs between the two stores after the copy:
// the target held other rows under the same keys before (it is not a copy of
// this store), or the source changed meanwhile.
type MismatchError struct {
	Table              string
	SourceRows, Target int64
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("table %s differs after the copy (%d rows in the source, %d in the target): the target already held other data under the same keys; copy into an empty database or schema",
		e.Table, e.SourceRows, e.Target)
}

// batch is how many rows one INSERT carries.
const batch = 200

// Copy copies every table of src into dst (whose schema is up to date:
// sqldb's Open made it), in one transaction on dst that also moves dst's
// id sequences past the copied ids, reading src in one read transaction
// (one consistent snapshot). Rows dst already has (same key) are left as
// they are. It then compares counts and checksums table by table and
// returns a *MismatchError for the first that differs.
func Copy(ctx context.Context, src, dst *sqldb.Handle) ([]Count, error) {
	rtx, err := src.DB().BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("read the source store: %w", err)
	}
	defer rtx.Rollback()
	counts := make([]Count, len(Tables))
	err = dst.Tx(ctx, func(wtx *sql.Tx) error {
		for i, t := range Tables {
			n, err := copyTable(ctx, rtx, wtx, t)
			if err != nil {
				return fmt.Errorf("copy %s: %w", t.Name, err)
			}
			counts[i] = Count{Table: t.Name, Copied: n}
		}
		return dst.ResetIdentities(ctx, wtx)
	})
	if err != nil {
		return nil, err
	}
	for i, t := range Tables {
		sum, n, err := Checksum(ctx, rtx, t)
		if err != nil {
			return nil, fmt.Errorf("check the source's %s: %w", t.Name, err)
		}
		dsum, dn, err := Checksum(ctx, dst.DB(), t)
		if err != nil {
			return nil, fmt.Errorf("check the target's %s: %w", t.Name, err)
		}
		if sum != dsum || n != dn {
			return nil, &MismatchError{Table: t.Name, SourceRows: n, Target: dn}
		}
		counts[i].Rows, counts[i].Checksum = n, sum
	}
	return counts, nil
}

// selectAll reads t's rows in key order.
func selectAll(ctx context.Context, q sqldb.Querier, t Table) (*sql.Rows, error) {
	where := ""
	if t.Name == "meta" {
		where = " WHERE " + skipMeta
	}
	return q.QueryContext(ctx, "SELECT * FROM "+t.Name+where+" ORDER BY "+t.OrderBy)
}

// copyTable inserts t's rows from src into dst, batch by batch, skipping
// rows whose key dst has; it returns how many it inserted.
func copyTable(ctx context.Context, src, dst sqldb.Querier, t Table) (int64, error) {
	rows, err := selectAll(ctx, src, t)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	var copied int64
	pending := make([]any, 0, batch*len(cols))
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		n := len(pending) / len(cols)
		row := "(" + sqldb.Params(len(cols)) + ")"
		q := "INSERT INTO " + t.Name + " (" + strings.Join(cols, ", ") + ") VALUES " +
			strings.TrimSuffix(strings.Repeat(row+",", n), ",") + " ON CONFLICT DO NOTHING"
		res, err := dst.ExecContext(ctx, q, pending...)
		if err != nil {
			return err
		}
		k, _ := res.RowsAffected()
		copied += k
		pending = pending[:0]
		return nil
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return 0, err
		}
		pending = append(pending, vals...)
		if len(pending) == batch*len(cols) {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return copied, flush()
}

// Checksum is the SHA-256 of t's rows in key order, each value with its
// kind (integer, real, text, bytes, NULL), and the number of rows: the same
// rows give the same sum on SQLite and PostgreSQL.
func Checksum(ctx context.Context, q sqldb.Querier, t Table) (string, int64, error) {
	rows, err := selectAll(ctx, q, t)
	if err != nil {
		return "", 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return "", 0, err
	}
	h := sha256.New()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n int64
	var num [8]byte
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return "", 0, err
		}
		n++
		for _, v := range vals {
			switch v := v.(type) {
			case nil:
				h.Write([]byte{'n'})
			case int64:
				binary.BigEndian.PutUint64(num[:], uint64(v))
				h.Write([]byte{'i'})
				h.Write(num[:])
			case float64:
				binary.BigEndian.PutUint64(num[:], math.Float64bits(v))
				h.Write([]byte{'f'})
				h.Write(num[:])
			case string:
				writeBytes(h, 's', []byte(v))
			case []byte:
				writeBytes(h, 'b', v)
			default:
				return "", 0, fmt.Errorf("column value of type %T", v)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// writeBytes writes a kind, a length and the bytes, so that no two rows
// run together into the same stream.
func writeBytes(h interface{ Write([]byte) (int, error) }, kind byte, b []byte) {
	var l [8]byte
	binary.BigEndian.PutUint64(l[:], uint64(len(b)))
	h.Write([]byte{kind})
	h.Write(l[:])
	h.Write(b)
}
