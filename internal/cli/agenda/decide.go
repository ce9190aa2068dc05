package agenda

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/calendar"
	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/nextstep"
	"github.com/followup-dev/followup/internal/plan"
	"github.com/followup-dev/followup/internal/store"
)

// This file holds what `followup snooze`, `skip` and `reschedule` share:
// reading the follow-up number and WHEN, carrying out the decision, and
// showing decisions in `show` and `plan`.

// whenExample is the hint of every refused WHEN.
const whenExample = `write a day or a date, e.g. "monday", "in 3 days", "2026-12-07" or "2026-12-07 10:00"`

// actionNumber reads ACTION, the number of a follow-up as `followup show` prints it.
func actionNumber(arg string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(arg), "#"), 10, 64)
	if err != nil || n <= 0 {
		return 0, &followup.FieldError{Field: "follow-up number", Value: arg,
			Hint: "use a number from the # column of `followup show ID` or `followup plan`"}
	}
	return n, nil
}

// parseWhen reads WHEN: an absolute "2026-12-07 10:00" (or RFC 3339), or
// any phrase `followup when` reads ("monday", "in 3 days", "2026-12-07"),
// optionally followed by a time of day ("monday 10:00"). A day without a
// time means the start of the send window that day. It must lie ahead of
// now; loc is the user's zone.
func parseWhen(a *command.App, field, text string) (time.Time, error) {
	cfg, err := a.Config()
	if err != nil {
		return time.Time{}, err
	}
	cal, err := plan.BusinessCalendar(cfg.Calendar)
	if err != nil {
		return time.Time{}, err
	}
	loc, now := a.Location(), a.Clock.Now()
	t, err := readWhen(field, text, whenContext{now: now.In(loc), cal: cal, windowStart: cfg.Policy.SendWindow.Start})
	if err != nil {
		return t, err
	}
	if err := command.CheckNear(field, t, now); err != nil {
		return t, err
	}
	return t, nil
}

// whenContext is what reading WHEN depends on.
type whenContext struct {
	now         time.Time // in the user's zone
	cal         *calendar.Calendar
	windowStart int // minutes after midnight
}

func readWhen(field, text string, wc whenContext) (time.Time, error) {
	text = strings.TrimSpace(text)
	bad := func(hint string) error { return &followup.FieldError{Field: field, Value: text, Hint: hint} }
	if text == "" || strings.ContainsAny(text, "\r\n\x00") {
		return time.Time{}, bad(whenExample)
	}
	loc := wc.now.Location()
	if strings.Contains(text, ":") {
		if t, err := command.ParseTime(field, text, loc); err == nil {
			return ahead(field, text, t, wc.now)
		}
	}
	phrase, hour, minute, timed := splitTimeOfDay(text)
	day, err := calendar.ParseDate(phrase)
	if err != nil {
		r := nextstep.Parse(phrase, wc.now, wc.cal)
		if !r.Found {
			return time.Time{}, bad("no date in it: " + whenExample)
		}
		day = r.Earliest
	}
	if timed {
		return ahead(field, text, followup.WallClock(day, hour, minute, loc), wc.now)
	}
	t := followup.WallClock(day, wc.windowStart/60, wc.windowStart%60, loc)
	if calendar.DateOf(t) == calendar.DateOf(wc.now) && t.Before(wc.now) {
		t = wc.now // today, after the window opened: from now on
	}
	return ahead(field, text, t, wc.now)
}

// splitTimeOfDay cuts a trailing "10:00" off text.
func splitTimeOfDay(text string) (phrase string, hour, minute int, ok bool) {
	i := strings.LastIndexByte(text, ' ')
	if i < 0 {
		return text, 0, 0, false
	}
	t, err := time.Parse("15:04", text[i+1:])
	if err != nil {
		return text, 0, 0, false
	}
	return strings.TrimSpace(text[:i]), t.Hour(), t.Minute(), true
}

// ahead refuses a time in the past.
func ahead(field, text string, t, now time.Time) (time.Time, error) {
	if t.Before(now) {
		return t, &followup.FieldError{Field: field, Value: text,
			Hint: fmt.Sprintf("that is %s, already past: give a later time, e.g. \"tomorrow\" or \"in 3 days\"", t.Format("Mon 2 Jan 2006 15:04"))}
	}
	return t, nil
}

// decide carries out a decision about one follow-up and prints one line
// saying where it stands now.
func decide(ctx context.Context, a *command.App, d plan.Decision, undo bool) error {
	pl, err := a.Planner(ctx)
	if err != nil {
		return err
	}
	var ac followup.Action
	if undo {
		ac, err = pl.Forget(ctx, d.ActionID)
	} else {
		ac, err = pl.Decide(ctx, d)
	}
	if err != nil {
		return err
	}
	iv, err := pl.Store.GetInterview(ctx, ac.InterviewID)
	if err != nil {
		return err
	}
	what := fmt.Sprintf("#%d %s to %s (%s)", ac.ID, ac.Kind, recipientNames(iv, ac.To), iv.ID)
	switch {
	case undo:
		fmt.Fprintf(a.Out, "%s: back on the plan, %s\n", what, standing(a, ac))
	case d.Kind == followup.OverrideSkip:
		fmt.Fprintf(a.Out, "%s: skipped; the rest of the plan keeps its schedule\n", what)
	case d.Kind == followup.OverrideSnooze:
		fmt.Fprintf(a.Out, "%s: snoozed until %s, %s\n", what, a.When(d.At), standing(a, ac))
	default:
		fmt.Fprintf(a.Out, "%s: rescheduled, %s\n", what, standing(a, ac))
	}
	return nil
}

// standing says when a follow-up is due, or why not.
func standing(a *command.App, ac followup.Action) string {
	if ac.State.Open() {
		return "due " + a.When(ac.Due)
	}
	return fmt.Sprintf("%s (%s)", ac.State, ac.Reason)
}

// overridesByKey loads the user's decisions about an interview's follow-ups.
func overridesByKey(ctx context.Context, st *store.Store, id string) (map[string]followup.Override, error) {
	ovs, err := st.Overrides(ctx, id)
	if err != nil {
		return nil, err
	}
	m := make(map[string]followup.Override, len(ovs))
	for _, o := range ovs {
		m[o.Key] = o
	}
	return m, nil
}

// overrideView is the user's decision about a follow-up in JSON output.
type overrideView struct {
	Kind    string `json:"kind"`            // snooze | skip | reschedule
	Until   string `json:"until,omitempty"` // RFC 3339: snoozed until, or rescheduled to
	Label   string `json:"label"`           // "snoozed until Wed 2 Dec 13:00"
	Decided string `json:"decided"`         // RFC 3339
}

// decisionOf is the decision still in effect on ac, if any.
func decisionOf(ovs map[string]followup.Override, ac followup.Action) (followup.Override, bool) {
	o, ok := ovs[ac.Key]
	return o, ok && o.InEffect(ac)
}

func newOverrideView(a *command.App, o followup.Override) *overrideView {
	v := &overrideView{Kind: string(o.Kind), Label: o.Label(a.Location()), Decided: o.SetAt.Format(time.RFC3339)}
	if !o.At.IsZero() {
		v.Until = o.At.In(a.Location()).Format(time.RFC3339)
	}
	return v
}

// decided is decisionOf as a pointer, nil without a decision in effect.
func decided(ovs map[string]followup.Override, ac followup.Action) *followup.Override {
	if o, ok := decisionOf(ovs, ac); ok {
		return &o
	}
	return nil
}
