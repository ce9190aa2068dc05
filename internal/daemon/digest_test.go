package daemon

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// digestsSent lists the subjects of the digests sent so far.
func (h *harness) digestsSent() []string {
	var out []string
	for _, s := range h.sender.subjects() {
		if strings.HasPrefix(s, "followup ") {
			out = append(out, s)
		}
	}
	return out
}

// TestDigestAcrossDST: a digest spec at 02:30 in Berlin. On the night the
// clocks go back, cron runs the job in both 02:30s: one digest. On the night
// they go forward, 02:30 does not exist and cron skips the day: the
// housekeeping run after the gap sends it, once.
func TestDigestAcrossDST(t *testing.T) {
	t.Run("repeated hour", func(t *testing.T) {
		h := newHarness(t, time.Date(2026, 10, 24, 10, 0, 0, 0, time.UTC))
		h.cfg.Schedule.Digest = "30 2 * * *"
		r := h.start()
		for _, at := range []string{"2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z"} { // 02:30 CEST, 02:30 CET
			now, _ := time.Parse(time.RFC3339, at)
			h.clock.Set(now)
			r.d.digest(t.Context()) // as cron runs it
		}
		if got := h.digestsSent(); len(got) != 1 {
			t.Errorf("digests sent in the repeated hour = %q, want one", got)
		}
		h.clock.Set(time.Date(2026, 10, 26, 1, 30, 0, 0, time.UTC))
		r.d.digest(t.Context())
		if got := h.digestsSent(); len(got) != 2 {
			t.Errorf("digests sent by the next day = %q, want two", got)
		}
	})
	t.Run("gap", func(t *testing.T) {
		h := newHarness(t, time.Date(2026, 3, 28, 10, 0, 0, 0, time.UTC))
		h.cfg.Schedule.Digest = "30 2 * * *"
		r := h.start()
		for _, at := range []string{"2026-03-29T01:15:00Z", "2026-03-29T01:30:00Z", "2026-03-29T10:00:00Z"} { // 03:15, 03:30, 12:00 CEST
			now, _ := time.Parse(time.RFC3339, at)
			h.clock.Set(now)
			r.d.housekeep(t.Context()) // cron's every-15-minutes job; the 02:30 job never runs
		}
		if got := h.digestsSent(); len(got) != 1 {
			t.Errorf("digests sent on the spring-forward day = %q, want one", got)
		}
	})
}

// TestDigestConcurrentRuns: the digest job and the housekeeping run that
// also checks the digest may start at the same moment: one digest.
func TestDigestConcurrentRuns(t *testing.T) {
	h := newHarness(t, t0) // Friday 17:00 Berlin
	r := h.start()
	h.clock.Set(time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)) // Monday 08:00 Berlin
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { r.d.digest(t.Context()) })
	}
	wg.Wait()
	if got := h.digestsSent(); len(got) != 1 {
		t.Errorf("digests sent by concurrent runs for one slot = %q, want one", got)
	}
}
