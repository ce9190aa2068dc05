package followup

import (
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/calendar"
)

var defaultPolicy = PlanPolicy{
	ThankYouDelay:   2 * time.Hour,
	CheckInGrace:    1,
	QuietAfter:      10,
	NetworkingEvery: 14 * 24 * time.Hour,
	MaxCheckIns:     3,
	Window:          Window{Start: 9 * 60, End: 17 * 60},
}

// interview is a Berlin interview at start (RFC 3339) for an hour with Jane and Bob.
func interview(t *testing.T, start string) *Interview {
	t.Helper()
	return &Interview{
		ID: "acme-backend-1120", Company: "Acme", Role: "Backend Engineer",
		Start: utc(start).In(mustZone(t, "Europe/Berlin")), Duration: time.Hour,
		Interviewers: []Person{
			{Name: "Jane Roe", Email: "jane@acme.example", Role: RoleInterviewer},
			{Name: "Bob Poe", Email: "bob@acme.example", Role: RoleInterviewer},
		},
		NextSteps: "we'll get back to you in 4-5 working days",
		Status:    StatusAwaiting,
	}
}

func input(t *testing.T, now string) PlanInput {
	return PlanInput{Policy: defaultPolicy, Location: mustZone(t, "Europe/Berlin"), Now: utc(now),
		Promise: Promise{Found: true, Earliest: calendar.MakeDate(2026, 11, 26), Latest: calendar.MakeDate(2026, 11, 27), Rule: "business-days"}}
}

func byKey(acs []Action) map[string]Action {
	m := make(map[string]Action, len(acs))
	for _, ac := range acs {
		m[ac.Key] = ac
	}
	return m
}

// want is the expected due time (UTC), state and a fragment of the reason of one key.
type want struct {
	key, due string
	state    ActionState
	reason   string
}

func check(t *testing.T, got []Action, wants []want) {
	t.Helper()
	m := byKey(got)
	if len(m) != len(wants) {
		keys := make([]string, 0, len(got))
		for _, ac := range got {
			keys = append(keys, ac.Key)
		}
		t.Errorf("Plan() keys = %v, want %d keys", keys, len(wants))
	}
	for _, w := range wants {
		ac, ok := m[w.key]
		if !ok {
			t.Errorf("Plan() has no %s", w.key)
			continue
		}
		if w.due != "" && !ac.Due.Equal(utc(w.due)) {
			t.Errorf("Plan() %s due = %s, want %s", w.key, ac.Due.UTC().Format(time.RFC3339), w.due)
		}
		if ac.State != w.state {
			t.Errorf("Plan() %s state = %s, want %s", w.key, ac.State, w.state)
		}
		if !strings.Contains(ac.Reason, w.reason) {
			t.Errorf("Plan() %s reason = %q, want it to contain %q", w.key, ac.Reason, w.reason)
		}
	}
}

func TestPlanFridayEveningInterview(t *testing.T) {
	iv := interview(t, "2026-11-20T16:00:00Z") // Fri 17:00 CET, ends 18:00; thank-you at 20:00 is after the window
	acs := Plan(iv, input(t, "2026-11-20T17:00:00Z"))
	check(t, acs, []want{
		{"thank-you:jane@acme.example", "2026-11-23T08:00:00Z", StatePending, "thank-you 2h after the interview, held for the send window"},
		{"thank-you:bob@acme.example", "2026-11-23T08:00:00Z", StatePending, "thank-you 2h after the interview"},
		{"check-in:1", "2026-11-30T08:00:00Z", StatePending, "they promised by Fri 27 Nov"},
		{"networking:2", "2026-12-14T08:00:00Z", StatePending, "nothing heard 2 weeks after check-in 1"},
		{"networking:3", "2026-12-28T08:00:00Z", StatePending, "after check-in 2"},
	})
	m := byKey(acs)
	if to := m["thank-you:bob@acme.example"].To; len(to) != 1 || to[0] != "bob@acme.example" {
		t.Errorf("Plan() thank-you to Bob goes to %v, want [bob@acme.example]", to)
	}
	if to := m["check-in:1"].To; len(to) != 1 || to[0] != "jane@acme.example" {
		t.Errorf("Plan() check-in goes to %v, want the primary interviewer [jane@acme.example]", to)
	}
	if z := m["check-in:1"].Zone; z != "Europe/Berlin" {
		t.Errorf("Plan() check-in zone = %q, want Europe/Berlin", z)
	}
	if acs[0].Key != "thank-you:bob@acme.example" || acs[len(acs)-1].Key != "networking:3" {
		t.Errorf("Plan() order = %s … %s, want by due time then key", acs[0].Key, acs[len(acs)-1].Key)
	}
}

func TestPlanHolidayInTheWay(t *testing.T) {
	cal, err := calendar.New(nil, []calendar.Date{calendar.MakeDate(2026, 12, 24)}, "DE")
	if err != nil {
		t.Fatal(err)
	}
	iv := interview(t, "2026-12-23T15:00:00Z") // Wed 16:00 CET; 24 (configured), 25 and 26 Dec are holidays
	in := input(t, "2026-12-23T17:00:00Z")
	in.Calendar = cal
	in.Promise = Promise{Found: true, Earliest: calendar.MakeDate(2026, 12, 23), Latest: calendar.MakeDate(2026, 12, 23)}
	check(t, Plan(iv, in), []want{
		{"thank-you:jane@acme.example", "2026-12-28T08:00:00Z", StatePending, "held for the send window"},
		{"thank-you:bob@acme.example", "2026-12-28T08:00:00Z", StatePending, ""},
		{"check-in:1", "2026-12-28T08:00:00Z", StatePending, "they promised by Wed 23 Dec"},
		{"networking:2", "2027-01-11T08:00:00Z", StatePending, ""},
		{"networking:3", "2027-01-25T08:00:00Z", StatePending, ""},
	})
}

func TestPlanAcrossDST(t *testing.T) {
	tests := []struct {
		name, zone, start, thankYou, checkIn string
		promised                             calendar.Date
	}{
		{"berlin spring", "Europe/Berlin", "2026-03-27T16:00:00Z", "2026-03-30T07:00:00Z", "2026-03-30T07:00:00Z", calendar.MakeDate(2026, 3, 27)},
		{"berlin fall", "Europe/Berlin", "2026-10-23T15:00:00Z", "2026-10-26T08:00:00Z", "2026-10-26T08:00:00Z", calendar.MakeDate(2026, 10, 23)},
		{"new york spring", "America/New_York", "2026-03-06T21:00:00Z", "2026-03-09T13:00:00Z", "2026-03-09T13:00:00Z", calendar.MakeDate(2026, 3, 6)},
		{"new york fall", "America/New_York", "2026-10-30T20:00:00Z", "2026-11-02T14:00:00Z", "2026-11-02T14:00:00Z", calendar.MakeDate(2026, 10, 30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iv := interview(t, tt.start)
			iv.Interviewers = iv.Interviewers[:1]
			in := input(t, tt.start)
			in.Location = mustZone(t, tt.zone)
			in.Promise = Promise{Found: true, Earliest: tt.promised, Latest: tt.promised}
			in.Policy.MaxCheckIns = 1
			check(t, Plan(iv, in), []want{
				{"thank-you:jane@acme.example", tt.thankYou, StatePending, ""},
				{"check-in:1", tt.checkIn, StatePending, ""},
			})
		})
	}
}

func TestPlanDueInDSTGapAndRepeatedHour(t *testing.T) {
	tests := []struct {
		name, zone, start, want string
		window                  Window
	}{
		// Sat 22:00, ends 23:00, thank-you at 01:00 Sunday: before the 02:30 window start.
		{"berlin gap", "Europe/Berlin", "2026-03-28T21:00:00Z", "2026-03-29T01:00:00Z", Window{150, 17 * 60}},
		{"berlin repeated hour", "Europe/Berlin", "2026-10-24T20:00:00Z", "2026-10-25T00:30:00Z", Window{150, 17 * 60}},
		{"new york gap", "America/New_York", "2026-03-08T03:00:00Z", "2026-03-08T07:00:00Z", Window{150, 17 * 60}},
		{"new york repeated hour", "America/New_York", "2026-11-01T02:00:00Z", "2026-11-01T05:30:00Z", Window{90, 17 * 60}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iv := interview(t, tt.start)
			iv.Interviewers = iv.Interviewers[:1]
			in := input(t, tt.start)
			in.Location, in.Calendar, in.Policy.Window, in.Policy.MaxCheckIns = mustZone(t, tt.zone), everyDay(t), tt.window, 0
			check(t, Plan(iv, in), []want{{"thank-you:jane@acme.example", tt.want, StatePending, ""}})
		})
	}
}

func TestPlanNothingPromised(t *testing.T) {
	iv := interview(t, "2026-11-20T12:00:00Z") // Fri 13:00 CET
	iv.NextSteps = ""
	in := input(t, "2026-11-20T17:00:00Z")
	in.Promise = Promise{}
	check(t, Plan(iv, in), []want{
		{"thank-you:jane@acme.example", "2026-11-20T15:00:00Z", StatePending, "no next steps recorded: ask about the timeline"},
		{"thank-you:bob@acme.example", "2026-11-20T15:00:00Z", StatePending, "ask about the timeline"},
		{"check-in:1", "2026-12-04T08:00:00Z", StatePending, "nothing promised: 10 business days of quiet"},
		{"networking:2", "2026-12-18T08:00:00Z", StatePending, ""},
		{"networking:3", "2027-01-01T08:00:00Z", StatePending, ""},
	})
}

// sent marks the stored action for key as sent at its due time.
func sent(acs []Action, key string) []Action {
	out := append([]Action(nil), acs...)
	for i := range out {
		if out[i].Key == key {
			out[i].State, out[i].UpdatedAt, out[i].ID = StateSent, out[i].Due, int64(i+1)
		}
	}
	return out
}

func TestPlanThreeCheckInsThenQuiet(t *testing.T) {
	iv := interview(t, "2026-11-20T12:00:00Z")
	in := input(t, "2026-11-20T17:00:00Z")
	history := Plan(iv, in)
	for _, key := range []string{"thank-you:jane@acme.example", "thank-you:bob@acme.example", "check-in:1", "networking:2"} {
		history = sent(history, key)
	}
	// networking:2 went out three days late, at Thu 17 Dec 10:00: the last note waits two weeks from then.
	for i := range history {
		if history[i].Key == "networking:2" {
			history[i].UpdatedAt = utc("2026-12-17T09:00:00Z")
		}
	}
	in.History, in.Now = history, utc("2026-12-20T12:00:00Z")
	res := Replan(iv, in)
	check(t, res.Actions, []want{
		{"thank-you:jane@acme.example", "", StateSent, ""},
		{"thank-you:bob@acme.example", "", StateSent, ""},
		{"check-in:1", "2026-11-30T08:00:00Z", StateSent, ""},
		{"networking:2", "2026-12-14T08:00:00Z", StateSent, ""},
		{"networking:3", "2026-12-31T09:00:00Z", StatePending, "nothing heard 2 weeks after check-in 2"},
	})
	if res.Status != StatusAwaiting || len(res.Events) != 0 {
		t.Errorf("Replan() with networking:3 pending = status %s, events %v; want awaiting and no events", res.Status, res.Events)
	}
	in.History = sent(res.Actions, "networking:3")
	in.Now = utc("2027-01-13T12:00:00Z")
	res = Replan(iv, in)
	if !res.QuietAt.Equal(utc("2027-01-14T09:00:00Z")) || res.Status != StatusAwaiting {
		t.Errorf("Replan() a day before quiet = QuietAt %s status %s, want 2027-01-14T09:00:00Z awaiting", res.QuietAt.UTC().Format(time.RFC3339), res.Status)
	}
	in.Now = utc("2027-01-14T09:00:00Z")
	res = Replan(iv, in)
	if res.Status != StatusQuiet || len(res.Events) != 1 || res.Events[0].Kind != "quiet" || !strings.Contains(res.Events[0].Detail, "3 check-ins") {
		t.Errorf("Replan() after the last check-in = status %s, events %+v; want quiet with one quiet event", res.Status, res.Events)
	}
}

func TestPlanLastTouchDelaysNetworking(t *testing.T) {
	iv := interview(t, "2026-11-20T12:00:00Z")
	in := input(t, "2026-11-20T17:00:00Z")
	in.Policy.MaxCheckIns = 2
	in.History = sent(Plan(iv, in), "check-in:1")
	in.LastTouch = utc("2026-12-03T14:00:00Z") // the user wrote to Jane themselves on Thu 3 Dec
	check(t, Plan(iv, in), []want{
		{"thank-you:jane@acme.example", "", StatePending, ""},
		{"thank-you:bob@acme.example", "", StatePending, ""},
		{"check-in:1", "", StateSent, ""},
		{"networking:2", "2026-12-17T14:00:00Z", StatePending, ""},
	})
}

func TestReplanAfterNewNextSteps(t *testing.T) {
	iv := interview(t, "2026-11-20T12:00:00Z")
	in := input(t, "2026-11-20T17:00:00Z")
	history := sent(Plan(iv, in), "thank-you:jane@acme.example")
	for i := range history {
		history[i].ID = int64(i + 1)
	}
	in.History = history
	in.Promise = Promise{Found: true, Earliest: calendar.MakeDate(2026, 12, 4), Latest: calendar.MakeDate(2026, 12, 4)}
	in.Now = utc("2026-11-21T10:00:00Z")
	got := Plan(iv, in)
	check(t, got, []want{
		{"thank-you:jane@acme.example", "2026-11-20T15:00:00Z", StateSent, ""},
		{"thank-you:bob@acme.example", "2026-11-20T15:00:00Z", StatePending, ""},
		{"check-in:1", "2026-12-07T08:00:00Z", StatePending, "they promised by Fri 4 Dec"},
		{"networking:2", "2026-12-21T08:00:00Z", StatePending, ""},
		{"networking:3", "2027-01-04T08:00:00Z", StatePending, ""},
	})
	old, now := byKey(history), byKey(got)
	for key, ac := range now {
		if ac.ID != old[key].ID {
			t.Errorf("Plan() %s id = %d, want %d kept across replanning", key, ac.ID, old[key].ID)
		}
	}
	if a, b := old["thank-you:jane@acme.example"], now["thank-you:jane@acme.example"]; a.Reason != b.Reason || !a.UpdatedAt.Equal(b.UpdatedAt) {
		t.Errorf("Plan() changed the sent thank-you: %+v, want %+v", b, a)
	}
}

func TestReplanCancels(t *testing.T) {
	base := interview(t, "2026-11-20T12:00:00Z")
	in := input(t, "2026-11-20T17:00:00Z")
	history := sent(Plan(base, in), "thank-you:jane@acme.example")
	tests := []struct {
		name   string
		change func(iv *Interview)
		wants  []want
	}{
		{"closed with an offer", func(iv *Interview) { iv.Close(OutcomeOffer, utc("2026-11-24T10:00:00Z")) }, []want{
			{"thank-you:jane@acme.example", "2026-11-20T15:00:00Z", StateSent, "thank-you 2h"},
			{"thank-you:bob@acme.example", "", StateCancelled, "interview closed: offer"},
			{"check-in:1", "", StateCancelled, "interview closed: offer"},
			{"networking:2", "", StateCancelled, "interview closed: offer"},
			{"networking:3", "", StateCancelled, "interview closed: offer"},
		}},
		{"replied", func(iv *Interview) { iv.Status = StatusReplied }, []want{
			{"thank-you:jane@acme.example", "", StateSent, ""},
			{"thank-you:bob@acme.example", "", StateCancelled, "they replied"},
			{"check-in:1", "", StateCancelled, "they replied"},
			{"networking:2", "", StateCancelled, "they replied"},
			{"networking:3", "", StateCancelled, "they replied"},
		}},
		{"interviewer removed", func(iv *Interview) { iv.Interviewers = iv.Interviewers[:1] }, []want{
			{"thank-you:jane@acme.example", "", StateSent, ""},
			{"thank-you:bob@acme.example", "", StateCancelled, "interviewer removed: bob@acme.example"},
			{"check-in:1", "", StatePending, ""},
			{"networking:2", "", StatePending, ""},
			{"networking:3", "", StatePending, ""},
		}},
		{"bounced", func(iv *Interview) { iv.Interviewers[1].Undeliverable = true }, []want{
			{"thank-you:jane@acme.example", "", StateSent, ""},
			{"thank-you:bob@acme.example", "", StateCancelled, "address undeliverable: bob@acme.example"},
			{"check-in:1", "", StatePending, ""},
			{"networking:2", "", StatePending, ""},
			{"networking:3", "", StatePending, ""},
		}},
		{"fewer check-ins", func(iv *Interview) {}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iv := interview(t, "2026-11-20T12:00:00Z")
			tt.change(iv)
			in := in
			in.History = history
			if tt.wants == nil {
				in.Policy.MaxCheckIns = 2
				tt.wants = []want{
					{"thank-you:jane@acme.example", "", StateSent, ""},
					{"thank-you:bob@acme.example", "", StatePending, ""},
					{"check-in:1", "", StatePending, ""},
					{"networking:2", "", StatePending, ""},
					{"networking:3", "", StateCancelled, "no longer planned"},
				}
			}
			check(t, Plan(iv, in), tt.wants)
		})
	}
}

func TestReplanRevivesOnlyWhatThePlannerCancelled(t *testing.T) {
	iv := interview(t, "2026-11-20T12:00:00Z")
	in := input(t, "2026-11-20T17:00:00Z")
	in.History = Plan(iv, in)
	iv.Status = StatusReplied
	in.History = Plan(iv, in) // everything cancelled: they replied
	for i := range in.History {
		if in.History[i].Key == "thank-you:bob@acme.example" {
			in.History[i].Reason = "cancelled by you"
		}
	}
	iv.Status = StatusAwaiting // the reply turned out to be an auto-reply
	check(t, Plan(iv, in), []want{
		{"thank-you:jane@acme.example", "2026-11-20T15:00:00Z", StatePending, "thank-you 2h"},
		{"thank-you:bob@acme.example", "", StateCancelled, "cancelled by you"},
		{"check-in:1", "2026-11-30T08:00:00Z", StatePending, "they promised"},
		{"networking:2", "", StatePending, ""},
		{"networking:3", "", StatePending, ""},
	})
}

func TestReplanNeedsReview(t *testing.T) {
	iv := interview(t, "2026-11-20T12:00:00Z")
	in := input(t, "2026-11-20T17:00:00Z")
	in.Policy.MaxCheckIns = 1
	in.History = Plan(iv, in)
	for i := range in.History {
		in.History[i].State = StateNeedsReview
	}
	in.Now = utc("2026-11-25T10:00:00Z")
	check(t, Plan(iv, in), []want{
		{"thank-you:jane@acme.example", "", StateNeedsReview, ""}, // still overdue: the user decides
		{"thank-you:bob@acme.example", "", StateNeedsReview, ""},
		{"check-in:1", "2026-11-30T08:00:00Z", StatePending, ""}, // due again in the future
	})
}

func TestHumanDuration(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{2 * time.Hour, "2h"}, {90 * time.Minute, "1h30m"}, {30 * time.Minute, "30m"}, {0, "0m"},
		{24 * time.Hour, "1 day"}, {3 * 24 * time.Hour, "3 days"}, {14 * 24 * time.Hour, "2 weeks"},
	}
	for _, tt := range tests {
		if got := humanDuration(tt.in); got != tt.want {
			t.Errorf("humanDuration(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestPlanPromiseOnANonWorkday: a promised date on a weekend or holiday
// counts from the next business day; the reason keeps the date as said
// (issue 19, point 8).
func TestPlanPromiseOnANonWorkday(t *testing.T) {
	tests := []struct {
		name      string
		promised  calendar.Date
		checkIn   string
		reasonBit string
	}{
		{"couple of days from a Friday: Sunday", calendar.MakeDate(2026, 11, 29), "2026-12-01T08:00:00Z", "they promised by Sun 29 Nov, not a workday: counted from Mon 30 Nov"},
		{"48 hours from a Friday evening: Sunday", calendar.MakeDate(2026, 11, 29), "2026-12-01T08:00:00Z", "by Sun 29 Nov"},
		{"Saturday", calendar.MakeDate(2026, 11, 28), "2026-12-01T08:00:00Z", "counted from Mon 30 Nov"},
		{"early January: Sunday 10th", calendar.MakeDate(2027, 1, 10), "2027-01-12T08:00:00Z", "they promised by Sun 10 Jan, not a workday: counted from Mon 11 Jan"},
		{"a workday stays", calendar.MakeDate(2026, 11, 27), "2026-11-30T08:00:00Z", "they promised by Fri 27 Nov"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iv := interview(t, "2026-11-27T13:00:00Z")
			in := input(t, "2026-11-27T15:00:00Z")
			in.Promise = Promise{Found: true, Earliest: tt.promised, Latest: tt.promised}
			ac := byKey(Plan(iv, in))["check-in:1"]
			if got := ac.Due.UTC().Format(time.RFC3339); got != tt.checkIn || !strings.Contains(ac.Reason, tt.reasonBit) {
				t.Errorf("check-in:1 = %s %q, want %s %q", got, ac.Reason, tt.checkIn, tt.reasonBit)
			}
			if tt.name == "a workday stays" && strings.Contains(ac.Reason, "not a workday") {
				t.Errorf("check-in:1 reason = %q, want no note for a workday", ac.Reason)
			}
		})
	}
}
