package followup

import (
	"strings"
	"testing"
	"time"
)

func TestFieldErrorIsOneShortLine(t *testing.T) {
	tests := []struct {
		name string
		err  error
	}{
		{"1 MB of notes", CheckText("notes", strings.Repeat("a", 1<<20))},
		{"1 MB of invalid UTF-8", CheckText("notes", strings.Repeat("\xff", 1<<20))},
		{"long company with NUL", CheckHeaderText("company", strings.Repeat("é", 1000)+"\x00")},
		{"long address", func() error {
			_, err := ParsePerson("interviewer", strings.Repeat("a", 5000)+"@acme.example", RoleInterviewer)
			return err
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil {
				t.Fatal("err = nil, want a *FieldError")
			}
			msg := tt.err.Error()
			if len(msg) > 300 || strings.ContainsAny(msg, "\r\n") {
				t.Errorf("Error() = %d bytes %q, want one line under 300 bytes", len(msg), msg[:min(len(msg), 300)])
			}
		})
	}
}

func TestParsePersonRefusesOverlongAddress(t *testing.T) {
	addr := strings.Repeat("a", 250) + "@acme.example"
	if _, err := ParsePerson("interviewer", "Jane <"+addr+">", RoleInterviewer); err == nil || !strings.Contains(err.Error(), "at most 254") {
		t.Errorf("ParsePerson(%d-byte address) = %v, want an error naming the limit", len(addr), err)
	}
	if p, err := ParsePerson("interviewer", "Jane <jane@acme.example>", RoleInterviewer); err != nil || p.Email != "jane@acme.example" {
		t.Errorf("ParsePerson(jane) = %+v, %v; want jane@acme.example", p, err)
	}
}

func TestValidateRefusesYearsOutsideTheStore(t *testing.T) {
	for _, year := range []int{1, 1969, 3000, 9999} {
		iv := interview(t, "2026-11-20T13:00:00Z")
		iv.Start = time.Date(year, 11, 20, 14, 0, 0, 0, time.UTC)
		if err := iv.Validate(); err == nil || !strings.Contains(err.Error(), "the year must be") {
			t.Errorf("Validate(start in %d) = %v, want the year refused", year, err)
		}
	}
	if err := interview(t, "2026-11-20T13:00:00Z").Validate(); err != nil {
		t.Errorf("Validate(2026) = %v, want nil", err)
	}
}

func TestTextRefusesControlCharacters(t *testing.T) {
	tests := []struct {
		v    string
		want bool // refused
	}{
		{"Acme", false},
		{"Acme\tCorp", false},
		{"Acme\x1b[2J", true},
		{"Acme\x07", true},
		{"Acme\x7f", true},
		{"Acme\u0085", true},
		{"Zürich – Café", false},
	}
	for _, tt := range tests {
		if err := CheckHeaderText("company", tt.v); (err != nil) != tt.want {
			t.Errorf("CheckHeaderText(%q) = %v, want refused %v", tt.v, err, tt.want)
		}
		if err := CheckText("notes", tt.v+"\nsecond line"); (err != nil) != tt.want {
			t.Errorf("CheckText(%q + a line break) = %v, want refused %v", tt.v, err, tt.want)
		}
	}
}
