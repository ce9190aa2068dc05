package ics

import (
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/followup"
)

func TestRoleOf(t *testing.T) {
	jane := []followup.Person{{Name: "Jane Roe", Email: "jane@acme.example"}}
	tests := []struct{ summary, company, want string }{
		{"Interview: Senior Backend Engineer - Northwind Traders", "Northwind Traders", "Senior Backend Engineer"},
		{"Vorstellungsgespräch Data Engineer (m/w/d)", "Contoso GmbH", "Data Engineer"},
		{"Fabrikam – Product Designer interview (2nd round)", "Fabrikam", "Product Designer"},
		{"Technical interview for the Staff SRE position at Tailspin", "Tailspin", "Staff SRE"},
		{"Interview for the role of Engineering Manager at Acme", "Acme", "Engineering Manager"},
		{"Acme | Frontend Developer | Final round", "Acme", "Frontend Developer"},
		{"Backend Engineer interview with Jane Roe", "Acme", "Backend Engineer"},
		{"Coffee chat with Jane Roe", "Acme", ""},
		{"Interview", "Acme", ""},
		{"Phone screen: Acme", "Acme", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := RoleOf(tt.summary, tt.company, jane); got != tt.want {
			t.Errorf("RoleOf(%q, %q) = %q, want %q", tt.summary, tt.company, got, tt.want)
		}
	}
}

func TestCompanyOf(t *testing.T) {
	tests := []struct {
		organizer string
		others    []string
		want      string
	}{
		{"talent@northwind-traders.com", nil, "Northwind Traders"},
		{"k.mueller@contoso-gmbh.de", nil, "Contoso GmbH"},
		{"tom@mail.fabrikam.co.uk", nil, "Fabrikam"},
		{"recruiter@gmail.com", []string{"cto@tailspin.nl"}, "Tailspin"},
		{"no-reply@greenhouse.io", []string{"jane@acme.example"}, "Acme"},
		{"me@gmail.com", []string{"you@outlook.com"}, ""},
		{"", nil, ""},
	}
	for _, tt := range tests {
		var others []followup.Person
		for _, o := range tt.others {
			others = append(others, followup.Person{Email: o})
		}
		if got := CompanyOf(followup.Person{Email: tt.organizer}, others); got != tt.want {
			t.Errorf("CompanyOf(%q, %q) = %q, want %q", tt.organizer, tt.others, got, tt.want)
		}
	}
}

func TestWindowsZonesLoad(t *testing.T) {
	for win, iana := range windowsZones {
		if _, err := time.LoadLocation(iana); err != nil {
			t.Errorf("windowsZones[%q] = %q: %v", win, iana, err)
		}
	}
}
