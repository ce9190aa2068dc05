// Package apptest builds the fixture the use-case tests share: a fresh
// store holding one interview (two interviewers, a thank-you to each and a
// check-in to Jane), the default config with a user, the built-in
// templates, a data folder and a clock the test moves. It is for tests only.
package apptest

import (
	"sync"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/render"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/store/storetest"
)

// Now is the fixture's starting time: Friday 20 November 2026, 16:00 UTC,
// two hours after the interview began in Berlin.
var Now = time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC)

// Fixture is one store with one interview, and what composing needs.
type Fixture struct {
	Config    *config.Config
	Store     *store.Store
	Templates *render.Set
	DataDir   string
	// ID is the interview's id.
	ID string

	mu  sync.Mutex
	now func() time.Time
}

// New makes the fixture in a folder the test removes.
func New(t testing.TB) *Fixture {
	t.Helper()
	dir := t.TempDir()
	st := storetest.Open(t, store.Open, store.OpenPostgres)
	set, err := render.Load("")
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Me = config.Me{Name: "Max Mustermann", Email: "max@example.org", Timezone: "Europe/Berlin"}
	f := &Fixture{Config: cfg, Store: st, Templates: set, DataDir: dir, now: func() time.Time { return Now }}
	f.ID = addInterview(t, st)
	return f
}

func addInterview(t testing.TB, st *store.Store) string {
	t.Helper()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	iv := &followup.Interview{
		Company: "Acme", Role: "Backend Engineer", Start: time.Date(2026, 11, 20, 14, 0, 0, 0, berlin), Duration: 45 * time.Minute,
		Interviewers: []followup.Person{
			{Name: "Jane Roe", Email: "jane@acme.example", Role: followup.RoleInterviewer, Topics: "event sourcing"},
			{Name: "Bob Poe", Email: "bob@acme.example", Role: followup.RoleInterviewer},
		},
		NextSteps: "we'll get back to you in 4-5 working days", Notes: "the on-call rota",
	}
	id, err := st.AddInterview(t.Context(), iv, Now)
	if err != nil {
		t.Fatal(err)
	}
	action := func(key string, kind followup.ActionKind, to string, due time.Time) followup.Action {
		return followup.Action{Key: key, Kind: kind, To: []string{to}, Due: due, Zone: "Europe/Berlin", State: followup.StatePending}
	}
	acs := []followup.Action{
		action("thank-you:jane@acme.example", followup.KindThankYou, "jane@acme.example", Now.Add(time.Hour)),
		action("thank-you:bob@acme.example", followup.KindThankYou, "bob@acme.example", Now.Add(time.Hour)),
		action("check-in:1", followup.KindCheckIn, "jane@acme.example", Now.Add(10*24*time.Hour)),
	}
	if err := st.SyncActions(t.Context(), id, acs, Now); err != nil {
		t.Fatal(err)
	}
	return id
}

// Clock reads the time from the function last given to SetNow (Now until
// then); every use case built with it follows a later SetNow.
func (f *Fixture) Clock() clock.Clock {
	return clock.Func(func() time.Time {
		f.mu.Lock()
		now := f.now
		f.mu.Unlock()
		return now()
	})
}

// SetNow makes Clock read the time from now.
func (f *Fixture) SetNow(now func() time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = now
}

// WaitFor polls cond on a short ticker until it holds or limit passes, for
// what another process or goroutine does on its own time (a real server, a
// daemon); cond describes the current state for the failure message.
func WaitFor(t testing.TB, limit time.Duration, want string, cond func() (got string, ok bool)) {
	t.Helper()
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		got, ok := cond()
		if ok {
			return
		}
		select {
		case <-tick.C:
		case <-deadline.C:
			t.Fatalf("after %v: %s, want %s", limit, got, want)
		}
	}
}

// Action is the action with key of interview id; it fails the test when
// there is none.
func Action(t testing.TB, st *store.Store, id, key string) followup.Action {
	t.Helper()
	acs, err := st.Actions(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, ac := range acs {
		if ac.Key == key {
			return ac
		}
	}
	t.Fatalf("no action %s of %s", key, id)
	return followup.Action{}
}
