package classify

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// manyReferences builds a threaded reply whose References field holds n
// msg-ids, folded one per line (about 45 bytes each: 2.2 MB for 50,000).
func manyReferences(n int) []byte {
	var b bytes.Buffer
	b.WriteString("From: Jane Doe <jane.doe@company.example>\r\n")
	b.WriteString("Subject: Re: Thank you\r\n")
	b.WriteString("In-Reply-To: <ref-last@candidate.example>\r\n")
	b.WriteString("References:")
	for i := range n {
		fmt.Fprintf(&b, " <ref-%06d.abcdef@candidate.example>\r\n", i)
	}
	b.WriteString("Message-ID: <huge-refs@company.example>\r\n\r\nThanks!\r\n")
	return b.Bytes()
}

// hugeHeader builds a message whose header block is about size bytes of
// Received fields, with the From and Subject of a human reply.
func hugeHeader(size int) []byte {
	var b bytes.Buffer
	b.WriteString("From: Jane Doe <jane.doe@company.example>\r\nSubject: Re: Thank you\r\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "Received: from relay%d.example (relay%d.example [192.0.2.1]) by mx.example; Tue, 1 Dec 2026 10:00:00 +0000\r\n", i, i)
	}
	b.WriteString("\r\nhello\r\n")
	return b.Bytes()
}

func TestClassifyManyReferences(t *testing.T) {
	raw := manyReferences(50000)
	r := Classify(raw)
	refs := r.Message.References
	if len(refs) != 2*MaxReferences {
		t.Fatalf("Classify(50,000 References): kept %d references, want %d", len(refs), 2*MaxReferences)
	}
	checks := []struct {
		i    int
		want string
	}{
		{0, "ref-000000.abcdef@candidate.example"},
		{MaxReferences - 1, "ref-000099.abcdef@candidate.example"},
		{MaxReferences, "ref-049900.abcdef@candidate.example"},
		{2*MaxReferences - 1, "ref-049999.abcdef@candidate.example"},
	}
	for _, c := range checks {
		if refs[c.i] != c.want {
			t.Errorf("Classify(50,000 References).References[%d] = %q, want %q", c.i, refs[c.i], c.want)
		}
	}
	if r.Message.MessageID != "huge-refs@company.example" {
		t.Errorf("Classify(50,000 References).MessageID = %q, want %q", r.Message.MessageID, "huge-refs@company.example")
	}
	if r.Class != Bulk || r.Reason != "oversized header" {
		t.Errorf("Classify(50,000 References) = %q (%s), want %q (oversized header)", r.Class, r.Reason, Bulk)
	}
}

func TestClassifyHugeHeader(t *testing.T) {
	r := Classify(hugeHeader(2 << 20))
	if r.Class != Bulk || r.Reason != "oversized header" {
		t.Errorf("Classify(2 MB header) = %q (%s), want %q (oversized header)", r.Class, r.Reason, Bulk)
	}
	if len(r.Message.From) != 1 || r.Message.From[0] != "jane.doe@company.example" {
		t.Errorf("Classify(2 MB header).From = %v, want [jane.doe@company.example]", r.Message.From)
	}
}

func TestClassifyHeaderBeyondLimitIsCut(t *testing.T) {
	raw := hugeHeader(MaxHeaderBytes + 1<<20)
	raw = append(raw[:len(raw)-len("\r\nhello\r\n")], "List-Id: <late.example>\r\n\r\nhello\r\n"...)
	r := Classify(raw)
	if r.Class != Bulk || r.Reason != "oversized header" {
		t.Errorf("Classify(header over MaxHeaderBytes) = %q (%s), want %q (oversized header)", r.Class, r.Reason, Bulk)
	}
}

func TestClassifyHostileShapes(t *testing.T) {
	tests := []struct {
		name string
		raw  []byte
		want Class
	}{
		{"one long line without newline", bytes.Repeat([]byte("a"), 3<<20), Bulk},
		{"a million colons", append([]byte("From: a@b.example\nX:"), bytes.Repeat([]byte(":"), 1<<20)...), Bulk},
		{"deeply nested multiparts", nestedMultipart(200), Reply},
		{"thousands of parts", manyParts(5000), Reply},
		{"NUL bytes in header", []byte("From: a@b.example\x00\nSubject: Re:\x00 x\n\nhi\n"), Reply},
		{"unterminated encoded word", []byte("From: a@b.example\nSubject: =?utf-8?B?QUJD\n\nhi\n"), Reply},
	}
	for _, tt := range tests {
		if got := Classify(tt.raw); got.Class != tt.want {
			t.Errorf("Classify(%s) = %q (%s), want %q", tt.name, got.Class, got.Reason, tt.want)
		}
	}
}

// nestedMultipart nests depth multipart/mixed entities inside each other.
func nestedMultipart(depth int) []byte {
	var b strings.Builder
	b.WriteString("From: a@b.example\nSubject: Re: x\nContent-Type: multipart/mixed; boundary=b0\n\n")
	for i := range depth {
		fmt.Fprintf(&b, "--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n", i, i+1)
	}
	b.WriteString("--b200\nContent-Type: text/plain\n\nhi\n")
	return []byte(b.String())
}

// manyParts builds a multipart with n tiny parts.
func manyParts(n int) []byte {
	var b strings.Builder
	b.WriteString("From: a@b.example\nSubject: Re: x\nContent-Type: multipart/mixed; boundary=p\n\n")
	for range n {
		b.WriteString("--p\nContent-Type: application/octet-stream\n\nxx\n")
	}
	b.WriteString("--p--\n")
	return []byte(b.String())
}
