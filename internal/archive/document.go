package archive

import (
	"time"

	"github.com/followup-dev/followup/internal/followup"
)

// Format and Version identify an export file.
const (
	Format  = "followup-export"
	Version = 1
)

// Document is the JSON export: everything about every interview. Times
// are RFC 3339; an interview's start carries its offset and time_zone
// names the IANA zone.
type Document struct {
	Format     string      `json:"format"`
	Version    int         `json:"version"`
	ExportedAt string      `json:"exported_at"`
	Interviews []Interview `json:"interviews"`
	Events     []Event     `json:"events"`
	// Calendar is the calendar feed's memory (optional).
	Calendar []CalendarItem `json:"calendar,omitempty"`
}

// CalendarItem is the SEQUENCE the calendar feed last gave an event.
type CalendarItem struct {
	UID      string `json:"uid"`
	Hash     string `json:"hash"`
	Sequence int    `json:"sequence"`
	Updated  string `json:"updated"`
}

// Interview is one interview with everything recorded about it.
type Interview struct {
	ID              string            `json:"id"`
	Company         string            `json:"company"`
	Role            string            `json:"role"`
	Start           string            `json:"start"`
	TimeZone        string            `json:"time_zone"`
	DurationSeconds int64             `json:"duration_seconds"`
	ActualSeconds   int64             `json:"actual_seconds"`
	Interviewers    []followup.Person `json:"interviewers"`
	Contacts        []followup.Person `json:"contacts"`
	NextSteps       string            `json:"next_steps"`
	Notes           string            `json:"notes"`
	Signals         followup.Signals  `json:"signals"`
	Status          string            `json:"status"`
	Outcome         string            `json:"outcome"`
	Created         string            `json:"created"`
	Updated         string            `json:"updated"`
	Actions         []Action          `json:"actions"`
	Messages        []Message         `json:"messages"`
	Replies         []Reply           `json:"replies"`
	Decisions       []Decision        `json:"decisions,omitempty"`
}

// Action is a planned follow-up in any state.
type Action struct {
	ID        int64    `json:"id"`
	Key       string   `json:"key"`
	Kind      string   `json:"kind"`
	To        []string `json:"to"`
	Due       string   `json:"due"`
	TimeZone  string   `json:"time_zone"`
	State     string   `json:"state"`
	Reason    string   `json:"reason"`
	MessageID string   `json:"message_id"`
	Updated   string   `json:"updated"`
}

// Message is a message followup drafted or sent, or one the user wrote.
type Message struct {
	MessageID string `json:"message_id"`
	ActionID  int64  `json:"action_id"`
	Kind      string `json:"kind"`
	To        string `json:"to"`
	Subject   string `json:"subject"`
	Location  string `json:"location"`
	Created   string `json:"created"`
}

// Reply is a received message matched to the interview.
type Reply struct {
	ID              int64  `json:"id"`
	MessageID       string `json:"message_id"`
	Mailbox         string `json:"mailbox"`
	From            string `json:"from"`
	Subject         string `json:"subject"`
	Date            string `json:"date"`
	Class           string `json:"class"`
	Reason          string `json:"reason"`
	ReturnDate      string `json:"return_date"`
	FailedRecipient string `json:"failed_recipient"`
	Seen            string `json:"seen"`
	Label           string `json:"label,omitempty"`
	LabelPhrase     string `json:"label_phrase,omitempty"`
	Via             string `json:"via,omitempty"`
}

// Decision is the user's snooze, skip or reschedule of one follow-up.
type Decision struct {
	Key  string `json:"key"`
	Kind string `json:"kind"`
	At   string `json:"at,omitempty"` // RFC 3339; "" for a skip
	Set  string `json:"set"`
}

// Event is one thing that happened.
type Event struct {
	ID        int64  `json:"id"`
	At        string `json:"at"`
	Interview string `json:"interview"`
	Kind      string `json:"kind"`
	Detail    string `json:"detail"`
}

// stamp formats an instant for the file; the zero time is "".
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}
