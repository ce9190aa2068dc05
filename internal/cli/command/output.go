package command

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/outbox"
)

// WriteJSON prints v as indented JSON with a trailing newline.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// Clip folds the white space of s and cuts it to n characters, ending with "…".
func Clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// WriteReadable prints a composed message as a person reads it: the main
// headers and the decoded text, never quoted-printable or base64.
func WriteReadable(w io.Writer, raw []byte) error {
	m, err := mailer.ReadMessage(raw)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "From:    %s\nTo:      %s\n", m.From, m.To)
	if m.Cc != "" {
		fmt.Fprintf(w, "Cc:      %s\n", m.Cc)
	}
	fmt.Fprintf(w, "Subject: %s\nDate:    %s\n\n%s", m.Subject, m.Date.Format("Mon 2 Jan 2006 15:04 MST"), m.Text)
	if !strings.HasSuffix(m.Text, "\n") {
		fmt.Fprintln(w)
	}
	return nil
}

// WritePreview prints one planned step and its message, decoded for
// people (the MIME form goes only into files).
func WritePreview(w io.Writer, p outbox.Preview) {
	c := p.Message
	line := "=== " + p.Do
	if c.To.Email != "" {
		line += fmt.Sprintf(" %s to %s", orDash(string(c.Kind)), c.To.Email)
	}
	if p.Why != "" {
		line += ": " + p.Why
	}
	fmt.Fprintln(w, line)
	if len(c.Raw) == 0 {
		return
	}
	if err := WriteReadable(w, c.Raw); err != nil {
		fmt.Fprintf(w, "(cannot show the message: %v)\n", err)
	}
	fmt.Fprintln(w)
}

func orDash(s string) string {
	if s == "" {
		return "message"
	}
	return s
}

// When formats a due time in the user's zone, with the year only when it is not this year's.
func (a *App) When(t time.Time) string {
	loc := a.Location()
	t = t.In(loc)
	if t.Year() != a.Clock.Now().In(loc).Year() {
		return t.Format("Mon 2 Jan 2006 15:04")
	}
	return t.Format("Mon 2 Jan 15:04")
}

// PersonView is a person in JSON output.
type PersonView struct {
	Name          string `json:"name"`
	Email         string `json:"email"`
	Title         string `json:"title,omitempty"`
	Topics        string `json:"topics,omitempty"`
	Undeliverable bool   `json:"undeliverable,omitempty"`
}
