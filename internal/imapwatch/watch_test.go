package imapwatch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/followup-dev/followup/internal/imapwatch/imaptest"
	"github.com/followup-dev/followup/internal/store"
)

// memState is an in-memory StateStore.
type memState struct {
	mu   sync.Mutex
	rows map[string][2]uint32
}

func (m *memState) IMAPState(_ context.Context, mailbox string) (uint32, uint32, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.rows[mailbox]
	return r[0], r[1], ok, nil
}

func (m *memState) SetIMAPState(_ context.Context, mailbox string, uv, last uint32, _ time.Time, _ string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rows == nil {
		m.rows = map[string][2]uint32{}
	}
	m.rows[mailbox] = [2]uint32{uv, last}
	return nil
}

// recorder is a Handler that remembers what it was given and passes each
// message on a channel.
type recorder struct {
	mu   sync.Mutex
	got  []Message
	ch   chan Message
	fail func(Message) error
}

func newRecorder() *recorder { return &recorder{ch: make(chan Message, 100)} }

func (r *recorder) handle(_ context.Context, m Message) error {
	if r.fail != nil {
		if err := r.fail(m); err != nil {
			return err
		}
	}
	r.mu.Lock()
	r.got = append(r.got, m)
	r.mu.Unlock()
	r.ch <- m
	return nil
}

// subjects lists "mailbox/subject" of everything handled, in order.
func (r *recorder) subjects() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, m := range r.got {
		out = append(out, m.Mailbox+"/"+subject(m.Raw))
	}
	return out
}

func subject(raw []byte) string {
	for _, line := range bytes.Split(raw, []byte("\r\n")) {
		if s, ok := bytes.CutPrefix(line, []byte("Subject: ")); ok {
			return string(s)
		}
	}
	return ""
}

func dialFunc(s *imaptest.Server) DialFunc {
	return func(ctx context.Context) (*Client, error) {
		return Dial(ctx, s.Config(), testPassword, Options{})
	}
}

var since = fixedTime.AddDate(0, 0, -1)

func TestSyncOnceDeliversOnceWithRealStore(t *testing.T) {
	s := newTestServer(t, nil)
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "followup.db"))
	if err != nil {
		t.Fatalf("store.Open = %v", err)
	}
	defer st.Close()
	s.Deliver("INBOX", testMessage("old@acme.example", "old"), since.AddDate(-1, 0, 0))
	s.Deliver("INBOX", testMessage("a@acme.example", "a"), fixedTime)
	s.Deliver("INBOX", testMessage("b@acme.example", "b"), fixedTime)
	s.Deliver("Sent", testMessage("s@example.test", "s"), fixedTime)

	rec := newRecorder()
	var progress []Progress
	opts := WatchOptions{Since: since, Progress: func(p Progress) { progress = append(progress, p) }}
	w := NewWatcher(dialFunc(s), st, rec.handle, opts)
	for range 2 {
		if err := w.SyncOnce(t.Context()); err != nil {
			t.Fatalf("SyncOnce = %v", err)
		}
	}
	// Sent is read before the new mail of INBOX is handed over.
	want := []string{"Sent/s", "INBOX/a", "INBOX/b"}
	if got := rec.subjects(); !slices.Equal(got, want) {
		t.Errorf("handled %q, want %q", got, want)
	}
	if uv, last, ok, err := st.IMAPState(t.Context(), "INBOX"); err != nil || !ok || last != 3 || uv == 0 {
		t.Errorf("IMAPState(INBOX) = %d, %d, %v, %v, want uidvalidity, 3, true, nil", uv, last, ok, err)
	}
	wantProgress := []Progress{{"Sent", 1, 1, 1}, {"INBOX", 1, 2, 1}, {"INBOX", 2, 2, 1}}
	if !slices.Equal(progress, wantProgress) {
		t.Errorf("progress = %v, want %v", progress, wantProgress)
	}
	for _, m := range rec.got {
		if want := m.Mailbox == "Sent"; m.Sent != want {
			t.Errorf("message in %s has Sent = %v, want %v", m.Mailbox, m.Sent, want)
		}
	}
	m := rec.got[1]
	if !bytes.Contains(m.Raw, []byte("\r\n\r\nHello, thanks")) || m.Truncated() || m.UID != 2 {
		t.Errorf("first message = UID %d, truncated %v, raw %q; want UID 2, whole header and body", m.UID, m.Truncated(), m.Raw)
	}

	// A new watcher on the same store (a restart) does not re-deliver.
	rec2 := newRecorder()
	s.Deliver("INBOX", testMessage("c@acme.example", "c"), fixedTime)
	if err := NewWatcher(dialFunc(s), st, rec2.handle, WatchOptions{Since: since}).SyncOnce(t.Context()); err != nil {
		t.Fatalf("SyncOnce after restart = %v", err)
	}
	if got, want := rec2.subjects(), []string{"INBOX/c"}; !slices.Equal(got, want) {
		t.Errorf("handled after restart %q, want %q", got, want)
	}
	assertNotSeen(t, s, "INBOX")
}

// A first sync starts at the first message received on or after the Since
// day (time and zone disregarded, as SEARCH SINCE does): when that is the
// mailbox's first message it needs no SEARCH, and the messages after it
// are read whatever their dates, as after SEARCH's lowest match.
func TestFirstSyncStartsAtTheFirstRecentMessage(t *testing.T) {
	sameDayEarlier := time.Date(since.Year(), since.Month(), since.Day(), 0, 30, 0, 0, time.FixedZone("", 9*3600))
	tests := map[string]struct {
		dates []time.Time
		want  []string
	}{
		"all recent":                {[]time.Time{fixedTime, fixedTime}, []string{"INBOX/m1", "INBOX/m2"}},
		"first on the day, earlier": {[]time.Time{sameDayEarlier, fixedTime}, []string{"INBOX/m1", "INBOX/m2"}},
		"an older one after it":     {[]time.Time{fixedTime, since.AddDate(-1, 0, 0), fixedTime}, []string{"INBOX/m1", "INBOX/m2", "INBOX/m3"}},
		"first the day before":      {[]time.Time{since.AddDate(0, 0, -1), fixedTime}, []string{"INBOX/m2"}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			s := newTestServer(t, nil)
			st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "followup.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			for i, d := range tt.dates {
				s.Deliver("INBOX", testMessage(fmt.Sprintf("m%d@acme.example", i+1), fmt.Sprintf("m%d", i+1)), d)
			}
			rec := newRecorder()
			if err := NewWatcher(dialFunc(s), st, rec.handle, WatchOptions{Mailboxes: []string{"INBOX"}, Since: since}).SyncOnce(t.Context()); err != nil {
				t.Fatal(err)
			}
			if got := rec.subjects(); !slices.Equal(got, tt.want) {
				t.Errorf("handled %q, want %q", got, tt.want)
			}
		})
	}
}

// A copy filed in Sent while Sent is being read, and answered at once, is
// still read before its answer: the new messages of INBOX are found after
// Sent was read, and Sent is looked at again before they are handed over
// (found in review: reading Sent only before selecting INBOX handed the
// answer over first).
func TestSentCopyFiledDuringTheSyncIsReadBeforeItsAnswer(t *testing.T) {
	s := newTestServer(t, nil)
	st := &memState{}
	s.Deliver("Sent", testMessage("s1@example.test", "s1"), fixedTime)
	s.Deliver("INBOX", testMessage("a1@acme.example", "a1"), fixedTime)
	rec := newRecorder()
	rec.fail = func(m Message) error {
		if subject(m.Raw) == "s1" { // the user sends s2 and gets its answer a2 meanwhile
			s.Deliver("Sent", testMessage("s2@example.test", "s2"), fixedTime)
			s.Deliver("INBOX", testMessage("a2@acme.example", "a2"), fixedTime)
		}
		return nil
	}
	w, c := NewWatcher(dialFunc(s), st, rec.handle, WatchOptions{Since: since}), dialTest(t, s)
	for range 2 { // INBOX's own connection, woken twice (the daemon's loop)
		if err := w.sync(t.Context(), c, "INBOX"); err != nil {
			t.Fatal(err)
		}
	}
	got := rec.subjects()
	if i, j := slices.Index(got, "Sent/s2"), slices.Index(got, "INBOX/a2"); i < 0 || j < 0 || i > j {
		t.Errorf("handled %q, want Sent/s2 before INBOX/a2", got)
	}
}

// Messages expunged before they were read leave the position past them,
// so that the next STATUS does not see news in them forever (found in
// review: Sent was read again on every sync of another mailbox).
func TestPositionMovesPastMessagesExpungedUnread(t *testing.T) {
	s := newTestServer(t, nil)
	st := &memState{}
	s.Deliver("INBOX", testMessage("a@acme.example", "a"), fixedTime)
	w := NewWatcher(dialFunc(s), st, newRecorder().handle, WatchOptions{Mailboxes: []string{"INBOX"}, Since: since})
	if err := w.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	s.Deliver("INBOX", testMessage("b@acme.example", "b"), fixedTime)
	s.Deliver("INBOX", testMessage("c@acme.example", "c"), fixedTime)
	s.Expunge("INBOX", 2)
	s.Expunge("INBOX", 3)
	if err := w.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, last, _, _ := st.IMAPState(t.Context(), "INBOX"); last != 3 {
		t.Errorf("position = %d, want 3: past the two messages expunged unread", last)
	}
	if _, _, same, err := w.unchanged(t.Context(), dialTest(t, s), "INBOX"); err != nil || !same {
		t.Errorf("unchanged(INBOX) = %v, %v; want true: nothing new since", same, err)
	}
}

// A message expunged by another session while a sync fetches whole
// messages is skipped, not handed over empty.
func TestMessageExpungedDuringAFetchIsSkipped(t *testing.T) {
	s := newTestServer(t, nil)
	for i := range 2 * fetchBatch {
		s.Deliver("INBOX", testMessage(fmt.Sprintf("m%d@acme.example", i+1), fmt.Sprintf("m%d", i+1)), fixedTime)
	}
	gone := imap.UID(fetchBatch + 3) // in the second FETCH
	rec := newRecorder()
	rec.fail = func(m Message) error {
		if m.UID == 1 {
			s.Expunge("INBOX", gone)
		}
		return nil
	}
	w := NewWatcher(dialFunc(s), &memState{}, rec.handle, WatchOptions{Mailboxes: []string{"INBOX"}, Since: since})
	if err := w.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, m := range rec.got {
		if m.UID == uint32(gone) || len(m.Raw) == 0 {
			t.Errorf("handed over UID %d with %d bytes, want the expunged UID %d skipped", m.UID, len(m.Raw), gone)
		}
	}
	if len(rec.got) != 2*fetchBatch-1 {
		t.Errorf("handled %d messages, want %d", len(rec.got), 2*fetchBatch-1)
	}
}

func assertNotSeen(t *testing.T, s *imaptest.Server, mailbox string) {
	t.Helper()
	for uid, f := range s.Flags(mailbox) {
		if slices.Contains(f, imap.FlagSeen) {
			t.Errorf("%s UID %d flags = %v after watching, want no \\Seen", mailbox, uid, f)
		}
	}
}

func TestSyncOnceZeroSinceStartsNow(t *testing.T) {
	s := newTestServer(t, nil)
	s.Deliver("INBOX", testMessage("a@acme.example", "a"), fixedTime)
	rec := newRecorder()
	st := &memState{}
	w := NewWatcher(dialFunc(s), st, rec.handle, WatchOptions{Mailboxes: []string{"INBOX"}})
	if err := w.SyncOnce(t.Context()); err != nil {
		t.Fatalf("SyncOnce = %v", err)
	}
	s.Deliver("INBOX", testMessage("b@acme.example", "b"), fixedTime)
	if err := w.SyncOnce(t.Context()); err != nil {
		t.Fatalf("SyncOnce = %v", err)
	}
	if got, want := rec.subjects(), []string{"INBOX/b"}; !slices.Equal(got, want) {
		t.Errorf("handled %q, want %q", got, want)
	}
}

func TestHandlerErrors(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		wantErr   bool
		wantFirst []string // handled by the first pass
		wantAll   []string // handled after a second pass
	}{
		{"permanent skips", Permanent(errors.New("unparseable")), false, []string{"INBOX/a", "INBOX/c"}, []string{"INBOX/a", "INBOX/c"}},
		{"transient retries", errors.New("database is locked"), true, []string{"INBOX/a"}, []string{"INBOX/a", "INBOX/b", "INBOX/c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, nil)
			for _, sub := range []string{"a", "b", "c"} {
				s.Deliver("INBOX", testMessage(sub+"@acme.example", sub), fixedTime)
			}
			rec := newRecorder()
			failures := 0
			rec.fail = func(m Message) error {
				if subject(m.Raw) == "b" && failures == 0 {
					failures++
					return tt.err
				}
				return nil
			}
			w := NewWatcher(dialFunc(s), &memState{}, rec.handle, WatchOptions{Since: since, Mailboxes: []string{"INBOX"}})
			err := w.SyncOnce(t.Context())
			if (err != nil) != tt.wantErr {
				t.Fatalf("SyncOnce = %v, want error %v", err, tt.wantErr)
			}
			if got := rec.subjects(); !slices.Equal(got, tt.wantFirst) {
				t.Errorf("first pass handled %q, want %q", got, tt.wantFirst)
			}
			if err := w.SyncOnce(t.Context()); err != nil {
				t.Fatalf("second SyncOnce = %v", err)
			}
			if got := rec.subjects(); !slices.Equal(got, tt.wantAll) {
				t.Errorf("after second pass handled %q, want %q", got, tt.wantAll)
			}
		})
	}
}

func TestUIDValidityChangeRescans(t *testing.T) {
	s := newTestServer(t, nil)
	s.Deliver("INBOX", testMessage("a@acme.example", "a"), fixedTime)
	rec := newRecorder()
	st := &memState{}
	w := NewWatcher(dialFunc(s), st, rec.handle, WatchOptions{Since: since, Mailboxes: []string{"INBOX"}})
	if err := w.SyncOnce(t.Context()); err != nil {
		t.Fatalf("SyncOnce = %v", err)
	}
	// The mailbox is recreated (as after a server migration): same mail,
	// new UIDVALIDITY, UIDs start over.
	if err := s.User().Delete("INBOX"); err != nil {
		t.Fatal(err)
	}
	if err := s.User().Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	s.Deliver("INBOX", testMessage("a@acme.example", "a"), fixedTime)
	s.Deliver("INBOX", testMessage("b@acme.example", "b"), fixedTime)
	if err := w.SyncOnce(t.Context()); err != nil {
		t.Fatalf("SyncOnce after UIDVALIDITY change = %v", err)
	}
	if got, want := rec.subjects(), []string{"INBOX/a", "INBOX/a", "INBOX/b"}; !slices.Equal(got, want) {
		t.Errorf("handled %q, want %q", got, want)
	}
	if rec.got[0].UIDValidity == rec.got[1].UIDValidity {
		t.Errorf("UIDValidity before and after = %d, %d, want different", rec.got[0].UIDValidity, rec.got[1].UIDValidity)
	}
}

// runWatcher runs w until the test ends and checks that Run returns.
func runWatcher(t *testing.T, w *Watcher) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := within(t, done, "Run to return"); !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v, want context.Canceled", err)
		}
	})
}

// signal returns a non-blocking notifier and its channel.
func idleSignal(w *Watcher, mailbox string) <-chan struct{} {
	ch := make(chan struct{}, 10)
	w.onIdle = func(m string) {
		if m == mailbox {
			select {
			case ch <- struct{}{}:
			default:
			}
		}
	}
	return ch
}

func TestWatchIdleDeliversPromptly(t *testing.T) {
	s := newTestServer(t, nil)
	rec := newRecorder()
	w := NewWatcher(dialFunc(s), &memState{}, rec.handle, WatchOptions{Since: since})
	idling := idleSignal(w, "INBOX")
	runWatcher(t, w)
	within(t, idling, "IDLE on INBOX")
	for _, sub := range []string{"a", "b"} {
		s.Deliver("INBOX", testMessage(sub+"@acme.example", sub), fixedTime)
		if got := within(t, rec.ch, "message "+sub); subject(got.Raw) != sub {
			t.Errorf("delivered %q, want %q", subject(got.Raw), sub)
		}
		within(t, idling, "IDLE again after "+sub)
	}
	s.Deliver("Sent", testMessage("s@example.test", "s"), fixedTime)
	if got := within(t, rec.ch, "message in Sent"); got.Mailbox != "Sent" {
		t.Errorf("delivered from %q, want Sent", got.Mailbox)
	}
	assertNotSeen(t, s, "INBOX")
}

// gatedSleep is a WatchOptions.Sleep that reports each wait on slept and
// returns only once the test opens the gate.
type gatedSleep struct {
	slept chan time.Duration
	gate  chan struct{}
}

func newGatedSleep() *gatedSleep {
	return &gatedSleep{slept: make(chan time.Duration, 100), gate: make(chan struct{})}
}

func (g *gatedSleep) sleep(ctx context.Context, d time.Duration) error {
	select {
	case g.slept <- d:
	default:
	}
	select {
	case <-g.gate:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func TestWatchSurvivesServerRestart(t *testing.T) {
	s := newTestServer(t, nil)
	rec := newRecorder()
	g := newGatedSleep()
	w := NewWatcher(dialFunc(s), &memState{}, rec.handle, WatchOptions{Since: since, Mailboxes: []string{"INBOX"}, Sleep: g.sleep})
	idling := idleSignal(w, "INBOX")
	runWatcher(t, w)
	within(t, idling, "IDLE on INBOX")

	s.Stop() // drops the connection in the middle of IDLE
	if d := within(t, g.slept, "backoff after the drop"); d < 500*time.Millisecond || d > time.Second {
		t.Errorf("first backoff = %v, want 0.5s-1s", d)
	}
	s.Deliver("INBOX", testMessage("during@acme.example", "during outage"), fixedTime)
	s.Start()
	close(g.gate)
	if got := within(t, rec.ch, "message from the outage"); subject(got.Raw) != "during outage" {
		t.Errorf("delivered %q, want %q", subject(got.Raw), "during outage")
	}
	within(t, idling, "IDLE after reconnect")
	s.Deliver("INBOX", testMessage("after@acme.example", "after"), fixedTime)
	if got := within(t, rec.ch, "message after reconnect"); subject(got.Raw) != "after" {
		t.Errorf("delivered %q, want %q", subject(got.Raw), "after")
	}
}

func TestWatchPolls(t *testing.T) {
	s := newTestServer(t, imap.CapSet{imap.CapIMAP4rev1: {}}) // imapserver offers IDLE regardless
	rec := newRecorder()
	polls := make(chan time.Duration, 10)
	tick := make(chan struct{})
	sleep := func(ctx context.Context, d time.Duration) error {
		polls <- d
		select {
		case <-tick:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	w := NewWatcher(dialFunc(s), &memState{}, rec.handle, WatchOptions{Since: since, Mailboxes: []string{"INBOX"}, Sleep: sleep, PollInterval: 42 * time.Second, DisableIdle: true})
	runWatcher(t, w)
	if d := within(t, polls, "first poll wait"); d != 42*time.Second {
		t.Errorf("poll wait = %v, want 42s", d)
	}
	s.Deliver("INBOX", testMessage("a@acme.example", "a"), fixedTime)
	tick <- struct{}{}
	if got := within(t, rec.ch, "polled message"); subject(got.Raw) != "a" {
		t.Errorf("delivered %q, want a", subject(got.Raw))
	}
	within(t, polls, "next poll wait")
	assertNotSeen(t, s, "INBOX")
}

// syncBuffer is a log sink safe for the watcher's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestWatchMissingMailbox: a mailbox name with a typo does not stop the
// others; the failure is logged as an error naming the setting to fix and
// is recorded for `followup status`, and the watcher retries after a
// backoff instead of spinning.
func TestWatchMissingMailbox(t *testing.T) {
	s := newTestServer(t, nil)
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "followup.db"))
	if err != nil {
		t.Fatalf("store.Open = %v", err)
	}
	defer st.Close()
	rec := newRecorder()
	g := newGatedSleep()
	var logs syncBuffer
	w := NewWatcher(dialFunc(s), st, rec.handle, WatchOptions{Since: since, Mailboxes: []string{"INBX", "INBOX"}, Sleep: g.sleep,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	idling := idleSignal(w, "INBOX")
	runWatcher(t, w)
	within(t, g.slept, "backoff after the missing mailbox")
	within(t, idling, "IDLE on INBOX")
	s.Deliver("INBOX", testMessage("a@acme.example", "a"), fixedTime)
	if got := within(t, rec.ch, "message in INBOX"); subject(got.Raw) != "a" {
		t.Errorf("delivered %q, want a", subject(got.Raw))
	}
	states, err := st.IMAPStates(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var result string
	for _, b := range states {
		if b.Mailbox == "INBX" {
			result = b.Result
		}
	}
	if !strings.Contains(result, `"INBX"`) || !strings.Contains(result, "[imap] mailboxes") {
		t.Errorf("recorded result of INBX = %q, want the mailbox and the setting to fix", result)
	}
	if got := logs.String(); !strings.Contains(got, "level=ERROR") || !strings.Contains(got, "INBX") {
		t.Errorf("log = %q, want an error about INBX", got)
	}
}
