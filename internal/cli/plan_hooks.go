package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/followup-dev/followup/internal/calendar"
	"github.com/followup-dev/followup/internal/commitment"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
)

// afterChange is called after an interview is added or changed: it
// recomputes the interview's follow-up plan and writes it to the store.
// It moves no status; only the daemon does that.
func (a *App) afterChange(ctx context.Context, id string) error {
	iv, st, err := a.getInterview(ctx, id)
	if err != nil {
		return err
	}
	_, err = a.replan(ctx, st, iv)
	return err
}

// replan plans iv from the configuration and its stored history, writes
// the plan and returns the planner's decision.
func (a *App) replan(ctx context.Context, st *store.Store, iv *followup.Interview) (followup.PlanResult, error) {
	in, err := a.planInput(ctx, st, iv)
	if err != nil {
		return followup.PlanResult{}, err
	}
	res := followup.Replan(iv, in)
	if res.Actions, err = holdWhileAway(ctx, st, iv.ID, res.Actions, in); err != nil {
		return res, err
	}
	if err := st.SyncActions(ctx, iv.ID, res.Actions, in.Now); err != nil {
		return res, err
	}
	return res, nil
}

// awayHorizon is how far ahead an out-of-office return date still holds
// check-ins; a later one is ignored.
const awayHorizon = 30 * 24 * time.Hour

// holdWhileAway keeps check-ins to someone who announced they are away (an
// auto-reply with a return date) held until they are back, so that
// replanning does not undo the hold.
func holdWhileAway(ctx context.Context, st *store.Store, id string, acs []followup.Action, in followup.PlanInput) ([]followup.Action, error) {
	dates, err := st.ReturnDates(ctx, id)
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
func (a *App) planInput(ctx context.Context, st *store.Store, iv *followup.Interview) (followup.PlanInput, error) {
	cfg, err := a.Config()
	if err != nil {
		return followup.PlanInput{}, err
	}
	cal, err := businessCalendar(cfg.Calendar)
	if err != nil {
		return followup.PlanInput{}, err
	}
	history, err := st.Actions(ctx, iv.ID)
	if err != nil {
		return followup.PlanInput{}, err
	}
	touch, err := lastTouch(ctx, st, iv.ID)
	if err != nil {
		return followup.PlanInput{}, err
	}
	loc := cfg.Me.Location()
	return followup.PlanInput{
		Policy: planPolicy(cfg.Policy), Calendar: cal, Location: loc,
		Promise: promise(iv, cal, loc), History: history, LastTouch: touch, Now: a.Now(),
	}, nil
}

// planPolicy takes the planner's values from the [policy] section.
func planPolicy(p config.Policy) followup.PlanPolicy {
	return followup.PlanPolicy{
		ThankYouDelay: p.ThankYouDelay, CheckInGrace: p.CheckInGrace, QuietAfter: p.QuietAfter,
		NetworkingEvery: p.NetworkingEvery, MaxCheckIns: p.MaxCheckIns,
		Window: followup.Window{Start: p.SendWindow.Start, End: p.SendWindow.End},
	}
}

// businessCalendar builds the user's business calendar from [calendar].
func businessCalendar(c config.Calendar) (*calendar.Calendar, error) {
	holidays := make([]calendar.Date, 0, len(c.Holidays))
	for _, h := range c.Holidays {
		d, err := calendar.ParseDate(h)
		if err != nil {
			return nil, usagef("[calendar] holidays: %w", err)
		}
		holidays = append(holidays, d)
	}
	cal, err := calendar.New(c.Workdays, holidays, c.Country)
	if err != nil {
		return nil, usageError{fmt.Errorf("[calendar]: %w", err)}
	}
	return cal, nil
}

// readPromise parses the interview's next steps, counting from the end of
// the interview in the user's zone.
func readPromise(iv *followup.Interview, cal *calendar.Calendar, loc *time.Location) commitment.Result {
	return commitment.Parse(iv.NextSteps, iv.End().In(loc), cal)
}

func promise(iv *followup.Interview, cal *calendar.Calendar, loc *time.Location) followup.Promise {
	r := readPromise(iv, cal, loc)
	return followup.Promise{Found: r.Found, Earliest: r.Earliest, Latest: r.Latest, Rule: r.Rule}
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

// deadline is the date the company promised, for show and list; nil when
// nothing datable was promised or the configuration cannot be read.
func (a *App) deadline(iv *followup.Interview) *deadlineView {
	cfg, err := a.Config()
	if err != nil {
		return nil
	}
	cal, err := businessCalendar(cfg.Calendar)
	if err != nil {
		return nil
	}
	r := readPromise(iv, cal, cfg.Me.Location())
	if !r.Found {
		return nil
	}
	return &deadlineView{Earliest: r.Earliest.String(), Latest: r.Latest.String(), Rule: r.Rule}
}
