package store

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/classify"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/followup/reply"
)

// replyLater is when received mail is handled in these tests: after the
// sample interview (20 Nov 2026, 14:00 Berlin).
var replyLater = now.Add(48 * time.Hour)

// rawMail builds a message from header lines and a short body.
func rawMail(headers ...string) []byte {
	return []byte(strings.Join(headers, "\r\n") + "\r\n\r\nHello,\r\nthanks for your note.\r\n")
}

// replyFixture stores the sample Acme interview with a thank-you to Jane
// recorded in messages, a pending check-in to Jane and a drafted thank-you
// to Bob; and a Beta interview whose interviewer uses gmail.com.
func replyFixture(t *testing.T) (*Store, string, string) {
	t.Helper()
	s := openTemp(t)
	ctx := t.Context()
	acme, err := s.AddInterview(ctx, sample("Acme"), now)
	if err != nil {
		t.Fatal(err)
	}
	beta := sample("Beta")
	beta.Interviewers = []followup.Person{{Email: "freelancer@gmail.com", Role: followup.RoleInterviewer}}
	beta.Contacts = nil
	betaID, err := s.AddInterview(ctx, beta, now)
	if err != nil {
		t.Fatal(err)
	}
	due := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	err = s.SyncActions(ctx, acme, []followup.Action{
		{Key: "thank-you:jane@acme.example", Kind: followup.KindThankYou, To: []string{"jane@acme.example"}, Due: now, State: followup.StateSent},
		{Key: "thank-you:bob@acme.example", Kind: followup.KindThankYou, To: []string{"bob@acme.example"}, Due: now, State: followup.StateDrafted},
		{Key: "check-in:1", Kind: followup.KindCheckIn, To: []string{"jane@acme.example"}, Due: due, State: followup.StatePending},
		{Key: "networking:2", Kind: followup.KindNetworking, To: []string{"jane@acme.example"}, Due: due.AddDate(0, 0, 14), State: followup.StateNeedsReview},
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.DB().ExecContext(ctx, `INSERT INTO messages (message_id, interview_id, kind, recipient, subject, location, created_utc)
		VALUES ('fu.1@candidate.example', ?, 'thank-you', 'jane@acme.example', 'Thank you', 'smtp', ?)`, acme, FormatTime(now))
	if err != nil {
		t.Fatal(err)
	}
	return s, acme, betaID
}

func TestMatchMessage(t *testing.T) {
	s, acme, beta := replyFixture(t)
	on := MatchOptions{CompanyDomain: true}
	tests := []struct {
		name    string
		raw     []byte
		opts    MatchOptions
		want    Match
		wantNil bool
	}{
		{"by References", rawMail("From: Someone <someone@elsewhere.example>", "Message-ID: <r1@x.example>",
			"References: <a@x.example> <fu.1@candidate.example> <b@x.example>", "Subject: Re: Thank you"), on,
			Match{InterviewID: acme, How: MatchThread, Recipient: "jane@acme.example"}, false},
		{"by In-Reply-To", rawMail("From: someone@elsewhere.example", "Message-ID: <r2@x.example>",
			"In-Reply-To: <fu.1@candidate.example>"), on,
			Match{InterviewID: acme, How: MatchThread, Recipient: "jane@acme.example"}, false},
		{"by sender, case-insensitive", rawMail("From: Jane Roe <JANE@Acme.Example>", "Message-ID: <r3@x.example>"), on,
			Match{InterviewID: acme, How: MatchPerson, Recipient: "jane@acme.example"}, false},
		{"by Reply-To", rawMail("From: ats@jobs.example", "Reply-To: sam@acme.example", "Message-ID: <r4@x.example>"), on,
			Match{InterviewID: acme, How: MatchPerson, Recipient: "sam@acme.example"}, false},
		{"by company domain", rawMail("From: Carol <carol@acme.example>", "Message-ID: <r5@x.example>"), on,
			Match{InterviewID: acme, How: MatchDomain}, false},
		{"not by gmail.com", rawMail("From: other@gmail.com", "Message-ID: <r6@x.example>"), on, Match{}, true},
		{"known gmail.com person", rawMail("From: Freelancer@Gmail.com", "Message-ID: <r7@x.example>"), on,
			Match{InterviewID: beta, How: MatchPerson, Recipient: "freelancer@gmail.com"}, false},
		{"domain rule off", rawMail("From: carol@acme.example", "Message-ID: <r8@x.example>"), MatchOptions{}, Match{}, true},
		{"user's own domain", rawMail("From: carol@acme.example", "Message-ID: <r9@x.example>"),
			MatchOptions{CompanyDomain: true, IgnoreDomains: []string{"ACME.example"}}, Match{}, true},
		{"unrelated", rawMail("From: news@shop.example", "Message-ID: <r10@x.example>"), on, Match{}, true},
		{"user's mail to a contact", rawMail("From: me@candidate.example", "To: Bob <bob@acme.example>", "Message-ID: <s1@candidate.example>"),
			MatchOptions{CompanyDomain: true, FromUser: true}, Match{InterviewID: acme, How: MatchPerson, Recipient: "bob@acme.example"}, false},
		{"user's mail to the company domain", rawMail("From: me@candidate.example", "To: hr@acme.example", "Message-ID: <s2@candidate.example>"),
			MatchOptions{CompanyDomain: true, FromUser: true}, Match{}, true},
		{"followup's own message", rawMail("From: me@candidate.example", "To: jane@acme.example", "Message-ID: <fu.1@candidate.example>"),
			MatchOptions{FromUser: true}, Match{Known: true}, false},
		{"bounce by failed recipient", rawMail("From: MAILER-DAEMON@mx.acme.example", "Message-ID: <b1@mx.acme.example>",
			"X-Failed-Recipients: bob@acme.example", "Subject: Mail delivery failed"), on,
			Match{InterviewID: acme, How: MatchPerson, Recipient: "bob@acme.example"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.MatchMessage(t.Context(), classify.Classify(tt.raw), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantNil {
				tt.want = Match{}
			}
			if got != tt.want {
				t.Errorf("MatchMessage(%s) = %+v, want %+v", tt.name, got, tt.want)
			}
		})
	}
}

func TestMatchPrefersOpenRecentInterview(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	add := func(company string, start time.Time, status followup.Status) string {
		iv := sample(company)
		iv.Start, iv.Status = start, status
		id, err := s.AddInterview(ctx, iv, now)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	add("Old", now.AddDate(0, -2, 0), followup.StatusAwaiting)
	recent := add("Recent", now.AddDate(0, 0, -3), followup.StatusAwaiting)
	add("Closed", now.AddDate(0, 0, -1), followup.StatusClosed)
	add("Replied", now.AddDate(0, 0, -2), followup.StatusReplied)
	for _, opts := range []MatchOptions{{}, {CompanyDomain: true}} {
		for _, from := range []string{"jane@acme.example", "carol@acme.example"} {
			got, err := s.MatchMessage(ctx, classify.Classify(rawMail("From: "+from, "Message-ID: <p@x.example>")), opts)
			if err != nil {
				t.Fatal(err)
			}
			if opts.CompanyDomain || from == "jane@acme.example" {
				if got.InterviewID != recent {
					t.Errorf("MatchMessage(from %s, %+v) = %q, want %q (the most recent still awaiting)", from, opts, got.InterviewID, recent)
				}
			}
		}
	}
}

// countRows counts the rows of a table matching where.
func countRows(t *testing.T, s *Store, table, where string, args ...any) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRowContext(t.Context(), "SELECT count(*) FROM "+table+" WHERE "+where, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// recordReceived classifies raw, matches it to id, computes and records its effect.
func recordReceived(t *testing.T, s *Store, id string, raw []byte) (reply.Effect, bool) {
	t.Helper()
	ctx := t.Context()
	r := classify.Classify(raw)
	iv, err := s.GetInterview(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	acs, err := s.Actions(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	e := reply.EffectOf(reply.EffectInput{Interview: iv, Actions: acs, Message: reply.Incoming{Result: r}, Now: replyLater})
	ok, err := s.RecordReply(ctx, ReplyRecord{InterviewID: id, Mailbox: "INBOX", Result: r, Effect: e, Seen: replyLater})
	if err != nil {
		t.Fatalf("RecordReply = %v", err)
	}
	return e, ok
}

func actionStates(t *testing.T, s *Store, id string) map[string]string {
	t.Helper()
	acs, err := s.Actions(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, ac := range acs {
		out[ac.Key] = string(ac.State) + " " + ac.Reason
	}
	return out
}

func TestRecordReplyIsIdempotent(t *testing.T) {
	s, acme, _ := replyFixture(t)
	raw := rawMail("From: Jane Roe <jane@acme.example>", "Message-ID: <answer@acme.example>",
		"In-Reply-To: <fu.1@candidate.example>", "Subject: Re: Thank you", "Date: Sun, 22 Nov 2026 10:00:00 +0100")
	if _, ok := recordReceived(t, s, acme, raw); !ok {
		t.Fatalf("RecordReply(first time) = false, want true")
	}
	before := actionStates(t, s, acme)
	if _, ok := recordReceived(t, s, acme, raw); ok {
		t.Errorf("RecordReply(same message again) = true, want false")
	}
	if n := countRows(t, s, "replies", "message_id = 'answer@acme.example'"); n != 1 {
		t.Errorf("replies rows = %d, want 1", n)
	}
	if n := countRows(t, s, "events", "kind = 'reply'"); n != 1 {
		t.Errorf("reply events = %d, want 1", n)
	}
	want := map[string]string{
		"thank-you:jane@acme.example": "sent ", "thank-you:bob@acme.example": "drafted ",
		"check-in:1":   `cancelled reply from jane@acme.example: "Re: Thank you"`,
		"networking:2": `cancelled reply from jane@acme.example: "Re: Thank you"`,
	}
	if got := actionStates(t, s, acme); !equalMaps(got, want) || !equalMaps(got, before) {
		t.Errorf("actions after the reply = %v, want %v", got, want)
	}
	iv, _ := s.GetInterview(t.Context(), acme)
	reps, _ := s.Replies(t.Context(), acme)
	if iv.Status != followup.StatusReplied || len(reps) != 1 || reps[0].Class != "reply" || reps[0].From != "jane@acme.example" {
		t.Errorf("after the reply: status %q, replies %+v; want replied and one reply from jane", iv.Status, reps)
	}
}

func TestRecordReplyOnlyChangesOpenActions(t *testing.T) {
	s, acme, _ := replyFixture(t)
	ctx := t.Context()
	acs, _ := s.Actions(ctx, acme)
	var e reply.Effect
	for _, ac := range acs {
		ac.State, ac.Reason = followup.StateCancelled, "stale decision"
		e.Actions = append(e.Actions, ac)
	}
	e.Status = followup.StatusReplied
	if _, err := s.DB().ExecContext(ctx, "UPDATE interviews SET status = 'closed' WHERE id = ?", acme); err != nil {
		t.Fatal(err)
	}
	r := classify.Classify(rawMail("From: jane@acme.example", "Message-ID: <late@acme.example>"))
	if _, err := s.RecordReply(ctx, ReplyRecord{InterviewID: acme, Result: r, Effect: e, Seen: replyLater}); err != nil {
		t.Fatal(err)
	}
	got := actionStates(t, s, acme)
	if got["thank-you:jane@acme.example"] != "sent " || got["thank-you:bob@acme.example"] != "drafted " || got["check-in:1"] != "cancelled stale decision" {
		t.Errorf("RecordReply(effect over every action) = %v, want sent and drafted untouched", got)
	}
	if iv, _ := s.GetInterview(ctx, acme); iv.Status != followup.StatusClosed {
		t.Errorf("RecordReply(replied on a closed interview) status = %q, want closed", iv.Status)
	}
	if _, err := s.RecordReply(ctx, ReplyRecord{InterviewID: acme, Result: classify.Result{}}); err == nil {
		t.Errorf("RecordReply(no Message-ID) = nil error, want one")
	}
}

func TestRecordReplyBounceAndAutoReply(t *testing.T) {
	s, acme, _ := replyFixture(t)
	ctx := t.Context()
	recordReceived(t, s, acme, rawMail("From: Jane <jane@acme.example>", "Message-ID: <ooo@acme.example>", "Auto-Submitted: auto-replied",
		"Subject: Out of office", "Date: Sun, 22 Nov 2026 10:00:00 +0100"))
	recordReceived(t, s, acme, rawMail("From: MAILER-DAEMON@mx.acme.example", "Message-ID: <b1@mx.acme.example>",
		"X-Failed-Recipients: jane@acme.example", "Subject: Mail delivery failed: returning message to sender",
		"Date: Sun, 22 Nov 2026 11:00:00 +0100"))
	iv, _ := s.GetInterview(ctx, acme)
	if !iv.Interviewers[0].Undeliverable || iv.Interviewers[1].Undeliverable {
		t.Errorf("after the bounce: people %+v, want only jane undeliverable", iv.Interviewers)
	}
	got := actionStates(t, s, acme)
	if got["check-in:1"] != "cancelled address bounced: jane@acme.example" || got["thank-you:bob@acme.example"] != "drafted " {
		t.Errorf("after the bounce: actions %v, want jane's check-in cancelled, bob's draft untouched", got)
	}
	events, _ := s.EventsSince(ctx, time.Time{})
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, e.Kind)
	}
	sort.Strings(kinds)
	if strings.Join(kinds, ",") != "auto-reply,bounce" || iv.Status != followup.StatusAwaiting {
		t.Errorf("events %v, status %q; want auto-reply and bounce, still awaiting", kinds, iv.Status)
	}
}

func TestRecordTouch(t *testing.T) {
	s, acme, _ := replyFixture(t)
	ctx := t.Context()
	touch := Touch{InterviewID: acme, MessageID: "mine@candidate.example", Recipient: "bob@acme.example", Subject: "A question", At: replyLater}
	for i, want := range []bool{true, false} {
		if got, err := s.RecordTouch(ctx, touch); err != nil || got != want {
			t.Errorf("RecordTouch(#%d) = %v, %v; want %v", i+1, got, err, want)
		}
	}
	msgs, _ := s.Messages(ctx, acme)
	if len(msgs) != 2 || msgs[1].Kind != "user" || msgs[1].ActionID != 0 || !msgs[1].Created.Equal(replyLater) {
		t.Errorf("Messages after RecordTouch = %+v, want a user message at %v", msgs, replyLater)
	}
	m, err := s.MatchMessage(ctx, classify.Classify(rawMail("From: someone@elsewhere.example", "Message-ID: <x@e.example>",
		"In-Reply-To: <mine@candidate.example>")), MatchOptions{})
	if err != nil || m.InterviewID != acme || m.How != MatchThread {
		t.Errorf("MatchMessage(answer to the user's own mail) = %+v, %v; want a thread match to %s", m, err, acme)
	}
}

func TestReturnDates(t *testing.T) {
	s, acme, _ := replyFixture(t)
	ctx := t.Context()
	for i, back := range []string{"2026-12-01", "2026-12-04"} {
		r := classify.Result{Class: classify.AutoReply, ReturnDate: time.Date(2026, 12, 1+3*i, 0, 0, 0, 0, time.UTC),
			Message: classify.Message{MessageID: back + "@acme.example", From: []string{"jane@acme.example"}}}
		if _, err := s.RecordReply(ctx, ReplyRecord{InterviewID: acme, Result: r, Seen: replyLater}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.ReturnDates(ctx, acme)
	if err != nil || !equalMaps(got, map[string]string{"jane@acme.example": "2026-12-04"}) {
		t.Errorf("ReturnDates = %v, %v; want jane back 2026-12-04", got, err)
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
