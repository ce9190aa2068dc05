package classify

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// headerOf is the header block of raw, as a header FETCH returns it.
func headerOf(raw []byte) []byte {
	raw = bytes.TrimLeft(raw, "\r\n")
	for _, sep := range [][]byte{[]byte("\r\n\r\n"), []byte("\n\n")} {
		if i := bytes.Index(raw, sep); i >= 0 {
			return raw[:i+len(sep)]
		}
	}
	return raw
}

// Every fixture Classify calls a bounce is one Screen flags from its header
// alone, and Screen reads the header fields as Classify does.
func TestScreenKeepsEveryBounceFixture(t *testing.T) {
	paths, err := filepath.Glob("testdata/*.eml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	bounces := 0
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		full, s := Classify(raw), Screen(headerOf(raw))
		if full.Class == Bounce {
			bounces++
			if !s.MayBeBounce {
				t.Errorf("%s: a bounce (%s) that Screen does not flag", filepath.Base(p), full.Reason)
			}
		}
		m, want := s.Message, full.Message
		if m.MessageID != want.MessageID || !slices.Equal(m.InReplyTo, want.InReplyTo) || !slices.Equal(m.References, want.References) {
			t.Errorf("%s: Screen reads ids %q %q %q, Classify %q %q %q", filepath.Base(p),
				m.MessageID, m.InReplyTo, m.References, want.MessageID, want.InReplyTo, want.References)
		}
		for _, f := range []struct {
			name      string
			got, want []string
		}{{"From", m.From, want.From}, {"Sender", m.Sender, want.Sender}, {"Reply-To", m.ReplyTo, want.ReplyTo}, {"To", m.To, want.To}} {
			for _, a := range f.want {
				if strings.Contains(a, "@") && !slices.Contains(f.got, a) {
					t.Errorf("%s: %s address %q that Classify reads is not among Screen's %q", filepath.Base(p), f.name, a, f.got)
				}
			}
		}
	}
	if bounces < 10 {
		t.Errorf("only %d bounce fixtures: the test proves little", bounces)
	}
}

func TestScreenPersonalMailIsNotABounce(t *testing.T) {
	raw := []byte("From: Jane Doe <jane@acme.example>\r\nTo: me@example.org\r\nSubject: Re: our chat\r\nMessage-ID: <a@acme.example>\r\n\r\n")
	if s := Screen(raw); s.MayBeBounce || s.Message.MessageID != "a@acme.example" || !slices.Equal(s.Message.From, []string{"jane@acme.example"}) {
		t.Errorf("Screen = %+v, want a personal message from jane@acme.example", s)
	}
	if !Screen([]byte("")).MayBeBounce {
		t.Error("Screen(no header) says not a bounce; want flagged, nothing can be told")
	}
}

var benchHeader = []byte("Return-Path: <news@list7.example>\r\nFrom: Weekly News <news@list7.example>\r\nTo: me@candidate.test\r\n" +
	"Subject: This week's digest #123\r\nMessage-ID: <m.123@list7.example>\r\nContent-Type: text/plain; charset=utf-8\r\n" +
	"DKIM-Signature: v=1; a=rsa-sha256; d=list7.example; s=s1; h=from:to:subject; bh=abc; b=def\r\n\r\n")

func BenchmarkScreen(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Screen(benchHeader)
	}
}

// BenchmarkScreener is Screen as a catch-up runs it: one message after
// another through one Screener.
func BenchmarkScreener(b *testing.B) {
	b.ReportAllocs()
	var sc Screener
	for b.Loop() {
		sc.Screen(benchHeader)
	}
}

// A quoted local part is an address Screen cannot read: it says so. Many
// recipients written twice each are all read (found in review).
func TestScreenQuotedLocalPartAndLongLists(t *testing.T) {
	s := Screen([]byte("From: me@example.org\r\nTo: \"jane.doe\"@gmail.com\r\n\r\n"))
	if !s.Unsure {
		t.Errorf("Screen(quoted local part) = %+v, want Unsure", s)
	}
	var to []string
	for i := range 120 {
		to = append(to, fmt.Sprintf("\"p%d@x.example\" <p%d@x.example>", i, i))
	}
	s = Screen([]byte("From: me@example.org\r\nTo: " + strings.Join(to, ", ") + "\r\n\r\n"))
	want := Classify([]byte("From: me@example.org\r\nTo: " + strings.Join(to, ", ") + "\r\n\r\nhi\r\n")).Message.To
	for _, a := range want {
		if !slices.Contains(s.Message.To, a) {
			t.Fatalf("To %q that Classify reads is not among Screen's %d", a, len(s.Message.To))
		}
	}
	if len(want) < 100 || s.Unsure {
		t.Errorf("Classify read %d recipients, Screen unsure %v; want 100 and sure", len(want), s.Unsure)
	}
}
