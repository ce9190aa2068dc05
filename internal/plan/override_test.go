package plan

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

// plannerAt is a planner on the store at path, as a process (the CLI or
// a restarted daemon) opens it.
func plannerAt(t *testing.T, path string) *Planner {
	t.Helper()
	st, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := config.Default()
	cfg.Me = config.Me{Name: "Max", Email: "max@example.org", Timezone: "Europe/Berlin"}
	return &Planner{Config: cfg, Store: st, Clock: clock.Func(func() time.Time { return now })}
}

func actionsByKey(t *testing.T, p *Planner, id string) map[string]followup.Action {
	t.Helper()
	acs, err := p.Store.Actions(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	m := make(map[string]followup.Action, len(acs))
	for _, ac := range acs {
		m[ac.Key] = ac
	}
	return m
}

// TestDecisionsSurviveReplanAndRestart: a snooze, a skip and a reschedule
// are kept by a new reading of the next steps, by a process that opens the
// store afresh, and give way only to a stop.
func TestDecisionsSurviveReplanAndRestart(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "followup.db")
	p := plannerAt(t, path)
	id, err := p.Add(ctx, interview())
	if err != nil {
		t.Fatal(err)
	}
	first := actionsByKey(t, p, id)
	snoozeTo := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)      // Wed 13:00 in Berlin, inside the window
	rescheduleTo := time.Date(2026, 12, 20, 10, 0, 0, 0, time.UTC) // a Sunday: the user's choice stands
	decisions := []struct {
		key  string
		kind followup.OverrideKind
		at   time.Time
	}{
		{"check-in:1", followup.OverrideSnooze, snoozeTo},
		{"thank-you:jane@acme.example", followup.OverrideSkip, time.Time{}},
		{"networking:2", followup.OverrideReschedule, rescheduleTo},
	}
	for _, d := range decisions {
		ac, ok := first[d.key]
		if !ok {
			t.Fatalf("first plan has no %s: %v", d.key, first)
		}
		if _, err := p.Decide(ctx, Decision{ActionID: ac.ID, Kind: d.kind, At: d.at}); err != nil {
			t.Fatalf("Decide(%s %s) = %v", d.kind, d.key, err)
		}
	}
	wantKept := func(t *testing.T, p *Planner, when string) {
		t.Helper()
		got := actionsByKey(t, p, id)
		if ac := got["check-in:1"]; !ac.Due.Equal(snoozeTo) || ac.State != followup.StatePending || !strings.Contains(ac.Reason, "snoozed by you") {
			t.Errorf("%s: check-in:1 = %s %s %q, want pending at %s, snoozed by you", when, ac.Due.UTC(), ac.State, ac.Reason, snoozeTo)
		}
		if ac := got["thank-you:jane@acme.example"]; ac.State != followup.StateCancelled || ac.Reason != followup.SkippedReason {
			t.Errorf("%s: thank-you = %s %q, want cancelled, %s", when, ac.State, ac.Reason, followup.SkippedReason)
		}
		if ac := got["networking:2"]; !ac.Due.Equal(rescheduleTo) || ac.State != followup.StatePending {
			t.Errorf("%s: networking:2 = %s %s, want pending at %s", when, ac.Due.UTC(), ac.State, rescheduleTo)
		}
		if ac := got["networking:3"]; !ac.Due.After(rescheduleTo) {
			t.Errorf("%s: networking:3 due %s, want after the rescheduled networking:2", when, ac.Due.UTC())
		}
	}
	wantKept(t, p, "after Decide")

	p.Store.Close()
	p = plannerAt(t, path) // the daemon restarts
	if _, err := p.ReplanID(ctx, id); err != nil {
		t.Fatal(err)
	}
	wantKept(t, p, "after a restart")
	iv, err := p.Store.GetInterview(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	iv.NextSteps = "we'll get back to you tomorrow" // the check-in would now come sooner
	if err := p.Save(ctx, iv); err != nil {
		t.Fatal(err)
	}
	wantKept(t, p, "after new next steps")

	ac, err := p.Forget(ctx, first["check-in:1"].ID)
	if err != nil {
		t.Fatalf("Forget = %v", err)
	}
	if !ac.Due.Before(snoozeTo) || strings.Contains(ac.Reason, "snoozed") {
		t.Errorf("after Forget: check-in:1 = %s %q, want back on the plan, before %s", ac.Due.UTC(), ac.Reason, snoozeTo)
	}

	iv.Close(followup.OutcomeRejected, now)
	if err := p.Save(ctx, iv); err != nil {
		t.Fatal(err)
	}
	for key, ac := range actionsByKey(t, p, id) {
		if ac.State != followup.StateCancelled {
			t.Errorf("after closing: %s = %s, want cancelled", key, ac.State)
		}
	}
	if _, err := p.Decide(ctx, Decision{ActionID: first["networking:2"].ID, Kind: followup.OverrideSnooze, At: snoozeTo}); !usage.Is(err) || !strings.Contains(err.Error(), "cancelled (interview closed: rejected)") {
		t.Errorf("Decide(cancelled) = %v, want a usage error saying it is cancelled", err)
	}
}

func TestDecideRefuses(t *testing.T) {
	ctx := t.Context()
	p := newPlanner(t)
	id, err := p.Add(ctx, interview())
	if err != nil {
		t.Fatal(err)
	}
	ty := actionsByKey(t, p, id)["thank-you:jane@acme.example"]
	if err := p.Store.SetActionState(ctx, ty.ID, followup.StateSent, "sent", "m1@example.org", now); err != nil {
		t.Fatal(err)
	}
	ci := actionsByKey(t, p, id)["check-in:1"]
	tests := []struct {
		name string
		d    Decision
		want string
	}{
		{"unknown", Decision{ActionID: 999, Kind: followup.OverrideSkip}, "no follow-up #999"},
		{"sent", Decision{ActionID: ty.ID, Kind: followup.OverrideSnooze, At: now.Add(time.Hour)}, "was already sent: there is nothing left to snooze"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := p.Decide(ctx, tt.d); !usage.Is(err) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Decide(%+v) = %v, want a usage error containing %q", tt.d, err, tt.want)
			}
		})
	}
	if _, err := p.Forget(ctx, ci.ID); !usage.Is(err) || !strings.Contains(err.Error(), "nothing to undo") {
		t.Errorf("Forget(no decision) = %v, want a usage error", err)
	}
}
