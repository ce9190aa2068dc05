package agenda

import (
	"time"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/followup"
)

// InterviewView is an interview in JSON output (snake_case fields).
type InterviewView struct {
	ID           string               `json:"id"`
	Company      string               `json:"company"`
	Role         string               `json:"role"`
	Start        string               `json:"start"` // RFC 3339 with the interview's offset
	TimeZone     string               `json:"time_zone"`
	DurationMin  int                  `json:"duration_minutes"`
	ActualMin    *int                 `json:"actual_minutes"`
	Interviewers []command.PersonView `json:"interviewers"`
	Contacts     []command.PersonView `json:"contacts"`
	NextSteps    string               `json:"next_steps"`
	Notes        string               `json:"notes"`
	Signals      followup.Signals     `json:"signals"`
	Status       followup.Status      `json:"status"`
	Outcome      followup.Outcome     `json:"outcome,omitempty"`
	Deadline     *deadlineView        `json:"deadline"`
	Actions      []ActionView         `json:"actions"`
	Drafts       []MessageView        `json:"drafts"`
	Replies      []ReplyView          `json:"replies"`
	NextAction   *ActionView          `json:"next_action,omitempty"`
	Readings     []followup.Reading   `json:"-"`
}

// deadlineView is the date the company promised to be back by.
type deadlineView struct {
	Earliest string `json:"earliest"`
	Latest   string `json:"latest"`
	Rule     string `json:"rule,omitempty"`
}

// ActionView is a planned follow-up in JSON output.
type ActionView struct {
	ID        int64    `json:"id"`
	Kind      string   `json:"kind"`
	To        []string `json:"to"`
	Due       string   `json:"due"`
	State     string   `json:"state"`
	Reason    string   `json:"reason"`
	MessageID string   `json:"message_id,omitempty"`
	// Override is the user's snooze, skip or reschedule still in effect.
	Override *overrideView `json:"override,omitempty"`
}

// MessageView is a draft or sent message recorded on an interview.
type MessageView struct {
	Kind      string `json:"kind"`
	To        string `json:"to"`
	Subject   string `json:"subject,omitempty"`
	MessageID string `json:"message_id"`
	Location  string `json:"location"`
	Created   string `json:"created"`
}

// ReplyView is a message received about an interview.
type ReplyView struct {
	From      string `json:"from"`
	Subject   string `json:"subject"`
	Date      string `json:"date"`
	Class     string `json:"class"`
	MessageID string `json:"message_id"`
	Reason    string `json:"reason,omitempty"`
}

func viewPeople(ps []followup.Person) []command.PersonView {
	out := make([]command.PersonView, 0, len(ps))
	for _, p := range ps {
		out = append(out, command.PersonView{Name: p.Name, Email: p.Email, Title: p.Title, Topics: p.Topics, Undeliverable: p.Undeliverable})
	}
	return out
}

func newInterviewView(iv *followup.Interview, now time.Time) InterviewView {
	v := InterviewView{
		ID: iv.ID, Company: iv.Company, Role: iv.Role,
		Start: iv.Start.Format(time.RFC3339), TimeZone: iv.Zone(),
		DurationMin:  int(iv.Duration / time.Minute),
		Interviewers: viewPeople(iv.Interviewers), Contacts: viewPeople(iv.Contacts),
		NextSteps: iv.NextSteps, Notes: iv.Notes, Signals: iv.Signals,
		Status: iv.CurrentStatus(now), Outcome: iv.Outcome,
		Actions: []ActionView{}, Drafts: []MessageView{}, Replies: []ReplyView{},
	}
	if iv.ActualDuration > 0 {
		m := int(iv.ActualDuration / time.Minute)
		v.ActualMin = &m
	}
	return v
}

func newActionView(ac followup.Action) ActionView {
	to := ac.To
	if to == nil {
		to = []string{}
	}
	return ActionView{ID: ac.ID, Kind: string(ac.Kind), To: to, Due: ac.Due.Format(time.RFC3339),
		State: string(ac.State), Reason: ac.Reason, MessageID: ac.MessageID}
}
