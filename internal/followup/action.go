package followup

import "time"

// ActionKind is what a planned follow-up is.
type ActionKind string

// The kinds of follow-up followup plans.
const (
	KindThankYou   ActionKind = "thank-you"
	KindCheckIn    ActionKind = "check-in"
	KindNetworking ActionKind = "networking"
)

// ParseActionKind checks that s names an action kind.
func ParseActionKind(s string) (ActionKind, error) {
	switch k := ActionKind(s); k {
	case KindThankYou, KindCheckIn, KindNetworking:
		return k, nil
	}
	return "", &FieldError{Field: "kind", Value: s, Hint: "use thank-you, check-in or networking"}
}

// ActionState is where a planned follow-up stands.
type ActionState string

// The states of a planned action.
const (
	StatePending     ActionState = "pending"      // planned, not yet due or not yet handled
	StateDrafted     ActionState = "drafted"      // a draft was made for the user to send
	StateSent        ActionState = "sent"         // followup sent it
	StateCancelled   ActionState = "cancelled"    // no longer wanted; Reason says why
	StateFailed      ActionState = "failed"       // sending failed for good
	StateNeedsReview ActionState = "needs-review" // the user must decide
)

// LateBy says how late something due at due is at now, in whole days
// ("5 days late") or, under a day, hours ("3 hours late"); "" when it is
// not late.
func LateBy(due, now time.Time) string {
	d := now.Sub(due)
	switch {
	case d <= 0:
		return ""
	case d >= 24*time.Hour:
		return plural(int(d/(24*time.Hour)), "day") + " late"
	case d >= time.Hour:
		return plural(int(d/time.Hour), "hour") + " late"
	}
	return "less than an hour late"
}

// Open reports whether the action may still be carried out.
func (s ActionState) Open() bool { return s == StatePending || s == StateNeedsReview }

// Action is one planned follow-up of an interview.
type Action struct {
	ID          int64
	InterviewID string
	// Key identifies the action within its interview across re-planning,
	// e.g. "thank-you:jane@acme.example" or "check-in:1".
	Key    string
	Kind   ActionKind
	To     []string // recipient addresses
	Due    time.Time
	Zone   string // the zone Due was computed in
	State  ActionState
	Reason string // why it is due, or why it was cancelled
	// MessageID is the Message-ID of the draft or sent message, once there is one.
	MessageID string
	UpdatedAt time.Time
}
