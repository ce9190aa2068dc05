package returndate

import (
	"testing"
	"time"
)

func TestFind(t *testing.T) {
	// Wednesday 2 December 2026, 23:30 in New York (already 3 December in UTC):
	// dates resolve against the sender's own calendar day.
	ny := time.FixedZone("EST", -5*3600)
	ref := time.Date(2026, 12, 2, 23, 30, 0, 0, ny)
	tests := []struct {
		text string
		want string
	}{
		{"I am back in the office on Monday, December 7.", "2026-12-07"},
		{"I will be out until Monday, December 7", "2026-12-07"},
		{"I'll be back on December 7", "2026-12-07"},
		{"returning on 9 December 2026", "2026-12-09"},
		{"I am out of the office until January 11", "2027-01-11"},
		{"back on 2026-12-07", "2026-12-07"},
		{"Ich bin ab dem 7. Dezember wieder im Büro.", "2026-12-07"},
		{"Ab Montag, dem 7. Dezember, bin ich wieder erreichbar.", "2026-12-07"},
		{"Ab dem 1. Dezember bin ich im Urlaub.", ""},
		{"Ich bin bis einschließlich 6. Dezember nicht im Büro.", "2026-12-07"},
		{"Je serai de retour le 7 décembre.", "2026-12-07"},
		{"Absente jusqu'au 6 décembre inclus.", "2026-12-07"},
		{"Estaré fuera hasta el 7 de diciembre.", "2026-12-07"},
		{"Ik ben tot en met 6 december afwezig.", "2026-12-07"},
		{"Ik ben vanaf 7 december weer aanwezig.", "2026-12-07"},
		{"Rientro il 7 dicembre.", "2026-12-07"},
		{"Sono fuori ufficio fino all'8 dicembre.", "2026-12-08"},
		{"Sono in ferie fino al 6 dicembre compreso.", "2026-12-07"},
		{"Sarò di ritorno il 7 dicembre.", "2026-12-07"},
		{"Jag är tillbaka den 7 december.", "2026-12-07"},
		{"I'm out through Dec. 6th.", "2026-12-07"},
		{"back Thursday", "2026-12-03"},
		{"back on Wednesday", "2026-12-09"},
		{"back tomorrow", "2026-12-03"},
		{"back on the 7th", "2026-12-07"},
		{"back on the 1st", "2027-01-01"},
		{"until 07.12.2026", "2026-12-07"},
		{"until 7.12.", "2026-12-07"},
		{"back on 12/17", "2026-12-17"},
		{"back on 17/12/2026", "2026-12-17"},
		{"back on 12/7 (ambiguous)", ""},
		{"I'll get back to you by December 3. I'm out until December 7.", "2026-12-07"},
		{"Out from December 1 until December 7", "2026-12-07"},
		{"I will be out of the office from December 1 to December 11.", "2026-12-12"},
		{"I'm away from 1st to 11th December", "2026-12-12"},
		{"Je serai absente du 1er au 11 décembre.", "2026-12-12"},
		{"Estaré fuera del 1 al 11 de diciembre.", "2026-12-12"},
		{"I'll reply to your email from home", ""},
		{"until further notice", ""},
		{"I will reply by December 7.", ""},
		{"back on February 30", ""},
		{"back on 5 December 2020", ""},
		{"Please see the 2026 report.", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := dateString(Find(tt.text, ref)); got != tt.want {
			t.Errorf("Find(%q, %v) = %q, want %q", tt.text, ref, got, tt.want)
		}
	}
}

func TestFindWithoutReference(t *testing.T) {
	tests := []struct{ text, want string }{
		{"back on 9 December 2026", "2026-12-09"},
		{"back on December 9", ""},
		{"back on Monday", ""},
	}
	for _, tt := range tests {
		if got := dateString(Find(tt.text, time.Time{})); got != tt.want {
			t.Errorf("Find(%q, zero) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// dateString formats a return date for comparison, "" for the zero time.
func dateString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if t.Location() != time.UTC || t.Hour() != 0 || t.Minute() != 0 {
		return "not midnight UTC: " + t.String()
	}
	return t.Format(time.DateOnly)
}
