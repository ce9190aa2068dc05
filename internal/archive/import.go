package archive

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
)

// MaxFile is the largest file Read* accept: years of interviews are a few
// megabytes.
const MaxFile = 64 << 20

// ReadJSON reads and checks an export. A syntax or type error names its
// line; a bad value names the interview it is in.
func ReadJSON(data []byte) (store.Dump, error) {
	if len(data) > MaxFile {
		return store.Dump{}, &Error{Msg: fmt.Sprintf("the file is %d MB, more than the %d MB an export can be: is it the right file?", len(data)>>20, MaxFile>>20)}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc Document
	if err := dec.Decode(&doc); err != nil {
		return store.Dump{}, jsonError(data, dec, err)
	}
	if dec.More() {
		return store.Dump{}, &Error{Line: lineAt(data, dec.InputOffset()), Msg: "text after the end of the export: the file holds more than one export, or was cut and pasted together"}
	}
	if doc.Format != Format || doc.Version != Version {
		return store.Dump{}, &Error{Line: 1, Msg: fmt.Sprintf("not a followup export (format %q version %d; want %q version %d): export with followup export --format json", doc.Format, doc.Version, Format, Version)}
	}
	d, err := toDump(doc)
	var ae *Error
	if errors.As(err, &ae) && ae.ID != "" {
		ae.Line = lineOfID(data, ae.ID)
	}
	return d, err
}

// lineOfID is the line where the interview with this id starts, 0 when
// it cannot be found.
func lineOfID(data []byte, id string) int {
	key, _ := json.Marshal(id)
	for _, sep := range []string{`"id": `, `"id":`} {
		if i := bytes.Index(data, append([]byte(sep), key...)); i >= 0 {
			return lineAt(data, int64(i))
		}
	}
	return 0
}

func jsonError(data []byte, dec *json.Decoder, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return &Error{Line: lineAt(data, syn.Offset), Msg: fmt.Sprintf("not valid JSON (%v): was the file edited by hand?", syn)}
	case errors.As(err, &typ):
		return &Error{Line: lineAt(data, typ.Offset), Msg: fmt.Sprintf("%s must be a %s, not a JSON %s", typ.Field, typ.Type, typ.Value)}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &Error{Line: lineAt(data, int64(len(data))), Msg: "the file ends in the middle of the export: it was cut short"}
	}
	return &Error{Line: lineAt(data, dec.InputOffset()), Msg: fmt.Sprintf("%v: export with followup export --format json", err)}
}

func toDump(doc Document) (store.Dump, error) {
	var d store.Dump
	seen := map[string]bool{}
	actionIDs := map[int64]bool{}
	for i, in := range doc.Interviews {
		where := fmt.Sprintf("interview %d (%s)", i+1, in.ID)
		if seen[in.ID] {
			return d, &Error{Where: where, Msg: "this id appears twice in the file"}
		}
		seen[in.ID] = true
		iv, err := interviewFrom(in)
		if err != nil {
			return d, &Error{Where: where, ID: in.ID, Msg: err.Error()}
		}
		d.Interviews = append(d.Interviews, iv)
		if err := addChildren(&d, in, actionIDs); err != nil {
			return d, &Error{Where: where, ID: in.ID, Msg: err.Error()}
		}
	}
	for i, e := range doc.Events {
		at, err := instant("at", e.At, true)
		if err != nil || e.ID <= 0 {
			return d, &Error{Where: fmt.Sprintf("event %d", i+1), Msg: "an event needs an id above 0 and an RFC 3339 time"}
		}
		d.Events = append(d.Events, store.Event{ID: e.ID, At: at, InterviewID: e.Interview, Kind: e.Kind, Detail: e.Detail})
	}
	for i, c := range doc.Calendar {
		updated, err := instant("updated", c.Updated, false)
		if err != nil || c.UID == "" || c.Sequence < 0 {
			return d, &Error{Where: fmt.Sprintf("calendar item %d", i+1), Msg: "a calendar item needs a uid, a SEQUENCE of 0 or more and an RFC 3339 time"}
		}
		d.Calendar = append(d.Calendar, store.CalendarItem{UID: c.UID, Hash: c.Hash, Sequence: c.Sequence, Updated: updated})
	}
	return d, nil
}

func interviewFrom(in Interview) (*followup.Interview, error) {
	if !followup.ValidID(in.ID) {
		return nil, fmt.Errorf("id %q is not an interview id (lowercase letters, digits and dashes)", in.ID)
	}
	loc, err := zone(in.TimeZone)
	if err != nil {
		return nil, err
	}
	start, err := instant("start", in.Start, true)
	if err != nil {
		return nil, err
	}
	iv := &followup.Interview{ID: in.ID, Company: in.Company, Role: in.Role, Start: start.In(loc),
		Duration: time.Duration(in.DurationSeconds) * time.Second, ActualDuration: time.Duration(in.ActualSeconds) * time.Second,
		NextSteps: in.NextSteps, Notes: in.Notes, Signals: in.Signals,
		Interviewers: withRole(in.Interviewers, followup.RoleInterviewer), Contacts: withRole(in.Contacts, followup.RoleContact)}
	if iv.Status, err = followup.ParseStatus(in.Status); err != nil {
		return nil, err
	}
	if in.Outcome != "" {
		if iv.Outcome, err = followup.ParseOutcome(in.Outcome); err != nil {
			return nil, err
		}
	}
	if iv.CreatedAt, err = instant("created", in.Created, false); err != nil {
		return nil, err
	}
	if iv.UpdatedAt, err = instant("updated", in.Updated, false); err != nil {
		return nil, err
	}
	if err := checkPeople(iv.People()); err != nil {
		return nil, err
	}
	return iv, iv.Validate()
}

func withRole(ps []followup.Person, role followup.PersonRole) []followup.Person {
	out := make([]followup.Person, 0, len(ps))
	for _, p := range ps {
		p.Role = role
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func checkPeople(ps []followup.Person) error {
	for _, p := range ps {
		if _, err := followup.ParsePerson(string(p.Role), p.Email, p.Role); err != nil {
			return err
		}
	}
	return nil
}

func addChildren(d *store.Dump, in Interview, actionIDs map[int64]bool) error {
	for _, a := range in.Actions {
		ac, err := actionFrom(in.ID, a)
		if err != nil {
			return fmt.Errorf("follow-up #%d: %w", a.ID, err)
		}
		if actionIDs[ac.ID] {
			return fmt.Errorf("follow-up #%d appears twice in the file", ac.ID)
		}
		actionIDs[ac.ID] = true
		d.Actions = append(d.Actions, ac)
	}
	for _, m := range in.Messages {
		created, err := instant("created", m.Created, false)
		if err != nil || m.MessageID == "" {
			return fmt.Errorf("message %q needs a Message-ID and an RFC 3339 time", m.MessageID)
		}
		d.Messages = append(d.Messages, store.Message{MessageID: m.MessageID, InterviewID: in.ID, ActionID: m.ActionID,
			Kind: m.Kind, Recipient: m.To, Subject: m.Subject, Location: m.Location, Created: created})
	}
	for _, r := range in.Replies {
		date, err1 := instant("date", r.Date, false)
		seen, err2 := instant("seen", r.Seen, false)
		if err1 != nil || err2 != nil || r.ID <= 0 || r.MessageID == "" {
			return fmt.Errorf("reply %d needs an id above 0, a Message-ID and RFC 3339 times", r.ID)
		}
		d.Replies = append(d.Replies, store.Reply{ID: r.ID, InterviewID: in.ID, MessageID: r.MessageID, Mailbox: r.Mailbox,
			From: r.From, Subject: r.Subject, Date: date, Class: r.Class, Reason: r.Reason, ReturnDate: r.ReturnDate,
			FailedRecipient: r.FailedRecipient, Seen: seen, Label: r.Label, LabelPhrase: r.LabelPhrase, Via: r.Via})
	}
	for _, dc := range in.Decisions {
		o, err := decisionFrom(in.ID, dc)
		if err != nil {
			return fmt.Errorf("decision about %q: %w", dc.Key, err)
		}
		d.Overrides = append(d.Overrides, o)
	}
	return nil
}

func decisionFrom(interviewID string, dc Decision) (followup.Override, error) {
	o := followup.Override{InterviewID: interviewID, Key: dc.Key, Kind: followup.OverrideKind(dc.Kind)}
	if dc.Key == "" || dc.Kind == "" {
		return o, errors.New("needs a key and a kind")
	}
	var err error
	if o.SetAt, err = instant("set", dc.Set, false); err != nil {
		return o, err
	}
	if dc.At != "" {
		if o.At, err = instant("at", dc.At, false); err != nil {
			return o, err
		}
	}
	return o, nil
}

func actionFrom(interviewID string, a Action) (followup.Action, error) {
	ac := followup.Action{ID: a.ID, InterviewID: interviewID, Key: a.Key, To: a.To, Zone: a.TimeZone,
		State: followup.ActionState(a.State), Reason: a.Reason, MessageID: a.MessageID}
	if a.ID <= 0 || a.Key == "" {
		return ac, errors.New("needs an id above 0 and a key")
	}
	var err error
	if ac.Kind, err = followup.ParseActionKind(a.Kind); err != nil {
		return ac, err
	}
	if !validState(ac.State) {
		return ac, fmt.Errorf("state %q is not one of pending, drafted, sent, cancelled, failed, needs-review", a.State)
	}
	loc, err := zone(a.TimeZone)
	if err != nil {
		return ac, err
	}
	due, err := instant("due", a.Due, true)
	if err != nil {
		return ac, err
	}
	ac.Due = due.In(loc)
	ac.UpdatedAt, err = instant("updated", a.Updated, false)
	return ac, err
}

func validState(s followup.ActionState) bool {
	switch s {
	case followup.StatePending, followup.StateDrafted, followup.StateSent, followup.StateCancelled, followup.StateFailed, followup.StateNeedsReview:
		return true
	}
	return false
}

func zone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("time_zone %q is not an IANA zone such as Europe/Berlin", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("time_zone %q is not an IANA zone such as Europe/Berlin", name)
	}
	return loc, nil
}

// instant reads an RFC 3339 time within the years the store keeps.
func instant(field, s string, required bool) (time.Time, error) {
	if s == "" && !required {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil || t.Year() < 1970 || t.Year() > 2999 {
		return time.Time{}, fmt.Errorf("%s %q is not an RFC 3339 time such as 2026-11-20T14:00:00+01:00 (years 1970 to 2999)", field, s)
	}
	return t, nil
}
