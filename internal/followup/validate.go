package followup

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"
)

// FieldError is bad user input in one named field.
type FieldError struct {
	Field string // the flag or field name, e.g. "company"
	Value string // the offending value
	Hint  string // what is wrong and how to fix it
}

// UsageError marks a FieldError as the user's to fix (usage.Marker).
func (e *FieldError) UsageError() {}

func (e *FieldError) Error() string {
	return fmt.Sprintf("invalid %s %q: %s", e.Field, shorten(e.Value), e.Hint)
}

// maxEcho is as much of a refused value as an error message repeats, so that
// a pasted document still gives one short line.
const maxEcho = 60

// shorten cuts v to maxEcho bytes on a character boundary, marking the cut.
func shorten(v string) string {
	if len(v) <= maxEcho {
		return v
	}
	cut := maxEcho
	for cut > 0 && !utf8.RuneStart(v[cut]) {
		cut--
	}
	return v[:cut] + "…"
}

// maxField bounds every free-text field, so that one paste of a whole
// document cannot bloat the store or a message header.
const maxField = 10000

// minYear and maxYear bound an interview's start, so that it and its
// follow-ups keep a four-digit year in the store.
const minYear, maxYear = 1970, 2999

// maxAddress is the longest mail address SMTP carries (RFC 5321, 4.5.3.1.3).
const maxAddress = 254

// CheckHeaderText refuses CR, LF and NUL (header injection), invalid UTF-8 and
// overlong values in text that may end up in a mail header.
func CheckHeaderText(field, v string) error {
	if strings.ContainsAny(v, "\r\n\x00") {
		return &FieldError{Field: field, Value: v, Hint: "line breaks and NUL are not allowed here"}
	}
	return checkText(field, v, 500)
}

// CheckText refuses NUL bytes, invalid UTF-8 and overlong values in free text
// such as notes (line breaks are fine there).
func CheckText(field, v string) error {
	if strings.ContainsRune(v, 0) {
		return &FieldError{Field: field, Value: v, Hint: "NUL bytes are not allowed"}
	}
	return checkText(field, v, maxField)
}

func checkText(field, v string, max int) error {
	if !utf8.ValidString(v) {
		return &FieldError{Field: field, Value: v, Hint: "the text is not valid UTF-8"}
	}
	if i := strings.IndexFunc(v, isControl); i >= 0 {
		return &FieldError{Field: field, Value: v, Hint: fmt.Sprintf("control character %U is not allowed (it could rewrite your terminal or a mail header)", []rune(v[i:])[0])}
	}
	if len(v) > max {
		return &FieldError{Field: field, Value: v, Hint: fmt.Sprintf("longer than %d bytes", max)}
	}
	return nil
}

// isControl reports the control characters refused in text: the C0 and C1
// controls and DEL, except tab and line breaks (which the callers that
// refuse them check first).
func isControl(r rune) bool {
	switch r {
	case '\t', '\n', '\r':
		return false
	}
	return r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0
}

// ParsePerson reads `Name <addr>` or a bare address, refusing anything that
// could inject a header. The field name goes into the error.
func ParsePerson(field, s string, role PersonRole) (Person, error) {
	if strings.ContainsAny(s, "\r\n\x00") {
		return Person{}, &FieldError{Field: field, Value: s, Hint: "line breaks and NUL are not allowed in a name or address"}
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return Person{}, &FieldError{Field: field, Value: s, Hint: `give a name and address, e.g. "Jane Roe <jane@acme.example>"`}
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return Person{}, &FieldError{Field: field, Value: s, Hint: `not an email address; write it as "Jane Roe <jane@acme.example>"`}
	}
	if err := CheckHeaderText(field, a.Name); err != nil {
		return Person{}, err
	}
	if !strings.Contains(a.Address, "@") || strings.ContainsAny(a.Address, " \t<>\"") {
		return Person{}, &FieldError{Field: field, Value: s, Hint: "the address needs a local part and a domain"}
	}
	if len(a.Address) > maxAddress {
		return Person{}, &FieldError{Field: field, Value: s, Hint: fmt.Sprintf("an address is at most %d characters; check it", maxAddress)}
	}
	return Person{Name: a.Name, Email: strings.ToLower(a.Address), Role: role}, nil
}

// Validate checks an interview before it is stored and returns the first
// problem as a *FieldError.
func (iv *Interview) Validate() error {
	if strings.TrimSpace(iv.Company) == "" {
		return &FieldError{Field: "company", Value: iv.Company, Hint: "the company name is required (--company)"}
	}
	if strings.TrimSpace(iv.Role) == "" {
		return &FieldError{Field: "role", Value: iv.Role, Hint: "the role is required (--role)"}
	}
	for _, f := range []struct{ name, v string }{{"company", iv.Company}, {"role", iv.Role}} {
		if err := CheckHeaderText(f.name, f.v); err != nil {
			return err
		}
	}
	for _, f := range []struct{ name, v string }{{"next-steps", iv.NextSteps}, {"notes", iv.Notes}, {"concerns", iv.Signals.Concerns}} {
		if err := CheckText(f.name, f.v); err != nil {
			return err
		}
	}
	if iv.Start.IsZero() {
		return &FieldError{Field: "at", Value: "", Hint: `the start time is required, e.g. --at "2026-11-20 14:00"`}
	}
	if y := iv.Start.Year(); y < minYear || y > maxYear {
		return &FieldError{Field: "at", Value: iv.Start.Format("2006-01-02 15:04"), Hint: fmt.Sprintf("the year must be from %d to %d", minYear, maxYear)}
	}
	if iv.Duration < 0 || iv.ActualDuration < 0 {
		return &FieldError{Field: "duration", Value: iv.Duration.String(), Hint: "a length cannot be negative"}
	}
	if len(iv.Interviewers) == 0 {
		return &FieldError{Field: "interviewer", Value: "", Hint: `at least one is required, e.g. --interviewer "Jane Roe <jane@acme.example>"`}
	}
	return validatePeople(iv.People())
}

func validatePeople(people []Person) error {
	seen := map[string]bool{}
	for _, p := range people {
		field := string(p.Role)
		if err := CheckHeaderText(field, p.Name); err != nil {
			return err
		}
		if err := CheckHeaderText(field+" title", p.Title); err != nil {
			return err
		}
		if err := CheckText(field+" topics", p.Topics); err != nil {
			return err
		}
		if seen[p.Email] {
			return &FieldError{Field: field, Value: p.Email, Hint: "this address is listed twice"}
		}
		seen[p.Email] = true
	}
	return nil
}
