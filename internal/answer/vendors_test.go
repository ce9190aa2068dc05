package answer

import (
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/answer/reading"
	"github.com/followup-dev/followup/internal/followup"
)

// ref is when the messages of these tests were written.
var ref = time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)

func TestBuiltinTableIsValid(t *testing.T) {
	vs := Default().Vendors()
	if len(vs) < 8 {
		t.Fatalf("Default().Vendors() has %d vendors, want at least 8", len(vs))
	}
	for _, v := range vs {
		if e := checkVendor(v); e != "" {
			t.Errorf("vendors.toml vendor %q: %s", v.Name, e)
		}
	}
}

func TestDetectSources(t *testing.T) {
	tests := []struct {
		name   string
		h      Header
		vendor string
		ev     string
	}{
		{"from", Header{"from": {"Acme <no-reply@us.greenhouse-mail.io>"}}, "Greenhouse", "From domain us.greenhouse-mail.io"},
		{"reply-to", Header{"from": {"jobs@acme.example"}, "reply-to": {"x@hire.lever.co"}}, "Lever", "Reply-To domain hire.lever.co"},
		{"return-path", Header{"from": {"careers@umbrella.example"}, "return-path": {"<b-1@talent.icims.com>"}}, "iCIMS", "Return-Path domain talent.icims.com"},
		{"message-id", Header{"from": {"hr@initech.example"}, "message-id": {"<abc@mail.personio.de>"}}, "Personio", "Message-ID domain mail.personio.de"},
		{"dkim", Header{"from": {"hr@soylent.example"}, "dkim-signature": {"v=1; a=rsa-sha256; d=workablemail.com; s=s1"}}, "Workable", "DKIM d= workablemail.com"},
		{"canonical keys", Header{"From": {"hr@soylent.example"}, "DKIM-Signature": {"d=workablemail.com"}}, "Workable", "DKIM d= workablemail.com"},
		{"encoded from", Header{"from": {"=?UTF-8?Q?Initech_GmbH?= <noreply@personio.de>"}}, "Personio", "From domain personio.de"},
	}
	for _, tt := range tests {
		d, ok := Default().Detect(tt.h)
		if !ok || d.Vendor != tt.vendor || d.Evidence != tt.ev {
			t.Errorf("Detect(%s) = %+v %v, want %s %q", tt.name, d, ok, tt.vendor, tt.ev)
		}
	}
	for _, h := range []Header{
		{"from": {"Jane <jane@acme.example>"}},
		{"from": {"jobalerts-noreply@linkedin.com"}},
		{"from": {"x@notgreenhouse.io"}},
		{},
	} {
		if d, ok := Default().Detect(h); ok {
			t.Errorf("Detect(%v) = %+v, want not ATS", h, d)
		}
	}
}

func TestNewTableExtends(t *testing.T) {
	tab, err := NewTable([]Vendor{
		{Name: "Acme ATS", Domains: []string{"ATS.Acme-Hiring.example"}, Slugs: []string{"{slug}.acme-hiring.example"}},
		{Name: "greenhouse", Domains: []string{"gh-custom.example"}},
		{Name: "Fingerprinted", Headers: []string{"X-Hiring-Platform: Fingerprinted"}},
	}, []reading.Scheduler{{Name: "MyCal", Hosts: []string{"mycal.example"}}})
	if err != nil {
		t.Fatal(err)
	}
	for h, want := range map[string]string{
		"no-reply@ats.acme-hiring.example": "Acme ATS",
		"x@mail.gh-custom.example":         "Greenhouse",
		"no-reply@greenhouse.io":           "Greenhouse",
	} {
		if d, _ := tab.Detect(Header{"from": {h}}); d.Vendor != want {
			t.Errorf("NewTable(extra).Detect(From %s) = %q, want %q", h, d.Vendor, want)
		}
	}
	if d, _ := tab.Detect(Header{"from": {"hr@x.example"}, "x-hiring-platform": {"fingerprinted v2"}}); d.Vendor != "Fingerprinted" {
		t.Errorf("NewTable(extra).Detect(header fingerprint) = %q, want Fingerprinted", d.Vendor)
	}
	if r := tab.Read("", "Pick a slot: https://mycal.example/alex", ref, nil); r.Label != reading.NextRound {
		t.Errorf("NewTable(scheduler).Read(link) = %s, want next-round", r.Label)
	}
	if n := len(Default().Vendors()); n == len(tab.Vendors()) {
		t.Errorf("NewTable changed nothing or changed the built-in table: %d vendors both", n)
	}
}

func TestNewTableReportsEveryError(t *testing.T) {
	_, err := NewTable([]Vendor{{Domains: []string{"a.example"}}, {Name: "NoDomains"}, {Name: "BadSlug", Domains: []string{"b.example"}, Slugs: []string{"b.example/x"}}},
		[]reading.Scheduler{{Name: "NoHosts"}})
	if err == nil {
		t.Fatal("NewTable(bad entries) = nil error, want one naming every entry")
	}
	for _, want := range []string{"vendor 1", "vendor 2 (\"NoDomains\")", "vendor 3 (\"BadSlug\")", "scheduler 1"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("NewTable(bad entries) = %q, want it to mention %s", err, want)
		}
	}
}

func TestSlugNames(t *testing.T) {
	tests := []struct {
		slug, company string
		want          bool
	}{
		{"acme", "Acme Inc.", true},
		{"careers-acme", "Acme", true},
		{"globexcorporation", "Globex Corporation", true},
		{"globex", "Globex Corporation", true},
		{"starkindustries", "Stark Industries", true},
		{"acmeinc", "Acme", true},
		{"acme-robotics", "Acme", false},
		{"ab", "AB", false},
		{"initech", "Initrode", false},
	}
	for _, tt := range tests {
		if got := slugNames(tt.slug, companyWords(tt.company)); got != tt.want {
			t.Errorf("slugNames(%q, %q) = %v, want %v", tt.slug, tt.company, got, tt.want)
		}
	}
}

func TestMatchInterviewRules(t *testing.T) {
	at := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	gh := func(from, subject, text string) Message {
		return Message{From: from, Subject: subject, Text: text, Date: at, Header: Header{"from": {from}}}
	}
	cands := []Candidate{
		{ID: "a1", Company: "Acme", Role: "Staff Engineer", Start: day(25)},
		{ID: "a2", Company: "Acme", Role: "Engineering Manager", Start: day(26)},
		{ID: "b1", Company: "Apple", Role: "Designer", Start: day(20)},
		{ID: "old", Company: "Oldco", Role: "Dev", Start: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "shut", Company: "Closedco", Role: "Dev", Start: day(20), Status: followup.StatusClosed},
	}
	tests := []struct {
		name string
		m    Message
		want string
	}{
		{"two at one company", gh("Acme <no-reply@greenhouse.io>", "Your application", "Unfortunately..."), "ambiguous:a1,a2"},
		{"role decides", gh("Acme <no-reply@greenhouse.io>", "Your application: Engineering Manager", ""), "a2"},
		{"strong beats body", gh("Apple Careers <no-reply@greenhouse.io>", "Update", "Our team at Acme and Apple ..."), "b1"},
		{"body only", gh("no-reply@greenhouse.io", "Update", "Thank you for interviewing with Apple."), "b1"},
		{"word inside a word is no name", gh("no-reply@greenhouse.io", "Update", "Pineapple and Acmeology"), "none"},
		{"too old", gh("Oldco <no-reply@greenhouse.io>", "Update", ""), "none"},
		{"closed", gh("Closedco <no-reply@greenhouse.io>", "Update", ""), "none"},
		{"slug", gh("no-reply@greenhouse.io", "Update", "See https://boards.greenhouse.io/apple/jobs/1"), "b1"},
		{"role without seniority", gh("Acme <no-reply@greenhouse.io>", "Senior Engineering Manager (m/w/d)", ""), "a2"},
	}
	for _, tt := range tests {
		got := Default().MatchInterview(tt.m, "Greenhouse", cands, at.Add(time.Hour))
		if s := matchString(got); s != tt.want {
			t.Errorf("MatchInterview(%s) = %s (%s), want %s", tt.name, s, got.Reason, tt.want)
		}
	}
}
