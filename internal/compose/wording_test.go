package compose

import (
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/nextstep"
)

func TestSentence(t *testing.T) {
	tests := []struct{ in, want string }{
		{"it picks up our talk about on-call", "It picks up our talk about on-call."},
		{"  it is short.  ", "It is short."},
		{"does it scale?", "Does it scale?"},
		{"über alles", "Über alles."},
		{"see you soon :)", "See you soon :)"},
		{"version 2", "Version 2."},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Sentence(tt.in); got != tt.want {
			t.Errorf("Sentence(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPromisedWhen(t *testing.T) {
	ref := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC) // Friday
	tests := []struct{ said, want string }{
		{"the committee will meet next week", "next week"},
		{"we'll decide this week", "this week"},
		{"early January", "in early January"},
		{"mid-December", "in mid-December"},
		{"late January", "in late January"},
		{"by the end of the month", "by the end of November"},
		{"in 4-5 working days", "by Friday, November 27"},
		{"on Monday", "by Monday, November 23"},
	}
	for _, tt := range tests {
		r := nextstep.Parse(tt.said, ref, nil)
		if got := PromisedWhen(r); got != tt.want {
			t.Errorf("PromisedWhen(Parse(%q)) = %q (rule %s), want %q", tt.said, got, r.Rule, tt.want)
		}
	}
}
