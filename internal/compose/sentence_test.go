package compose

import "testing"

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
