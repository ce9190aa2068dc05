package daemon

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// waitNotice waits until a message with subject want was sent.
func (h *harness) waitNotice(want string) {
	h.t.Helper()
	h.advance(time.Second) // the change poll kicks the loop
	deadline := time.After(waitLimit)
	for !contains(h.sender.subjects(), want) {
		select {
		case <-h.passes:
		case <-deadline:
			h.t.Fatalf("sent %q, want a notice %q", h.sender.subjects(), want)
		}
	}
}

// TestDaemonNoticeOnInvite: an invitation from the interviewer is a notice
// that says what to run, and so is its cancellation; the digest lists it.
func TestDaemonNoticeOnInvite(t *testing.T) {
	h := newHarness(t, t0)
	r := h.start()
	addInterview(t, r.e.Store, "Acme", t0.Add(-2*time.Hour))
	deliver := func(name string) {
		raw, err := os.ReadFile(filepath.Join("..", "inbox", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := r.e.Inbox.HandleIncoming(t.Context(), "INBOX", raw, false); err != nil {
			t.Fatal(err)
		}
	}
	deliver("google-invite.eml")
	h.waitNotice("Invitation from Acme: Second round: Backend Engineer - Acme")
	d, err := r.e.Digest.Digest(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Invites) != 1 || d.Invites[0].Ref != "1" || d.Invites[0].Detail != "" {
		t.Errorf("Digest().Invites = %+v, want invitation 1 waiting", d.Invites)
	}
	deliver("google-cancel.eml")
	h.waitNotice("Cancelled: Second round: Backend Engineer - Acme")
	d, err = r.e.Digest.Digest(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Invites) != 1 || !strings.HasPrefix(d.Invites[0].Detail, "cancelled") {
		t.Errorf("Digest().Invites = %+v, want invitation 1 cancelled", d.Invites)
	}
	h.advance(time.Minute)
	if n := count(h.sender.subjects(), "Invitation from Acme: Second round: Backend Engineer - Acme"); n != 1 {
		t.Errorf("notices about one invitation = %d, want 1", n)
	}
}
