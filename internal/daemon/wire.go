package daemon

import (
	"context"
	"log/slog"

	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/compose"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/digest"
	"github.com/followup-dev/followup/internal/imapwatch"
	"github.com/followup-dev/followup/internal/inbox"
	"github.com/followup-dev/followup/internal/outbox"
	"github.com/followup-dev/followup/internal/plan"
	"github.com/followup-dev/followup/internal/render"
	"github.com/followup-dev/followup/internal/store"
)

// Deps is what the use cases are built from: one configuration, one store,
// one clock and the adapters to the mail servers.
type Deps struct {
	Config    *config.Config
	Store     *store.Store
	Templates *render.Set
	Clock     clock.Clock
	// Log receives business events; nil discards them.
	Log *slog.Logger
	// DataDir is followup's data folder (drafts without [imap]).
	DataDir string
	// DialIMAP logs in to the [imap] account; nil when it is not configured.
	DialIMAP imapwatch.DialFunc
	// NewSender opens the [smtp] account; nil when it is not configured.
	NewSender func(ctx context.Context) (Sender, error)
	// SignInNeeded lists the OAuth2 accounts that need `followup login`,
	// for the digest; nil when none can.
	SignInNeeded func() []string
	// FeedPath is the calendar feed the daemon keeps up to date ([calendar]
	// feed, ~ expanded); "" for none.
	FeedPath string
}

// Sender is what sending follow-ups and the user's own mail need from the
// SMTP account; *mailer.Sender is one.
type Sender interface {
	outbox.Sender
	digest.Sender
}

// Services are the use cases built from one Deps. The daemon runs them; a
// reload builds a new set.
type Services struct {
	Config   *config.Config
	Store    *store.Store
	Clock    clock.Clock
	Log      *slog.Logger
	FeedPath string // the calendar feed to keep up to date; "" for none
	Planner  *plan.Planner
	Composer *compose.Composer
	Inbox    *inbox.Inbox
	Outbox   *outbox.Outbox
	Digest   *digest.Digester
}

// Wire builds every use case from d, each with only what it needs.
func Wire(d Deps) *Services {
	if d.Clock == nil {
		d.Clock = clock.Real{}
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	pl := &plan.Planner{Config: d.Config, Store: d.Store, Clock: d.Clock}
	cm := &compose.Composer{Config: d.Config, Store: d.Store, Templates: d.Templates, Clock: d.Clock, Log: d.Log, DataDir: d.DataDir}
	in := &inbox.Inbox{Config: d.Config, Store: d.Store, Clock: d.Clock, Log: d.Log, DialWatch: d.DialIMAP, Planner: pl}
	ob := &outbox.Outbox{Config: d.Config, Store: d.Store, Clock: d.Clock, Log: d.Log, Composer: cm, Planner: pl, Inbox: in}
	dg := &digest.Digester{Config: d.Config, Store: d.Store, Templates: d.Templates, Clock: d.Clock, Log: d.Log, Planner: pl,
		SignInNeeded: d.SignInNeeded}
	if d.DialIMAP != nil {
		cm.DialIMAP = func(ctx context.Context) (compose.Drafts, error) {
			c, err := d.DialIMAP(ctx)
			if err != nil {
				return nil, err // not a nil *Client inside the interface
			}
			return c, nil
		}
		ob.DialIMAP = func(ctx context.Context) (outbox.Mailbox, error) {
			c, err := d.DialIMAP(ctx)
			if err != nil {
				return nil, err
			}
			return c, nil
		}
	}
	if d.NewSender != nil {
		ob.NewSender = func(ctx context.Context) (outbox.Sender, error) { return d.NewSender(ctx) }
		dg.NewSender = func(ctx context.Context) (digest.Sender, error) { return d.NewSender(ctx) }
	}
	return &Services{Config: d.Config, Store: d.Store, Clock: d.Clock, Log: d.Log, FeedPath: d.FeedPath, Planner: pl, Composer: cm, Inbox: in, Outbox: ob, Digest: dg}
}
