package ics

import (
	"strings"
	"unicode/utf8"

	ical "github.com/emersion/go-ical"

	"github.com/followup-dev/followup/internal/followup"
)

// people fills the organizer and the interviewers: the organizer (unless a
// scheduling service sent the invitation) and the attendees, without the
// user, rooms, resources, groups and duplicates.
func (r *reader) people(p *Proposal) {
	seen := map[string]bool{}
	add := func(prop *ical.Prop) {
		person, ok := personOf(prop)
		if !ok || r.isMe(person.Email) || seen[person.Email] || isResource(prop, person.Email) {
			return
		}
		seen[person.Email] = true
		p.Interviewers = append(p.Interviewers, person)
	}
	if org := r.event.Props.Get(ical.PropOrganizer); org != nil {
		p.Organizer, _ = personOf(org)
		if !isScheduler(p.Organizer.Email) {
			add(org)
		}
	}
	for i := range r.event.Props.Values(ical.PropAttendee) {
		add(&r.event.Props.Values(ical.PropAttendee)[i])
	}
}

// personOf reads a calendar user: the address from mailto: (else the
// EMAIL parameter, as Apple's iCloud writes it), the name from CN.
func personOf(prop *ical.Prop) (followup.Person, bool) {
	addr := strings.TrimSpace(prop.Value)
	if len(addr) >= 7 && strings.EqualFold(addr[:7], "mailto:") {
		addr = addr[7:]
	} else {
		addr = prop.Params.Get("EMAIL")
	}
	name := cleanLine(prop.Params.Get(ical.ParamCommonName))
	if strings.EqualFold(name, addr) {
		name = ""
	}
	person, err := followup.ParsePerson("attendee", addr, followup.RoleInterviewer)
	if err != nil {
		return followup.Person{}, false
	}
	if followup.CheckHeaderText("attendee", name) == nil {
		person.Name = name
	}
	return person, true
}

func isResource(prop *ical.Prop, addr string) bool {
	switch strings.ToUpper(prop.Params.Get(ical.ParamCalendarUserType)) {
	case "ROOM", "RESOURCE", "GROUP":
		return true
	}
	return isScheduler(addr)
}

// text reads a TEXT property, keeping commas a producer left unescaped.
func text(prop *ical.Prop) string {
	if prop == nil {
		return ""
	}
	l, err := prop.TextList()
	if err != nil {
		return prop.Value
	}
	return strings.Join(l, ",")
}

// cleanLine makes valid one-line text of s: no control characters, no line
// breaks, no invalid UTF-8, at most 200 bytes.
func cleanLine(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	for len(s) > 200 {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

// shorten keeps an echoed value short enough for one line.
func shorten(s string) string {
	s = cleanLine(s)
	if len(s) > 40 {
		cut := 40
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return s[:cut] + "…"
	}
	return s
}

// isMe reports whether addr is one of the user's addresses.
func (r *reader) isMe(addr string) bool {
	for _, m := range r.opts.Me {
		if addr != "" && strings.EqualFold(strings.TrimSpace(m), addr) {
			return true
		}
	}
	return false
}
