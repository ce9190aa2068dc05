package archive

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests' zones on any machine

	"github.com/followup-dev/followup/internal/followup"
)

func readCSVFile(t *testing.T, name string, opts CSVOptions) CSV {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadCSV(data, opts)
	if err != nil {
		t.Fatalf("ReadCSV(%s) = %v", name, err)
	}
	return got
}

type rowWant struct {
	line                 int
	company, role, start string // start as RFC 3339
	status               followup.Status
	outcome              followup.Outcome
	interviewer          string
}

func checkRows(t *testing.T, name string, got CSV, want []rowWant) {
	t.Helper()
	if len(got.Rows) != len(want) {
		t.Fatalf("ReadCSV(%s) = %d rows, want %d", name, len(got.Rows), len(want))
	}
	for i, w := range want {
		r, iv := got.Rows[i], got.Rows[i].Interview
		start := iv.Start.Format(time.RFC3339)
		if r.Line != w.line || iv.Company != w.company || iv.Role != w.role || start != w.start ||
			iv.Status != w.status || iv.Outcome != w.outcome || iv.Interviewers[0].Email != w.interviewer {
			t.Errorf("ReadCSV(%s) row %d = line %d %q %q %s %q %q %q, want %+v", name, i, r.Line, iv.Company, iv.Role, start,
				iv.Status, iv.Outcome, iv.Interviewers[0].Email, w)
		}
	}
}

func TestReadCSVTracker(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	got := readCSVFile(t, "tracker.csv", CSVOptions{Local: berlin})
	checkRows(t, "tracker.csv", got, []rowWant{
		{2, "Northwind Traders", "Senior Backend Engineer", "2026-12-03T14:00:00+01:00", "", "", "priya.raman@northwind-traders.com"},
		{3, "Contoso GmbH", "Data Engineer", "2026-12-08T10:00:00+01:00", followup.StatusClosed, followup.OutcomeRejected, "k.mueller@contoso-gmbh.de"},
		{5, "Fabrikam", "Product Designer", "2026-12-10T15:30:00+01:00", followup.StatusClosed, followup.OutcomeOffer, "tom.hughes@fabrikam.co.uk"},
	})
	if iv := got.Rows[1].Interview; iv.Notes != `said "no" politely` || iv.Interviewers[0].Name != "Katrin Müller" {
		t.Errorf("ReadCSV(tracker.csv) row 2 = notes %q name %q", iv.Notes, iv.Interviewers[0].Name)
	}
	if strings.Join(got.Ignored, ",") != "Job URL" {
		t.Errorf("ReadCSV(tracker.csv) ignored = %q, want Job URL", got.Ignored)
	}
}

func TestReadCSVSemicolonBOM(t *testing.T) {
	got := readCSVFile(t, "semicolon-bom.csv", CSVOptions{Local: time.UTC})
	checkRows(t, "semicolon-bom.csv", got, []rowWant{
		{2, "Tailspin", "Staff SRE", "2026-12-15T14:30:00Z", followup.StatusQuiet, "", "pieter.devries@tailspin.nl"},
		{3, "Acme", "Backend Engineer", "2026-11-20T09:00:00Z", "", "", "jane@acme.example"},
	})
	if got.Rows[0].Interview.Notes != "Raum 3; zweiter Stock" {
		t.Errorf("notes = %q, want the quoted field with its semicolon", got.Rows[0].Interview.Notes)
	}
}

func TestReadCSVMap(t *testing.T) {
	data := "Firm,Gig,When,Who\nAcme,Backend Engineer,2026-11-20 14:00,jane@acme.example\n"
	got, err := ReadCSV([]byte(data), CSVOptions{Map: map[string]string{"firm": "company", "GIG": "role", "When": "date", "who": "contact_email"}})
	if err != nil {
		t.Fatalf("ReadCSV with --map = %v", err)
	}
	checkRows(t, "mapped", got, []rowWant{{2, "Acme", "Backend Engineer", "2026-11-20T14:00:00Z", "", "", "jane@acme.example"}})
}

func TestCSVExportReadsBack(t *testing.T) {
	berlin, _ := time.LoadLocation("America/New_York")
	iv := &followup.Interview{ID: "acme-backend-1120", Company: "Acme, Inc.", Role: "Backend Engineer", Duration: time.Hour,
		Start: time.Date(2026, 11, 20, 14, 0, 0, 0, berlin), Status: followup.StatusClosed, Outcome: followup.OutcomeOffer,
		Interviewers: []followup.Person{{Name: "Roe, Jane", Email: "jane@acme.example", Role: followup.RoleInterviewer},
			{Email: "bob@acme.example", Role: followup.RoleInterviewer}},
		Contacts: []followup.Person{{Name: "Sam", Email: "sam@acme.example", Role: followup.RoleContact}}, Notes: "line one\nline \"two\""}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, Document{Interviews: []Interview{interviewOf(iv)}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	got, err := ReadCSV(buf.Bytes(), CSVOptions{})
	if err != nil {
		t.Fatalf("ReadCSV(WriteCSV) = %v\n%s", err, buf.String())
	}
	back := got.Rows[0].Interview
	if back.Company != iv.Company || !back.Start.Equal(iv.Start) || back.Start.Location().String() != "America/New_York" ||
		back.Duration != iv.Duration || back.Outcome != iv.Outcome || len(back.Interviewers) != 2 || back.Interviewers[0].Name != "Roe, Jane" ||
		len(back.Contacts) != 1 || back.Notes != iv.Notes {
		t.Errorf("ReadCSV(WriteCSV(iv)) = %+v, want %+v", back, iv)
	}
}

func TestReadCSVRefusesBadInput(t *testing.T) {
	header := "company,role,date,email\n"
	tests := []struct {
		name, data, want string
		line             int
	}{
		{"broken quote", header + "Acme,\"Backend Engineer,2026-11-20,jane@acme.example\n", "extraneous or missing \" in quoted-field", 2},
		{"bare quote", header + "Acme,Back\"end,2026-11-20,jane@acme.example\n", `bare " in non-quoted-field`, 2},
		{"bad date", header + "Acme,Backend Engineer,2026-11-20,jane@acme.example\nAcme,SRE,31/31/2026,jane@acme.example\n", `column "date": not a date`, 3},
		{"no email", header + "Acme,Backend Engineer,2026-11-20,\n", "no contact email", 2},
		{"bad email", header + "Acme,Backend Engineer,2026-11-20,jane at acme\n", "not an email address", 2},
		{"unknown status", "company,role,date,email,status\nAcme,SRE,2026-11-20,j@acme.example,maybe\n", `column "status": "maybe" is not a status`, 2},
		{"field count", header + "Acme,SRE,2026-11-20,j@acme.example,extra\n", "different number of columns", 2},
		{"no role column", "company,date,email\nAcme,2026-11-20,j@acme.example\n", "no column reads as role", 1},
		{"two role columns", "company,role,title,date,email\n", `columns "role" and "title" both read as role`, 1},
		{"empty", "", "the file is empty", 0},
		{"dst gap", "company,role,date,email,timezone\nAcme,SRE,2026-03-29 02:30,j@acme.example,Europe/Berlin\n", "does not exist in Europe/Berlin", 2},
		{"unknown zone", "company,role,date,email,timezone\nAcme,SRE,2026-03-29 02:30,j@acme.example,Mars/Base\n", "not an IANA time zone", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCSV([]byte(tt.data), CSVOptions{})
			var ae *Error
			if !errors.As(err, &ae) || !strings.Contains(err.Error(), tt.want) || ae.Line != tt.line || strings.Contains(err.Error(), "\n") {
				t.Errorf("ReadCSV(%s) = %v, want one line with %q on line %d", tt.name, err, tt.want, tt.line)
			}
		})
	}
}
