package inbox

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/imapwatch"
)

func TestMeterRateAndTimeLeft(t *testing.T) {
	clk := clock.NewFake(testNow)
	m := &Meter{Clock: clk}
	m.Read(imapwatch.Progress{Mailbox: "INBOX", Done: 1000, Total: 10000, Read: 1000})
	clk.Set(testNow.Add(2 * time.Second))
	r := m.Read(imapwatch.Progress{Mailbox: "INBOX", Done: 3000, Total: 10000, Read: 2000})
	if r.Rate != 1000 || r.Left != 7*time.Second {
		t.Errorf("reading = %.1f/s, %v left; want 1000/s, 7s left", r.Rate, r.Left)
	}
	if got, want := r.String(), "INBOX: 3000/10000, 1000/s, 0:07 left"; got != want {
		t.Errorf("line = %q, want %q", got, want)
	}
	clk.Set(testNow.Add(3 * time.Second))
	if got, want := m.Read(imapwatch.Progress{Mailbox: "INBOX", Done: 10000, Total: 10000, Read: 7000}).String(), "INBOX: 10000/10000"; got != want {
		t.Errorf("last line = %q, want %q", got, want)
	}
}

// The daemon logs a long catch-up every few seconds and its end; a short
// one not at all.
func TestLogProgressOnlyForLongCatchUps(t *testing.T) {
	clk := clock.NewFake(testNow)
	var buf bytes.Buffer
	in := &Inbox{Clock: clk, Log: slog.New(slog.NewTextHandler(&buf, nil))}
	report := in.logProgress(5 * time.Second)
	report(imapwatch.Progress{Mailbox: "Sent", Done: 3, Total: 3, Read: 3})
	for i, at := range []time.Duration{0, 2 * time.Second, 6 * time.Second, 8 * time.Second, 12 * time.Second} {
		clk.Set(testNow.Add(at))
		report(imapwatch.Progress{Mailbox: "INBOX", Done: (i + 1) * 1000, Total: 5000, Read: 1000})
	}
	out := buf.String()
	if n := strings.Count(out, `msg="catching up"`); n != 1 || !strings.Contains(out, "done=3000") {
		t.Errorf("log = %q, want one \"catching up\" at 3000 of 5000 (6 s in)", out)
	}
	if !strings.Contains(out, `msg="catch-up done" mailbox=INBOX messages=5000`) || strings.Contains(out, "mailbox=Sent") {
		t.Errorf("log = %q, want INBOX's end and nothing of the short Sent catch-up", out)
	}
}
