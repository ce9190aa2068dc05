package answer

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/answer/reading"
	"github.com/followup-dev/followup/internal/followup"
)

// now is when the fixtures are examined.
var now = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

// candidates are the open (and one closed) interviews the fixtures are
// matched against; Initech has two open interviews.
var candidates = []Candidate{
	{ID: "acme-staff", Company: "Acme Inc.", Role: "Staff Engineer", Start: day(25)},
	{ID: "globex-sre", Company: "Globex Corporation", Role: "Site Reliability Engineer", Start: day(20)},
	{ID: "hooli-ds", Company: "Hooli", Role: "Data Scientist", Start: day(23)},
	{ID: "wayne-sec", Company: "Wayne Enterprises", Role: "Security Engineer", Start: day(19)},
	{ID: "stark-ml", Company: "Stark Industries", Role: "ML Engineer", Start: day(18)},
	{ID: "umbrella-pm", Company: "Umbrella Health", Role: "Product Manager", Start: day(24)},
	{ID: "cyberdyne-pe", Company: "Cyberdyne Systems GmbH", Role: "Platform Engineer", Start: day(26)},
	{ID: "initech-be", Company: "Initech GmbH", Role: "Backend Developer", Start: day(26)},
	{ID: "initech-fe", Company: "Initech GmbH", Role: "Frontend Developer", Start: day(27)},
	{ID: "soylent-qa", Company: "Soylent", Role: "QA Lead", Start: day(27)},
	{ID: "vandelay-ie", Company: "Vandelay Industries", Role: "Import/Export Analyst", Start: day(10), Status: followup.StatusClosed},
}

func day(d int) time.Time { return time.Date(2026, 11, d, 15, 0, 0, 0, time.UTC) }

// atsFixture is what Examine must say about one testdata message. match is
// an interview ID, "ambiguous:ID,ID" or "none".
type atsFixture struct {
	vendor string
	kind   Kind
	label  reading.Label
	match  string
}

var atsFixtures = map[string]atsFixture{
	"ats-greenhouse-rejection.eml":                  {"Greenhouse", KindAnswer, reading.Rejection, "acme-staff"},
	"ats-greenhouse-next-round.eml":                 {"Greenhouse", KindAnswer, reading.NextRound, "acme-staff"},
	"ats-greenhouse-request.eml":                    {"Greenhouse", KindAnswer, reading.Request, "acme-staff"},
	"ats-greenhouse-notice.eml":                     {"Greenhouse", KindNotice, reading.Other, "acme-staff"},
	"ats-greenhouse-rejection-closed-interview.eml": {"Greenhouse", KindAnswer, reading.Rejection, "none"},
	"ats-lever-rejection.eml":                       {"Lever", KindAnswer, reading.Rejection, "globex-sre"},
	"ats-lever-next-round.eml":                      {"Lever", KindAnswer, reading.NextRound, "globex-sre"},
	"ats-lever-request.eml":                         {"Lever", KindAnswer, reading.Request, "globex-sre"},
	"ats-lever-notice.eml":                          {"Lever", KindNotice, reading.Other, "globex-sre"},
	"ats-lever-on-hold.eml":                         {"Lever", KindAnswer, reading.OnHold, "globex-sre"},
	"ats-ashby-rejection.eml":                       {"Ashby", KindAnswer, reading.Rejection, "hooli-ds"},
	"ats-ashby-next-round.eml":                      {"Ashby", KindAnswer, reading.NextRound, "hooli-ds"},
	"ats-ashby-request.eml":                         {"Ashby", KindAnswer, reading.Request, "hooli-ds"},
	"ats-ashby-notice.eml":                          {"Ashby", KindNotice, reading.Other, "hooli-ds"},
	"ats-workday-rejection.eml":                     {"Workday", KindAnswer, reading.Rejection, "wayne-sec"},
	"ats-workday-next-round.eml":                    {"Workday", KindAnswer, reading.NextRound, "wayne-sec"},
	"ats-workday-request.eml":                       {"Workday", KindAnswer, reading.Request, "wayne-sec"},
	"ats-workday-notice.eml":                        {"Workday", KindNotice, reading.Other, "wayne-sec"},
	"ats-workday-unclear.eml":                       {"Workday", KindUnclear, reading.Other, "wayne-sec"},
	"ats-smartrecruiters-rejection.eml":             {"SmartRecruiters", KindAnswer, reading.Rejection, "stark-ml"},
	"ats-smartrecruiters-next-round.eml":            {"SmartRecruiters", KindAnswer, reading.NextRound, "stark-ml"},
	"ats-smartrecruiters-request.eml":               {"SmartRecruiters", KindAnswer, reading.Request, "stark-ml"},
	"ats-smartrecruiters-notice.eml":                {"SmartRecruiters", KindNotice, reading.Other, "stark-ml"},
	"ats-icims-rejection.eml":                       {"iCIMS", KindAnswer, reading.Rejection, "umbrella-pm"},
	"ats-icims-next-round.eml":                      {"iCIMS", KindAnswer, reading.NextRound, "umbrella-pm"},
	"ats-icims-request.eml":                         {"iCIMS", KindAnswer, reading.Request, "umbrella-pm"},
	"ats-icims-notice.eml":                          {"iCIMS", KindNotice, reading.Other, "umbrella-pm"},
	"ats-teamtailor-de-rejection.eml":               {"Teamtailor", KindAnswer, reading.Rejection, "cyberdyne-pe"},
	"ats-teamtailor-de-next-round.eml":              {"Teamtailor", KindAnswer, reading.NextRound, "cyberdyne-pe"},
	"ats-teamtailor-de-request.eml":                 {"Teamtailor", KindAnswer, reading.Request, "cyberdyne-pe"},
	"ats-teamtailor-de-notice.eml":                  {"Teamtailor", KindNotice, reading.Other, "cyberdyne-pe"},
	"ats-personio-de-rejection.eml":                 {"Personio", KindAnswer, reading.Rejection, "initech-be"},
	"ats-personio-de-next-round.eml":                {"Personio", KindAnswer, reading.NextRound, "initech-fe"},
	"ats-personio-de-request.eml":                   {"Personio", KindAnswer, reading.Request, "initech-be"},
	"ats-personio-de-notice.eml":                    {"Personio", KindNotice, reading.Other, "ambiguous:initech-be,initech-fe"},
	"ats-personio-de-on-hold-ambiguous.eml":         {"Personio", KindAnswer, reading.OnHold, "ambiguous:initech-be,initech-fe"},
	"ats-workable-rejection.eml":                    {"Workable", KindAnswer, reading.Rejection, "soylent-qa"},
	"ats-workable-next-round.eml":                   {"Workable", KindAnswer, reading.NextRound, "soylent-qa"},
	"ats-workable-request.eml":                      {"Workable", KindAnswer, reading.Request, "soylent-qa"},
	"ats-workable-notice.eml":                       {"Workable", KindNotice, reading.Other, "soylent-qa"},
	"ats-workable-offer.eml":                        {"Workable", KindAnswer, reading.Offer, "soylent-qa"},
}

// humanFixtures are replies from people (matched by the store, not here):
// Detect must not claim them and Read must label them.
var humanFixtures = map[string]reading.Label{
	"human-rejection.eml":             reading.Rejection,
	"human-next-round.eml":            reading.NextRound,
	"human-offer.eml":                 reading.Offer,
	"human-request.eml":               reading.Request,
	"human-on-hold.eml":               reading.OnHold,
	"human-other.eml":                 reading.Other,
	"human-de-rejection.eml":          reading.Rejection,
	"human-outlook-quoted-invite.eml": reading.OnHold,
}

// traps are not from an applicant-tracking system, though they name a
// tracked company.
var traps = []string{"trap-company-newsletter.eml", "trap-linkedin-job-alert.eml", "trap-linkedin-application-viewed.eml"}

func TestFixturesAreAllListed(t *testing.T) {
	files, err := filepath.Glob("testdata/*.eml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		_, a := atsFixtures[name]
		_, h := humanFixtures[name]
		if !a && !h && !slices.Contains(traps, name) {
			t.Errorf("testdata/%s has no expectation in fixtures_test.go", name)
		}
	}
}

func TestExamineATSFixtures(t *testing.T) {
	for name, want := range atsFixtures {
		m := ParseMessage(readFixture(t, name))
		v, ok := Default().Examine(m, candidates, now, nil)
		if !ok {
			t.Errorf("Examine(%s) = not ATS, want %s", name, want.vendor)
			continue
		}
		if v.Vendor != want.vendor || v.Kind != want.kind || v.Reading.Label != want.label {
			t.Errorf("Examine(%s) = %s %s %s (%s), want %s %s %s", name, v.Vendor, v.Kind, v.Reading.Label, v.Reading.Reason,
				want.vendor, want.kind, want.label)
		}
		if got := matchString(v.Match); got != want.match {
			t.Errorf("Examine(%s).Match = %s (%s), want %s", name, got, v.Match.Reason, want.match)
		}
		if v.StopsFollowUps() != (want.kind == KindAnswer && !strings.Contains(want.match, ":") && want.match != "none") {
			t.Errorf("Examine(%s).StopsFollowUps() = %v for %s %s", name, v.StopsFollowUps(), want.kind, want.match)
		}
		if v.Match.Reason == "" || v.Reading.Reason == "" || v.Evidence == "" {
			t.Errorf("Examine(%s) left a reason empty: %+v", name, v)
		}
	}
}

func TestReadHumanFixtures(t *testing.T) {
	for name, want := range humanFixtures {
		m := ParseMessage(readFixture(t, name))
		if d, ok := Default().Detect(m.Header); ok {
			t.Errorf("Detect(%s) = %s (%s), want not ATS", name, d.Vendor, d.Evidence)
		}
		if got := reading.Read(m.Subject, m.Text, m.Date, nil); got.Label != want {
			t.Errorf("Read(%s) = %s (%s), want %s", name, got.Label, got.Reason, want)
		}
	}
}

func TestTrapsAreNotATS(t *testing.T) {
	for _, name := range traps {
		m := ParseMessage(readFixture(t, name))
		if v, ok := Default().Examine(m, candidates, now, nil); ok {
			t.Errorf("Examine(%s) = %s %s, want not ATS", name, v.Vendor, v.Kind)
		}
	}
}

func TestOnHoldPromise(t *testing.T) {
	m := ParseMessage(readFixture(t, "ats-lever-on-hold.eml"))
	v, _ := Default().Examine(m, candidates, now, nil)
	if want := "2026-12-24"; !v.Reading.Promise.Found || v.Reading.Promise.Latest.String() != want {
		t.Errorf("Examine(ats-lever-on-hold).Reading.Promise = %v %v, want %s", v.Reading.Promise.Found, v.Reading.Promise.Latest, want)
	}
	h := ParseMessage(readFixture(t, "human-on-hold.eml"))
	if r := reading.Read(h.Subject, h.Text, h.Date, nil); r.Promise.Latest.String() != "2026-12-18" {
		t.Errorf("Read(human-on-hold).Promise = %v (%s), want 2026-12-18", r.Promise.Latest, r.Reason)
	}
}

func matchString(m Match) string {
	switch m.Outcome {
	case Matched:
		return m.ID
	case Ambiguous:
		return "ambiguous:" + strings.Join(m.IDs, ",")
	}
	return string(m.Outcome)
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
