package store

import (
	"errors"
	"testing"
	"time"
)

// TestEnqueueDigestOncePerSlot: two digests built for one slot (the cron
// job and the housekeeping run at the same moment) enqueue one.
func TestEnqueueDigestOncePerSlot(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	slot := now.Add(-time.Hour)
	for i, mid := range []string{"d1@me.example", "d2@me.example"} {
		it := OutboxItem{MessageID: mid, Recipient: "ana@me.example", Raw: rawMessage(mid)}
		_, err := s.EnqueueDigest(ctx, it, slot, now)
		if want := i > 0; errors.Is(err, ErrDigestEnqueued) != want || (!want && err != nil) {
			t.Errorf("EnqueueDigest(%s) #%d for one slot = %v, want ErrDigestEnqueued %v", mid, i+1, err, want)
		}
	}
	if ids, err := s.DueUserMail(ctx, now); err != nil || len(ids) != 1 {
		t.Errorf("DueUserMail() = %v, %v; want one digest", ids, err)
	}
	it := OutboxItem{MessageID: "d3@me.example", Recipient: "ana@me.example", Raw: rawMessage("d3@me.example")}
	if _, err := s.EnqueueDigest(ctx, it, now, now); err != nil {
		t.Errorf("EnqueueDigest(next slot) = %v", err)
	}
}
