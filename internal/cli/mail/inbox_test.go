package mail_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/cli/clitest"
	"github.com/followup-dev/followup/internal/store"
)

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(classifyDir + name)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestHandleIncomingReply(t *testing.T) {
	e, id := clitest.InboxEnv(t, "")
	if n := len(clitest.Show(t, e, id).Actions); n < 3 {
		t.Fatalf("planned actions = %d, want thank-yous and check-ins", n)
	}
	for range 2 {
		clitest.Deliver(t, e, "INBOX", fixture(t, "reply.eml"), false)
	}
	v := clitest.Show(t, e, id)
	if v.Status != "replied" || len(v.Replies) != 1 || v.Replies[0].Class != "reply" {
		t.Errorf("after a reply delivered twice: status %q, replies %+v; want replied and one reply", v.Status, v.Replies)
	}
	for _, ac := range v.Actions {
		if ac.State != "cancelled" || !strings.HasPrefix(ac.Reason, `reply from jane@acme.example: "Re: Thank you"`) {
			t.Errorf("after a reply: %s to %v = %s %q, want cancelled with the reply as reason", ac.Kind, ac.To, ac.State, ac.Reason)
		}
	}
	st, err := store.Open(t.Context(), e.DBPath())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	events, err := st.EventsSince(t.Context(), time.Time{})
	if err != nil || len(events) != 1 || events[0].Kind != "reply" || events[0].InterviewID != id {
		t.Errorf("events after a reply delivered twice = %+v, %v; want one reply event", events, err)
	}
}

func TestHandleIncomingChangesNothing(t *testing.T) {
	tests := []struct {
		name, config, mailbox string
		raw                   []byte
		isSent                bool
		wantReplies           int
	}{
		{"list mail from an interviewer", "", "INBOX", nil, false, 1},
		{"unrelated mail", "", "INBOX", clitest.Mail("From: news@shop.example", "Message-ID: <n1@shop.example>", "Subject: Sale"), false, 0},
		{"free-mail sender", "", "INBOX", clitest.Mail("From: someone@gmail.com", "Message-ID: <g1@gmail.com>", "Subject: Hi"), false, 0},
		{"company domain, rule off", "[policy]\nmatch_company_domain = false\n", "INBOX",
			clitest.Mail("From: carol@acme.example", "Message-ID: <c1@acme.example>", "Subject: Your application"), false, 0},
		{"company newsletter", "", "INBOX", clitest.Mail("From: news@acme.example", "Message-ID: <nl@acme.example>", "List-Id: <news.acme.example>", "Subject: News"), false, 0},
		{"the user's own copy in the inbox", "", "INBOX",
			clitest.Mail("From: Me <me@candidate.example>", "To: jane@acme.example", "Message-ID: <m1@candidate.example>", "Subject: Re: Next steps"), false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, id := clitest.InboxEnv(t, tt.config)
			raw := tt.raw
			if raw == nil {
				raw = fixture(t, "list.eml")
			}
			before := clitest.Show(t, e, id)
			clitest.Deliver(t, e, tt.mailbox, raw, tt.isSent)
			after := clitest.Show(t, e, id)
			if after.Status != "awaiting" || strings.Join(clitest.States(after), "\n") != strings.Join(clitest.States(before), "\n") {
				t.Errorf("after %s: status %q, actions %v; want awaiting and %v", tt.name, after.Status, clitest.States(after), clitest.States(before))
			}
			if len(after.Replies) != tt.wantReplies {
				t.Errorf("after %s: replies %+v, want %d", tt.name, after.Replies, tt.wantReplies)
			}
		})
	}
}

func TestHandleIncomingCompanyDomain(t *testing.T) {
	e, id := clitest.InboxEnv(t, "")
	clitest.Deliver(t, e, "INBOX", clitest.Mail("From: Carol <carol@acme.example>", "Message-ID: <c1@acme.example>", "Subject: Your application",
		"Date: Mon, 23 Nov 2026 08:00:00 +0000"), false)
	if v := clitest.Show(t, e, id); v.Status != "replied" {
		t.Errorf("after a reply from the company domain: status %q, want replied", v.Status)
	}
}

func TestHandleIncomingSentIsATouch(t *testing.T) {
	e, id := clitest.InboxEnv(t, "")
	sent := clitest.Mail("From: Me <me@candidate.example>", "To: Bob <bob@acme.example>", "Message-ID: <mine.1@candidate.example>",
		"Subject: A question about the role", "Date: Mon, 23 Nov 2026 08:00:00 +0000")
	clitest.Deliver(t, e, "Sent", sent, true)
	clitest.Deliver(t, e, "Sent", sent, true)
	v := clitest.Show(t, e, id)
	if len(v.Drafts) != 1 || v.Drafts[0].Kind != "user" || v.Drafts[0].To != "bob@acme.example" || v.Status != "awaiting" {
		t.Fatalf("after the user's own mail: messages %+v, status %q; want one user message to bob, still awaiting", v.Drafts, v.Status)
	}
	clitest.Deliver(t, e, "INBOX", clitest.Mail("From: Bob's assistant <assistant@elsewhere.example>", "Message-ID: <a1@elsewhere.example>",
		"In-Reply-To: <mine.1@candidate.example>", "Subject: Re: A question about the role", "Date: Mon, 23 Nov 2026 08:30:00 +0000"), false)
	if v := clitest.Show(t, e, id); v.Status != "replied" {
		t.Errorf("after an answer to the user's own mail: status %q, want replied", v.Status)
	}
}

func TestHandleIncomingBounce(t *testing.T) {
	e, id := clitest.InboxEnv(t, "")
	clitest.Deliver(t, e, "INBOX", fixture(t, "bounce.eml"), false)
	v := clitest.Show(t, e, id)
	if !v.Interviewers[0].Undeliverable || v.Interviewers[1].Undeliverable || v.Status != "awaiting" {
		t.Errorf("after a bounce: interviewers %+v, status %q; want jane undeliverable, still awaiting", v.Interviewers, v.Status)
	}
	for _, ac := range v.Actions {
		onlyJane := strings.Join(ac.To, ",") == "jane@acme.example"
		if cancelled := ac.State == "cancelled"; cancelled != onlyJane {
			t.Errorf("after a bounce: %s to %v = %s %q, want cancelled only if addressed to jane alone", ac.Kind, ac.To, ac.State, ac.Reason)
		}
	}
}

func TestHandleIncomingOutOfOffice(t *testing.T) {
	e, id := clitest.InboxEnv(t, "")
	before := clitest.Show(t, e, id)
	for _, ac := range before.Actions {
		if ac.Kind == "check-in" && ac.Due != "2026-11-30T09:00:00+01:00" {
			t.Fatalf("check-in planned for %s, want 2026-11-30T09:00:00+01:00", ac.Due)
		}
	}
	clitest.Deliver(t, e, "INBOX", fixture(t, "ooo.eml"), false)
	after := clitest.Show(t, e, id)
	moved := 0
	for _, ac := range after.Actions {
		if ac.Kind == "check-in" {
			if ac.Due != "2026-12-04T09:00:00+01:00" || ac.State != "pending" {
				t.Errorf("after an out-of-office back 4 Dec: check-in due %s %s, want 2026-12-04T09:00:00+01:00 pending", ac.Due, ac.State)
			}
			moved++
			continue
		}
		if ac.Due != dueOf(before, ac.ID) {
			t.Errorf("after an out-of-office: %s moved from %s to %s, want unchanged", ac.Kind, dueOf(before, ac.ID), ac.Due)
		}
	}
	if moved != 1 || after.Status != "awaiting" || len(after.Replies) != 1 || after.Replies[0].Class != "auto-reply" {
		t.Errorf("after an out-of-office: %d check-ins, status %q, replies %+v; want 1, awaiting, one auto-reply", moved, after.Status, after.Replies)
	}
	// Replanning (any edit, or `followup plan`) keeps the hold.
	e.MustRun("edit", id, "--notes", "replanned")
	for _, ac := range clitest.Show(t, e, id).Actions {
		if ac.Kind == "check-in" && ac.Due != "2026-12-04T09:00:00+01:00" {
			t.Errorf("after replanning: check-in due %s, want still held to 2026-12-04T09:00:00+01:00", ac.Due)
		}
	}
}

func dueOf(v clitest.Shown, id int64) string {
	for _, ac := range v.Actions {
		if ac.ID == id {
			return ac.Due
		}
	}
	return ""
}
