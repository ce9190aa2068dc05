package outbox

import (
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/plan"
)

// TestProcessOnceKeepsSnoozeAndSkip: a pass leaves a snoozed follow-up
// until its time and never makes a skipped one, across a restart.
func TestProcessOnceKeepsSnoozeAndSkip(t *testing.T) {
	f := newSendFixture(t, false, nil)
	ctx := t.Context()
	until := f.now.Add(24 * time.Hour)
	for _, d := range []plan.Decision{
		{ActionID: actionByKey(t, f.e, f.id, janeKey).ID, Kind: followup.OverrideSnooze, At: until},
		{ActionID: actionByKey(t, f.e, f.id, bobKey).ID, Kind: followup.OverrideSkip},
	} {
		if _, err := f.e.Planner.Decide(ctx, d); err != nil {
			t.Fatalf("Decide(%+v) = %v", d, err)
		}
	}
	if rep := f.pass(); rep.Drafted != 0 || rep.Queued != 0 {
		t.Errorf("ProcessOnce() before the snooze ends = %+v, want nothing drafted", rep)
	}
	restarted := *f.e // a new process: same config and store
	f.e = &restarted
	f.now = until.Add(time.Minute)
	if rep := f.pass(); rep.Drafted != 1 {
		t.Errorf("ProcessOnce() after the snooze = %+v, want Jane's thank-you drafted", rep)
	}
	if got := f.state(janeKey); got != followup.StateDrafted {
		t.Errorf("%s state = %s, want drafted", janeKey, got)
	}
	if ac := actionByKey(t, f.e, f.id, bobKey); ac.State != followup.StateCancelled || ac.Reason != followup.SkippedReason {
		t.Errorf("%s = %s %q, want cancelled, %s", bobKey, ac.State, ac.Reason, followup.SkippedReason)
	}
}
