package daemon

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/apptest"
	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/render"
	"github.com/followup-dev/followup/internal/store"
)

// waitLimit bounds every wait for the daemon in real time; nothing here
// sleeps, the fake clock is moved by hand.
const waitLimit = 10 * time.Second

// recordingSender accepts every message and remembers it.
type recordingSender struct {
	mu   sync.Mutex
	msgs []mailer.Outgoing
}

func (s *recordingSender) Send(_ context.Context, msgs []mailer.Outgoing) []mailer.Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]mailer.Result, len(msgs))
	for i, m := range msgs {
		s.msgs = append(s.msgs, m)
		out[i] = mailer.Result{MessageID: m.MessageID, Outcome: mailer.Sent}
	}
	return out
}

// SendEach sends msgs one at a time through Send, with each's hooks.
func (s *recordingSender) SendEach(ctx context.Context, msgs []mailer.Outgoing, each mailer.Each) []mailer.Result {
	return sendEach(ctx, s.Send, msgs, each)
}

// sendEach is mailer.Sender.SendEach's contract over a fake's Send.
func sendEach(ctx context.Context, send func(context.Context, []mailer.Outgoing) []mailer.Result, msgs []mailer.Outgoing, each mailer.Each) []mailer.Result {
	out := make([]mailer.Result, len(msgs))
	for i := range msgs {
		out[i] = mailer.Result{MessageID: msgs[i].MessageID, Outcome: mailer.Transient, Err: mailer.ErrNotAttempted}
		if each.Before != nil && !each.Before(i) {
			continue
		}
		out[i] = send(ctx, msgs[i:i+1])[0]
		if each.After != nil {
			each.After(i, out[i])
		}
	}
	return out
}

// subjects lists the Subject lines of the messages sent, in order.
func (s *recordingSender) subjects() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, m := range s.msgs {
		msg, err := mailer.ReadMessage(m.Raw)
		if err == nil {
			out = append(out, msg.Subject)
		}
	}
	return out
}

// harness runs Daemons one after another on one store file with one fake
// clock, as restarts of the real process would.
type harness struct {
	t      *testing.T
	dir    string
	clock  *clock.Fake
	cfg    *config.Config
	sender *recordingSender
	// process is the pass's due work; processOnce unless a test changes it.
	process func(ctx context.Context, e *Services) error
	passes  chan time.Time
	current *running // the Daemon started last
}

func newHarness(t *testing.T, start time.Time) *harness {
	cfg := config.Default()
	cfg.Me = config.Me{Name: "Max Mustermann", Email: "max@example.org", Timezone: "Europe/Berlin"}
	return &harness{t: t, dir: t.TempDir(), clock: clock.NewFake(start), cfg: cfg, sender: &recordingSender{},
		process: processOnce, passes: make(chan time.Time, 100)}
}

// env opens the store (a new connection pool, like a new process) and
// returns the Services on the fake clock that sends through h.sender.
func (h *harness) env(adjust ...func(*Deps)) *Services {
	h.t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(h.dir, "followup.db"))
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { st.Close() })
	set, err := render.Load("")
	if err != nil {
		h.t.Fatal(err)
	}
	d := Deps{Config: h.cfg, Store: st, Templates: set, Clock: h.clock, DataDir: h.dir,
		NewSender: func(context.Context) (Sender, error) { return h.sender, nil }}
	for _, f := range adjust {
		f(&d)
	}
	return Wire(d)
}

// running is one Daemon run.
type running struct {
	d      *Daemon
	e      *Services
	cancel context.CancelFunc
	done   chan error
}

// start runs a new Daemon and returns once its first pass is done.
func (h *harness) start() *running {
	h.t.Helper()
	return h.startWith(h.env())
}

// stop ends the run and checks that Run returned nil.
func (r *running) stop(t *testing.T) {
	t.Helper()
	if r.cancel == nil {
		return
	}
	r.cancel()
	r.cancel = nil
	select {
	case err := <-r.done:
		if err != nil {
			t.Errorf("Run() = %v, want nil after cancel", err)
		}
	case <-time.After(waitLimit):
		t.Fatal("Run() did not return after cancel")
	}
}

// waitPass waits for the next scheduler pass.
func (h *harness) waitPass() time.Time {
	h.t.Helper()
	select {
	case now := <-h.passes:
		return now
	case <-time.After(waitLimit):
		h.t.Fatal("no scheduler pass")
	}
	return time.Time{}
}

// advance moves the fake clock by d and waits for a pass at the new time.
// It also kicks the loop, in case the loop was between passes and had not
// armed its timer when the clock moved.
func (h *harness) advance(d time.Duration) {
	h.t.Helper()
	target := h.clock.Now().Add(d)
	h.clock.Advance(d)
	h.current.d.Kick()
	for h.waitPass().Before(target) {
	}
}

// drain forgets passes already reported.
func (h *harness) drain() {
	for {
		select {
		case <-h.passes:
		default:
			return
		}
	}
}

// processOnce is the pass's due work in production.
func processOnce(ctx context.Context, e *Services) error {
	_, err := e.Outbox.ProcessOnce(ctx)
	return err
}

var berlin, _ = time.LoadLocation("Europe/Berlin")

// addInterview stores an interview with Jane and the given actions.
func addInterview(t *testing.T, st *store.Store, company string, start time.Time, acs ...followup.Action) string {
	t.Helper()
	iv := &followup.Interview{Company: company, Role: "Backend Engineer", Start: start, Duration: 45 * time.Minute,
		Interviewers: []followup.Person{{Name: "Jane Roe", Email: "jane@acme.example", Role: followup.RoleInterviewer}},
		NextSteps:    "we'll get back to you next week"}
	id, err := st.AddInterview(context.Background(), iv, start)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SyncActions(context.Background(), id, acs, start); err != nil {
		t.Fatal(err)
	}
	return id
}

func pending(key string, kind followup.ActionKind, due time.Time) followup.Action {
	return followup.Action{Key: key, Kind: kind, To: []string{"jane@acme.example"}, Due: due, Zone: "Europe/Berlin", State: followup.StatePending}
}

// draftsOf counts the recorded drafts or messages of each action key.
func draftsOf(t *testing.T, st *store.Store, id string) map[string]int {
	t.Helper()
	acs, err := st.Actions(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[int64]string{}
	for _, ac := range acs {
		keys[ac.ID] = ac.Key
	}
	msgs, err := st.Messages(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, m := range msgs {
		out[keys[m.ActionID]]++
	}
	return out
}

func states(t *testing.T, st *store.Store, id string) map[string]followup.ActionState {
	t.Helper()
	acs, err := st.Actions(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]followup.ActionState{}
	for _, ac := range acs {
		out[ac.Key] = ac.State
	}
	return out
}

var t0 = time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC) // a Friday

func TestDaemonFiresEachActionOnceAcrossRestart(t *testing.T) {
	h := newHarness(t, t0)
	r := h.start()
	id := addInterview(t, r.e.Store, "Acme", t0.Add(-2*time.Hour),
		pending("thank-you:jane@acme.example", followup.KindThankYou, t0.Add(time.Hour)),
		pending("check-in:1", followup.KindCheckIn, t0.Add(3*24*time.Hour)))
	h.advance(2 * time.Hour) // past the thank-you
	r.stop(t)

	r = h.start() // a new process on the same store
	h.advance(time.Minute)
	due := actionByKey(t, r.e, id, "check-in:1").Due // replanned after the thank-you
	h.advance(due.Sub(h.clock.Now()) + time.Minute)  // past the check-in
	h.advance(time.Minute)
	want := map[string]int{"thank-you:jane@acme.example": 1, "check-in:1": 1}
	if got := draftsOf(t, r.e.Store, id); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("drafts per action after a restart = %v, want %v", got, want)
	}
}

func TestDaemonAfterAWeekOffline(t *testing.T) {
	h := newHarness(t, t0)
	r := h.start() // records the first digest slot
	id := addInterview(t, r.e.Store, "Acme", t0.Add(-2*time.Hour),
		pending("check-in:1", followup.KindCheckIn, t0.Add(24*time.Hour)))
	r.stop(t)

	h.clock.Advance(7 * 24 * time.Hour) // the laptop was off for a week
	r = h.start()
	h.advance(time.Minute)
	if got := states(t, r.e.Store, id)["check-in:1"]; got != followup.StateNeedsReview {
		t.Errorf("check-in overdue by six days = %s, want needs-review", got)
	}
	r.stop(t)
	h.start() // and once more: the missed digest is not sent again
	h.advance(time.Minute)
	var digests []string
	for _, s := range h.sender.subjects() {
		if strings.HasPrefix(s, "followup ") {
			digests = append(digests, s)
		}
	}
	if len(digests) != 1 {
		t.Errorf("digests sent after a week offline and two starts = %q, want exactly one", digests)
	}
}

func TestDaemonSpringForwardGap(t *testing.T) {
	h := newHarness(t, time.Date(2026, 3, 28, 22, 0, 0, 0, time.UTC))
	h.cfg.Calendar.Workdays = []time.Weekday{0, 1, 2, 3, 4, 5, 6}
	h.cfg.Policy.SendWindow = config.Window{Start: 2 * 60, End: 4 * 60}
	r := h.start()
	// The interview ends at 00:30 Berlin; with a two-hour delay the
	// thank-you lands at 02:30 on 29 March, a time that does not exist.
	iv := &followup.Interview{Company: "Acme", Role: "SRE", Start: time.Date(2026, 3, 29, 0, 0, 0, 0, berlin), Duration: 30 * time.Minute,
		Interviewers: []followup.Person{{Name: "Jane Roe", Email: "jane@acme.example", Role: followup.RoleInterviewer}}}
	id, err := r.e.Store.AddInterview(t.Context(), iv, h.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.e.Planner.ReplanID(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	ac := actionByKey(t, r.e, id, "thank-you:jane@acme.example")
	if ac.Due.Before(time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC)) || ac.Due.After(time.Date(2026, 3, 29, 2, 0, 0, 0, time.UTC)) {
		t.Fatalf("thank-you due %v, want inside the 02:00-04:00 window of 29 March", ac.Due)
	}
	for range 16 { // 22:00 to 06:00 UTC in half hours
		h.advance(30 * time.Minute)
	}
	if got := draftsOf(t, r.e.Store, id)["thank-you:jane@acme.example"]; got != 1 {
		t.Errorf("thank-you due in the spring-forward gap drafted %d times, want 1", got)
	}
}

func TestDaemonPicksUpCLIChange(t *testing.T) {
	h := newHarness(t, t0)
	r := h.start()
	waitTimers(t, h.clock, 2) // the loop and the change poll are asleep
	cli, err := store.Open(t.Context(), r.e.Store.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	id := addInterview(t, cli, "Beta", t0.Add(-3*time.Hour), pending("thank-you:jane@acme.example", followup.KindThankYou, t0.Add(-time.Minute)))
	h.drain()
	h.clock.Advance(time.Second) // one poll interval, far below the loop's one-minute cap
	deadline := time.After(2 * time.Second)
	for draftsOf(t, r.e.Store, id)["thank-you:jane@acme.example"] != 1 {
		select {
		case <-h.passes:
		case <-deadline:
			t.Fatal("the new interview's due thank-you was not drafted within 2 seconds of the change")
		}
	}
}

// waitTimers waits until the fake clock holds at least n timers.
func waitTimers(t *testing.T, f *clock.Fake, n int) {
	t.Helper()
	deadline := time.After(waitLimit)
	for {
		made := f.TimerMade()
		if f.Timers() >= n {
			return
		}
		select {
		case <-made:
		case <-deadline:
			t.Fatalf("fake clock holds %d timers, want %d", f.Timers(), n)
		}
	}
}

func TestSecondDaemonRefused(t *testing.T) {
	h := newHarness(t, t0)
	h.start()
	err := New(Options{Services: h.env(), Clock: h.clock}).Run(t.Context())
	var re *RunningError
	if !errors.As(err, &re) || re.Lease.PID != os.Getpid() || !strings.Contains(err.Error(), fmt.Sprintf("pid %d", os.Getpid())) {
		t.Errorf("second Run() = %v, want a RunningError naming pid %d", err, os.Getpid())
	}
}

func TestDaemonNoticeOnReply(t *testing.T) {
	h := newHarness(t, t0)
	r := h.start()
	addInterview(t, r.e.Store, "Acme", t0.Add(-2*time.Hour))
	raw := "From: Jane Roe <jane@acme.example>\r\nTo: max@example.org\r\nSubject: Re: Thank you\r\nMessage-ID: <r1@acme.example>\r\n" +
		"Date: Fri, 20 Nov 2026 17:30:00 +0100\r\n\r\nWe would like to invite you.\r\n"
	if err := r.e.Inbox.HandleIncoming(t.Context(), "INBOX", []byte(raw), false); err != nil {
		t.Fatal(err)
	}
	h.advance(time.Second) // the change poll kicks the loop
	deadline := time.After(waitLimit)
	want := "Reply from Jane Roe (Acme): next round" // the reply invites to the next round
	for !contains(h.sender.subjects(), want) {
		select {
		case <-h.passes:
		case <-deadline:
			t.Fatalf("sent %q, want a notice %q", h.sender.subjects(), want)
		}
	}
	h.advance(time.Minute)
	if n := count(h.sender.subjects(), want); n != 1 {
		t.Errorf("notices about one reply = %d, want 1", n)
	}
}

func contains(ss []string, s string) bool { return count(ss, s) > 0 }

func count(ss []string, s string) int {
	n := 0
	for _, x := range ss {
		if x == s {
			n++
		}
	}
	return n
}

func TestDaemonGracefulStop(t *testing.T) {
	tests := []struct {
		name   string
		finish bool // the work in flight finishes by itself within the grace period
	}{
		{"work in flight finishes", true},
		{"work in flight is cancelled after the grace period", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, t0)
			inFlight, release := make(chan context.Context), make(chan struct{})
			process := func(ctx context.Context, _ *Services) error {
				select {
				case inFlight <- ctx:
					select {
					case <-release:
					case <-ctx.Done():
					}
				default:
				}
				return nil
			}
			ctx, cancel := context.WithCancel(context.Background())
			d := New(Options{Services: h.env(), Clock: h.clock, Process: process, Grace: 5 * time.Second})
			done := make(chan error, 1)
			go func() { done <- d.Run(ctx) }()
			work := <-inFlight
			cancel()
			if work.Err() != nil {
				t.Fatalf("work context after shutdown began = %v, want alive for the grace period", work.Err())
			}
			if tt.finish {
				close(release)
			} else {
				cancelledAfterGrace(t, h.clock, work)
			}
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run() = %v, want nil", err)
				}
			case <-time.After(waitLimit):
				t.Fatal("Run() did not return")
			}
		})
	}
}

// cancelledAfterGrace moves the fake clock past the grace period until
// work ends.
func cancelledAfterGrace(t *testing.T, f *clock.Fake, work context.Context) {
	t.Helper()
	deadline := time.After(waitLimit)
	for work.Err() == nil {
		made := f.TimerMade()
		f.Advance(5 * time.Second)
		select {
		case <-work.Done():
		case <-made:
		case <-deadline:
			t.Fatal("work context not cancelled after the grace period")
		}
	}
}

func actionByKey(t *testing.T, e *Services, id, key string) followup.Action {
	t.Helper()
	return apptest.Action(t, e.Store, id, key)
}
