package daemon

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/followup"
)

// TestConcurrentPassesNotifyOnce: two passes of one account at once (two
// job workers, on one daemon or two) read the same new events; each reply
// is still notified once.
func TestConcurrentPassesNotifyOnce(t *testing.T) {
	h := newHarness(t, t0)
	a, b := h.env(), h.env()
	addInterview(t, a.Store, "Acme", t0.Add(-2*time.Hour))
	const replies = 20
	for i := range replies {
		raw := fmt.Sprintf("From: Jane Roe <jane@acme.example>\r\nTo: max@example.org\r\nSubject: Re: Thank you\r\n"+
			"Message-ID: <r%d@acme.example>\r\nDate: Fri, 20 Nov 2026 17:30:00 +0100\r\n\r\nWe would like to invite you.\r\n", i)
		if err := a.Inbox.HandleIncoming(t.Context(), "INBOX", []byte(raw), false); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for _, e := range []*Services{a, b} {
			wg.Go(func() {
				if err := Do(t.Context(), e, WorkPass, nil); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	n := 0
	for _, s := range h.sender.subjects() {
		if strings.HasPrefix(s, "Reply from") {
			n++
		}
	}
	if n != replies {
		t.Errorf("%d notices about %d replies, want one each", n, replies)
	}
}

// recordingJobs is a job queue that remembers what it was asked for.
type recordingJobs struct {
	mu    sync.Mutex
	works []string
}

func (j *recordingJobs) Enqueue(_ context.Context, _, work string, _ time.Time) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.works = append(j.works, work)
	return nil
}

// TestCappedPassAsksForNoJobWithNothingToDo: a daemon asking a job queue
// for its passes asks for one on its first pass, after a change and when
// work is due, but not when only the capped sleep woke it with nothing due.
func TestCappedPassAsksForNoJobWithNothingToDo(t *testing.T) {
	h := newHarness(t, t0)
	e := h.env()
	addInterview(t, e.Store, "Acme", t0.Add(-time.Hour), pending("thank-you:jane@acme.example", followup.KindThankYou, t0.Add(time.Hour)))
	jobs := &recordingJobs{}
	d := New(Options{Services: e, Clock: h.clock, Process: processOnce, Jobs: jobs})
	d.work = t.Context()
	steps := []struct {
		name string
		kick bool
		at   time.Time
		want int // passes asked for so far
	}{
		{"first pass", false, t0, 1},
		{"capped wake, nothing due", false, t0.Add(time.Minute), 1},
		{"after a change", true, t0.Add(2 * time.Minute), 2},
		{"capped wake again", false, t0.Add(3 * time.Minute), 2},
		{"the thank-you due", false, t0.Add(time.Hour + time.Second), 3},
		// Jane's answer cancels the thank-you; its notice waits to be sent
		// (recorded by another process, whose change this daemon missed).
		{"a notice waiting", false, t0.Add(time.Hour + time.Minute), 4},
	}
	for _, st := range steps {
		if st.kick {
			d.Kick()
		}
		if st.name == "a notice waiting" {
			raw := "From: Jane Roe <jane@acme.example>\r\nTo: max@example.org\r\nSubject: Re: Thank you\r\n" +
				"Message-ID: <answer@acme.example>\r\nDate: Fri, 20 Nov 2026 17:30:00 +0100\r\n\r\nWe would like to invite you.\r\n"
			if err := e.Inbox.HandleIncoming(t.Context(), "INBOX", []byte(raw), false); err != nil {
				t.Fatal(err)
			}
			if at, ok, _ := e.Store.NextPendingDue(t.Context()); ok {
				t.Fatalf("a follow-up still due at %s after the answer", at)
			}
		}
		if err := d.pass(t.Context(), st.at); err != nil {
			t.Fatal(err)
		}
		if got := len(jobs.works); got != st.want {
			t.Errorf("%s: %d passes asked for, want %d", st.name, got, st.want)
		}
	}
}
