package archive

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReadCSV feeds the CSV reader arbitrary bytes, seeded with the test
// files: every row it returns is a valid interview, and every refusal is
// an *Error of one line; it never panics.
func FuzzReadCSV(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.csv"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("company,role,date,email,status,timezone,duration,interviewers\nA,Engineer,1/2/2026 3:04 PM,a@b.c,offer,Asia/Tokyo,1:30,\"\\\"x\\\"\" <y@z.w>; q@r.s\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ReadCSV(data, CSVOptions{})
		if err != nil {
			var ae *Error
			if !errors.As(err, &ae) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("ReadCSV = %q, want an *Error of one line", err)
			}
			return
		}
		for _, r := range got.Rows {
			if err := r.Interview.Validate(); err != nil {
				t.Fatalf("ReadCSV row %d = %v", r.Line, err)
			}
		}
	})
}

// FuzzReadJSON feeds the export reader arbitrary bytes: a refusal is an
// *Error of one line, and whatever it accepts is valid interviews.
func FuzzReadJSON(f *testing.F) {
	f.Add([]byte(`{"format":"followup-export","version":1,"interviews":[{"id":"acme-1120","company":"Acme","role":"SRE","start":"2026-11-20T14:00:00+01:00","time_zone":"Europe/Berlin","interviewers":[{"name":"J","email":"j@acme.example"}],"status":"awaiting","actions":[{"id":1,"key":"check-in:1","kind":"check-in","due":"2026-11-30T09:00:00Z","time_zone":"UTC","state":"pending"}]}],"events":[{"id":1,"at":"2026-11-20T16:00:00Z","kind":"sent"}]}`))
	f.Add([]byte(`{"format":"followup-export","version":1,"interviews":[{"id":"x"`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ReadJSON(data)
		if err != nil {
			var ae *Error
			if !errors.As(err, &ae) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("ReadJSON = %q, want an *Error of one line", err)
			}
			return
		}
		for _, iv := range d.Interviews {
			if err := iv.Validate(); err != nil {
				t.Fatalf("ReadJSON interview %s = %v", iv.ID, err)
			}
		}
	})
}
