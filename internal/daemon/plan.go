package daemon

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/followup-dev/followup/internal/calendar"
	"github.com/followup-dev/followup/internal/commitment"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
)

// planTries bounds how often Replan plans again when the history changed
// while it planned (store.ErrStalePlan).
const planTries = 3

// Replan recomputes iv's follow-up plan from the configuration and its
// stored history and writes it to the store. It returns the planner's
// decision, including a suggested status (quiet) that the caller may apply.
// When an answer or a send changed the history meanwhile, it plans again
// from the fresh history rather than undo that change.
func (e *Env) Replan(ctx context.Context, iv *followup.Interview) (followup.PlanResult, error) {
	for try := 1; ; try++ {
		res, err := e.replanOnce(ctx, iv)
		if !errors.Is(err, store.ErrStalePlan) || try == planTries {
			return res, err
		}
	}
}

func (e *Env) replanOnce(ctx context.Context, iv *followup.Interview) (followup.PlanResult, error) {
	in, err := e.planInput(ctx, iv)
	if err != nil {
		return followup.PlanResult{}, err
	}
	res := followup.Replan(iv, in)
	if res.Actions, err = e.holdWhileAway(ctx, iv.ID, res.Actions, in); err != nil {
		return res, err
	}
	if err := e.Store.SyncActions(ctx, iv.ID, res.Actions, in.Now); err != nil {
		return res, err
	}
	return res, nil
}

// ReplanID loads the interview with id and replans it.
func (e *Env) ReplanID(ctx context.Context, id string) (followup.PlanResult, error) {
	iv, err := e.Store.GetInterview(ctx, id)
	if err != nil {
		return followup.PlanResult{}, err
	}
	return e.Replan(ctx, iv)
}

// awayHorizon is how far ahead an out-of-office return date still holds
// check-ins; a later one is ignored.
const awayHorizon = 30 * 24 * time.Hour

// holdWhileAway keeps check-ins to someone who announced they are away (an
// auto-reply with a return date) held until they are back, so that
// replanning does not undo the hold.
func (e *Env) holdWhileAway(ctx context.Context, id string, acs []followup.Action, in followup.PlanInput) ([]followup.Action, error) {
	dates, err := e.Store.ReturnDates(ctx, id)
	if err != nil || len(dates) == 0 {
		return acs, err
	}
	pl := followup.Placer{Window: in.Policy.Window, Calendar: in.Calendar, Location: in.Location}
	today := calendar.DateOf(in.Now.In(in.Location))
	for addr, d := range dates {
		back, err := calendar.ParseDate(d)
		if err != nil || back.Before(today) || back.At(0, 0, in.Location).Sub(in.Now) > awayHorizon {
			continue
		}
		held := followup.HoldWhileAway(acs, []string{addr}, back, pl, fmt.Sprintf("%s is away until %s: held until then", addr, back))
		acs = replaceByKey(acs, held)
	}
	return acs, nil
}

// replaceByKey returns acs with each action replaced by the one in repl that
// has the same key.
func replaceByKey(acs, repl []followup.Action) []followup.Action {
	byKey := make(map[string]followup.Action, len(repl))
	for _, r := range repl {
		byKey[r.Key] = r
	}
	for i, ac := range acs {
		if r, ok := byKey[ac.Key]; ok {
			acs[i] = r
		}
	}
	return acs
}

// planInput gathers what the planner needs for iv.
func (e *Env) planInput(ctx context.Context, iv *followup.Interview) (followup.PlanInput, error) {
	cal, err := BusinessCalendar(e.Config.Calendar)
	if err != nil {
		return followup.PlanInput{}, err
	}
	history, err := e.Store.Actions(ctx, iv.ID)
	if err != nil {
		return followup.PlanInput{}, err
	}
	touch, err := lastTouch(ctx, e.Store, iv.ID)
	if err != nil {
		return followup.PlanInput{}, err
	}
	loc := e.Config.Me.Location()
	r := readPromise(iv, cal, loc)
	return followup.PlanInput{
		Policy: PlanPolicy(e.Config.Policy), Calendar: cal, Location: loc,
		Promise: followup.Promise{Found: r.Found, Earliest: r.Earliest, Latest: r.Latest, Rule: r.Rule},
		History: history, LastTouch: touch, Now: e.Now(),
	}, nil
}

// PlanPolicy takes the planner's values from the [policy] section.
func PlanPolicy(p config.Policy) followup.PlanPolicy {
	return followup.PlanPolicy{
		ThankYouDelay: p.ThankYouDelay, CheckInGrace: p.CheckInGrace, QuietAfter: p.QuietAfter,
		NetworkingEvery: p.NetworkingEvery, MaxCheckIns: p.MaxCheckIns,
		Window: followup.Window{Start: p.SendWindow.Start, End: p.SendWindow.End},
	}
}

// Placer moves due times into the user's send window on business days.
func Placer(cfg *config.Config) (followup.Placer, error) {
	cal, err := BusinessCalendar(cfg.Calendar)
	if err != nil {
		return followup.Placer{}, err
	}
	return followup.Placer{Calendar: cal, Location: cfg.Me.Location(),
		Window: followup.Window{Start: cfg.Policy.SendWindow.Start, End: cfg.Policy.SendWindow.End}}, nil
}

// BusinessCalendar builds the user's business calendar from [calendar].
// Its errors wrap ErrRequest: the configuration must be fixed.
func BusinessCalendar(c config.Calendar) (*calendar.Calendar, error) {
	holidays := make([]calendar.Date, 0, len(c.Holidays))
	for _, h := range c.Holidays {
		d, err := calendar.ParseDate(h)
		if err != nil {
			return nil, requestf("[calendar] holidays: %v", err)
		}
		holidays = append(holidays, d)
	}
	cal, err := calendar.New(c.Workdays, holidays, c.Country)
	if err != nil {
		return nil, requestf("[calendar]: %v", err)
	}
	return cal, nil
}

// PromiseOf reads the date iv's next steps promised, counting from the end
// of the interview in the user's zone on the user's business calendar.
func PromiseOf(cfg *config.Config, iv *followup.Interview) (commitment.Result, error) {
	cal, err := BusinessCalendar(cfg.Calendar)
	if err != nil {
		return commitment.Result{}, err
	}
	return readPromise(iv, cal, cfg.Me.Location()), nil
}

func readPromise(iv *followup.Interview, cal *calendar.Calendar, loc *time.Location) commitment.Result {
	return commitment.Parse(iv.NextSteps, iv.End().In(loc), cal)
}

// lastTouch is when the user last wrote to the company from their own client.
func lastTouch(ctx context.Context, st *store.Store, id string) (time.Time, error) {
	msgs, err := st.Messages(ctx, id)
	if err != nil {
		return time.Time{}, err
	}
	var last time.Time
	for _, m := range msgs {
		if m.ActionID == 0 && m.Created.After(last) {
			last = m.Created
		}
	}
	return last, nil
}
