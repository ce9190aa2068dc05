package followup

import (
	"testing"
	"time"
)

func TestNewID(t *testing.T) {
	day := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		company, role, want string
	}{
		{"Acme", "Senior Backend Engineer", "acme-backend-1127"},
		{"Zürich Données & Co.", "SRE (Platform)", "zurich-donnees-sre-1127"},
		{"Société Générale", "Développeur", "societe-generale-developpeur-1127"},
		{"Straße AG", "Ingeniør", "strasse-ag-ingenior-1127"},
		{"Łódź Æther", "DevOps", "lodz-aether-devops-1127"},
		{"ČEZ", "Inženýr", "cez-inzenyr-1127"},
		{"Яндекс", "Разработчик", "yandeks-razrabotchik-1127"},
		{"Αθήνα Tech", "SRE", "athina-tech-sre-1127"},
		{"株式会社メルカリ", "SRE", "interview-sre-1127"},
		{"株式会社メルカリ", "エンジニア", "interview-1127"},
		{"ACME", "BACKEND", "acme-backend-1127"},
		{"International Business Machines", "Engineer", "international-engineer-1127"},
		{"Supercalifragilisticexpialidocious", "Eng", "supercalifragili-eng-1127"},
	}
	for _, tt := range tests {
		got := NewID(tt.company, tt.role, day, func(string) bool { return false })
		if got != tt.want {
			t.Errorf("NewID(%q, %q) = %q, want %q", tt.company, tt.role, got, tt.want)
		}
		if !ValidID(got) {
			t.Errorf("NewID(%q, %q) = %q, which ValidID refuses", tt.company, tt.role, got)
		}
	}
}

func TestNewIDTaken(t *testing.T) {
	day := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	taken := map[string]bool{"acme-sre-1127": true, "acme-sre-1127-2": true}
	if got := NewID("Acme", "SRE", day, func(id string) bool { return taken[id] }); got != "acme-sre-1127-3" {
		t.Errorf("NewID with two taken = %q, want acme-sre-1127-3", got)
	}
}

func TestSameInterview(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	base := &Interview{Company: "Zürich Données & Co.", Role: "SRE (Platform)", Start: time.Date(2026, 11, 27, 10, 0, 0, 0, berlin),
		Interviewers: []Person{{Name: "Jane", Email: "jane@z.example"}}}
	tests := []struct {
		name string
		edit func(iv *Interview)
		want bool
	}{
		{"identical", func(*Interview) {}, true},
		{"other case and time", func(iv *Interview) {
			iv.Company, iv.Start = "zurich donnees & co", iv.Start.Add(3*time.Hour)
			iv.Interviewers = []Person{{Email: "JANE@z.example"}}
		}, true},
		{"other day", func(iv *Interview) { iv.Start = iv.Start.AddDate(0, 0, 1) }, false},
		{"other role", func(iv *Interview) { iv.Role = "Backend" }, false},
		{"other interviewer", func(iv *Interview) { iv.Interviewers = []Person{{Email: "bob@z.example"}} }, false},
	}
	for _, tt := range tests {
		b := *base
		tt.edit(&b)
		if got := SameInterview(base, &b); got != tt.want {
			t.Errorf("SameInterview(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestLateBy(t *testing.T) {
	due := time.Date(2026, 11, 20, 16, 45, 0, 0, time.UTC)
	tests := []struct {
		after time.Duration
		want  string
	}{
		{-time.Hour, ""},
		{0, ""},
		{10 * time.Minute, "less than an hour late"},
		{3 * time.Hour, "3 hours late"},
		{25 * time.Hour, "1 day late"},
		{5*24*time.Hour + time.Hour, "5 days late"},
	}
	for _, tt := range tests {
		if got := LateBy(due, due.Add(tt.after)); got != tt.want {
			t.Errorf("LateBy(due, due+%s) = %q, want %q", tt.after, got, tt.want)
		}
	}
}
