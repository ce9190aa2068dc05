// Package plan keeps each interview's follow-up plan current: it reads the
// next-step promise on the user's business calendar, asks the pure planner
// (followup.Replan) for the actions and writes them to the store.
package plan

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/followup-dev/followup/internal/calendar"
	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/followup/reply"
	"github.com/followup-dev/followup/internal/nextstep"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

// Planner replans interviews. Its fields are set once; it is then safe for
// concurrent use.
type Planner struct {
	Config *config.Config
	Store  *store.Store
	Clock  clock.Clock
}

// planTries bounds how often Replan plans again when the history changed
// while it planned (store.ErrStalePlan).
const planTries = 3

// Replan recomputes iv's follow-up plan from the configuration and its
// stored history and writes it to the store. It returns the planner's
// decision, including a suggested status (quiet) that the caller may apply.
// When an answer or a send changed the history meanwhile, it plans again
// from the fresh history rather than undo that change.
func (p *Planner) Replan(ctx context.Context, iv *followup.Interview) (followup.PlanResult, error) {
	for try := 1; ; try++ {
		res, err := p.replanOnce(ctx, iv)
		if !errors.Is(err, store.ErrStalePlan) || try == planTries {
			return res, err
		}
	}
}

func (p *Planner) replanOnce(ctx context.Context, iv *followup.Interview) (followup.PlanResult, error) {
	in, err := p.planInput(ctx, iv)
	if err != nil {
		return followup.PlanResult{}, err
	}
	res := followup.Replan(iv, in)
	if res.Actions, err = p.holdWhileAway(ctx, iv.ID, res.Actions, in); err != nil {
		return res, err
	}
	if err := p.Store.SyncActions(ctx, iv.ID, res.Actions, in.Now); err != nil {
		return res, err
	}
	return res, nil
}

// Add validates and stores a new interview together with its first plan,
// in one transaction, and returns its id.
func (p *Planner) Add(ctx context.Context, iv *followup.Interview) (string, error) {
	if err := iv.Validate(); err != nil {
		return "", err
	}
	in, err := p.input(iv, nil, time.Time{})
	if err != nil {
		return "", err
	}
	return p.Store.AddInterviewPlanned(ctx, iv, in.Now, func(iv *followup.Interview) []followup.Action {
		return followup.Replan(iv, in).Actions
	})
}

// Save validates and stores a changed interview together with its
// recomputed plan, in one transaction. The status stays the store's
// (replied, quiet) unless iv closes the interview; when an answer or a
// send changed the history meanwhile, it plans again from the fresh one.
func (p *Planner) Save(ctx context.Context, iv *followup.Interview) error {
	if err := iv.Validate(); err != nil {
		return err
	}
	for try := 1; ; try++ {
		err := p.saveOnce(ctx, iv)
		if !errors.Is(err, store.ErrStalePlan) || try == planTries {
			return err
		}
	}
}

func (p *Planner) saveOnce(ctx context.Context, iv *followup.Interview) error {
	cur, err := p.Store.GetInterview(ctx, iv.ID)
	if err != nil {
		return err
	}
	planned := *iv
	if iv.Status != followup.StatusClosed {
		planned.Status = cur.Status
	}
	in, err := p.planInput(ctx, &planned)
	if err != nil {
		return err
	}
	res := followup.Replan(&planned, in)
	if res.Actions, err = p.holdWhileAway(ctx, iv.ID, res.Actions, in); err != nil {
		return err
	}
	return p.Store.UpdateInterviewPlanned(ctx, iv, res.Actions, in.Now)
}

// ReplanID loads the interview with id and replans it.
func (p *Planner) ReplanID(ctx context.Context, id string) (followup.PlanResult, error) {
	iv, err := p.Store.GetInterview(ctx, id)
	if err != nil {
		return followup.PlanResult{}, err
	}
	return p.Replan(ctx, iv)
}

// awayHorizon is how far ahead an out-of-office return date still holds
// check-ins; a later one is ignored.
const awayHorizon = 30 * 24 * time.Hour

// holdWhileAway keeps check-ins to someone who announced they are away (an
// auto-reply with a return date) held until they are back, so that
// replanning does not undo the hold.
func (p *Planner) holdWhileAway(ctx context.Context, id string, acs []followup.Action, in followup.PlanInput) ([]followup.Action, error) {
	dates, err := p.Store.ReturnDates(ctx, id)
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
		held := reply.HoldWhileAway(acs, []string{addr}, back, pl, fmt.Sprintf("%s is away until %s: held until then", addr, back))
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

// planInput gathers what the planner needs for iv from its stored history.
func (p *Planner) planInput(ctx context.Context, iv *followup.Interview) (followup.PlanInput, error) {
	history, err := p.Store.Actions(ctx, iv.ID)
	if err != nil {
		return followup.PlanInput{}, err
	}
	touch, err := lastTouch(ctx, p.Store, iv.ID)
	if err != nil {
		return followup.PlanInput{}, err
	}
	overrides, err := p.Store.Overrides(ctx, iv.ID)
	if err != nil {
		return followup.PlanInput{}, err
	}
	in, err := p.input(iv, history, touch)
	in.Overrides = overrides
	return in, err
}

// input is what the planner needs for iv, given its history.
func (p *Planner) input(iv *followup.Interview, history []followup.Action, touch time.Time) (followup.PlanInput, error) {
	cal, err := BusinessCalendar(p.Config.Calendar)
	if err != nil {
		return followup.PlanInput{}, err
	}
	loc := p.Config.Me.Location()
	r := readPromise(iv, cal, loc)
	return followup.PlanInput{
		Policy: PlanPolicy(p.Config.Policy), Calendar: cal, Location: loc,
		Promise: followup.Promise{Found: r.Found, Earliest: r.Earliest, Latest: r.Latest, Rule: r.Rule},
		History: history, LastTouch: touch, Now: p.Clock.Now(),
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
// Its errors are usage errors: the configuration must be fixed.
func BusinessCalendar(c config.Calendar) (*calendar.Calendar, error) {
	holidays := make([]calendar.Date, 0, len(c.Holidays))
	for _, h := range c.Holidays {
		d, err := calendar.ParseDate(h)
		if err != nil {
			return nil, usage.Errorf("[calendar] holidays: %v", err)
		}
		holidays = append(holidays, d)
	}
	cal, err := calendar.New(c.Workdays, holidays, c.Country)
	if err != nil {
		return nil, usage.Errorf("[calendar]: %v", err)
	}
	return cal, nil
}

// PromiseOf reads the date iv's next steps promised, counting from the end
// of the interview in the user's zone on the user's business calendar.
func PromiseOf(cfg *config.Config, iv *followup.Interview) (nextstep.Result, error) {
	cal, err := BusinessCalendar(cfg.Calendar)
	if err != nil {
		return nextstep.Result{}, err
	}
	return readPromise(iv, cal, cfg.Me.Location()), nil
}

func readPromise(iv *followup.Interview, cal *calendar.Calendar, loc *time.Location) nextstep.Result {
	return nextstep.Parse(iv.NextSteps, iv.End().In(loc), cal)
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
