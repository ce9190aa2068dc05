package ics

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/followup-dev/followup/internal/followup"
)

// MaxInvite is the largest invitation ParseInvite reads: real ones are a
// few kilobytes, even with a long description and every time zone.
const MaxInvite = 1 << 20

// Proposal is the interview an invitation suggests, for the user to
// confirm (or, for the IMAP watcher, to propose).
type Proposal struct {
	UID       string
	Method    string // REQUEST, CANCEL, PUBLISH…; empty in a plain .ics file
	Sequence  int
	Cancelled bool // METHOD:CANCEL or STATUS:CANCELLED
	Summary   string
	Location  string
	Start     time.Time     // in the invitation's zone
	Duration  time.Duration // 0 when the invitation gives no end
	// ZoneNote is set when the invitation's zone has no IANA name: the
	// start was converted with the VTIMEZONE's offsets into Options.Local.
	ZoneNote  string
	Organizer followup.Person // may be the user, or empty
	// Interviewers are the organizer and the attendees other than the
	// user, rooms and resources, without duplicates, organizer first.
	Interviewers []followup.Person
	Company      string // from the organizer's (else an attendee's) domain
	Role         string // from the summary when it names one
	Recurring    bool   // only the first occurrence is proposed
}

// Options tune ParseInvite; the zero value works.
type Options struct {
	// Me are the user's own addresses, left out of the interviewers.
	Me []string
	// Local is the zone for floating and UTC times and for a zone with
	// no IANA name; nil means UTC.
	Local *time.Location
	// Unknown, when set, is the zone of times whose TZID is neither known
	// nor defined in the file (the user named it); nil makes them an error.
	Unknown *time.Location
}

// Error is an invitation that cannot be read: what is wrong, on which
// line (0 when unknown) and how to fix it.
type Error struct {
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// ParseInvite reads an iCalendar invitation (RFC 5545/5546) into a
// proposal, or returns an *Error that says what to fix. It never panics
// and never expands a recurrence.
func ParseInvite(data []byte, opts Options) (Proposal, error) {
	if len(data) > MaxInvite {
		return Proposal{}, &Error{Msg: fmt.Sprintf("the file is %.1f MB; an invitation is at most %d KB: is it the right file?", float64(len(data))/1e6, MaxInvite>>10)}
	}
	if opts.Local == nil {
		opts.Local = time.UTC
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cal, err := decode(data)
	if err != nil {
		return Proposal{}, err
	}
	r := &reader{data: data, cal: cal, opts: opts}
	return r.proposal()
}

// decode runs the library's decoder. It panics on some malformed
// parameter lists (a quoted value followed by junk, a line ending inside
// the parameters); that is turned into the same error as any malformed
// file, since the file, not followup, is at fault.
func decode(data []byte) (cal *ical.Calendar, err error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &Error{Msg: "the file is empty: save the invitation (.ics) again from your mail or calendar"}
	}
	defer func() {
		if p := recover(); p != nil {
			cal, err = nil, &Error{Msg: "not a valid iCalendar file (a property's parameters are malformed): save the invitation (.ics) again from your mail or calendar"}
		}
	}()
	cal, err = ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		return nil, &Error{Msg: fmt.Sprintf("not a valid iCalendar file (%s): save the invitation (.ics) again from your mail or calendar", strings.TrimPrefix(err.Error(), "ical: "))}
	}
	return cal, nil
}

type reader struct {
	data  []byte
	cal   *ical.Calendar
	opts  Options
	event *ical.Component
	line  int // the event's BEGIN line
}

func (r *reader) proposal() (Proposal, error) {
	if err := r.pickEvent(); err != nil {
		return Proposal{}, err
	}
	p := Proposal{Method: strings.ToUpper(text(r.cal.Props.Get(ical.PropMethod)))}
	p.UID = text(r.event.Props.Get(ical.PropUID))
	p.Summary = cleanLine(text(r.event.Props.Get(ical.PropSummary)))
	p.Location = cleanLine(text(r.event.Props.Get(ical.PropLocation)))
	p.Cancelled = p.Method == "CANCEL" || strings.EqualFold(text(r.event.Props.Get(ical.PropStatus)), "CANCELLED")
	var err error
	if p.Sequence, err = r.sequence(); err != nil {
		return p, err
	}
	if p.Recurring, err = r.recurring(); err != nil {
		return p, err
	}
	if err := r.times(&p); err != nil {
		return p, err
	}
	r.people(&p)
	org := p.Organizer
	if r.isMe(org.Email) {
		org = followup.Person{} // the user's own domain is not the company's
	}
	p.Company = CompanyOf(org, p.Interviewers)
	p.Role = RoleOf(p.Summary, p.Company, p.Interviewers)
	return p, nil
}

// pickEvent finds the one meeting: the VEVENT without RECURRENCE-ID (an
// exception to a series is not the meeting itself).
func (r *reader) pickEvent() error {
	var masters []*ical.Component
	for _, c := range r.cal.Children {
		if c.Name == ical.CompEvent && c.Props.Get(ical.PropRecurrenceID) == nil {
			masters = append(masters, c)
		}
	}
	if len(masters) == 0 {
		for _, c := range r.cal.Children {
			if c.Name == ical.CompEvent {
				masters = append(masters, c)
				break
			}
		}
	}
	switch {
	case len(masters) == 0:
		return &Error{Msg: "the file holds no event (VEVENT): is it an invitation, not a to-do or a contact?"}
	case len(masters) > 1:
		return &Error{Line: r.lineOf("BEGIN:VEVENT", 2), Msg: fmt.Sprintf("the file holds %d events; followup reads one invitation at a time: save that one alone", len(masters))}
	}
	r.event = masters[0]
	r.line = r.lineOf("BEGIN:VEVENT", 1)
	return nil
}

func (r *reader) sequence() (int, error) {
	prop := r.event.Props.Get(ical.PropSequence)
	if prop == nil {
		return 0, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(prop.Value))
	if err != nil || n < 0 {
		return 0, r.errAt(ical.PropSequence, fmt.Sprintf("SEQUENCE %q is not a whole number", shorten(prop.Value)))
	}
	return n, nil
}

// recurring checks an RRULE without expanding it: an interview is one
// meeting, so only the first occurrence counts, but a broken rule means a
// broken file.
func (r *reader) recurring() (bool, error) {
	props := r.event.Props.Values(ical.PropRecurrenceRule)
	if len(props) == 0 {
		return false, nil
	}
	if len(props) > 1 {
		return false, r.errAt(ical.PropRecurrenceRule, "more than one RRULE in the event: save the invitation of the single interview")
	}
	if _, err := rrule.StrToROption(props[0].Value); err != nil {
		return false, r.errAt(ical.PropRecurrenceRule, fmt.Sprintf("invalid RRULE %q (%v): save the invitation of the single interview", shorten(props[0].Value), err))
	}
	return true, nil
}

func (r *reader) times(p *Proposal) error {
	start, note, err := r.instant(ical.PropDateTimeStart, true)
	if err != nil {
		return err
	}
	if y := start.Year(); y < 1970 || y > 2999 {
		return r.errAt(ical.PropDateTimeStart, fmt.Sprintf("the meeting is in the year %d: check DTSTART", y))
	}
	p.Start, p.ZoneNote = start, note
	if r.event.Props.Get(ical.PropDateTimeEnd) != nil {
		end, _, err := r.instant(ical.PropDateTimeEnd, false)
		if err != nil {
			return err
		}
		p.Duration = end.Sub(start)
	} else if prop := r.event.Props.Get(ical.PropDuration); prop != nil {
		if p.Duration, err = prop.Duration(); err != nil {
			return r.errAt(ical.PropDuration, fmt.Sprintf("invalid DURATION %q", shorten(prop.Value)))
		}
	}
	if p.Duration < 0 || p.Duration > 24*time.Hour {
		return r.errAt(ical.PropDateTimeEnd, fmt.Sprintf("the meeting would last %s; an interview lasts from a minute to a day: check DTEND", p.Duration))
	}
	return nil
}

// instant reads a DTSTART or DTEND as an instant in its zone.
func (r *reader) instant(name string, required bool) (time.Time, string, error) {
	prop := r.event.Props.Get(name)
	if prop == nil {
		if required {
			return time.Time{}, "", &Error{Line: r.line, Msg: fmt.Sprintf("the event has no %s: the invitation gives no start time", name)}
		}
		return time.Time{}, "", nil
	}
	v := strings.TrimSpace(prop.Value)
	if len(v) == len("20060102") || strings.EqualFold(prop.Params.Get(ical.ParamValue), "DATE") {
		return time.Time{}, "", r.errAt(name, fmt.Sprintf("%s %q is a whole day, not a time: add the interview with followup add --at", name, shorten(v)))
	}
	if strings.HasSuffix(v, "Z") {
		t, err := time.Parse("20060102T150405Z", v)
		if err != nil {
			return time.Time{}, "", r.errAt(name, fmt.Sprintf("invalid %s %q: want a time such as 20261203T140000Z", name, shorten(v)))
		}
		return t.In(r.opts.Local), "", nil
	}
	wall, err := time.Parse("20060102T150405", v)
	if err != nil {
		return time.Time{}, "", r.errAt(name, fmt.Sprintf("invalid %s %q: want a time such as 20261203T140000", name, shorten(v)))
	}
	tzid := prop.Params.Get(ical.ParamTimezoneID)
	if tzid == "" {
		return inZone(wall, r.opts.Local), "", nil
	}
	t, note, err := resolveWall(wall, tzid, r.cal, r.opts)
	if err != nil {
		return time.Time{}, "", r.errAt(name, err.Error())
	}
	return t, note, nil
}

// inZone gives the wall clock reading w (parsed as UTC) in loc.
func inZone(w time.Time, loc *time.Location) time.Time {
	return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, loc)
}

// errAt is an error on the line of the event's property name.
func (r *reader) errAt(name, msg string) error {
	line := r.lineOf(name, 1)
	if line < r.line {
		line = r.line
	}
	return &Error{Line: line, Msg: msg}
}

// lineOf is the physical line of the nth line starting with prefix (a
// property name, or "BEGIN:VEVENT") from the event's BEGIN on, ignoring
// case; 0 when there is none.
func (r *reader) lineOf(prefix string, nth int) int {
	for i, line := range bytes.Split(r.data, []byte("\n")) {
		if i+1 < r.line {
			continue
		}
		l := bytes.TrimLeft(line, " \t")
		if len(l) < len(prefix) || len(line) != len(l) || !strings.EqualFold(string(l[:len(prefix)]), prefix) {
			continue
		}
		if rest := bytes.TrimRight(l[len(prefix):], "\r"); len(rest) == 0 || rest[0] == ';' || rest[0] == ':' {
			if nth--; nth == 0 {
				return i + 1
			}
		}
	}
	return 0
}

// errUnknownZone is a TZID with neither an IANA or Windows name nor a
// usable VTIMEZONE.
var errUnknownZone = errors.New("unknown time zone")

// Interview is the interview the proposal suggests. Its role may be empty
// (the summary named none) and must be asked for before it is stored.
func (p Proposal) Interview() *followup.Interview {
	return &followup.Interview{
		Company: p.Company, Role: p.Role, Start: p.Start, Duration: p.Duration,
		Interviewers: append([]followup.Person(nil), p.Interviewers...),
	}
}
