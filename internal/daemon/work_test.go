package daemon

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestConcurrentPassesNotifyOnce: two passes of one account at once (two
// job workers, on one daemon or two) read the same new events; each reply
// is still notified once.
func TestConcurrentPassesNotifyOnce(t *testing.T) {
	h := newHarness(t, t0)
	a, b := h.env(), h.env()
	addInterview(t, a.Store, "Acme", t0.Add(-2*time.Hour))
	const replies = 20
	for i := range replies {
		raw := fmt.Sprintf("From: Jane Roe <jane@acme.example>\r\nTo: max@example.org\r\nSubject: Re: Thank you\r\n"+
			"Message-ID: <r%d@acme.example>\r\nDate: Fri, 20 Nov 2026 17:30:00 +0100\r\n\r\nWe would like to invite you.\r\n", i)
		if err := a.Inbox.HandleIncoming(t.Context(), "INBOX", []byte(raw), false); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for _, e := range []*Services{a, b} {
			wg.Go(func() {
				if err := Do(t.Context(), e, WorkPass, nil); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	n := 0
	for _, s := range h.sender.subjects() {
		if strings.HasPrefix(s, "Reply from") {
			n++
		}
	}
	if n != replies {
		t.Errorf("%d notices about %d replies, want one each", n, replies)
	}
}
