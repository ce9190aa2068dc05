package followup

import (
	"strings"
	"testing"
)

func TestFieldErrorIsOneShortLine(t *testing.T) {
	tests := []struct {
		name string
		err  error
	}{
		{"1 MB of notes", CheckText("notes", strings.Repeat("a", 1<<20))},
		{"1 MB of invalid UTF-8", CheckText("notes", strings.Repeat("\xff", 1<<20))},
		{"long company with NUL", CheckHeaderText("company", strings.Repeat("é", 1000)+"\x00")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil {
				t.Fatal("err = nil, want a *FieldError")
			}
			msg := tt.err.Error()
			if len(msg) > 300 || strings.ContainsAny(msg, "\r\n") {
				t.Errorf("Error() = %d bytes %q, want one line under 300 bytes", len(msg), msg[:min(len(msg), 300)])
			}
		})
	}
}
