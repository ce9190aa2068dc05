package ics

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	ical "github.com/emersion/go-ical"

	"github.com/followup-dev/followup/internal/followup"
)

// ProdID names followup as the producer of the feed.
const ProdID = "-//followup//followup feed//EN"

// actionLength is how long a follow-up's event lasts in the calendar: long
// enough to be seen, short enough not to hide the rest of the day.
const actionLength = 15 * time.Minute

// Entry is one event of the feed: an interview or a planned follow-up.
type Entry struct {
	// UID is stable across exports, so that a calendar app updates the
	// event instead of adding a second one.
	UID         string
	Summary     string
	Description string
	Start, End  time.Time
	Attendees   []followup.Person
	Categories  []string
	Cancelled   bool
	// Modified is when the item last changed; it is the event's DTSTAMP, so
	// that an unchanged store gives a byte-identical feed.
	Modified time.Time
}

// Hash digests the fields whose change must bump the event's SEQUENCE
// (RFC 5545 3.8.7.4): its times and whether it is cancelled.
func (e Entry) Hash() string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%d|%d|%t", e.Start.Unix(), e.End.Unix(), e.Cancelled)))
	return hex.EncodeToString(sum[:8])
}

// InterviewUID is the feed UID of an interview.
func InterviewUID(id string) string { return "interview." + id + "@followup" }

// ActionUID is the feed UID of a planned follow-up: its interview and its
// stable key, so that re-planning keeps it.
func ActionUID(interviewID, key string) string {
	return "follow-up." + interviewID + "." + key + "@followup"
}

// Entries turns interviews and their actions (keyed by interview id) into
// feed entries, interviews first, each followed by its follow-ups.
func Entries(ivs []*followup.Interview, actions map[string][]followup.Action) []Entry {
	var out []Entry
	for _, iv := range ivs {
		out = append(out, interviewEntry(iv))
		for _, ac := range actions[iv.ID] {
			out = append(out, actionEntry(iv, ac))
		}
	}
	return out
}

func interviewEntry(iv *followup.Interview) Entry {
	var d strings.Builder
	fmt.Fprintf(&d, "Interview for %s at %s (followup id %s).\n", iv.Role, iv.Company, iv.ID)
	for _, p := range iv.Interviewers {
		fmt.Fprintf(&d, "Interviewer: %s\n", personText(p))
	}
	for _, p := range iv.Contacts {
		fmt.Fprintf(&d, "Contact: %s\n", personText(p))
	}
	if iv.NextSteps != "" {
		fmt.Fprintf(&d, "Next steps: %s\n", iv.NextSteps)
	}
	return Entry{
		UID: InterviewUID(iv.ID), Summary: fmt.Sprintf("Interview: %s — %s", iv.Company, iv.Role),
		Description: strings.TrimSuffix(d.String(), "\n"), Start: iv.Start, End: iv.Start.Add(iv.Duration),
		Attendees: iv.People(), Categories: []string{"interview"}, Modified: iv.UpdatedAt,
	}
}

func actionEntry(iv *followup.Interview, ac followup.Action) Entry {
	to := recipients(iv, ac.To)
	var d strings.Builder
	fmt.Fprintf(&d, "What: %s note (%s)\n", ac.Kind, ac.State)
	fmt.Fprintf(&d, "To: %s\n", strings.Join(to, ", "))
	if ac.Reason != "" {
		fmt.Fprintf(&d, "Why: %s\n", ac.Reason)
	}
	fmt.Fprintf(&d, "Interview: %s — %s (followup id %s, follow-up #%d)", iv.Company, iv.Role, iv.ID, ac.ID)
	return Entry{
		UID:     ActionUID(iv.ID, ac.Key),
		Summary: fmt.Sprintf("Follow-up: %s to %s (%s)", ac.Kind, strings.Join(names(iv, ac.To), ", "), iv.Company),
		Start:   ac.Due, End: ac.Due.Add(actionLength), Description: d.String(),
		Categories: []string{"follow-up", string(ac.Kind)}, Cancelled: ac.State == followup.StateCancelled,
		Modified: ac.UpdatedAt,
	}
}

func personText(p followup.Person) string {
	if p.Name == "" {
		return p.Email
	}
	return p.Name + " <" + p.Email + ">"
}

// recipients writes each address as "Name <address>" when the interview knows the name.
func recipients(iv *followup.Interview, to []string) []string {
	out := make([]string, 0, len(to))
	for _, addr := range to {
		out = append(out, personText(lookup(iv, addr)))
	}
	return out
}

func names(iv *followup.Interview, to []string) []string {
	out := make([]string, 0, len(to))
	for _, addr := range to {
		p := lookup(iv, addr)
		out = append(out, cmpOr(p.Name, p.Email))
	}
	if len(out) == 0 {
		return []string{"nobody"}
	}
	return out
}

func lookup(iv *followup.Interview, addr string) followup.Person {
	for _, p := range iv.People() {
		if strings.EqualFold(p.Email, addr) {
			return p
		}
	}
	return followup.Person{Email: addr}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Encode writes the entries as one VCALENDAR. seq gives each UID's
// SEQUENCE (missing: 0); fallback is the DTSTAMP of an entry with no
// Modified time. Lines are folded at 75 octets (RFC 5545 3.1).
func Encode(w io.Writer, entries []Entry, seq map[string]int, fallback time.Time) error {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropProductID, ProdID)
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	name := ical.NewProp("X-WR-CALNAME") // the name calendar apps show for a subscription
	name.Value = "followup"
	cal.Props.Set(name)
	sorted := append([]Entry(nil), entries...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Start.Before(sorted[j].Start) })
	for _, e := range sorted {
		cal.Children = append(cal.Children, event(e, seq[e.UID], fallback))
	}
	if len(cal.Children) == 0 {
		// RFC 5545 wants at least one component; an empty feed carries UTC.
		cal.Children = append(cal.Children, utcZone())
	}
	fw := &folder{w: w}
	if err := ical.NewEncoder(fw).Encode(cal); err != nil {
		return fmt.Errorf("encode calendar: %w", err)
	}
	return fw.err
}

func event(e Entry, seq int, fallback time.Time) *ical.Component {
	ev := ical.NewEvent()
	stamp := e.Modified
	if stamp.IsZero() {
		stamp = fallback
	}
	ev.Props.SetText(ical.PropUID, e.UID)
	ev.Props.SetDateTime(ical.PropDateTimeStamp, stamp.UTC())
	ev.Props.SetDateTime(ical.PropLastModified, stamp.UTC())
	ev.Props.SetDateTime(ical.PropDateTimeStart, e.Start.UTC())
	ev.Props.SetDateTime(ical.PropDateTimeEnd, e.End.UTC())
	sequence := ical.NewProp(ical.PropSequence)
	sequence.Value = strconv.Itoa(seq) // an INTEGER, the property's default type
	ev.Props.Set(sequence)
	ev.Props.SetText(ical.PropSummary, clean(e.Summary))
	ev.Props.SetText(ical.PropDescription, clean(e.Description))
	ev.Props.SetText(ical.PropTransparency, transparency(e))
	cats := ical.NewProp(ical.PropCategories)
	cats.SetTextList(e.Categories)
	ev.Props.Set(cats)
	status := "CONFIRMED"
	if e.Cancelled {
		status = "CANCELLED"
	}
	ev.Props.SetText(ical.PropStatus, status)
	for _, p := range e.Attendees {
		ev.Props.Add(attendee(p))
	}
	return ev.Component
}

// transparency keeps follow-up reminders from showing the user as busy.
func transparency(e Entry) string {
	if len(e.Attendees) == 0 {
		return "TRANSPARENT"
	}
	return "OPAQUE"
}

func attendee(p followup.Person) *ical.Prop {
	prop := ical.NewProp(ical.PropAttendee)
	prop.Value = "mailto:" + p.Email
	if name := strings.ReplaceAll(clean(p.Name), `"`, "'"); name != "" {
		prop.Params.Set(ical.ParamCommonName, name)
	}
	prop.Params.Set(ical.ParamRole, "REQ-PARTICIPANT")
	prop.Params.Set(ical.ParamParticipationStatus, "ACCEPTED")
	return prop
}

// clean drops control characters other than line breaks, which the
// encoder escapes; stored text is checked on the way in, this is a second
// line of defence for the feed file.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r >= 0x20 && r != 0x7f {
			return r
		}
		if r == '\r' || r == '\t' {
			return ' '
		}
		return -1
	}, s)
}

func utcZone() *ical.Component {
	tz := ical.NewComponent(ical.CompTimezone)
	tz.Props.SetText(ical.PropTimezoneID, "UTC")
	std := ical.NewComponent(ical.CompTimezoneStandard)
	for name, value := range map[string]string{ical.PropDateTimeStart: "19700101T000000",
		ical.PropTimezoneOffsetFrom: "+0000", ical.PropTimezoneOffsetTo: "+0000"} {
		p := ical.NewProp(name)
		p.Value = value // of the property's default type
		std.Props.Set(p)
	}
	tz.Children = append(tz.Children, std)
	return tz
}
