package inbox

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/followup/reply"
)

// TestATSAnswers: a rejection through an applicant-tracking system (no
// interviewer's address on it) stops the interview's follow-ups like a
// person's reply and is recorded with what it says; a status notice from
// the same system changes nothing.
func TestATSAnswers(t *testing.T) {
	read := func(name string) []byte {
		raw, err := os.ReadFile(filepath.Join("..", "answer", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	t.Run("notice", func(t *testing.T) {
		e, id := newTestEnv(t)
		if err := e.HandleIncoming(t.Context(), "INBOX", read("ats-greenhouse-notice.eml"), false); err != nil {
			t.Fatal(err)
		}
		if ac := actionByKey(t, e, id, "check-in:1"); ac.State != followup.StatePending {
			t.Errorf("check-in after an ATS status notice = %s, want pending", ac.State)
		}
	})
	t.Run("rejection", func(t *testing.T) {
		e, id := newTestEnv(t)
		raw := read("ats-greenhouse-rejection.eml")
		for range 2 { // seen twice: recorded once
			if err := e.HandleIncoming(t.Context(), "INBOX", raw, false); err != nil {
				t.Fatal(err)
			}
		}
		if ac := actionByKey(t, e, id, "check-in:1"); ac.State != followup.StateCancelled {
			t.Errorf("check-in after an ATS rejection = %s, want cancelled", ac.State)
		}
		rs, err := e.Store.Replies(t.Context(), id)
		if err != nil || len(rs) != 1 || rs[0].Label != "rejection" || rs[0].Via != "Greenhouse" || rs[0].LabelPhrase == "" {
			t.Errorf("replies = %+v, %v; want one, a rejection through Greenhouse with its phrase", rs, err)
		}
	})
	t.Run("person", func(t *testing.T) {
		e, id := newTestEnv(t)
		raw := []byte("From: Jane Roe <jane@acme.example>\r\nTo: max@example.org\r\nSubject: Re: Thank you\r\n" +
			"Date: Fri, 20 Nov 2026 15:30:00 +0000\r\nMessage-ID: <j1@acme.example>\r\n\r\n" +
			"Hi Max, thanks again. We would like to invite you to the final round; are you free on Tuesday?\r\n")
		if err := e.HandleIncoming(t.Context(), "INBOX", raw, false); err != nil {
			t.Fatal(err)
		}
		rs, _ := e.Store.Replies(t.Context(), id)
		if len(rs) != 1 || rs[0].Label != "next-round" || rs[0].Via != "" {
			t.Errorf("replies = %+v, want one person's reply read as next-round", rs)
		}
	})
}

// TestATSFromConfig: an applicant-tracking system added with [[ats]] in
// the config is read like the built-in ones.
func TestATSFromConfig(t *testing.T) {
	e, id := newTestEnv(t)
	e.Config.ATS = []config.ATSVendor{{Name: "Hirely", Domains: []string{"hirely.example"}}}
	raw := []byte("From: Acme Talent <noreply@mail.hirely.example>\r\nTo: max@example.org\r\nSubject: Your application to Acme\r\n" +
		"Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <h1@hirely.example>\r\n\r\n" +
		"Dear Max,\r\n\r\nThank you for interviewing with Acme. Unfortunately we have decided not to move forward with your application.\r\n")
	if err := e.HandleIncoming(t.Context(), "INBOX", raw, false); err != nil {
		t.Fatal(err)
	}
	if ac := actionByKey(t, e, id, "check-in:1"); ac.State != followup.StateCancelled {
		t.Errorf("check-in after a rejection through a configured ATS = %s, want cancelled", ac.State)
	}
}

// TestATSAmbiguousGoesToTheUser: an ATS rejection that could be about
// either of two open interviews at the company changes neither; it is
// recorded once, for the user to decide.
func TestATSAmbiguousGoesToTheUser(t *testing.T) {
	e, id := newTestEnv(t)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	other := &followup.Interview{Company: "Acme", Role: "Data Engineer", Start: time.Date(2026, 11, 19, 10, 0, 0, 0, berlin), Duration: time.Hour,
		Interviewers: []followup.Person{{Name: "Ann Lee", Email: "ann@acme.example", Role: followup.RoleInterviewer}}}
	otherID, err := e.Planner.Add(t.Context(), other)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join("..", "answer", "testdata", "ats-greenhouse-rejection.eml")) // names neither role
	if err != nil {
		t.Fatal(err)
	}
	if err := e.HandleIncoming(t.Context(), "INBOX", raw, false); err != nil {
		t.Fatal(err)
	}
	for _, iv := range []string{id, otherID} {
		for _, ac := range mustActions(t, e, iv) {
			if ac.State == followup.StateCancelled {
				t.Errorf("%s %s cancelled by an ambiguous ATS message, want left alone", iv, ac.Key)
			}
		}
	}
	rs, _ := e.Store.Replies(t.Context(), id)
	rs2, _ := e.Store.Replies(t.Context(), otherID)
	if all := append(rs, rs2...); len(all) != 1 || all[0].Via != "Greenhouse" {
		t.Errorf("replies = %+v, want the message recorded once, through Greenhouse, for the user", all)
	}
}

func mustActions(t *testing.T, e *Inbox, id string) []followup.Action {
	t.Helper()
	acs, err := e.Store.Actions(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return acs
}

// TestOnHoldIsANewPromise: "we have paused the process and will be back
// in touch in three weeks" is not an end: the follow-ups are planned again
// after the date it names instead of stopped.
func TestOnHoldIsANewPromise(t *testing.T) {
	e, id := newTestEnv(t)
	before := actionByKey(t, e, id, "check-in:1")
	raw := []byte("From: Jane Roe <jane@acme.example>\r\nTo: max@example.org\r\nSubject: Re: Thank you\r\n" +
		"Date: Fri, 20 Nov 2026 15:50:00 +0000\r\nMessage-ID: <hold1@acme.example>\r\n\r\n" +
		"Hi Max,\r\n\r\nThanks for your note. We have put the hiring for this role on hold for now and will be back in touch in three weeks.\r\n\r\nJane\r\n")
	if err := e.HandleIncoming(t.Context(), "INBOX", raw, false); err != nil {
		t.Fatal(err)
	}
	iv, err := e.Store.GetInterview(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	ci := actionByKey(t, e, id, "check-in:1")
	if iv.Status == followup.StatusReplied || ci.State != followup.StatePending || !ci.Due.After(before.Due) ||
		!strings.Contains(iv.NextSteps, "back in touch by December 11, 2026") {
		t.Errorf("after an on-hold answer: status %s, next steps %q, check-in %s due %v (was %v); want still awaiting, the new promise, the check-in moved after it",
			iv.Status, iv.NextSteps, ci.State, ci.Due, before.Due)
	}
	evs, err := e.Store.EventsSince(t.Context(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var details []string
	for _, ev := range evs {
		if ev.Kind == reply.EffectReply {
			details = append(details, ev.Detail)
		}
	}
	if len(details) != 1 || strings.Contains(details[0], "cancelled") || !strings.Contains(details[0], "back in touch by December 11, 2026; follow-ups planned again") {
		t.Errorf("reply events = %q, want one saying the follow-ups are planned again from the hold, none cancelled", details)
	}
}
