package imapwatch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/emersion/go-imap/v2"

	"github.com/followup-dev/followup/internal/imapwatch/imaptest"
)

// screenWanting is a Screen factory wanting the messages whose Subject
// starts with "want", and counting the headers it saw.
func screenWanting(seen *int) func(context.Context, string) (Screen, error) {
	return func(context.Context, string) (Screen, error) {
		return func(h Header) bool {
			*seen++
			return strings.Contains(string(h.Fields), "Subject: want")
		}, nil
	}
}

// headertap reads the header responses over a plain connection and under
// a STARTTLS imapconn negotiated itself.
func TestScreenFetchesOnlyWantedAcrossBatches(t *testing.T) {
	for _, sec := range []imaptest.Security{imaptest.Plain, imaptest.StartTLS} {
		t.Run(map[imaptest.Security]string{imaptest.Plain: "plain", imaptest.StartTLS: "starttls"}[sec], func(t *testing.T) {
			testScreenFetchesOnlyWantedAcrossBatches(t, sec)
		})
	}
}

func testScreenFetchesOnlyWantedAcrossBatches(t *testing.T, sec imaptest.Security) {
	s := newTestServer(t, nil, sec)
	const n = screenChunk + screenBatch + 100 // two FETCHes, twelve batches
	var want []string
	for i := range n {
		sub := fmt.Sprintf("other %d", i)
		if i%997 == 7 {
			sub = fmt.Sprintf("want %d", i)
			want = append(want, "INBOX/"+sub)
		}
		s.Deliver("INBOX", testMessage(fmt.Sprintf("%d@acme.example", i), sub), fixedTime)
	}
	rec, st, seen := newRecorder(), &memState{}, 0
	var progress []Progress
	w := NewWatcher(dialFunc(s), st, rec.handle, WatchOptions{Mailboxes: []string{"INBOX"}, Since: since,
		Screen: screenWanting(&seen), ScreenFields: []string{"Subject", "Message-ID"},
		Progress: func(p Progress) { progress = append(progress, p) }})
	if err := w.SyncOnce(t.Context()); err != nil {
		t.Fatalf("SyncOnce = %v", err)
	}
	if got := rec.subjects(); !slices.Equal(got, want) {
		t.Errorf("handled %q, want %q", got, want)
	}
	for _, m := range rec.got {
		if !strings.Contains(string(m.Raw), "\r\n\r\nHello, thanks") || !strings.Contains(string(m.Raw), "From: Ann") {
			t.Errorf("UID %d handed over without its whole header and body: %q", m.UID, m.Raw)
		}
	}
	if seen != n {
		t.Errorf("screen saw %d headers, want %d", seen, n)
	}
	if _, last, _, _ := st.IMAPState(t.Context(), "INBOX"); last != n {
		t.Errorf("position = %d, want %d", last, n)
	}
	checkBatchProgress(t, progress, n)
	if got := s.Lists(); got != 1 {
		t.Errorf("%d LISTs, want 1: the second connection takes the first one's Drafts and Sent", got)
	}
	s.AssertNotSeen("INBOX")
}

func TestScreenSkipsMessageExpungedBetweenPhases(t *testing.T) {
	s := newTestServer(t, nil)
	for _, sub := range []string{"want a", "other", "want b", "want c"} {
		s.Deliver("INBOX", testMessage(sub[len(sub)-1:]+"@acme.example", sub), fixedTime)
	}
	rec, st, seen := newRecorder(), &memState{}, 0
	w := NewWatcher(dialFunc(s), st, rec.handle, WatchOptions{Mailboxes: []string{"INBOX"}, Since: since,
		Screen: screenWanting(&seen), ScreenFields: []string{"Subject"}})
	w.screened = func(_ string, wanted []imap.UID) {
		if !slices.Equal(wanted, []imap.UID{1, 3, 4}) {
			t.Errorf("wanted %v, want [1 3 4]", wanted)
		}
		expunge(t, s, 3)
	}
	if err := w.SyncOnce(t.Context()); err != nil {
		t.Fatalf("SyncOnce = %v", err)
	}
	if got, want := rec.subjects(), []string{"INBOX/want a", "INBOX/want c"}; !slices.Equal(got, want) {
		t.Errorf("handled %q, want %q", got, want)
	}
	if _, last, _, _ := st.IMAPState(t.Context(), "INBOX"); last != 4 {
		t.Errorf("position = %d, want 4", last)
	}
}

// checkBatchProgress checks the reports of a screened catch-up of n
// messages: one after each batch handled, or after a run of batches the
// handler took as one (how many depends on how far it fell behind), each
// at the end of a batch, the last at n, each Read what it added.
func checkBatchProgress(t *testing.T, progress []Progress, n int) {
	t.Helper()
	prev := 0
	for _, p := range progress {
		if p.Mailbox != "INBOX" || p.Total != n || p.Done <= prev || p.Done%screenBatch != 0 && p.Done != n || p.Read != p.Done-prev {
			t.Errorf("progress %v after %d: want INBOX, a batch's end past it, of %d, reading what it adds", p, prev, n)
		}
		prev = p.Done
	}
	if prev != n {
		t.Errorf("progress = %v, want it to end at %d", progress, n)
	}
}

// A handler held up until the screening has sent every batch takes the
// batches waiting as one (up to mergeMax): three reports or fewer for
// twelve batches, one of them for ten at once, and the position at the
// end.
func TestScreenHandlerBehindTakesTheWaitingBatchesAsOne(t *testing.T) {
	s := newTestServer(t, nil)
	const n = screenChunk + screenBatch + 100 // twelve batches
	for i := range n {
		sub := fmt.Sprintf("other %d", i)
		if i == 7 {
			sub = "want first"
		}
		s.Deliver("INBOX", testMessage(fmt.Sprintf("%d@acme.example", i), sub), fixedTime)
	}
	rec, st, seen := newRecorder(), &memState{}, 0
	screenedAll := make(chan struct{})
	rec.fail = func(Message) error { <-screenedAll; return nil }
	var progress []Progress
	w := NewWatcher(dialFunc(s), st, rec.handle, WatchOptions{Mailboxes: []string{"INBOX"}, Since: since,
		Screen: screenWanting(&seen), ScreenFields: []string{"Subject"},
		Progress: func(p Progress) { progress = append(progress, p) }})
	batches := 0
	w.screened = func(string, []imap.UID) {
		if batches++; batches == (n+screenBatch-1)/screenBatch {
			close(screenedAll)
		}
	}
	if err := w.SyncOnce(t.Context()); err != nil {
		t.Fatalf("SyncOnce = %v", err)
	}
	checkBatchProgress(t, progress, n)
	most := 0
	for _, p := range progress {
		most = max(most, p.Read)
	}
	if len(progress) > 3 || most < (mergeMax-1)*screenBatch {
		t.Errorf("progress = %v, want at most three reports, one of at least %d messages", progress, (mergeMax-1)*screenBatch)
	}
	if got := rec.subjects(); !slices.Equal(got, []string{"INBOX/want first"}) {
		t.Errorf("handled %q, want the one wanted message", got)
	}
}

// A handler behind the screening takes the batches waiting as one, at
// most mergeMax: their wanted UIDs in order, the last one's end, the
// messages of all.
func TestTakeWaitingMergesTheBatchesScreenedMeanwhile(t *testing.T) {
	batches := make(chan screenedBatch, mergeMax+2)
	for i := range mergeMax + 1 {
		batches <- screenedBatch{last: uint32(1000 * (i + 2)), wanted: []imap.UID{imap.UID(1000*(i+1) + 1)}, done: 1000 * (i + 2), read: 1000}
	}
	got := takeWaiting(screenedBatch{last: 1000, wanted: []imap.UID{7}, done: 1000, read: 1000}, batches)
	want := screenedBatch{last: 1000 * mergeMax, wanted: []imap.UID{7}, done: 1000 * mergeMax, read: 1000 * mergeMax}
	for i := 1; i < mergeMax; i++ {
		want.wanted = append(want.wanted, imap.UID(1000*i+1))
	}
	if got.last != want.last || got.done != want.done || got.read != want.read || !slices.Equal(got.wanted, want.wanted) {
		t.Errorf("takeWaiting = %+v, want %+v", got, want)
	}
	if len(batches) != 2 {
		t.Errorf("%d batches left waiting, want 2 (mergeMax taken)", len(batches))
	}
	close(batches)
	got = takeWaiting(screenedBatch{last: 5, done: 5, read: 5}, batches)
	if got.last != uint32(1000*(mergeMax+2)) || got.read != 2005 || len(got.wanted) != 2 {
		t.Errorf("takeWaiting after the screening ended = %+v, want the two left taken", got)
	}
	if got := takeWaiting(screenedBatch{last: 9}, make(chan screenedBatch)); got.last != 9 {
		t.Errorf("takeWaiting with nothing waiting = %+v, want the batch as it was", got)
	}
}

// A failure while handling a batch (a crash, for the store) leaves the
// position where the batch began: the next sync hands the batch over
// again from its first message and misses none.
func TestScreenFailureMidBatchRereadsTheBatch(t *testing.T) {
	s := newTestServer(t, nil)
	for _, sub := range []string{"want a", "other", "want b", "want c"} {
		s.Deliver("INBOX", testMessage(sub[len(sub)-1:]+"@acme.example", sub), fixedTime)
	}
	rec, st, seen := newRecorder(), &memState{}, 0
	failed := false
	rec.fail = func(m Message) error {
		if subject(m.Raw) == "want b" && !failed {
			failed = true
			return errors.New("killed")
		}
		return nil
	}
	w := NewWatcher(dialFunc(s), st, rec.handle, WatchOptions{Mailboxes: []string{"INBOX"}, Since: since,
		Screen: screenWanting(&seen), ScreenFields: []string{"Subject"}})
	if err := w.SyncOnce(t.Context()); err == nil {
		t.Fatal("SyncOnce = nil, want the handler's failure")
	}
	if _, last, _, _ := st.IMAPState(t.Context(), "INBOX"); last != 0 {
		t.Errorf("position after the failure = %d, want 0 (where the batch began)", last)
	}
	if err := w.SyncOnce(t.Context()); err != nil {
		t.Fatalf("second SyncOnce = %v", err)
	}
	if got, want := rec.subjects(), []string{"INBOX/want a", "INBOX/want a", "INBOX/want b", "INBOX/want c"}; !slices.Equal(got, want) {
		t.Errorf("handled %q, want %q", got, want)
	}
}

// A mailbox recreated while a catch-up reads it (new UIDVALIDITY) is read
// again from the Since day by the next sync.
func TestScreenUIDValidityChangeMidSyncRescans(t *testing.T) {
	s := newTestServer(t, nil)
	for i := range screenBatch + 10 {
		s.Deliver("INBOX", testMessage(fmt.Sprintf("%d@acme.example", i), fmt.Sprintf("other %d", i)), fixedTime)
	}
	rec, st, seen := newRecorder(), &memState{}, 0
	w := NewWatcher(dialFunc(s), st, rec.handle, WatchOptions{Mailboxes: []string{"INBOX"}, Since: since,
		Screen: screenWanting(&seen), ScreenFields: []string{"Subject"}})
	recreated := false
	w.screened = func(string, []imap.UID) {
		if recreated {
			return
		}
		recreated = true
		if err := s.User().Delete("INBOX"); err != nil {
			t.Fatal(err)
		}
		if err := s.User().Create("INBOX", nil); err != nil {
			t.Fatal(err)
		}
		s.Deliver("INBOX", testMessage("new1@acme.example", "want new 1"), fixedTime)
		s.Deliver("INBOX", testMessage("new2@acme.example", "want new 2"), fixedTime)
	}
	first := w.SyncOnce(t.Context()) // the pass may end with an error or on the old mailbox's view
	if err := w.SyncOnce(t.Context()); err != nil {
		t.Fatalf("SyncOnce after the change = %v (first pass: %v)", err, first)
	}
	if got, want := rec.subjects(), []string{"INBOX/want new 1", "INBOX/want new 2"}; !slices.Equal(got, want) {
		t.Errorf("handled %q, want %q", got, want)
	}
	status, err := s.User().Status("INBOX", &imap.StatusOptions{UIDValidity: true})
	if err != nil {
		t.Fatal(err)
	}
	if uv, last, _, _ := st.IMAPState(t.Context(), "INBOX"); uv != status.UIDValidity || last != 2 {
		t.Errorf("state = uidvalidity %d, last %d; want the new mailbox's %d, 2", uv, last, status.UIDValidity)
	}
}

// expunge deletes the message with uid from INBOX over its own connection.
func expunge(t *testing.T, s *imaptest.Server, uid imap.UID) {
	t.Helper()
	s.Expunge("INBOX", uid)
}

// A handler failure in the middle of a big catch-up ends that mailbox's
// sync without breaking the connection: the next mailbox is still read on
// it (found in review).
func TestScreenHandlerFailureLeavesTheConnectionForTheNextMailbox(t *testing.T) {
	s := newTestServer(t, nil)
	if err := s.User().Create("Archive", nil); err != nil {
		t.Fatal(err)
	}
	for i := range 5 * screenBatch {
		sub := fmt.Sprintf("other %d", i)
		if i == 0 {
			sub = "want first"
		}
		s.Deliver("INBOX", testMessage(fmt.Sprintf("%d@acme.example", i), sub), fixedTime)
	}
	s.Deliver("Archive", testMessage("arch@acme.example", "want archived"), fixedTime)
	rec, st, seen := newRecorder(), &memState{}, 0
	rec.fail = func(m Message) error {
		if m.Mailbox == "INBOX" {
			return errors.New("store busy")
		}
		return nil
	}
	w := NewWatcher(dialFunc(s), st, rec.handle, WatchOptions{Mailboxes: []string{"INBOX", "Archive"}, Since: since,
		Screen: screenWanting(&seen), ScreenFields: []string{"Subject"}})
	err := w.SyncOnce(t.Context())
	if err == nil || !strings.Contains(err.Error(), "store busy") || strings.Contains(err.Error(), "Archive") {
		t.Errorf("SyncOnce = %v, want INBOX's failure only", err)
	}
	if got := rec.subjects(); !slices.Equal(got, []string{"Archive/want archived"}) {
		t.Errorf("handled %q, want Archive's message", got)
	}
}

// oneConnection dials s once; later dials are refused as a server with a
// connection limit refuses them.
func oneConnection(s *imaptest.Server) DialFunc {
	var open atomic.Int32
	base := dialFunc(s)
	return func(ctx context.Context) (*Client, error) {
		if open.Add(1) > 1 {
			return nil, errors.New("NO [LIMIT] Maximum number of connections from user+IP exceeded")
		}
		return base(ctx)
	}
}

// A handler failure while the next body FETCH is under way (prefetch), on
// the one connection the screening shares (a second one refused): nothing
// more is handed over, the position stays, and the connection reads the
// next mailbox. (That handleBatch also waits for the FETCH under way before
// it returns is not seen here: the one connection's command lock keeps
// that FETCH and the next mailbox's commands apart either way.)
func TestScreenHandlerFailureWaitsForTheFetchAhead(t *testing.T) {
	s := newTestServer(t, nil)
	if err := s.User().Create("Archive", nil); err != nil {
		t.Fatal(err)
	}
	for i := range 2 * screenBatch {
		s.Deliver("INBOX", testMessage(fmt.Sprintf("%d@acme.example", i), fmt.Sprintf("want %d", i)), fixedTime)
	}
	s.Deliver("Archive", testMessage("arch@acme.example", "want archived"), fixedTime)
	dial := oneConnection(s)
	rec, st, seen := newRecorder(), &memState{}, 0
	handed := 0
	rec.fail = func(m Message) error {
		if m.Mailbox != "INBOX" {
			return nil
		}
		if handed++; handed == fetchBatch+3 { // in the second FETCH's messages, the third under way
			return errors.New("store busy")
		}
		return nil
	}
	w := NewWatcher(dial, st, rec.handle, WatchOptions{Mailboxes: []string{"INBOX", "Archive"}, Since: since,
		Screen: screenWanting(&seen), ScreenFields: []string{"Subject"}})
	err := w.SyncOnce(t.Context())
	if err == nil || !strings.Contains(err.Error(), "store busy") || strings.Contains(err.Error(), "Archive") {
		t.Errorf("SyncOnce = %v, want INBOX's failure only", err)
	}
	if handed != fetchBatch+3 {
		t.Errorf("INBOX handed %d messages, want %d (none after the failure)", handed, fetchBatch+3)
	}
	if got := rec.subjects(); len(got) == 0 || got[len(got)-1] != "Archive/want archived" {
		t.Errorf("handled %q, want Archive's message last", got)
	}
	if _, last, _, _ := st.IMAPState(t.Context(), "INBOX"); last != 0 {
		t.Errorf("INBOX position %d, want 0 (the batch is read again)", last)
	}
}

// A server that allows one connection at a time: a catch-up of more than
// one batch fetches the wanted messages on its only connection (found in
// review: it never got past the first batch).
func TestScreenSecondConnectionRefusedFallsBack(t *testing.T) {
	s := newTestServer(t, nil)
	var want []string
	for i := range 2 * screenBatch {
		sub := fmt.Sprintf("other %d", i)
		if i%500 == 0 {
			sub = fmt.Sprintf("want %d", i)
			want = append(want, "INBOX/"+sub)
		}
		s.Deliver("INBOX", testMessage(fmt.Sprintf("%d@acme.example", i), sub), fixedTime)
	}
	dial := oneConnection(s)
	rec, st, seen := newRecorder(), &memState{}, 0
	w := NewWatcher(dial, st, rec.handle, WatchOptions{Mailboxes: []string{"INBOX"}, Since: since,
		Screen: screenWanting(&seen), ScreenFields: []string{"Subject"}})
	if err := w.SyncOnce(t.Context()); err != nil {
		t.Fatalf("SyncOnce = %v", err)
	}
	if got := rec.subjects(); !slices.Equal(got, want) {
		t.Errorf("handled %q, want %q", got, want)
	}
	if _, last, _, _ := st.IMAPState(t.Context(), "INBOX"); last != 2*screenBatch {
		t.Errorf("position %d, want %d", last, 2*screenBatch)
	}
}
