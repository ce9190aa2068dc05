package imapwatch

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"

	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/store/storetest"
)

// Two mailboxes caught up at once (Run: a goroutine each), every wanted
// message written to the store in its batch's transaction: neither waits
// for the other's write turn while holding the handler's (found in
// review: the batch let the handler's turn go between its messages, and
// the other mailbox's handler took it and waited for the store, which on
// SQLite failed after the busy timeout and on PostgreSQL hung). Every
// message is written once, with no store error, and both positions reach
// the end.
func TestTwoMailboxesCatchUpAtOnceWithBatches(t *testing.T) {
	s := newTestServer(t, nil)
	const n = 1500 // two screen batches in each mailbox, so a second connection each
	boxes := []string{"INBOX", "Drafts"}
	for i := range n {
		for _, box := range boxes {
			s.Deliver(box, testMessage(fmt.Sprintf("%s.%d@acme.example", box, i), fmt.Sprintf("note %d", i)), fixedTime)
		}
	}
	st := storetest.Open(t, store.Open, store.OpenPostgres)
	failed := make(chan error, 1)
	handler := func(ctx context.Context, m Message) error {
		err := st.Tx(ctx, func(tx *sql.Tx) error {
			_, err := st.InTx(ctx, tx).ExecContext(ctx, "INSERT INTO meta (key, value) VALUES (?, 'seen')", fmt.Sprintf("seen/%s/%d", m.Mailbox, m.UID))
			return err
		})
		if err != nil && ctx.Err() == nil {
			select {
			case failed <- err:
			default:
			}
		}
		return err
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var done sync.Map
	finished := make(chan struct{})
	var once sync.Once
	progress := func(p Progress) {
		if p.Total > 0 && p.Done == p.Total {
			done.Store(p.Mailbox, true)
		}
		if _, a := done.Load("INBOX"); a {
			if _, b := done.Load("Drafts"); b {
				once.Do(func() { close(finished) })
			}
		}
	}
	w := NewWatcher(dialFunc(s), st, handler, WatchOptions{Mailboxes: boxes, Since: since,
		Screen:       func(context.Context, string) (Screen, error) { return func(Header) bool { return true }, nil },
		ScreenFields: []string{"Subject"}, ScreenMin: 1, Progress: progress})
	ran := make(chan error, 1)
	go func() { ran <- w.Run(ctx) }()
	select {
	case <-finished:
	case err := <-failed:
		cancel()
		<-ran
		t.Fatalf("a handler's write failed: %v", err)
	case err := <-ran:
		t.Fatalf("Run ended before both catch-ups did: %v", err)
	}
	cancel()
	<-ran
	for _, box := range boxes {
		if _, last, _, err := st.IMAPState(t.Context(), box); err != nil || last != n {
			t.Errorf("%s position = %d, %v; want %d", box, last, err, n)
		}
		var seen int
		if err := st.DB().QueryRowContext(t.Context(), "SELECT count(*) FROM meta WHERE key LIKE ?", "seen/"+box+"/%").Scan(&seen); err != nil || seen != n {
			t.Errorf("%s messages written = %d, %v; want each of %d once", box, seen, err, n)
		}
	}
}
