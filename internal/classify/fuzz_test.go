package classify

import (
	"sort"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzClassify checks that no input panics and that the invariants of a
// Result hold. It is seeded with every fixture.
func FuzzClassify(f *testing.F) {
	for _, raw := range readFixtures(f) {
		f.Add(raw)
	}
	f.Add([]byte(""))
	f.Add([]byte("From: a@b.example\nSubject: =?utf-8?q?x?=\n\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		r := Classify(raw)
		switch r.Class {
		case Reply, AutoReply, Bounce, Bulk:
		default:
			t.Fatalf("Classify(%q).Class = %q, want one of the four classes", raw, r.Class)
		}
		if r.Reason == "" {
			t.Errorf("Classify(%q).Reason is empty", raw)
		}
		if !r.ReturnDate.IsZero() && (r.Class != AutoReply || r.ReturnDate.Location() != time.UTC) {
			t.Errorf("Classify(%q).ReturnDate = %v for class %q, want zero or a UTC date on an auto-reply", raw, r.ReturnDate, r.Class)
		}
		if r.FailedRecipient != "" && r.Class != Bounce {
			t.Errorf("Classify(%q).FailedRecipient = %q for class %q, want only on bounces", raw, r.FailedRecipient, r.Class)
		}
		if len(r.Message.References) > 2*MaxReferences || len(r.Message.InReplyTo) > MaxReferences {
			t.Errorf("Classify(%q) kept %d References, %d In-Reply-To, want at most %d and %d",
				raw, len(r.Message.References), len(r.Message.InReplyTo), 2*MaxReferences, MaxReferences)
		}
		if !utf8.ValidString(r.Message.Subject) {
			t.Errorf("Classify(%q).Message.Subject = %q, want valid UTF-8", raw, r.Message.Subject)
		}
		if r.Class == Reply && len(r.Message.From) == 0 {
			t.Errorf("Classify(%q) = reply without a From address", raw)
		}
	})
}

// BenchmarkClassify classifies every fixture once per iteration.
func BenchmarkClassify(b *testing.B) {
	files := readFixtures(b)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	b.ReportAllocs()
	for b.Loop() {
		for _, n := range names {
			Classify(files[n])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(names)), "ns/msg")
}

// BenchmarkClassifyHostile measures the inputs that must stay bounded.
func BenchmarkClassifyHostile(b *testing.B) {
	inputs := []struct {
		name string
		raw  []byte
	}{
		{"references-50000", manyReferences(50000)},
		{"header-2MB", hugeHeader(2 << 20)},
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.raw)))
			b.ReportAllocs()
			for b.Loop() {
				Classify(in.raw)
			}
		})
	}
}

// FuzzQuotedRecipient checks the failed-recipient search in bounce text:
// it never panics and never returns one of "our" addresses.
func FuzzQuotedRecipient(f *testing.F) {
	f.Add("to: dana@closed.example\nfrom: alex@candidate.example\n", "alex@candidate.example")
	f.Add("> x-failed-recipients: a@b.example, c@d.example\n", "a@b.example")
	f.Fuzz(func(t *testing.T, text, ours string) {
		got := quotedRecipient(text, []string{ours})
		if got != "" && got == ours {
			t.Fatalf("quotedRecipient(%q, %q) = our own address", text, ours)
		}
	})
}
