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
	return apptest.Action(t, e.Store, id, key)
}
