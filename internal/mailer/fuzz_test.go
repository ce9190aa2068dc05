package mailer

import (
	"strings"
	"testing"
)

// FuzzCompose checks that no subject, name or threading id can add a
// header: Compose either refuses the input or writes a message whose
// header fields are exactly the ones it sets.
func FuzzCompose(f *testing.F) {
	f.Add("Thank you", "Jane Roe", "a@b.example")
	f.Add("Hi\r\nBcc: x@evil.example", "Jane", "")
	f.Add("Grüße – ok", "Jane\nX-Evil: 1", "a@b\r\nX-Evil: 1")
	f.Add(strings.Repeat("long subject ", 20), `"quoted" \ name`, "x@[1.2.3.4]")
	f.Fuzz(func(t *testing.T, subject, name, inReplyTo string) {
		d := draft()
		d.Message.Subject, d.To.Name, d.InReplyTo = subject, name, inReplyTo
		d.Message.Headers = nil
		c, err := Compose(d)
		if err != nil {
			return
		}
		m := parse(t, c.Raw)
		want := map[string]bool{"Date": true, "Message-Id": true, "Mime-Version": true, "Subject": true,
			"User-Agent": true, "From": true, "To": true, "Content-Type": true, "Content-Transfer-Encoding": true}
		if inReplyTo != "" {
			want["In-Reply-To"] = true
		}
		for k := range m.Header {
			if !want[k] {
				t.Errorf("Compose(%q, %q, %q) wrote header %q", subject, name, inReplyTo, k)
			}
		}
		if len(m.Header) != len(want) {
			t.Errorf("Compose(%q, %q, %q) headers = %v, want %d fields", subject, name, inReplyTo, m.Header, len(want))
		}
	})
}
