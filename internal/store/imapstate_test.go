package store

import (
	"testing"
	"time"
)

func TestIMAPState(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	if uv, last, ok, err := s.IMAPState(ctx, "INBOX"); err != nil || ok || uv != 0 || last != 0 {
		t.Fatalf("IMAPState(INBOX) on empty store = %d, %d, %v, %v, want 0, 0, false, nil", uv, last, ok, err)
	}
	steps := []struct {
		mailbox     string
		uidValidity uint32
		lastUID     uint32
		result      string
	}{
		{"INBOX", 7, 10, "ok"},
		{"INBOX", 7, 12, "ok"},
		{"Sent", 3, 4_000_000_000, "ok"}, // beyond int32
		{"INBOX", 9, 1, "uidvalidity changed"},
	}
	for i, st := range steps {
		at := now.Add(time.Duration(i) * time.Minute)
		if err := s.SetIMAPState(ctx, st.mailbox, st.uidValidity, st.lastUID, at, st.result); err != nil {
			t.Fatalf("SetIMAPState(%v) = %v", st, err)
		}
		uv, last, ok, err := s.IMAPState(ctx, st.mailbox)
		if err != nil || !ok || uv != st.uidValidity || last != st.lastUID {
			t.Errorf("IMAPState(%s) after step %d = %d, %d, %v, %v, want %d, %d, true, nil", st.mailbox, i, uv, last, ok, err, st.uidValidity, st.lastUID)
		}
	}
	all, err := s.IMAPStates(ctx)
	if err != nil || len(all) != 2 {
		t.Fatalf("IMAPStates() = %v, %v, want 2 rows", all, err)
	}
	want := MailboxState{Mailbox: "INBOX", UIDValidity: 9, LastUID: 1, Synced: now.Add(3 * time.Minute), Result: "uidvalidity changed"}
	if all[0] != want {
		t.Errorf("IMAPStates()[0] = %+v, want %+v", all[0], want)
	}
}
