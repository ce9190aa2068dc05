package followup

import "time"

// OverrideKind is what the user decided about one planned follow-up.
type OverrideKind string

// The user's decisions about a follow-up.
const (
	// OverrideSnooze holds the follow-up until a time: it is due then, or
	// later if the plan says so.
	OverrideSnooze OverrideKind = "snooze"
	// OverrideSkip cancels the follow-up; the rest of the plan keeps its schedule.
	OverrideSkip OverrideKind = "skip"
	// OverrideReschedule makes the follow-up due at the time given.
	OverrideReschedule OverrideKind = "reschedule"
)

// SkippedReason is the reason of a follow-up the user skipped.
const SkippedReason = "skipped by you"

// Override is the user's own decision about one planned follow-up of an
// interview, named by its key. Replanning applies it, so that a change of
// next steps does not undo it; a stop (an answer, closing the interview)
// still cancels the follow-up.
type Override struct {
	InterviewID string
	Key         string
	Kind        OverrideKind
	// At is the time a snooze holds until (placed in the send window) or
	// the time a rescheduled follow-up is due; zero for a skip.
	At time.Time
	// SetAt is when the user decided.
	SetAt time.Time
}

// Label names the decision for people: "snoozed until Mon 7 Dec 09:00",
// "skipped", "rescheduled to Mon 7 Dec 10:00", with times in loc.
func (o Override) Label(loc *time.Location) string {
	switch o.Kind {
	case OverrideSnooze:
		return "snoozed until " + shortTime(o.At, loc)
	case OverrideSkip:
		return "skipped"
	case OverrideReschedule:
		return "rescheduled to " + shortTime(o.At, loc)
	}
	return string(o.Kind)
}

// InEffect reports whether o still decides ac: ac is open, or ac is the
// one the user skipped. A follow-up drafted, sent or cancelled for another
// reason is past the decision.
func (o Override) InEffect(ac Action) bool {
	if o.Key != ac.Key {
		return false
	}
	if o.Kind == OverrideSkip {
		return ac.State == StateCancelled && ac.Reason == SkippedReason
	}
	return ac.State.Open()
}

// override is the user's decision about key, if any.
func (p planner) override(key string) (Override, bool) {
	for _, o := range p.in.Overrides {
		if o.Key == key {
			return o, true
		}
	}
	return Override{}, false
}

// overriddenDue is when key is due once the user's decision is applied to
// the planned due time: later follow-ups count from it, so that a snoozed
// check-in does not end up after the networking note meant to follow it.
func (p planner) overriddenDue(key string, due time.Time) time.Time {
	o, ok := p.override(key)
	if !ok {
		return due
	}
	switch o.Kind {
	case OverrideSnooze:
		if at := p.place.Place(o.At); at.After(due) {
			return at
		}
	case OverrideReschedule:
		return o.At.In(p.loc())
	}
	return due
}

// applyOverrides applies the user's decisions to the open actions of a
// reconciled timeline: a skipped one is cancelled, a snoozed one is due no
// earlier than the snooze, a rescheduled one at its new time.
func (p planner) applyOverrides(acs []Action) []Action {
	for i, ac := range acs {
		o, ok := p.override(ac.Key)
		if !ok || !ac.State.Open() {
			continue
		}
		acs[i] = p.applyOverride(ac, o)
	}
	sortActions(acs)
	return acs
}

func (p planner) applyOverride(ac Action, o Override) Action {
	if o.Kind == OverrideSkip {
		ac.State, ac.Reason = StateCancelled, SkippedReason
		return ac
	}
	due := p.overriddenDue(ac.Key, ac.Due)
	switch {
	case o.Kind == OverrideReschedule:
		ac.Reason = "rescheduled by you; " + ac.Reason
	case !due.Equal(ac.Due):
		ac.Reason = "snoozed by you; " + ac.Reason
	}
	ac.Due, ac.Zone = due.In(p.loc()), p.loc().String()
	if ac.State == StateNeedsReview && ac.Due.After(p.in.Now) {
		ac.State = StatePending // the user decided when
	}
	return ac
}

// shortTime formats t in loc as "Mon 7 Dec 09:00".
func shortTime(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format("Mon 2 Jan 15:04")
}
