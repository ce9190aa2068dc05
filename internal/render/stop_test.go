package render

import (
	"strings"
	"testing"
)

// TestNoDoubleFullStop: a value ending in a full stop before the
// template's own gives one stop, not "Co.." (issue 19, point 2).
func TestNoDoubleFullStop(t *testing.T) {
	tests := []struct {
		company, topics string
	}{
		{"Zürich Données & Co.", ""},
		{"Acme Inc.", "the on-call rota."},
		{"Example Ltd.", "tests (unit and e2e)."},
	}
	s := mustLoad(t, "")
	for _, tt := range tests {
		for _, kind := range []string{KindThankYou, KindCheckIn, KindNetworking} {
			d := SampleData()
			d.Interview.Company, d.Topics = tt.company, tt.topics
			m, err := s.Render(kind, d)
			if err != nil {
				t.Fatalf("Render(%s) = %v", kind, err)
			}
			if strings.Contains(m.Text, "..") {
				t.Errorf("Render(%s, company %q, topics %q).Text = %q, want no \"..\"", kind, tt.company, tt.topics, m.Text)
			}
		}
	}
}

func TestDoubleStopKeepsEllipsis(t *testing.T) {
	tests := []struct{ in, want string }{
		{"at Co.. Thanks", "at Co. Thanks"},
		{"at Co..\n", "at Co.\n"},
		{"well... maybe", "well... maybe"},
		{"see https://x.example/a..b now", "see https://x.example/a..b now"},
		{"(on-call).. next", "(on-call). next"},
	}
	for _, tt := range tests {
		if got := doubleStop.ReplaceAllString(tt.in, "$1.$2"); got != tt.want {
			t.Errorf("doubleStop(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNetworkingSubjectNamesTheRole(t *testing.T) {
	d := SampleData()
	m, err := mustLoad(t, "").Render(KindNetworking, d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.Subject, "Thought you might enjoy") || !strings.Contains(m.Subject, d.Interview.Role) {
		t.Errorf("networking Subject = %q, want one that names the role, not a spam-like teaser", m.Subject)
	}
}

func TestLoadEachKeepsTheGoodKinds(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"check-in.tmpl": "Subject: x\n\n{{.Nope}}\n"})
	s, errs := LoadEach(dir)
	if len(errs) == 0 {
		t.Fatalf("LoadEach with a broken check-in = no problems, want them listed")
	}
	if _, err := s.Render(KindThankYou, SampleData()); err != nil {
		t.Errorf("Render(thank-you) with a broken check-in = %v, want nil", err)
	}
	if _, err := s.Render(KindCheckIn, SampleData()); err == nil || !strings.Contains(err.Error(), "check-in") {
		t.Errorf("Render(check-in) broken = %v, want its problems", err)
	}
}
