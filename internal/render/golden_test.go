package render

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// goldenCases renders every built-in kind against the samples and the
// variants that take the other branches of the templates.
func goldenCases() []struct {
	name, kind string
	data       any
} {
	noSteps := SampleData()
	noSteps.Interview.HasNextSteps, noSteps.Interview.NextSteps, noSteps.Interview.PromisedDate = false, "", ""
	noSteps.Interview.PromisedWhen = ""
	second := SampleData()
	second.CheckInsBefore = 1
	third := SampleData()
	third.CheckInsBefore = 2
	bare := noSteps
	bare.Topics, bare.Article, bare.Me.Signature = "", Article{}, ""
	bare.Recipient = Person{Name: "Dr. Priya Natarajan", Email: "priya@acme.example"}
	noteful := SampleData()
	noteful.Note = "I have also put together the design notes you asked about."
	n := noticeSamples()
	return []struct {
		name, kind string
		data       any
	}{
		{"thank-you", KindThankYou, SampleData()},
		{"thank-you-no-next-steps", KindThankYou, noSteps},
		{"thank-you-bare", KindThankYou, bare},
		{"thank-you-note", KindThankYou, noteful},
		{"check-in", KindCheckIn, SampleData()},
		{"check-in-second", KindCheckIn, second},
		{"check-in-third", KindCheckIn, third},
		{"check-in-nothing-promised", KindCheckIn, bare},
		{"networking", KindNetworking, second},
		{"networking-no-article", KindNetworking, bare},
		{"digest", KindDigest, SampleDigest()},
		{"digest-empty", KindDigest, samples(KindDigest)[1]},
		{"notice", KindNotice, SampleNotice()},
		{"notice-bounce", KindNotice, n[1]},
		{"notice-send-failed", KindNotice, n[2]},
		{"notice-send-failed-retry", KindNotice, n[3]},
		{"notice-invite", KindNotice, n[4]},
		{"notice-invite-updated", KindNotice, n[5]},
		{"notice-invite-updated-accepted", KindNotice, n[6]},
		{"notice-invite-cancelled", KindNotice, n[7]},
		{"notice-invite-cancelled-accepted", KindNotice, n[8]},
	}
}

func TestGolden(t *testing.T) {
	s, err := Load("")
	if err != nil {
		t.Fatalf("Load(\"\") = %v, want nil", err)
	}
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			m, err := s.Render(tc.kind, tc.data)
			if err != nil {
				t.Fatalf("Render(%q) = %v, want nil", tc.kind, err)
			}
			got := formatMessage(m)
			for _, bad := range []string{"<no value>", "  ", " .", " ,"} {
				if strings.Contains(m.Subject+"\n"+m.Text, bad) {
					t.Errorf("Render(%q) = %q, want no %q", tc.kind, m.Subject+"\n"+m.Text, bad)
				}
			}
			if strings.Contains(m.HTML, "<no value>") {
				t.Errorf("Render(%q).HTML = %q, want no <no value>", tc.kind, m.HTML)
			}
			path := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden file (run go test ./internal/render -update): %v", err)
			}
			if got != string(want) {
				t.Errorf("Render(%q) = \n%s\nwant (%s)\n%s", tc.kind, got, path, want)
			}
		})
	}
}

// formatMessage lays a message out as headers, blank line, text, and the HTML
// part after a marker line when there is one.
func formatMessage(m Message) string {
	var b strings.Builder
	b.WriteString("Subject: " + m.Subject + "\n")
	for _, h := range m.Headers {
		b.WriteString(h[0] + ": " + h[1] + "\n")
	}
	b.WriteString("\n" + m.Text)
	if m.HTML != "" {
		b.WriteString("\n----- HTML -----\n" + m.HTML)
	}
	return b.String()
}
