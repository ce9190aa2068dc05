package plan

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
)

var now = time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC)

func newPlanner(t *testing.T) *Planner {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "followup.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := config.Default()
	cfg.Me = config.Me{Name: "Max", Email: "max@example.org", Timezone: "Europe/Berlin"}
	return &Planner{Config: cfg, Store: st, Clock: clock.Func(func() time.Time { return now })}
}

func interview() *followup.Interview {
	return &followup.Interview{Company: "Acme", Role: "SRE", Start: now.Add(-2 * time.Hour), Duration: 45 * time.Minute,
		Interviewers: []followup.Person{{Name: "Jane Roe", Email: "jane@acme.example", Role: followup.RoleInterviewer}},
		NextSteps:    "we'll get back to you in 4-5 working days"}
}

// TestAddStoresThePlan: the interview and its plan are written together.
func TestAddStoresThePlan(t *testing.T) {
	p := newPlanner(t)
	id, err := p.Add(t.Context(), interview())
	if err != nil {
		t.Fatalf("Add = %v", err)
	}
	acs, err := p.Store.Actions(t.Context(), id)
	if err != nil || len(acs) == 0 || acs[0].Kind != followup.KindThankYou {
		t.Fatalf("actions after Add = %+v, %v; want the plan starting with a thank-you", acs, err)
	}
	bad := interview()
	bad.Company = ""
	if _, err := p.Add(t.Context(), bad); err == nil {
		t.Error("Add(no company) = nil, want the validation error")
	}
	if ivs, _ := p.Store.ListInterviews(t.Context(), store.Filter{}); len(ivs) != 1 {
		t.Errorf("interviews after a refused Add = %d, want 1 (nothing written)", len(ivs))
	}
}

// TestSaveKeepsTheStoredStatus: an edit made from a copy read before the
// daemon moved the status (quiet, replied) does not undo it.
func TestSaveKeepsTheStoredStatus(t *testing.T) {
	p := newPlanner(t)
	iv := interview()
	id, err := p.Add(t.Context(), iv)
	if err != nil {
		t.Fatal(err)
	}
	stale, _ := p.Store.GetInterview(t.Context(), id)
	if changed, err := p.Store.MarkQuiet(t.Context(), id, nil, now); err != nil || !changed {
		t.Fatalf("MarkQuiet = %v, %v; want changed", changed, err)
	}
	stale.Notes = "edited"
	if err := p.Save(t.Context(), stale); err != nil {
		t.Fatalf("Save = %v", err)
	}
	got, _ := p.Store.GetInterview(t.Context(), id)
	if got.Status != followup.StatusQuiet || got.Notes != "edited" {
		t.Errorf("after Save: status %s, notes %q; want quiet and the edit", got.Status, got.Notes)
	}
}
