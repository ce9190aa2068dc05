package followup

import "strings"

// cancelReasons are the reasons the planner writes when it cancels an
// action; an action cancelled for one of them comes back when wanted again,
// while one cancelled by the user stays cancelled. A skipped one comes back
// too: the user's skip (an Override) cancels it again for as long as it stands.
var cancelReasons = []string{"interview closed", "they replied", "interview went quiet",
	"interviewer removed", "address undeliverable", "address bounced", "no longer planned", SkippedReason}

// cancelledByPlanner reports whether a cancelled action's reason is one the planner writes.
func cancelledByPlanner(reason string) bool {
	for _, r := range cancelReasons {
		if strings.HasPrefix(reason, r) {
			return true
		}
	}
	return false
}

// reconcile merges the wanted actions with the stored history into the
// timeline: see Replan. stop, when not empty, is the reason every open
// action is cancelled.
func (p planner) reconcile(wanted []Action, stop string) []Action {
	seen := make(map[string]bool, len(wanted))
	var out []Action
	for _, w := range wanted {
		seen[w.Key] = true
		old, ok := p.history(w.Key)
		if !ok {
			out = append(out, w)
			continue
		}
		out = append(out, p.update(old, w))
	}
	for _, old := range p.in.History {
		if seen[old.Key] {
			continue
		}
		seen[old.Key] = true
		if old.State.Open() {
			old.State, old.Reason = StateCancelled, p.unwantedReason(old, stop)
		}
		out = append(out, old)
	}
	sortActions(out)
	return out
}

// update applies a wanted action to its stored row: open rows take the new
// plan (a row waiting for review goes back to pending when its new due
// time is still ahead), rows the planner cancelled come back, and every
// other row is left as it is.
func (p planner) update(old, w Action) Action {
	switch {
	case old.State == StatePending,
		old.State == StateCancelled && cancelledByPlanner(old.Reason):
		w.State = StatePending
	case old.State == StateNeedsReview:
		w.State = StateNeedsReview
		if w.Due.After(p.in.Now) {
			w.State = StatePending
		}
	default:
		return old
	}
	w.ID, w.MessageID, w.UpdatedAt = old.ID, old.MessageID, old.UpdatedAt
	return w
}

// unwantedReason says why an open action is no longer wanted.
func (p planner) unwantedReason(old Action, stop string) string {
	if stop != "" {
		return stop
	}
	if email, ok := strings.CutPrefix(old.Key, "thank-you:"); ok {
		for _, person := range p.iv.Interviewers {
			if person.Email == email {
				return "address undeliverable: " + email
			}
		}
		return "interviewer removed: " + email
	}
	if _, ok := p.primary(); !ok {
		return "address undeliverable: no one left to write to"
	}
	return "no longer planned"
}
