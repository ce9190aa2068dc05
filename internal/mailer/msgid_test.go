package mailer

import (
	"strings"
	"testing"
)

func TestNewMessageID(t *testing.T) {
	tests := []struct{ sender, wantDomain string }{
		{"ana@me.example", "me.example"},
		{"Ana@Mail.ME.example", "mail.me.example"},
		{"no-domain", fallbackDomain},
		{"ana@bad..domain", fallbackDomain},
		{"ana@exämple.de", fallbackDomain},
	}
	for _, tt := range tests {
		id := NewMessageID(tt.sender)
		left, domain, _ := strings.Cut(id, "@")
		if domain != tt.wantDomain || len(left) != 32 {
			t.Errorf("NewMessageID(%q) = %q, want 32 random characters @%s", tt.sender, id, tt.wantDomain)
		}
		if err := ValidMessageID(id); err != nil {
			t.Errorf("ValidMessageID(NewMessageID(%q)) = %v, want nil", tt.sender, err)
		}
	}
	if a, b := NewMessageID("a@b.example"), NewMessageID("a@b.example"); a == b {
		t.Errorf("NewMessageID twice = %q, %q; want different ids", a, b)
	}
}

func TestValidMessageID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"abc@example.com", true},
		{"a.b+c=d@mail.example.com", true},
		{"CAF=x_y-z@mail.gmail.com", true},
		{"1234@[127.0.0.1]", true},
		{"", false},
		{"<abc@example.com>", false},
		{"abc", false},
		{"abc@", false},
		{"@example.com", false},
		{"a b@example.com", false},
		{"a@b@c", false},
		{"a..b@example.com", false},
		{".a@example.com", false},
		{"a@example.com\r\nBcc: x", false},
		{"a\x00@example.com", false},
		{"é@example.com", false},
		{"a@[x[y]", false},
		{strings.Repeat("a", 250) + "@b", false},
	}
	for _, tt := range tests {
		if got := ValidMessageID(tt.id) == nil; got != tt.want {
			t.Errorf("ValidMessageID(%q) ok = %v, want %v", tt.id, got, tt.want)
		}
	}
}
