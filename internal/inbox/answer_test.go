package inbox

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
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
