package transfer_test

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/store/storetest"
	"github.com/followup-dev/followup/internal/store/transfer"
)

var now = time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC)

// source is an SQLite store with a bit of everything: an interview with
// people and actions, an outbox row (bytes), an event, meta rows (one of
// them the daemon lease, which stays behind) and a sync position.
func source(t *testing.T) *store.Store {
	t.Helper()
	src, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "followup.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	ctx := t.Context()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	iv := &followup.Interview{Company: "Acme", Role: "Backend Engineer", Start: time.Date(2026, 11, 20, 14, 0, 0, 0, berlin), Duration: 45 * time.Minute,
		Interviewers: []followup.Person{{Name: "Jane Roe", Email: "jane@acme.example", Role: followup.RoleInterviewer}},
		NextSteps:    "we'll get back to you in 4-5 working days"}
	id, err := src.AddInterview(ctx, iv, now)
	if err != nil {
		t.Fatal(err)
	}
	acs := []followup.Action{
		{Key: "thank-you:jane@acme.example", Kind: followup.KindThankYou, To: []string{"jane@acme.example"}, Due: now.Add(time.Hour), Zone: "Europe/Berlin", State: followup.StatePending},
		{Key: "check-in:1", Kind: followup.KindCheckIn, To: []string{"jane@acme.example"}, Due: now.Add(240 * time.Hour), Zone: "Europe/Berlin", State: followup.StatePending},
	}
	if err := src.SyncActions(ctx, id, acs, now); err != nil {
		t.Fatal(err)
	}
	if _, err := src.EnqueueOutbox(ctx, store.OutboxItem{MessageID: "m1@me.example", Recipient: "jane@acme.example", Raw: []byte("Subject: hi\r\n\r\n\x00\xffbytes")}, now); err != nil {
		t.Fatal(err)
	}
	if err := src.AddEvent(ctx, store.Event{At: now, InterviewID: id, Kind: "drafted", Detail: "thank-you"}); err != nil {
		t.Fatal(err)
	}
	if err := src.SetMeta(ctx, "paused", store.FormatTime(now)); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := src.AcquireLease(ctx, store.Lease{PID: 1, Host: "old", Started: now}, now, time.Minute); err != nil || !ok {
		t.Fatal(err)
	}
	if err := src.SetIMAPState(ctx, "INBOX", 7, 42, now, "ok"); err != nil {
		t.Fatal(err)
	}
	return src
}

func counts(cs []transfer.Count) map[string][2]int64 {
	out := map[string][2]int64{}
	for _, c := range cs {
		out[c.Table] = [2]int64{c.Copied, c.Rows}
	}
	return out
}

// TestCopyIsCompleteAndIdempotent copies an SQLite store into a fresh one
// (PostgreSQL in a PostgreSQL run): every row arrives, the checksums agree,
// the copy works as a store (new ids follow the copied ones), and a second
// copy inserts nothing and agrees again.
func TestCopyIsCompleteAndIdempotent(t *testing.T) {
	src := source(t)
	dst := storetest.Open(t, store.Open, store.OpenPostgres)
	ctx := t.Context()
	got, err := transfer.Copy(ctx, src.Handle, dst.Handle)
	if err != nil {
		t.Fatal(err)
	}
	c := counts(got)
	for table, want := range map[string][2]int64{"interviews": {1, 1}, "people": {1, 1}, "actions": {2, 2}, "outbox": {1, 1}, "events": {1, 1}, "meta": {1, 1}, "imap_state": {1, 1}} {
		if c[table] != want {
			t.Errorf("%s: copied, rows = %v, want %v", table, c[table], want)
		}
	}
	if _, held, _ := dst.CurrentLease(ctx); held {
		t.Error("the old store's daemon lease was copied: the new store would look taken")
	}
	ivs, err := dst.ListInterviews(ctx, store.Filter{})
	if err != nil || len(ivs) != 1 || ivs[0].Company != "Acme" || len(ivs[0].Interviewers) != 1 {
		t.Fatalf("ListInterviews on the copy = %+v, %v", ivs, err)
	}
	items, err := dst.ListOutbox(ctx)
	if err != nil || len(items) != 1 || string(items[0].Raw) != "Subject: hi\r\n\r\n\x00\xffbytes" {
		t.Fatalf("outbox on the copy = %+v, %v; want the message's bytes as they were", items, err)
	}
	// The copy goes on numbering after the copied ids.
	oid, err := dst.EnqueueOutbox(ctx, store.OutboxItem{MessageID: "m2@me.example", Recipient: "jane@acme.example", Raw: []byte("x")}, now)
	if err != nil || oid <= items[0].ID {
		t.Fatalf("EnqueueOutbox on the copy = %d, %v; want an id after %d", oid, err, items[0].ID)
	}
	if err := dst.SyncActions(ctx, ivs[0].ID, append(slices.Clone(actionsOf(t, src, ivs[0].ID)), followup.Action{Key: "networking:2", Kind: followup.KindNetworking,
		To: []string{"jane@acme.example"}, Due: now.Add(480 * time.Hour), Zone: "Europe/Berlin", State: followup.StatePending}), now); err != nil {
		t.Fatalf("SyncActions on the copy = %v; want the new action numbered after the copied ones", err)
	}
	// A second run over the changed copy: the copy now has rows the source
	// has not, so it is no longer the source's copy.
	if _, err := transfer.Copy(ctx, src.Handle, dst.Handle); !errors.As(err, new(*transfer.MismatchError)) {
		t.Errorf("Copy into a store that has moved on = %v, want a MismatchError", err)
	}
}

func TestCopyAgainCopiesNothing(t *testing.T) {
	src := source(t)
	dst := storetest.Open(t, store.Open, store.OpenPostgres)
	first, err := transfer.Copy(t.Context(), src.Handle, dst.Handle)
	if err != nil {
		t.Fatal(err)
	}
	again, err := transfer.Copy(t.Context(), src.Handle, dst.Handle)
	if err != nil {
		t.Fatalf("Copy again = %v", err)
	}
	for i, c := range again {
		if c.Copied != 0 || c.Rows != first[i].Rows || c.Checksum != first[i].Checksum {
			t.Errorf("%s again: copied %d, rows %d, sum %s; want 0 copied and %d rows, sum %s", c.Table, c.Copied, c.Rows, c.Checksum, first[i].Rows, first[i].Checksum)
		}
	}
}

// TestCopyRefusesOtherData: a target that holds another interview under
// the same id is not overwritten, and the copy says it differs.
func TestCopyRefusesOtherData(t *testing.T) {
	src := source(t)
	dst := storetest.Open(t, store.Open, store.OpenPostgres)
	ivs, _ := src.ListInterviews(t.Context(), store.Filter{})
	if _, err := dst.DB().ExecContext(t.Context(), `INSERT INTO interviews (id, company, role, start_utc, zone, status, created_utc, updated_utc)
		VALUES (?, 'Other', 'Other', '2026-01-01T00:00:00Z', 'UTC', 'awaiting', '', '')`, ivs[0].ID); err != nil {
		t.Fatal(err)
	}
	var mm *transfer.MismatchError
	if _, err := transfer.Copy(t.Context(), src.Handle, dst.Handle); !errors.As(err, &mm) || mm.Table != "interviews" {
		t.Fatalf("Copy over other data = %v, want a MismatchError on interviews", err)
	}
	if got, _ := dst.GetInterview(t.Context(), ivs[0].ID); got == nil || got.Company != "Other" {
		t.Errorf("the target's own interview = %+v, want it left as it was", got)
	}
}

// TestTablesAreEveryTable: a table added by a migration and not listed in
// Tables would be left behind by a migration to PostgreSQL.
func TestTablesAreEveryTable(t *testing.T) {
	src := source(t)
	rows, err := src.DB().QueryContext(t.Context(), "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var have []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		have = append(have, n)
	}
	var listed []string
	for _, tb := range transfer.Tables {
		listed = append(listed, tb.Name)
	}
	slices.Sort(listed)
	if !slices.Equal(have, listed) {
		t.Errorf("tables in the schema = %v, transfer.Tables = %v", have, listed)
	}
}

func actionsOf(t *testing.T, s *store.Store, id string) []followup.Action {
	t.Helper()
	acs, err := s.Actions(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return acs
}
