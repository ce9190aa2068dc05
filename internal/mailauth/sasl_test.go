package mailauth

import (
	"errors"
	"testing"
)

func TestChooseMechanism(t *testing.T) {
	tests := []struct {
		offered []string
		want    string
		err     error
	}{
		{[]string{"PLAIN", "XOAUTH2"}, XOAuth2, nil},
		{[]string{"xoauth2", "oauthbearer"}, OAuthBearer, nil},
		{[]string{"OAUTHBEARER"}, OAuthBearer, nil},
		{[]string{"PLAIN", "LOGIN"}, "", ErrNoTokenMechanism},
		{nil, "", ErrNoTokenMechanism},
	}
	for _, tt := range tests {
		got, err := ChooseMechanism(tt.offered)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("ChooseMechanism(%q) = %q, %v; want %q, %v", tt.offered, got, err, tt.want, tt.err)
		}
	}
}

func TestTokenClients(t *testing.T) {
	tests := []struct {
		mech, wantIR string
		wantAnswer   []byte
	}{
		{XOAuth2, "user=jo@example.test\x01auth=Bearer tok\x01\x01", []byte{}},
		{OAuthBearer, "n,a=jo@example.test,\x01host=imap.example.test\x01port=993\x01auth=Bearer tok\x01\x01", []byte{1}},
	}
	for _, tt := range tests {
		c, err := NewTokenClient(tt.mech, "jo@example.test", "tok", Server{Host: "imap.example.test", Port: 993})
		if err != nil {
			t.Fatal(err)
		}
		mech, ir, err := c.Start()
		if mech != tt.mech || string(ir) != tt.wantIR || err != nil {
			t.Errorf("%s Start() = %q, %q, %v; want %q", tt.mech, mech, ir, err, tt.wantIR)
		}
		// The server's error challenge is answered once, as the mechanism requires.
		ans, err := c.Next([]byte(`{"status":"invalid_token"}`))
		if string(ans) != string(tt.wantAnswer) || err != nil {
			t.Errorf("%s Next(error) = %q, %v; want %q", tt.mech, ans, err, tt.wantAnswer)
		}
		if _, err := c.Next([]byte("again")); err == nil {
			t.Errorf("%s second challenge accepted, want an error", tt.mech)
		}
	}
	if _, err := NewTokenClient("PLAIN", "u", "t", Server{}); err == nil {
		t.Error("NewTokenClient(PLAIN) = nil error, want one")
	}
}

func TestForIMAPNeverAnswersEmpty(t *testing.T) {
	c, _ := NewTokenClient(XOAuth2, "u", "t", Server{})
	ans, err := ForIMAP(c).Next([]byte(`{"status":"401"}`))
	if string(ans) != "\x01" || err != nil {
		t.Errorf("ForIMAP(XOAUTH2).Next(error) = %q, %v; want %q", ans, err, "\x01")
	}
}

// FuzzServerChallenge: any challenge is answered once, never with a panic.
func FuzzServerChallenge(f *testing.F) {
	f.Add([]byte(`{"status":"invalid_token","scope":"x"}`))
	f.Add([]byte(`not json`))
	f.Fuzz(func(t *testing.T, challenge []byte) {
		for _, mech := range []string{XOAuth2, OAuthBearer} {
			c, _ := NewTokenClient(mech, "u", "t", Server{})
			if _, err := c.Next(challenge); err != nil {
				t.Errorf("%s Next(%q) = %v, want an answer", mech, challenge, err)
			}
		}
	})
}
