package plan

import (
	"context"
	"errors"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

// Decision is the user's decision about one planned follow-up, named by
// the number `followup show` gives it.
type Decision struct {
	ActionID int64
	Kind     followup.OverrideKind
	// At is when a snooze holds until or a rescheduled follow-up is due;
	// ignored for a skip.
	At time.Time
}

// Decide records d and replans the follow-up's interview, so that the
// decision takes effect now and every later replan keeps it. It returns
// the follow-up as replanned. A follow-up already drafted, sent, failed or
// cancelled (other than skipped) is refused with a usage error, as is an
// unknown number.
func (p *Planner) Decide(ctx context.Context, d Decision) (followup.Action, error) {
	ac, err := p.decidable(ctx, d.ActionID, d.Kind)
	if err != nil {
		return ac, err
	}
	o := followup.Override{InterviewID: ac.InterviewID, Key: ac.Key, Kind: d.Kind, SetAt: p.Clock.Now()}
	if d.Kind != followup.OverrideSkip {
		o.At = d.At
	}
	if err := p.Store.SetOverride(ctx, o); err != nil {
		return ac, err
	}
	if _, err := p.ReplanID(ctx, ac.InterviewID); err != nil {
		return ac, err
	}
	return p.Store.Action(ctx, d.ActionID)
}

// Forget withdraws the user's decision about a follow-up, which goes back
// to the plan, and returns it as replanned. A follow-up without a decision
// is a usage error.
func (p *Planner) Forget(ctx context.Context, actionID int64) (followup.Action, error) {
	ac, err := p.action(ctx, actionID)
	if err != nil {
		return ac, err
	}
	err = p.Store.DeleteOverride(ctx, ac.InterviewID, ac.Key)
	if errors.Is(err, store.ErrNotFound) {
		return ac, usage.Errorf("follow-up #%d was not snoozed, skipped or rescheduled: nothing to undo", actionID)
	}
	if err != nil {
		return ac, err
	}
	if _, err := p.ReplanID(ctx, ac.InterviewID); err != nil {
		return ac, err
	}
	return p.Store.Action(ctx, actionID)
}

// action loads one follow-up by number; an unknown one is a usage error.
func (p *Planner) action(ctx context.Context, id int64) (followup.Action, error) {
	ac, err := p.Store.Action(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return ac, usage.Errorf("no follow-up #%d: use a number from the # column of `followup show ID` or `followup plan`", id)
	}
	return ac, err
}

// decidable loads the follow-up and checks that it is still the user's to
// decide about: open, or skipped by them.
func (p *Planner) decidable(ctx context.Context, id int64, kind followup.OverrideKind) (followup.Action, error) {
	ac, err := p.action(ctx, id)
	if err != nil {
		return ac, err
	}
	switch {
	case ac.State.Open(), ac.State == followup.StateCancelled && ac.Reason == followup.SkippedReason:
		return ac, nil
	case ac.State == followup.StateCancelled:
		return ac, usage.Errorf("follow-up #%d is cancelled (%s): there is nothing to %s", id, ac.Reason, kind)
	}
	return ac, usage.Errorf("follow-up #%d was already %s: there is nothing left to %s", id, ac.State, kind)
}
