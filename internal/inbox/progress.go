package inbox

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/imapwatch"
)

// Meter turns the progress of a catch-up into a rate and the time left,
// per mailbox, for a progress line or a log record. It is not safe for
// concurrent use (the watcher reports progress one call at a time).
type Meter struct {
	Clock clock.Clock
	start map[string]time.Time
	base  map[string]int // Done at start
}

// Reading is one progress report with its rate and the time left.
type Reading struct {
	imapwatch.Progress
	Rate float64       // messages per second since the mailbox's first report; 0 at that one
	Left time.Duration // at that rate; 0 when unknown
}

// Read records p and returns its reading.
func (m *Meter) Read(p imapwatch.Progress) Reading {
	now := m.Clock.Now()
	if m.start == nil {
		m.start, m.base = map[string]time.Time{}, map[string]int{}
	}
	start, ok := m.start[p.Mailbox]
	if !ok || p.Done <= p.Read { // a new sync of the mailbox starts: how long its first batch took is not known
		start, m.start[p.Mailbox], m.base[p.Mailbox] = now, now, p.Done
	}
	r := Reading{Progress: p}
	if elapsed, n := now.Sub(start).Seconds(), p.Done-m.base[p.Mailbox]; elapsed > 0 && n > 0 {
		r.Rate = float64(n) / elapsed
		r.Left = time.Duration(float64(p.Total-p.Done) / r.Rate * float64(time.Second)).Round(time.Second)
	}
	return r
}

// String is the reading as a progress line: "INBOX: 12000/100000, 8400/s, 0:11 left".
func (r Reading) String() string {
	s := fmt.Sprintf("%s: %d/%d", r.Mailbox, r.Done, r.Total)
	if r.Rate > 0 && r.Done < r.Total {
		left := r.Left
		s += fmt.Sprintf(", %.0f/s, %d:%02d left", r.Rate, int(left.Minutes()), int(left.Seconds())%60)
	}
	return s
}

// logProgress is the watcher's progress when no one else shows it (the
// daemon): a long catch-up is logged at info every interval, and its end
// once it was logged at all; a short one is not logged.
func (in *Inbox) logProgress(interval time.Duration) func(imapwatch.Progress) {
	m := &Meter{Clock: in.Clock}
	last := map[string]time.Time{}
	return func(p imapwatch.Progress) {
		r := m.Read(p)
		now := in.Clock.Now()
		first, logged := m.start[p.Mailbox], last[p.Mailbox]
		switch {
		case p.Done == p.Total && !logged.IsZero() && !logged.Before(first):
			in.log().Info("catch-up done", "mailbox", p.Mailbox, "messages", p.Total, "rate", int(r.Rate))
		case p.Done < p.Total && now.Sub(maxTime(first, logged)) >= interval:
			last[p.Mailbox] = now
			in.log().Info("catching up", slog.String("mailbox", p.Mailbox), slog.Int("done", p.Done), slog.Int("total", p.Total),
				slog.Int("rate", int(r.Rate)), slog.Duration("left", r.Left))
		}
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
