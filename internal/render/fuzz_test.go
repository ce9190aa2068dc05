package render

import (
	"strings"
	"testing"
)

// FuzzCompile feeds arbitrary override text through the header splitter, the
// parsers and the field checker: it must never panic, and a template that
// compiles must never render a header with a line break.
func FuzzCompile(f *testing.F) {
	for _, seed := range []string{
		"Subject: Hi {{.Recipient.FirstName}}\nCc: {{.Me.Email}}\n\nbody {{.Topics}}\n",
		"Subject: x\n\n{{if .Note}}{{range .Nope}}{{end}}{{end}}",
		"{{/* c */}}\nSubject: {{printf \"a\\nb\"}}\n\n",
		"Subject: {{with $x := .Me}}{{$x.Name}}{{end}}\r\n\r\n{{define \"a\"}}{{.Z}}{{end}}",
		"\n\n", " Subject: x\n\n", "Subject:\n\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c, errs := compile(KindThankYou, fileText{name: "thank-you.tmpl", text: text}, fileText{})
		errs = append(errs, c.trySamples(KindThankYou)...)
		if len(errs) > 0 {
			return
		}
		for _, d := range dataSamples() {
			m, err := c.render(d)
			if err != nil {
				continue
			}
			for _, h := range append(m.Headers, [2]string{"Subject", m.Subject}) {
				if strings.ContainsAny(h[1], "\r\n\x00") {
					t.Errorf("render(%q) header %s = %q, want no line break", text, h[0], h[1])
				}
			}
		}
	})
}

// FuzzRenderData renders the built-in notes with arbitrary user data: the
// result is either an error or a message whose subject is one clean line.
func FuzzRenderData(f *testing.F) {
	f.Add("Dana Whitfield", "Engineer", "{{.Me.Email}}")
	f.Add("x\r\ny", "Role\n", "\x00")
	s, err := Load("")
	if err != nil {
		f.Fatalf("Load(\"\") = %v, want nil", err)
	}
	f.Fuzz(func(t *testing.T, name, role, topics string) {
		d := SampleData()
		d.Recipient.Name, d.Recipient.FirstName, d.Interview.Role, d.Topics = name, "", role, topics
		for _, kind := range []string{KindThankYou, KindCheckIn, KindNetworking} {
			m, err := s.Render(kind, d)
			if err == nil && (m.Subject == "" || strings.ContainsAny(m.Subject, "\r\n\x00")) {
				t.Errorf("Render(%s, role %q).Subject = %q, want one non-empty line", kind, role, m.Subject)
			}
		}
	})
}
