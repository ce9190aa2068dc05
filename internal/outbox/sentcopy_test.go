package outbox

import (
	"context"
	"errors"
	"testing"
	"time"
)

// failingAppend is a Mailbox whose APPEND to Sent fails, as when the
// process dies between recording a message sent and filing its copy, or
// the IMAP server drops the connection then.
type failingAppend struct{ Mailbox }

func (failingAppend) AppendSent(context.Context, []byte) error { return errors.New("connection reset") }

// TestSentCopyIsFiledLater: a sent message whose Sent copy could not be
// filed keeps a pending mark in the store; a later pass files it exactly
// once, and not at all when the copy turns out to be in Sent already.
func TestSentCopyIsFiledLater(t *testing.T) {
	for _, alreadyThere := range []bool{false, true} {
		name := map[bool]string{false: "filed by the next pass", true: "found in Sent"}[alreadyThere]
		t.Run(name, func(t *testing.T) {
			f := newSendFixture(t, true, nil)
			f.onlyJane()
			srv := f.withIMAP()
			dial := f.e.DialIMAP
			f.e.DialIMAP = func(ctx context.Context) (Mailbox, error) {
				mb, err := dial(ctx)
				return failingAppend{mb}, err
			}
			if rep := f.pass(); rep.Sent != 1 {
				t.Fatalf("ProcessOnce() = %+v, want 1 sent", rep)
			}
			if n := len(srv.Flags("Sent")); n != 0 {
				t.Fatalf("Sent holds %d messages after a failed APPEND, want 0", n)
			}
			if pending, err := f.e.Store.SentCopiesPending(t.Context()); err != nil || len(pending) != 1 {
				t.Fatalf("SentCopiesPending = %d rows, %v; want 1", len(pending), err)
			}
			if alreadyThere {
				srv.Deliver("Sent", f.srv.Messages()[0], time.Now())
			}
			f.e.DialIMAP = dial
			for range 2 {
				f.now = f.now.Add(time.Minute)
				f.pass()
			}
			if n := len(srv.Flags("Sent")); n != 1 {
				t.Errorf("Sent holds %d copies after later passes, want 1", n)
			}
			if pending, err := f.e.Store.SentCopiesPending(t.Context()); err != nil || len(pending) != 0 {
				t.Errorf("SentCopiesPending after filing = %d rows, %v; want none", len(pending), err)
			}
		})
	}
}
