package inbox

import (
	"testing"

	"github.com/followup-dev/followup/internal/apptest"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/plan"
)

var testNow = apptest.Now

// newTestEnv is an Inbox over the apptest fixture, and its interview's id.
func newTestEnv(t *testing.T) (*Inbox, string) {
	t.Helper()
	f := apptest.New(t)
	pl := &plan.Planner{Config: f.Config, Store: f.Store, Clock: f.Clock()}
	return &Inbox{Config: f.Config, Store: f.Store, Clock: f.Clock(), Planner: pl}, f.ID
}

func actionByKey(t *testing.T, e *Inbox, id, key string) followup.Action {
	t.Helper()
	acs, err := e.Store.Actions(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, ac := range acs {
		if ac.Key == key {
			return ac
		}
	}
	t.Fatalf("no action %s", key)
	return followup.Action{}
}
