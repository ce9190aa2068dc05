package ics

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the fixtures' zones on any machine

	"github.com/followup-dev/followup/internal/followup"
)

var me = []string{"me@example.org"}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseInviteFixtures(t *testing.T) {
	paris := mustZone(t, "Europe/Paris")
	tests := []struct {
		file          string
		uid, method   string
		seq           int
		cancelled     bool
		start         time.Time
		zone          string
		duration      time.Duration
		company, role string
		interviewers  []string // "Name <email>"
		note          bool
	}{
		{file: "google-request.ics", uid: "5k2q9v7c1m3h8p0r4t6w2y9b1d@google.com", method: "REQUEST",
			start: time.Date(2026, 12, 3, 19, 0, 0, 0, time.UTC), zone: "America/New_York", duration: time.Hour,
			company: "Northwind Traders", role: "Senior Backend Engineer",
			interviewers: []string{"Priya Raman <priya.raman@northwind-traders.com>", "Alex Kim <alex.kim@northwind-traders.com>"}},
		{file: "outlook-request.ics", uid: "040000008200E00074C5B7101A82E00800000000A0B1C2D3E4F5D901000000000000000010000000F1E2D3C4B5A6978812345678ABCDEF01",
			method: "REQUEST", seq: 1, start: time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC), zone: "Europe/Berlin", duration: time.Hour,
			company: "Contoso GmbH", role: "Data Engineer",
			interviewers: []string{"Müller, Katrin <k.mueller@contoso-gmbh.de>", "Jonas Becker <jonas.becker@contoso-gmbh.de>", "Recruiting Team <recruiting@contoso-gmbh.de>"}},
		{file: "apple-request.ics", uid: "7D3A1F2E-9C4B-4E8A-B1D2-3F4E5A6B7C8D", method: "REQUEST",
			start: time.Date(2026, 12, 10, 15, 30, 0, 0, time.UTC), zone: "Europe/London", duration: time.Hour,
			company: "Fabrikam", role: "Product Designer",
			interviewers: []string{"Tom Hughes <tom.hughes@fabrikam.co.uk>", "Ana Lima <ana.lima@fabrikam.co.uk>"}},
		{file: "outlook-legacy-display-tzid.ics", uid: "040000008200E00074C5B7101A82E0080000000030A6B9C3E2D6DA01000000000000000010000000",
			method: "REQUEST", start: time.Date(2026, 12, 15, 13, 30, 0, 0, time.UTC), zone: "Europe/Paris", duration: time.Hour,
			company: "Tailspin", role: "Staff SRE", interviewers: []string{"Pieter de Vries <pieter.devries@tailspin.nl>"}, note: true},
		{file: "google-cancel.ics", uid: "5k2q9v7c1m3h8p0r4t6w2y9b1d@google.com", method: "CANCEL", seq: 2, cancelled: true,
			start: time.Date(2026, 12, 3, 19, 0, 0, 0, time.UTC), zone: "Europe/Paris", duration: time.Hour,
			company: "Northwind Traders", role: "Senior Backend Engineer",
			interviewers: []string{"Priya Raman <priya.raman@northwind-traders.com>", "Alex Kim <alex.kim@northwind-traders.com>"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p, err := ParseInvite(readFixture(t, tt.file), Options{Me: me, Local: paris})
			if err != nil {
				t.Fatalf("ParseInvite(%s) = %v", tt.file, err)
			}
			if p.UID != tt.uid || p.Method != tt.method || p.Sequence != tt.seq || p.Cancelled != tt.cancelled {
				t.Errorf("ParseInvite(%s) = UID %q METHOD %q SEQUENCE %d cancelled %t, want %q %q %d %t",
					tt.file, p.UID, p.Method, p.Sequence, p.Cancelled, tt.uid, tt.method, tt.seq, tt.cancelled)
			}
			if !p.Start.Equal(tt.start) || p.Start.Location().String() != tt.zone || p.Duration != tt.duration {
				t.Errorf("ParseInvite(%s) = start %s (%s) for %s, want %s (%s) for %s",
					tt.file, p.Start, p.Start.Location(), p.Duration, tt.start, tt.zone, tt.duration)
			}
			if p.Company != tt.company || p.Role != tt.role {
				t.Errorf("ParseInvite(%s) = company %q role %q, want %q %q", tt.file, p.Company, p.Role, tt.company, tt.role)
			}
			if got := people(p.Interviewers); strings.Join(got, "; ") != strings.Join(tt.interviewers, "; ") {
				t.Errorf("ParseInvite(%s) interviewers = %q, want %q", tt.file, got, tt.interviewers)
			}
			if (p.ZoneNote != "") != tt.note {
				t.Errorf("ParseInvite(%s) zone note = %q, want one: %t", tt.file, p.ZoneNote, tt.note)
			}
			iv := p.Interview()
			if err := iv.Validate(); err != nil {
				t.Errorf("ParseInvite(%s).Interview().Validate() = %v", tt.file, err)
			}
		})
	}
}

func people(ps []followup.Person) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name+" <"+p.Email+">")
	}
	return out
}

func TestParseInviteRefusesBadInput(t *testing.T) {
	big := append([]byte("BEGIN:VCALENDAR\r\n"), []byte(strings.Repeat("X-PAD:"+strings.Repeat("x", 90)+"\r\n", 110000))...)
	tests := []struct {
		name string
		data []byte
		want string // in the message
		line int
	}{
		{"10 MB", big, "MB; an invitation is at most 1024 KB", 0},
		{"empty", []byte("\r\n  \r\n"), "the file is empty", 0},
		{"not ical", []byte("hello world\n"), "not a valid iCalendar file", 0},
		{"truncated", []byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n"), "not a valid iCalendar file", 0},
		{"no event", []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTODO\r\nUID:x\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"), "holds no event", 0},
		{"unknown tzid", readFixture(t, "bad-unknown-tzid.ics"), `unknown time zone "Mars/Olympus_Mons"`, 7},
		{"invalid rrule", readFixture(t, "bad-rrule.ics"), "invalid RRULE", 9},
		{"all day", readFixture(t, "bad-all-day.ics"), "is a whole day, not a time", 7},
		{"malformed parameter", readFixture(t, "bad-param.ics"), "not a valid iCalendar file", 0},
		{"secondly zone rule", readFixture(t, "bad-tz-rrule.ics"), "RRULE that is not yearly", 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseInvite(tt.data, Options{Me: me})
			var ie *Error
			if !errors.As(err, &ie) {
				t.Fatalf("ParseInvite(%s) = %v, want an *Error", tt.name, err)
			}
			if !strings.Contains(err.Error(), tt.want) || ie.Line != tt.line || strings.Contains(err.Error(), "\n") {
				t.Errorf("ParseInvite(%s) = %q (line %d), want one line with %q on line %d", tt.name, err, ie.Line, tt.want, tt.line)
			}
		})
	}
}

func TestParseInviteUnknownZoneNamedByUser(t *testing.T) {
	tokyo := mustZone(t, "Asia/Tokyo")
	p, err := ParseInvite(readFixture(t, "bad-unknown-tzid.ics"), Options{Unknown: tokyo})
	if err != nil {
		t.Fatalf("ParseInvite with Unknown = %v", err)
	}
	if want := time.Date(2026, 12, 3, 14, 0, 0, 0, tokyo); !p.Start.Equal(want) || p.Duration != time.Hour || p.ZoneNote == "" {
		t.Errorf("ParseInvite with Unknown = %s for %s (note %q), want %s for 1h with a note", p.Start, p.Duration, p.ZoneNote, want)
	}
}

func TestParseInviteOrganizedByTheUser(t *testing.T) {
	data := []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:u1\r\nDTSTAMP:20261129T090000Z\r\n" +
		"DTSTART:20261203T140000Z\r\nDURATION:PT30M\r\nORGANIZER;CN=Me:mailto:Me@Example.org\r\n" +
		"ATTENDEE;CN=Jane Roe:mailto:jane@initech.example\r\nSUMMARY:Call with Jane: Backend Engineer\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
	p, err := ParseInvite(data, Options{Me: me})
	if err != nil {
		t.Fatal(err)
	}
	if p.Company != "Initech" || p.Role != "Backend Engineer" || p.Duration != 30*time.Minute || len(p.Interviewers) != 1 || p.Interviewers[0].Email != "jane@initech.example" {
		t.Errorf("ParseInvite(organized by the user) = company %q role %q %s %v, want Initech, Backend Engineer, 30m, Jane only", p.Company, p.Role, p.Duration, p.Interviewers)
	}
}
