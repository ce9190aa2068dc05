package daemon

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/followup-dev/followup/internal/store"
)

// Work is one piece of an account's work that needs no long connection,
// so that any daemon sharing the store can do it (Do): a job's work on
// PostgreSQL (Options.Jobs), the daemon's own otherwise.
type Work string

// The works of Do.
const (
	// WorkPass is a scheduler pass: due follow-ups drafted or sent
	// (Options.Process), then the user's notices.
	WorkPass Work = "pass"
	// WorkDigest is the digest, when one is due and not yet sent.
	WorkDigest Work = "digest"
	// WorkHousekeeping is the periodic catch-up: a digest whose cron did
	// not run, a full inbox sync, interviews gone quiet, old events pruned.
	WorkHousekeeping Work = "housekeeping"
	// WorkStartup is what a daemon claiming its account catches up on: a
	// digest or notice a crash left half sent made due again, a digest
	// missed while no daemon ran, interviews that went quiet. (As a job it
	// runs when no other job of the account does: what it resumes is no
	// other worker's.)
	WorkStartup Work = "startup"
)

// Jobs is a job queue the daemons sharing a store work from
// (internal/jobs): asking for one work of one account, as asked at at.
type Jobs interface {
	Enqueue(ctx context.Context, account, work string, at time.Time) error
}

// Do does work w for the account e serves, with process as a pass's due
// work (Options.Process; nil: none). Each work is safe to do twice or by
// two daemons at once: the outbox's send lock and state machine and the
// digest's slot make sure nothing is sent twice.
func Do(ctx context.Context, e *Services, w Work, process func(context.Context, *Services) error) error {
	switch w {
	case WorkPass:
		var errs []error
		if process != nil {
			errs = append(errs, process(ctx, e))
		}
		return errors.Join(append(errs, e.Digest.SendDue(ctx))...)
	case WorkDigest:
		return digestDue(ctx, e)
	case WorkHousekeeping:
		return housekeep(ctx, e)
	case WorkStartup:
		err := startup(ctx, e)
		if ctx.Err() != nil {
			return err
		}
		err = errors.Join(err, digestDue(ctx, e))
		if ctx.Err() != nil {
			return err
		}
		if _, qerr := e.Digest.ApplyQuiet(ctx); qerr != nil {
			err = errors.Join(err, fmt.Errorf("quiet check: %w", qerr))
		}
		return err
	}
	return fmt.Errorf("unknown work %q", w)
}

// startup resumes the user's mail a crash left half sent and starts the
// digest's count on a store no daemon ran on.
func startup(ctx context.Context, e *Services) error {
	var errs []error
	if err := e.Digest.ResumeUserMail(ctx); err != nil {
		errs = append(errs, fmt.Errorf("interrupted digest or notice not resumed: %w", err))
	}
	if _, ok, err := e.Store.LastDigest(ctx); err == nil && !ok {
		// The first daemon on a store starts counting from now.
		if err := e.Store.SetLastDigest(ctx, e.Clock.Now()); err != nil {
			errs = append(errs, fmt.Errorf("digest bookkeeping: %w", err))
		}
	}
	return errors.Join(errs...)
}

// digestDue sends the digest when one is due and was not sent yet: on
// schedule, or once on start for one missed while no daemon ran.
func digestDue(ctx context.Context, e *Services) error {
	slot, due, err := e.Digest.DigestDue(ctx)
	if err != nil {
		return fmt.Errorf("digest check: %w", err)
	}
	if !due {
		return nil
	}
	res, err := e.Digest.SendDigest(ctx, slot)
	if errors.Is(err, store.ErrDigestEnqueued) {
		e.Log.Debug("digest already enqueued by another run", "slot", slot)
		return nil
	}
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	e.Log.Info("digest done", "summary", res.Summary, "sent", res.Sent)
	return nil
}

// housekeep is WorkHousekeeping. Each step is tried; their failures are
// joined.
func housekeep(ctx context.Context, e *Services) error {
	var errs []error
	if err := digestDue(ctx, e); err != nil {
		errs = append(errs, err)
	}
	if e.Inbox.DialWatch != nil {
		if err := e.Inbox.SyncInbox(ctx, nil); err != nil && ctx.Err() == nil {
			errs = append(errs, fmt.Errorf("inbox catch-up: %w", err))
		}
	}
	if _, err := e.Digest.ApplyQuiet(ctx); err != nil && ctx.Err() == nil {
		errs = append(errs, fmt.Errorf("quiet check: %w", err))
	}
	if n, err := e.Store.PruneEvents(ctx, e.Clock.Now().Add(-eventRetention)); err != nil && ctx.Err() == nil {
		errs = append(errs, fmt.Errorf("pruning events: %w", err))
	} else if n > 0 {
		e.Log.Debug("old events pruned", "count", n)
	}
	return errors.Join(errs...)
}
