package followup

import (
	"strings"
	"time"
)

// Status is where an interview stands in the follow-up process.
type Status string

// The statuses an interview moves through.
const (
	StatusUpcoming Status = "upcoming" // before it starts
	StatusAwaiting Status = "awaiting" // after it, waiting to hear back
	StatusReplied  Status = "replied"  // the company answered
	StatusQuiet    Status = "quiet"    // nothing heard after the last planned check-in
	StatusClosed   Status = "closed"   // offer, rejection or withdrawn
)

// Statuses lists every status, in lifecycle order.
var Statuses = []Status{StatusUpcoming, StatusAwaiting, StatusReplied, StatusQuiet, StatusClosed}

// ParseStatus checks that s names a status.
func ParseStatus(s string) (Status, error) {
	for _, st := range Statuses {
		if string(st) == s {
			return st, nil
		}
	}
	return "", &FieldError{Field: "status", Value: s, Hint: "use one of upcoming, awaiting, replied, quiet, closed"}
}

// Outcome is how a closed interview ended.
type Outcome string

// The outcomes a user can record with `followup close`.
const (
	OutcomeOffer     Outcome = "offer"
	OutcomeRejected  Outcome = "rejected"
	OutcomeWithdrawn Outcome = "withdrawn"
)

// ParseOutcome checks that s names an outcome.
func ParseOutcome(s string) (Outcome, error) {
	switch o := Outcome(s); o {
	case OutcomeOffer, OutcomeRejected, OutcomeWithdrawn:
		return o, nil
	}
	return "", &FieldError{Field: "outcome", Value: s, Hint: "use offer, rejected or withdrawn"}
}

// PersonRole says why a person is on an interview.
type PersonRole string

// The roles a person can have on an interview.
const (
	RoleInterviewer PersonRole = "interviewer"
	RoleContact     PersonRole = "contact" // recruiter, HR, coordinator
)

// Person is someone the candidate met or corresponds with.
type Person struct {
	Name  string     `json:"name"`
	Email string     `json:"email"`
	Title string     `json:"title,omitempty"`
	Role  PersonRole `json:"-"`
	// Topics is what the candidate talked about with this person, used to
	// personalise the thank-you note.
	Topics string `json:"topics,omitempty"`
	// Undeliverable is set when mail to this address bounced.
	Undeliverable bool `json:"undeliverable,omitempty"`
}

// Interview is one interview being followed up.
type Interview struct {
	ID             string
	Company        string
	Role           string
	Start          time.Time // in the interview's own zone
	Duration       time.Duration
	ActualDuration time.Duration // zero until logged
	Interviewers   []Person
	Contacts       []Person
	NextSteps      string // the commitment exactly as typed
	Notes          string
	Signals        Signals
	Status         Status
	Outcome        Outcome // set only when Status is closed
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// End is when the interview finished: the logged length if known, else the
// scheduled one.
func (iv *Interview) End() time.Time {
	d := iv.Duration
	if iv.ActualDuration > 0 {
		d = iv.ActualDuration
	}
	return iv.Start.Add(d)
}

// Zone is the name of the interview's time zone.
func (iv *Interview) Zone() string { return iv.Start.Location().String() }

// People returns the interviewers followed by the other contacts.
func (iv *Interview) People() []Person {
	out := make([]Person, 0, len(iv.Interviewers)+len(iv.Contacts))
	out = append(out, iv.Interviewers...)
	return append(out, iv.Contacts...)
}

// Person is the interviewer or contact with address addr (compared
// without case and surrounding space).
func (iv *Interview) Person(addr string) (Person, bool) {
	addr = strings.TrimSpace(addr)
	for _, p := range iv.People() {
		if strings.EqualFold(p.Email, addr) {
			return p, true
		}
	}
	return Person{}, false
}

// Waiting reports whether, as of now, the interview is still ahead or
// waiting for an answer (upcoming or awaiting): the interviews whose plan
// still runs.
func (iv *Interview) Waiting(now time.Time) bool {
	s := iv.CurrentStatus(now)
	return s == StatusUpcoming || s == StatusAwaiting
}

// CurrentStatus is the status as of now: an upcoming interview whose start has
// passed is awaiting an answer; every other status is kept as stored.
func (iv *Interview) CurrentStatus(now time.Time) Status {
	if iv.Status == StatusUpcoming && !now.Before(iv.Start) {
		return StatusAwaiting
	}
	if iv.Status == "" {
		if now.Before(iv.Start) {
			return StatusUpcoming
		}
		return StatusAwaiting
	}
	return iv.Status
}

// Close records the outcome and closes the interview.
func (iv *Interview) Close(o Outcome, now time.Time) {
	iv.Status = StatusClosed
	iv.Outcome = o
	iv.UpdatedAt = now
}
