package outbox

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/apptest"
	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/compose"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/imapwatch"
	"github.com/followup-dev/followup/internal/inbox"
	"github.com/followup-dev/followup/internal/plan"
	"github.com/followup-dev/followup/internal/render"
	"github.com/followup-dev/followup/internal/store"
)

// TestMain runs the child side of the crash test when the test binary is
// started as that child, and the tests otherwise.
func TestMain(m *testing.M) {
	if spec := os.Getenv(crashChildEnv); spec != "" {
		os.Exit(crashChild(spec))
	}
	os.Exit(m.Run())
}

var testNow = apptest.Now

// newTestEnv is an Outbox over the apptest fixture, with its composer,
// planner and inbox, and the interview's id.
func newTestEnv(t *testing.T) (*Outbox, string) {
	t.Helper()
	f := apptest.New(t)
	return wire(f.Config, f.Store, f.Templates, f.DataDir), f.ID
}

// wire builds an Outbox and the use cases it drives over one store.
func wire(cfg *config.Config, st *store.Store, set *render.Set, dataDir string) *Outbox {
	c := clock.Func(func() time.Time { return testNow })
	pl := &plan.Planner{Config: cfg, Store: st, Clock: c}
	cm := &compose.Composer{Config: cfg, Store: st, Templates: set, Clock: c, DataDir: dataDir}
	in := &inbox.Inbox{Config: cfg, Store: st, Clock: c, Planner: pl}
	return &Outbox{Config: cfg, Store: st, Clock: c, Composer: cm, Planner: pl, Inbox: in}
}

// setClock makes o and the use cases it drives read the time from now.
func setClock(o *Outbox, now func() time.Time) {
	c := clock.Func(now)
	o.Clock, o.Composer.Clock, o.Planner.Clock, o.Inbox.Clock = c, c, c, c
}

// setIMAP makes o file sent copies, save drafts and read the inbox over dial.
func setIMAP(o *Outbox, dial imapwatch.DialFunc) {
	o.Inbox.DialWatch = dial
	o.DialIMAP = func(ctx context.Context) (Mailbox, error) { return dial(ctx) }
	o.Composer.DialIMAP = func(ctx context.Context) (compose.Drafts, error) { return dial(ctx) }
}

func actionByKey(t *testing.T, e *Outbox, id, key string) followup.Action {
	t.Helper()
	return apptest.Action(t, e.Store, id, key)
}
