package archive

import (
	"encoding/json"
	"io"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
)

// FromDump builds the export document of a store dump.
func FromDump(d store.Dump, now time.Time) Document {
	doc := Document{Format: Format, Version: Version, ExportedAt: stamp(now.UTC()),
		Interviews: make([]Interview, 0, len(d.Interviews)), Events: make([]Event, 0, len(d.Events))}
	index := map[string]int{}
	for _, iv := range d.Interviews {
		index[iv.ID] = len(doc.Interviews)
		doc.Interviews = append(doc.Interviews, interviewOf(iv))
	}
	for _, ac := range d.Actions {
		if i, ok := index[ac.InterviewID]; ok {
			doc.Interviews[i].Actions = append(doc.Interviews[i].Actions, actionOf(ac))
		}
	}
	for _, m := range d.Messages {
		if i, ok := index[m.InterviewID]; ok {
			doc.Interviews[i].Messages = append(doc.Interviews[i].Messages, Message{MessageID: m.MessageID, ActionID: m.ActionID,
				Kind: m.Kind, To: m.Recipient, Subject: m.Subject, Location: m.Location, Created: stamp(m.Created)})
		}
	}
	for _, r := range d.Replies {
		if i, ok := index[r.InterviewID]; ok {
			doc.Interviews[i].Replies = append(doc.Interviews[i].Replies, Reply{ID: r.ID, MessageID: r.MessageID, Mailbox: r.Mailbox,
				From: r.From, Subject: r.Subject, Date: stamp(r.Date), Class: r.Class, Reason: r.Reason, ReturnDate: r.ReturnDate,
				FailedRecipient: r.FailedRecipient, Seen: stamp(r.Seen), Label: r.Label, LabelPhrase: r.LabelPhrase, Via: r.Via})
		}
	}
	for _, o := range d.Overrides {
		if i, ok := index[o.InterviewID]; ok {
			at := ""
			if !o.At.IsZero() {
				at = stamp(o.At)
			}
			doc.Interviews[i].Decisions = append(doc.Interviews[i].Decisions, Decision{Key: o.Key, Kind: string(o.Kind), At: at, Set: stamp(o.SetAt)})
		}
	}
	for _, e := range d.Events {
		doc.Events = append(doc.Events, Event{ID: e.ID, At: stamp(e.At), Interview: e.InterviewID, Kind: e.Kind, Detail: e.Detail})
	}
	for _, c := range d.Calendar {
		doc.Calendar = append(doc.Calendar, CalendarItem{UID: c.UID, Hash: c.Hash, Sequence: c.Sequence, Updated: stamp(c.Updated)})
	}
	return doc
}

func interviewOf(iv *followup.Interview) Interview {
	return Interview{
		ID: iv.ID, Company: iv.Company, Role: iv.Role, Start: stamp(iv.Start), TimeZone: iv.Zone(),
		DurationSeconds: int64(iv.Duration / time.Second), ActualSeconds: int64(iv.ActualDuration / time.Second),
		Interviewers: people(iv.Interviewers), Contacts: people(iv.Contacts), NextSteps: iv.NextSteps, Notes: iv.Notes,
		Signals: iv.Signals, Status: string(iv.Status), Outcome: string(iv.Outcome),
		Created: stamp(iv.CreatedAt), Updated: stamp(iv.UpdatedAt),
		Actions: []Action{}, Messages: []Message{}, Replies: []Reply{},
	}
}

func people(ps []followup.Person) []followup.Person {
	if ps == nil {
		return []followup.Person{}
	}
	return ps
}

func actionOf(ac followup.Action) Action {
	to := ac.To
	if to == nil {
		to = []string{}
	}
	return Action{ID: ac.ID, Key: ac.Key, Kind: string(ac.Kind), To: to, Due: stamp(ac.Due), TimeZone: ac.Zone,
		State: string(ac.State), Reason: ac.Reason, MessageID: ac.MessageID, Updated: stamp(ac.UpdatedAt)}
}

// WriteJSON writes the document as indented JSON.
func WriteJSON(w io.Writer, doc Document) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
