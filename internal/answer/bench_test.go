package answer

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/followup-dev/followup/internal/answer/reading"
)

// BenchmarkRead reads the subject and text of every fixture once per
// iteration and reports the time per message: what the reader adds to
// classifying a message.
func BenchmarkRead(b *testing.B) {
	msgs := parsedFixtures(b)
	b.ResetTimer()
	for b.Loop() {
		for _, m := range msgs {
			reading.Read(m.Subject, m.Text, m.Date, nil)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(msgs)), "ns/msg")
}

// BenchmarkExamine parses, detects, reads and matches every fixture against
// eleven interviews, per message.
func BenchmarkExamine(b *testing.B) {
	raws := fixtureBytes(b)
	t := Default()
	b.ResetTimer()
	for b.Loop() {
		for _, raw := range raws {
			t.Examine(ParseMessage(raw), candidates, now, nil)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(raws)), "ns/msg")
}

func fixtureBytes(b *testing.B) [][]byte {
	files, err := filepath.Glob("testdata/*.eml")
	if err != nil || len(files) == 0 {
		b.Fatal("no fixtures", err)
	}
	var out [][]byte
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, raw)
	}
	return out
}

func parsedFixtures(b *testing.B) []Message {
	var out []Message
	for _, raw := range fixtureBytes(b) {
		out = append(out, ParseMessage(raw))
	}
	return out
}

// BenchmarkMayDetect is the screen's question over the header fields of a
// message that concerns no vendor (most of a mailbox: a newsletter signed
// with DKIM), per message.
func BenchmarkMayDetect(b *testing.B) {
	fields := []byte("Message-ID: <20261120.5f3a@mail.news.example>\r\nFrom: \"The Weekly\" <news@news.example>\r\n" +
		"Reply-To: reply@news.example\r\nTo: casey@candidate.test\r\nSubject: This week: ten things\r\n" +
		"Date: Fri, 20 Nov 2026 10:00:00 +0000\r\nReturn-Path: <bounce-123@bounces.news.example>\r\n" +
		"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=news.example; s=s1;\r\n h=from:to:subject; bh=abc=; b=def=\r\n" +
		"List-Id: <weekly.news.example>\r\nList-Unsubscribe: <https://news.example/u>\r\nPrecedence: bulk\r\n" +
		"Content-Type: text/html; charset=utf-8\r\n\r\n")
	t := Default()
	if t.MayDetect(fields) {
		b.Fatal("MayDetect(newsletter) = true, want false")
	}
	for b.Loop() {
		t.MayDetect(fields)
	}
}
