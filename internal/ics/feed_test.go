package ics

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/followup"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestEncodeGolden(t *testing.T) {
	berlin := mustZone(t, "Europe/Berlin")
	modified := time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC)
	iv := &followup.Interview{ID: "acme-backend-1120", Company: "Acme", Role: "Backend Engineer", Duration: 45 * time.Minute,
		Start:        time.Date(2026, 11, 20, 14, 0, 0, 0, berlin),
		Interviewers: []followup.Person{{Name: "Jane Roe", Email: "jane@acme.example", Role: followup.RoleInterviewer}},
		Contacts:     []followup.Person{{Name: "Sam \"HR\" Lee", Email: "sam@acme.example", Role: followup.RoleContact}},
		NextSteps:    "we'll get back to you in 4-5 working days", UpdatedAt: modified}
	acs := []followup.Action{
		{ID: 1, Key: "thank-you:jane@acme.example", Kind: followup.KindThankYou, To: []string{"jane@acme.example"},
			Due: time.Date(2026, 11, 20, 17, 0, 0, 0, berlin), State: followup.StateSent, Reason: "same day", UpdatedAt: modified},
		{ID: 2, Key: "check-in:1", Kind: followup.KindCheckIn, To: []string{"jane@acme.example"},
			Due: time.Date(2026, 11, 30, 9, 0, 0, 0, berlin), State: followup.StateCancelled, Reason: "they answered", UpdatedAt: modified},
	}
	entries := Entries([]*followup.Interview{iv}, map[string][]followup.Action{iv.ID: acs})
	var buf bytes.Buffer
	if err := Encode(&buf, entries, map[string]int{ActionUID(iv.ID, "check-in:1"): 3}, modified); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "feed.golden.ics")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("Encode =\n%s\nwant (%s)\n%s", buf.Bytes(), golden, want)
	}
}

func TestHashChangesWithTimesAndCancellation(t *testing.T) {
	e := Entry{Start: time.Unix(1000, 0), End: time.Unix(2000, 0)}
	moved, ended, cancelled := e, e, e
	moved.Start, ended.End, cancelled.Cancelled = time.Unix(1060, 0), time.Unix(2060, 0), true
	retitled := e
	retitled.Summary = "new title"
	for name, other := range map[string]Entry{"moved": moved, "ended later": ended, "cancelled": cancelled} {
		if other.Hash() == e.Hash() {
			t.Errorf("Hash of an entry %s = the old hash, want a new one", name)
		}
	}
	if retitled.Hash() != e.Hash() {
		t.Errorf("Hash of a retitled entry changed, want the same (only times and status bump SEQUENCE)")
	}
}
