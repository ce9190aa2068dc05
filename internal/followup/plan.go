package followup

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/calendar"
)

// PlanPolicy holds the policy values the planner uses (from the [policy]
// section of the configuration).
type PlanPolicy struct {
	ThankYouDelay   time.Duration // after the interview ends
	CheckInGrace    int           // business days after the promised date
	QuietAfter      int           // business days after the interview when nothing was promised
	NetworkingEvery time.Duration // between check-ins while nothing is heard
	MaxCheckIns     int           // check-ins in all, check-in:1 included
	Window          Window        // the daily send window
}

// Promise is the date the company promised to be back by, as read from the
// interview's next steps.
type Promise struct {
	Found            bool
	Earliest, Latest calendar.Date
	Rule             string
}

// PlanInput is everything the planner needs besides the interview.
type PlanInput struct {
	Policy   PlanPolicy
	Calendar *calendar.Calendar // the user's business days; nil: calendar.Default()
	Location *time.Location     // the user's zone; due times are placed in it; nil: UTC
	Promise  Promise            // read from the interview's next steps
	// History is the interview's stored actions, in any state.
	History []Action
	// LastTouch is when the user last wrote to the company themselves
	// (zero: never); later networking notes wait networking_every after it.
	LastTouch time.Time
	// Overrides are the user's decisions about single follow-ups (snooze,
	// skip, reschedule), applied to the open ones; see Override.
	Overrides []Override
	Now       time.Time
}

// PlanEvent is something the user should hear about.
type PlanEvent struct {
	Kind   string // "quiet"
	Detail string
}

// PlanResult is the planner's decision for one interview.
type PlanResult struct {
	// Actions is the whole timeline, one action per key, by due time:
	// unchanged ones as they were, open ones with fresh due times, new ones
	// pending (ID 0) and unwanted open ones cancelled with a reason.
	Actions []Action
	// QuietAt is when the interview counts as quiet if nothing is heard by
	// then: networking_every after the last check-in. Zero when the
	// interview is replied, closed or already quiet.
	QuietAt time.Time
	// Status is the suggested status as of Now: StatusQuiet once every
	// check-in is done and QuietAt has passed, else the current status.
	Status Status
	// Events are what the user should be told, such as going quiet.
	Events []PlanEvent
}

// Plan returns the interview's follow-up actions; see Replan.
func Plan(iv *Interview, in PlanInput) []Action { return Replan(iv, in).Actions }

// Replan decides the follow-ups of iv:
//
//   - a thank-you to each deliverable interviewer (key "thank-you:EMAIL"),
//     thank_you_delay after the interview ends;
//   - check-in:1 check_in_grace business days after the promised date, or
//     quiet_after business days after the interview when nothing was promised;
//   - networking:2, networking:3, … networking_every after the previous
//     check-in (or after the user's own last message), up to max_check_ins
//     check-ins in all.
//
// Check-ins and networking notes go to one person, the primary contact:
// the first deliverable interviewer, else the first deliverable contact.
// Writing to everyone at once reads as pressure, and one thread is easier
// to follow. Every due time is placed in the send window on a business day
// in the user's zone.
//
// Keys keep their identity across replanning. Drafted, sent and failed
// actions are never changed; open ones get fresh due times; unwanted open
// ones are cancelled with a reason; ones the planner itself cancelled come
// back when wanted again. A replied, closed or quiet interview wants nothing.
func Replan(iv *Interview, in PlanInput) PlanResult {
	p := planner{iv: iv, in: in, place: Placer{Window: in.Policy.Window, Calendar: in.Calendar, Location: in.Location}}
	status := iv.CurrentStatus(in.Now)
	res := PlanResult{Status: status}
	var wanted []Action
	if why, off := stopReason(iv, status); off {
		res.Actions = p.reconcile(nil, why)
		return res
	}
	wanted = append(wanted, p.thankYous()...)
	checkIns, quietAt := p.checkIns()
	wanted = append(wanted, checkIns...)
	res.Actions = p.applyOverrides(p.reconcile(wanted, ""))
	res.QuietAt = quietAt
	if p.allCheckInsDone(res.Actions) && !quietAt.IsZero() && !in.Now.Before(quietAt) {
		res.Status = StatusQuiet
		res.Events = []PlanEvent{{Kind: "quiet", Detail: fmt.Sprintf("nothing heard from %s after %s: marked quiet",
			iv.Company, plural(max(in.Policy.MaxCheckIns, 0), "check-in"))}}
	}
	return res
}

// stopReason says why an interview wants no more follow-ups, if it does not.
func stopReason(iv *Interview, status Status) (string, bool) {
	switch status {
	case StatusClosed:
		if iv.Outcome != "" {
			return "interview closed: " + string(iv.Outcome), true
		}
		return "interview closed", true
	case StatusReplied:
		return "they replied", true
	case StatusQuiet:
		return "interview went quiet", true
	}
	return "", false
}

type planner struct {
	iv    *Interview
	in    PlanInput
	place Placer
}

func (p planner) loc() *time.Location { return p.place.Loc() }
func (p planner) cal() *calendar.Calendar {
	return p.place.cal()
}

// thankYous plans one thank-you per deliverable interviewer.
func (p planner) thankYous() []Action {
	raw := p.iv.End().Add(p.in.Policy.ThankYouDelay)
	due := p.place.Place(raw)
	reason := "thank-you " + humanDuration(p.in.Policy.ThankYouDelay) + " after the interview"
	if !due.Equal(raw) {
		reason += ", held for the send window"
	}
	if strings.TrimSpace(p.iv.NextSteps) == "" {
		reason += "; no next steps recorded: ask about the timeline"
	}
	var out []Action
	for _, person := range p.iv.Interviewers {
		if person.Undeliverable {
			continue
		}
		out = append(out, p.action("thank-you:"+person.Email, KindThankYou, person.Email, due, reason))
	}
	return out
}

// checkIns plans check-in:1 and the networking notes after it, and says
// when the interview goes quiet after the last one.
func (p planner) checkIns() ([]Action, time.Time) {
	due, reason := p.firstCheckIn()
	to, ok := p.primary()
	if p.in.Policy.MaxCheckIns <= 0 || !ok {
		return nil, due
	}
	out := []Action{p.action("check-in:1", KindCheckIn, to, due, reason)}
	anchor := p.anchor("check-in:1", due)
	for n := 2; n <= p.in.Policy.MaxCheckIns; n++ {
		key := fmt.Sprintf("networking:%d", n)
		due = p.place.Place(addWall(anchor, p.in.Policy.NetworkingEvery, p.loc()))
		reason = fmt.Sprintf("nothing heard %s after check-in %d", humanDuration(p.in.Policy.NetworkingEvery), n-1)
		out = append(out, p.action(key, KindNetworking, to, due, reason))
		anchor = p.anchor(key, due)
	}
	return out, addWall(anchor, p.in.Policy.NetworkingEvery, p.loc())
}

// firstCheckIn is when check-in:1 is due and why.
func (p planner) firstCheckIn() (time.Time, string) {
	pol, cal := p.in.Policy, p.cal()
	if pr := p.in.Promise; pr.Found {
		// A promise that falls on a weekend or holiday ("within 48 hours"
		// said on a Friday) means the next business day: nobody answers on
		// a Sunday. The reason keeps the date as they said it.
		deadline := cal.NextBusinessDay(pr.Latest)
		day := cal.AddBusinessDays(deadline, pol.CheckInGrace)
		why := "they promised by " + shortDate(pr.Latest)
		if deadline != pr.Latest {
			why += ", not a workday: counted from " + shortDate(deadline)
		}
		return p.place.windowStartOrLater(day), why
	}
	ended := calendar.DateOf(p.iv.End().In(p.loc()))
	day := cal.AddBusinessDays(ended, pol.QuietAfter)
	return p.place.windowStartOrLater(day), fmt.Sprintf("nothing promised: %s of quiet", plural(pol.QuietAfter, "business day"))
}

// windowStartOrLater is the start of the send window on day, or the next
// business day's when day is not one.
func (pl Placer) windowStartOrLater(day calendar.Date) time.Time {
	return pl.Place(WallClock(day, 0, 0, pl.Loc()))
}

// anchor is the time the next networking note counts from: when the
// previous check-in went out (its due time, or later if it was handled
// later; while open, its due time after the user's snooze or reschedule),
// or the user's own last message if that came after.
func (p planner) anchor(key string, due time.Time) time.Time {
	at := p.overriddenDue(key, due)
	if prev, ok := p.history(key); ok && (prev.State == StateSent || prev.State == StateDrafted) {
		at = prev.Due
		if prev.UpdatedAt.After(at) {
			at = prev.UpdatedAt
		}
	}
	if p.in.LastTouch.After(at) {
		at = p.in.LastTouch
	}
	return at
}

// primary is the address check-ins go to.
func (p planner) primary() (string, bool) {
	for _, ps := range [][]Person{p.iv.Interviewers, p.iv.Contacts} {
		for _, person := range ps {
			if !person.Undeliverable {
				return person.Email, true
			}
		}
	}
	return "", false
}

func (p planner) action(key string, kind ActionKind, to string, due time.Time, reason string) Action {
	return Action{InterviewID: p.iv.ID, Key: key, Kind: kind, To: []string{to},
		Due: due.In(p.loc()), Zone: p.loc().String(), State: StatePending, Reason: reason}
}

func (p planner) history(key string) (Action, bool) {
	for _, ac := range p.in.History {
		if ac.Key == key {
			return ac, true
		}
	}
	return Action{}, false
}

// allCheckInsDone reports whether no check-in or networking note is still open.
func (p planner) allCheckInsDone(acs []Action) bool {
	for _, ac := range acs {
		if ac.Kind != KindThankYou && ac.State.Open() {
			return false
		}
	}
	return true
}

// shortDate formats d as "Fri 27 Nov".
func shortDate(d calendar.Date) string {
	return fmt.Sprintf("%.3s %d %.3s", d.Weekday(), d.Day, d.Month)
}

// plural formats "1 check-in", "3 check-ins".
func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// humanDuration formats a policy duration: "2h", "90m" → "1h30m", "14 days", "2 weeks".
func humanDuration(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d > 0 && d%(7*day) == 0:
		return plural(int(d/(7*day)), "week")
	case d > 0 && d%day == 0:
		return plural(int(d/day), "day")
	}
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	if s == "" {
		return "0m"
	}
	return s
}

// sortActions orders a timeline by due time, then key.
func sortActions(acs []Action) {
	sort.SliceStable(acs, func(i, j int) bool {
		if !acs[i].Due.Equal(acs[j].Due) {
			return acs[i].Due.Before(acs[j].Due)
		}
		return acs[i].Key < acs[j].Key
	})
}
