package advice

import (
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/followup"
)

var (
	priya = followup.Person{Name: "Priya Shah", Email: "priya@acme.example", Topics: "the payments migration"}
	omar  = followup.Person{Name: "Omar Haddad", Email: "omar@acme.example"}
	iv    = &followup.Interview{ID: "acme-staff", Company: "Acme", Role: "Staff Engineer",
		Start: time.Date(2026, 12, 1, 14, 0, 0, 0, time.UTC), Duration: time.Hour,
		Interviewers: []followup.Person{priya, omar}, Notes: "asked about on-call rotation"}
)

const goodNote = `Hi Priya,

Thank you for speaking with me today about the Staff Engineer role. I enjoyed
hearing how the payments migration is going, and it left me even more excited
about joining the team.

Could you share the timeline for next steps?

Best regards,
Alex`

func TestAdviseGoodNote(t *testing.T) {
	d := Draft{Kind: followup.KindThankYou, To: priya, Body: goodNote, SendAt: iv.End().Add(3 * time.Hour)}
	if got := Advise(d, iv, ""); len(got) != 0 {
		t.Errorf("Advise(good note) = %+v, want no findings", got)
	}
}

func TestAdviseFindings(t *testing.T) {
	long := strings.Repeat("word ", 160)
	tests := []struct {
		name  string
		d     Draft
		check string
		sev   Severity
	}{
		{"late", Draft{Kind: followup.KindThankYou, To: priya, Body: goodNote, SendAt: iv.End().Add(50 * time.Hour)}, "timing", SeverityWarning},
		{"early check-in", Draft{Kind: followup.KindCheckIn, To: priya, Body: goodNote, SendAt: iv.End().Add(30 * time.Hour)}, "timing", SeverityWarning},
		{"no detail", Draft{Kind: followup.KindThankYou, To: priya, Body: "Hi Priya,\n\nThanks for your time. I'm excited about the role. What are the next steps?"}, "detail", SeverityWarning},
		{"no interest", Draft{Kind: followup.KindThankYou, To: priya, Body: "Hi Priya,\n\nThanks for the talk about the payments migration. What are the next steps?"}, "interest", SeverityWarning},
		{"no ask", Draft{Kind: followup.KindCheckIn, To: priya, Body: "Hi Priya,\n\nI remain very interested in the role."}, "ask", SeverityInfo},
		{"long", Draft{Kind: followup.KindCheckIn, To: priya, Body: "Hi Priya,\n\nI'm excited. Any news on next steps? " + long}, "length", SeverityWarning},
		{"pushy phrase", Draft{Kind: followup.KindCheckIn, To: priya, Body: "Hi Priya,\n\nJust checking in again since I haven't heard back. Still excited about next steps."}, "pushy", SeverityWarning},
		{"two questions", Draft{Kind: followup.KindCheckIn, To: priya, Body: "Hi Priya,\n\nI'm still excited. Have you decided? When will I hear back?"}, "pushy", SeverityWarning},
		{"other interviewer's name", Draft{Kind: followup.KindThankYou, To: priya, Body: "Hi Omar,\n\n" + goodNote[10:]}, "name", SeverityError},
		{"unknown name", Draft{Kind: followup.KindThankYou, To: priya, Body: "Dear Ms. Patel,\n\n" + goodNote[10:]}, "name", SeverityError},
		{"no name", Draft{Kind: followup.KindThankYou, To: priya, Body: "Hi there,\n\n" + goodNote[10:]}, "name", SeverityInfo},
		{"template leftover", Draft{Kind: followup.KindThankYou, To: priya, Body: goodNote + "\n[Your Name]"}, "leftover", SeverityError},
		{"missing template value", Draft{Kind: followup.KindThankYou, To: priya, Body: strings.Replace(goodNote, "Staff Engineer", "<no value>", 1)}, "leftover", SeverityError},
	}
	for _, tt := range tests {
		got := Advise(tt.d, iv, "")
		if !hasFinding(got, tt.check, tt.sev) {
			t.Errorf("Advise(%s) = %+v, want a %s %s finding", tt.name, got, tt.sev, tt.check)
		}
		for _, f := range got {
			if f.Message == "" || f.Fix == "" || strings.Contains(f.Fix, "\n") {
				t.Errorf("Advise(%s) finding %+v: want a one-line message and fix", tt.name, f)
			}
		}
	}
}

func TestAdviseAboutCountsAsDetail(t *testing.T) {
	d := Draft{Kind: followup.KindThankYou, To: omar, Body: "Hi Omar,\n\nThanks! I loved the whiteboard exercise on caching. I'm excited about next steps."}
	if f := Advise(d, iv, "the caching whiteboard exercise"); hasFinding(f, "detail", SeverityWarning) {
		t.Errorf("Advise(note naming --about) = %+v, want no detail finding", f)
	}
}

func hasFinding(fs []Finding, check string, sev Severity) bool {
	for _, f := range fs {
		if f.Check == check && f.Severity == sev {
			return true
		}
	}
	return false
}
