package reply

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/classify"
	"github.com/followup-dev/followup/internal/followup"
)

var replyBerlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return loc
}()

// replyNow is Wednesday 25 Nov 2026, five days after the interview.
var replyNow = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func replyInterview() *followup.Interview {
	return &followup.Interview{
		ID: "acme-backend-1120", Company: "Acme", Role: "Backend Engineer",
		Start: time.Date(2026, 11, 20, 14, 0, 0, 0, replyBerlin), Duration: 45 * time.Minute,
		Interviewers: []followup.Person{{Name: "Jane", Email: "jane@acme.example", Role: followup.RoleInterviewer},
			{Name: "Bob", Email: "bob@acme.example", Role: followup.RoleInterviewer}},
		Contacts: []followup.Person{{Name: "Sam", Email: "sam@acme.example", Role: followup.RoleContact}},
		Status:   followup.StatusAwaiting,
	}
}

func replyAt(month time.Month, day, hour int) time.Time {
	return time.Date(2026, month, day, hour, 0, 0, 0, replyBerlin)
}

func replyActions() []followup.Action {
	return []followup.Action{
		{ID: 1, Key: "thank-you:jane@acme.example", Kind: followup.KindThankYou, To: []string{"jane@acme.example"}, Due: replyAt(11, 20, 17), State: followup.StateSent},
		{ID: 2, Key: "thank-you:bob@acme.example", Kind: followup.KindThankYou, To: []string{"bob@acme.example"}, Due: replyAt(11, 20, 17), State: followup.StateDrafted},
		{ID: 3, Key: "check-in:1", Kind: followup.KindCheckIn, To: []string{"jane@acme.example"}, Due: replyAt(12, 1, 9), State: followup.StatePending, Reason: "they promised by Mon 30 Nov"},
		{ID: 4, Key: "networking:2", Kind: followup.KindNetworking, To: []string{"jane@acme.example"}, Due: replyAt(12, 15, 9), State: followup.StatePending},
		{ID: 5, Key: "networking:3", Kind: followup.KindNetworking, To: []string{"jane@acme.example"}, Due: replyAt(11, 24, 9), State: followup.StateNeedsReview},
		{ID: 6, Key: "check-in:old", Kind: followup.KindCheckIn, To: []string{"jane@acme.example"}, Due: replyAt(11, 23, 9), State: followup.StateCancelled, Reason: "by the user"},
		{ID: 7, Key: "networking:both", Kind: followup.KindNetworking, To: []string{"jane@acme.example", "bob@acme.example"}, Due: replyAt(12, 2, 9), State: followup.StatePending},
	}
}

func replyInput(r classify.Result) EffectInput {
	return EffectInput{
		Interview: replyInterview(), Actions: replyActions(), Message: Incoming{Result: r},
		Placer: followup.Placer{Window: followup.Window{Start: 9 * 60, End: 17 * 60}, Location: replyBerlin}, Now: replyNow,
	}
}

func replyMsg(from, subject string) classify.Message {
	return classify.Message{MessageID: "m1@acme.example", From: []string{from}, Subject: subject,
		Date: replyNow.Add(-time.Hour)}
}

// changed lists "id state due reason" for each changed action.
func replyChanged(e Effect) map[int64]followup.Action {
	out := map[int64]followup.Action{}
	for _, ac := range e.Actions {
		out[ac.ID] = ac
	}
	return out
}

func replyIDs(e Effect) []int64 {
	var out []int64
	for _, ac := range e.Actions {
		out = append(out, ac.ID)
	}
	return out
}

func TestEffectOfReply(t *testing.T) {
	in := replyInput(classify.Result{Class: classify.Reply, Message: replyMsg("Jane@Acme.example", "Re: Thank you")})
	e := EffectOf(in)
	if e.Kind != EffectReply || e.Status != followup.StatusReplied {
		t.Errorf("EffectOf(reply) kind, status = %q, %q, want reply, replied", e.Kind, e.Status)
	}
	if got, want := replyIDs(e), []int64{3, 4, 5, 7}; !reflect.DeepEqual(got, want) {
		t.Errorf("EffectOf(reply) changed actions = %v, want %v (open ones only)", got, want)
	}
	for _, ac := range e.Actions {
		if want := `reply from jane@acme.example: "Re: Thank you"`; ac.State != followup.StateCancelled || ac.Reason != want {
			t.Errorf("EffectOf(reply) action %d = %s %q, want cancelled %q", ac.ID, ac.State, ac.Reason, want)
		}
	}
	if len(e.Notices) != 1 || !strings.Contains(e.Notices[0].Detail, "thank-you:bob@acme.example") {
		t.Errorf("EffectOf(reply) notices = %v, want one naming the unsent draft", e.Notices)
	}
}

func TestEffectOfReplyStatus(t *testing.T) {
	tests := []struct {
		name       string
		status     followup.Status
		date       time.Time
		wantStatus followup.Status
		wantN      int
	}{
		{"awaiting", followup.StatusAwaiting, replyNow, followup.StatusReplied, 4},
		{"quiet", followup.StatusQuiet, replyNow, followup.StatusReplied, 4},
		{"closed stays closed", followup.StatusClosed, replyNow, "", 4},
		{"already replied", followup.StatusReplied, replyNow, "", 4},
		{"written before the interview ended", followup.StatusUpcoming, replyAt(11, 20, 10), "", 0},
		{"no date: now counts", followup.StatusAwaiting, time.Time{}, followup.StatusReplied, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := replyMsg("jane@acme.example", "Re: Thank you")
			m.Date = tt.date
			in := replyInput(classify.Result{Class: classify.Reply, Message: m})
			in.Interview.Status = tt.status
			e := EffectOf(in)
			if e.Status != tt.wantStatus || len(e.Actions) != tt.wantN {
				t.Errorf("EffectOf(reply, %s) = status %q, %d actions; want %q, %d", tt.status, e.Status, len(e.Actions), tt.wantStatus, tt.wantN)
			}
		})
	}
}

func TestEffectOfAutoReply(t *testing.T) {
	mon7Dec := replyAt(12, 7, 9)
	tests := []struct {
		name   string
		from   string
		back   time.Time
		recip  string
		moved  map[int64]time.Time
		notice string
	}{
		// Saturday 5 Dec, ten days out: held to Monday's send window.
		{"back in 10 days", "jane@acme.example", time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), "", map[int64]time.Time{3: mon7Dec, 7: mon7Dec}, "back 2026-12-05; 2 follow-ups held"},
		{"back on a business day", "jane@acme.example", time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), "", map[int64]time.Time{3: replyAt(12, 3, 9), 7: replyAt(12, 3, 9)}, "2 follow-ups held"},
		{"back before the check-in is due", "jane@acme.example", time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), "", map[int64]time.Time{}, "0 follow-ups held"},
		{"back in 60 days", "jane@acme.example", replyNow.AddDate(0, 0, 60), "", map[int64]time.Time{}, "not within 30 days"},
		{"return date in the past", "jane@acme.example", replyNow.AddDate(0, 0, -3), "", map[int64]time.Time{}, "not within 30 days"},
		{"no return date", "jane@acme.example", time.Time{}, "", map[int64]time.Time{}, "no return date"},
		{"someone else is away", "bob@acme.example", time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), "", map[int64]time.Time{7: mon7Dec}, "1 follow-up held"},
		{"alias of the recipient", "j.roe@acme.example", time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), "jane@acme.example", map[int64]time.Time{3: mon7Dec, 7: mon7Dec}, "2 follow-ups held"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := replyInput(classify.Result{Class: classify.AutoReply, Reason: "Auto-Submitted: auto-replied",
				ReturnDate: tt.back, Message: replyMsg(tt.from, "Out of office")})
			in.Message.Recipient = tt.recip
			e := EffectOf(in)
			got := map[int64]time.Time{}
			for id, ac := range replyChanged(e) {
				got[id] = ac.Due
				if ac.State != followup.StatePending || !strings.Contains(ac.Reason, "away until") || ac.Zone != "Europe/Berlin" {
					t.Errorf("EffectOf(auto-reply) action %d = %s %q in %s, want pending, away until…, Europe/Berlin", id, ac.State, ac.Reason, ac.Zone)
				}
			}
			if !reflect.DeepEqual(got, tt.moved) {
				t.Errorf("EffectOf(auto-reply back %s) moved = %v, want %v", tt.back.Format(time.DateOnly), got, tt.moved)
			}
			if e.Status != "" || len(e.Undeliverable) != 0 || len(e.Notices) != 1 || !strings.Contains(e.Notices[0].Detail, tt.notice) {
				t.Errorf("EffectOf(auto-reply) = %+v, want no status change and a notice containing %q", e, tt.notice)
			}
		})
	}
}

func TestEffectOfBounce(t *testing.T) {
	tests := []struct {
		name, failed, recip string
		wantUndeliverable   []string
		wantCancelled       []int64
	}{
		{"failed recipient", "Jane@acme.example", "bob@acme.example", []string{"jane@acme.example"}, []int64{3, 4, 5}},
		{"matched recipient when none is named", "", "bob@acme.example", []string{"bob@acme.example"}, nil},
		{"unknown address", "", "", nil, nil},
		{"address not on the interview", "x@acme.example", "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := replyInput(classify.Result{Class: classify.Bounce, Reason: "multipart/report delivery-status",
				FailedRecipient: tt.failed, Message: replyMsg("mailer-daemon@mx.acme.example", "Undelivered Mail")})
			in.Message.Recipient = tt.recip
			e := EffectOf(in)
			if !reflect.DeepEqual(e.Undeliverable, tt.wantUndeliverable) || !reflect.DeepEqual(replyIDs(e), tt.wantCancelled) || e.Status != "" {
				t.Errorf("EffectOf(bounce %q) = undeliverable %v, cancelled %v, status %q; want %v, %v, unchanged",
					tt.failed, e.Undeliverable, replyIDs(e), e.Status, tt.wantUndeliverable, tt.wantCancelled)
			}
			for _, ac := range e.Actions {
				if ac.State != followup.StateCancelled || ac.Reason != "address bounced: jane@acme.example" {
					t.Errorf("EffectOf(bounce) action %d = %s %q, want cancelled, address bounced: jane@acme.example", ac.ID, ac.State, ac.Reason)
				}
			}
			if len(e.Notices) != 1 || e.Notices[0].Kind != EffectBounce {
				t.Errorf("EffectOf(bounce) notices = %v, want one bounce notice", e.Notices)
			}
		})
	}
}

func TestEffectOfBulkAndTouch(t *testing.T) {
	bulk := EffectOf(replyInput(classify.Result{Class: classify.Bulk, Message: replyMsg("jane@acme.example", "Open house")}))
	if !reflect.DeepEqual(bulk, Effect{Kind: EffectBulk}) {
		t.Errorf("EffectOf(bulk) = %+v, want no change", bulk)
	}
	in := replyInput(classify.Result{Class: classify.Reply, Message: replyMsg("me@candidate.example", "Quick question")})
	in.Message.FromUser = true
	touch := EffectOf(in)
	if touch.Kind != EffectTouch || !touch.Touch.Equal(replyNow.Add(-time.Hour)) || len(touch.Actions) != 0 || touch.Status != "" {
		t.Errorf("EffectOf(user's own mail) = %+v, want a touch at the message date and no change", touch)
	}
}

func TestKeysOf(t *testing.T) {
	m := classify.Message{MessageID: "new@x", InReplyTo: []string{"b@x"}, References: []string{"a@x", "b@x", "c@x"},
		From: []string{"Jane@Acme.example"}, ReplyTo: []string{"hr@gmail.com"}, Sender: []string{"jane@acme.example"},
		To: []string{"me@candidate.example", "Bob@acme.example"}}
	tests := []struct {
		name     string
		r        classify.Result
		fromUser bool
		want     MatchKeys
	}{
		{"reply", classify.Result{Class: classify.Reply, Message: m}, false, MatchKeys{
			MessageIDs: []string{"b@x", "c@x", "a@x"}, People: []string{"jane@acme.example", "hr@gmail.com"}, Domains: []string{"acme.example"}}},
		{"user's own mail", classify.Result{Class: classify.Reply, Message: m}, true, MatchKeys{
			MessageIDs: []string{"b@x", "c@x", "a@x"}, People: []string{"me@candidate.example", "bob@acme.example"}}},
		{"bounce", classify.Result{Class: classify.Bounce, OriginalMessageID: "orig@x", FailedRecipient: "Jane@acme.example", Message: m}, false, MatchKeys{
			MessageIDs: []string{"orig@x", "b@x", "c@x", "a@x"}, People: []string{"jane@acme.example"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := KeysOf(tt.r, tt.fromUser); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("KeysOf(%s, %v) = %+v, want %+v", tt.r.Class, tt.fromUser, got, tt.want)
			}
		})
	}
}

func TestFreeMailDomain(t *testing.T) {
	tests := []struct {
		domain string
		want   bool
	}{
		{"gmail.com", true}, {"GoogleMail.com", true}, {"outlook.com", true}, {"hotmail.co.uk", true},
		{"live.com", true}, {"yahoo.com", true}, {"yahoo.com.br", true}, {"icloud.com", true}, {"me.com", true},
		{"aol.com", true}, {"proton.me", true}, {"protonmail.com", true}, {"gmx.de", true}, {"gmx.net", true},
		{"web.de", true}, {"yandex.ru", true}, {"yandex.com.tr", true}, {"mail.ru", true}, {"fastmail.com", true},
		{"zoho.com", true}, {"gmail.com.", true},
		{"acme.example", false}, {"outlook.acme.example", false}, {"gmxsoftware.de", false},
		{"mail.acme.example", false}, {"live.example.co.uk", false}, {"", false},
	}
	for _, tt := range tests {
		if got := FreeMailDomain(tt.domain); got != tt.want {
			t.Errorf("FreeMailDomain(%q) = %v, want %v", tt.domain, got, tt.want)
		}
	}
}

func TestDomainAndCompanyDomains(t *testing.T) {
	for addr, want := range map[string]string{"Jane@ACME.example": "acme.example", "x": "", "a@b@c.example": "c.example"} {
		if got := Domain(addr); got != want {
			t.Errorf("Domain(%q) = %q, want %q", addr, got, want)
		}
	}
	iv := replyInterview()
	iv.Interviewers = append(iv.Interviewers, followup.Person{Email: "freelancer@gmail.com"}, followup.Person{Email: "cto@acme-labs.example"})
	if got, want := CompanyDomains(iv), []string{"acme.example", "acme-labs.example"}; !reflect.DeepEqual(got, want) {
		t.Errorf("CompanyDomains = %v, want %v", got, want)
	}
}

func TestQuoteSubject(t *testing.T) {
	long := strings.Repeat("é", 80)
	tests := map[string]string{"": "(no subject)", "  Re:\t hi ": `"Re: hi"`, long: `"` + strings.Repeat("é", 59) + `…"`}
	for in, want := range tests {
		if got := quoteSubject(in); got != want {
			t.Errorf("quoteSubject(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBaseAddress(t *testing.T) {
	tests := map[string]string{
		"jane@acme.example":        "jane@acme.example",
		"Jane+Jobs@Acme.example":   "jane@acme.example",
		"jane+a+b@acme.example":    "jane@acme.example",
		"+tag@acme.example":        "+tag@acme.example",
		"no-at-sign":               "no-at-sign",
		"jane@plus+domain.example": "jane@plus+domain.example",
	}
	for in, want := range tests {
		if got := BaseAddress(in); got != want {
			t.Errorf("BaseAddress(%q) = %q, want %q", in, got, want)
		}
	}
}
