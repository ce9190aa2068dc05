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

// FuzzDecodeCJK checks that the Japanese, Chinese and Korean decoders
// never panic and always return valid UTF-8, whatever the bytes.
func FuzzDecodeCJK(f *testing.F) {
	f.Add([]byte("\x1b$B<+F01~Ez\x1b(B: Re: x"), "iso-2022-jp")
	f.Add([]byte("\x8e\xa9\x93\xae\x95\xd4\x90\x4d\xb1: x"), "shift_jis")
	f.Add([]byte("\xbc\xab\xc6\xb0\x8e\xb1\x8f\xa1\xa1"), "euc-jp")
	f.Add([]byte("\xd7\xd4\x81\x30"), "gb18030")
	f.Fuzz(func(t *testing.T, raw []byte, charset string) {
		if got := decodeCharset(raw, charset); !utf8.ValidString(got) {
			t.Fatalf("decodeCharset(%q, %q) = %q, want valid UTF-8", raw, charset, got)
		}
	})
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
