package ics

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzParseInvite feeds the invitation reader arbitrary bytes, seeded with
// the fixtures: it must return a proposal or an *Error of one line, never
// panic, and a proposal's times must be usable.
func FuzzParseInvite(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.ics"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nATTENDEE;CN=\"x\"y:mailto:a@b\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
	f.Add([]byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nATTENDEE;CN=x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseInvite(data, Options{Me: me, Local: time.UTC})
		if err != nil {
			var ie *Error
			if !errors.As(err, &ie) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("ParseInvite = %q, want an *Error of one line", err)
			}
			return
		}
		if p.Start.IsZero() || p.Duration < 0 {
			t.Fatalf("ParseInvite = start %v duration %v, want a start and a length", p.Start, p.Duration)
		}
	})
}
