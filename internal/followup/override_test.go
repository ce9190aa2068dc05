package followup

import (
	"testing"

	"github.com/followup-dev/followup/internal/calendar"
)

func TestReplanAppliesOverrides(t *testing.T) {
	// The base plan: thank-yous Fri 20 Nov 15:00Z, check-in:1 Mon 30 Nov
	// 08:00Z, networking:2 Mon 14 Dec, networking:3 Mon 28 Dec.
	tests := []struct {
		name  string
		ov    Override
		wants []want
	}{
		{"snooze later", Override{Key: "check-in:1", Kind: OverrideSnooze, At: utc("2026-12-02T12:00:00Z")}, []want{
			{"check-in:1", "2026-12-02T12:00:00Z", StatePending, "snoozed by you; they promised by Fri 27 Nov"},
			{"networking:2", "2026-12-16T12:00:00Z", StatePending, "after check-in 1"},
			{"networking:3", "2026-12-30T12:00:00Z", StatePending, ""},
		}},
		{"snooze placed in the window", Override{Key: "check-in:1", Kind: OverrideSnooze, At: utc("2026-12-05T10:00:00Z")}, []want{
			{"check-in:1", "2026-12-07T08:00:00Z", StatePending, "snoozed by you; they promised"},
			{"networking:2", "2026-12-21T08:00:00Z", StatePending, ""},
			{"networking:3", "2027-01-04T08:00:00Z", StatePending, ""},
		}},
		{"snooze earlier than planned", Override{Key: "check-in:1", Kind: OverrideSnooze, At: utc("2026-11-25T10:00:00Z")}, []want{
			{"check-in:1", "2026-11-30T08:00:00Z", StatePending, "they promised by Fri 27 Nov"},
			{"networking:2", "2026-12-14T08:00:00Z", StatePending, ""},
			{"networking:3", "2026-12-28T08:00:00Z", StatePending, ""},
		}},
		{"skip", Override{Key: "check-in:1", Kind: OverrideSkip}, []want{
			{"check-in:1", "2026-11-30T08:00:00Z", StateCancelled, SkippedReason},
			{"networking:2", "2026-12-14T08:00:00Z", StatePending, "after check-in 1"},
			{"networking:3", "2026-12-28T08:00:00Z", StatePending, ""},
		}},
		{"reschedule earlier, off the window", Override{Key: "check-in:1", Kind: OverrideReschedule, At: utc("2026-11-28T18:30:00Z")}, []want{
			{"check-in:1", "2026-11-28T18:30:00Z", StatePending, "rescheduled by you; they promised"},
			{"networking:2", "2026-12-14T08:00:00Z", StatePending, ""}, // Sat 12 Dec 19:30 placed on Monday
			{"networking:3", "2026-12-28T08:00:00Z", StatePending, ""},
		}},
		{"reschedule a thank-you", Override{Key: "thank-you:bob@acme.example", Kind: OverrideReschedule, At: utc("2026-11-23T07:15:00Z")}, []want{
			{"check-in:1", "2026-11-30T08:00:00Z", StatePending, ""},
			{"networking:2", "2026-12-14T08:00:00Z", StatePending, ""},
			{"networking:3", "2026-12-28T08:00:00Z", StatePending, ""},
			{"thank-you:bob@acme.example", "2026-11-23T07:15:00Z", StatePending, "rescheduled by you; thank-you 2h"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iv := interview(t, "2026-11-20T12:00:00Z")
			in := input(t, "2026-11-20T17:00:00Z")
			in.History = withIDs(Plan(iv, in))
			in.Overrides = []Override{tt.ov}
			wants := tt.wants
			if tt.ov.Key != "thank-you:bob@acme.example" {
				wants = append(wants, want{"thank-you:bob@acme.example", "2026-11-20T15:00:00Z", StatePending, ""})
			}
			wants = append(wants, want{"thank-you:jane@acme.example", "2026-11-20T15:00:00Z", StatePending, ""})
			got := Plan(iv, in)
			check(t, got, wants)
			// Planning again from what was stored changes nothing.
			in.History = got
			check(t, Plan(iv, in), wants)
		})
	}
}

// withIDs numbers a first plan as the store would.
func withIDs(acs []Action) []Action {
	for i := range acs {
		acs[i].ID = int64(i + 1)
	}
	return acs
}

func TestOverridesSurviveNewNextSteps(t *testing.T) {
	later := Promise{Found: true, Earliest: calendar.MakeDate(2026, 12, 4), Latest: calendar.MakeDate(2026, 12, 4)}    // check-in:1 Mon 7 Dec
	sooner := Promise{Found: true, Earliest: calendar.MakeDate(2026, 11, 23), Latest: calendar.MakeDate(2026, 11, 23)} // check-in:1 Tue 24 Nov
	tests := []struct {
		name    string
		ov      Override
		promise Promise
		want    want
	}{
		{"snooze kept when the plan moves sooner", Override{Key: "check-in:1", Kind: OverrideSnooze, At: utc("2026-12-02T12:00:00Z")}, sooner,
			want{"check-in:1", "2026-12-02T12:00:00Z", StatePending, "snoozed by you"}},
		{"snooze passed by a later plan", Override{Key: "check-in:1", Kind: OverrideSnooze, At: utc("2026-12-02T12:00:00Z")}, later,
			want{"check-in:1", "2026-12-07T08:00:00Z", StatePending, "they promised by Fri 4 Dec"}},
		{"skip kept", Override{Key: "check-in:1", Kind: OverrideSkip}, later,
			want{"check-in:1", "", StateCancelled, SkippedReason}},
		{"reschedule kept", Override{Key: "check-in:1", Kind: OverrideReschedule, At: utc("2026-12-01T10:00:00Z")}, later,
			want{"check-in:1", "2026-12-01T10:00:00Z", StatePending, "rescheduled by you"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iv := interview(t, "2026-11-20T12:00:00Z")
			in := input(t, "2026-11-20T17:00:00Z")
			in.History = withIDs(Plan(iv, in))
			in.Overrides = []Override{tt.ov}
			in.History = Plan(iv, in)
			in.Promise, in.Now = tt.promise, utc("2026-11-21T10:00:00Z")
			got := byKey(Plan(iv, in))
			check(t, []Action{got[tt.want.key]}, []want{tt.want})
		})
	}
}

func TestOverridesYieldToAStop(t *testing.T) {
	iv := interview(t, "2026-11-20T12:00:00Z")
	in := input(t, "2026-11-20T17:00:00Z")
	in.History = withIDs(Plan(iv, in))
	in.Overrides = []Override{
		{Key: "check-in:1", Kind: OverrideSnooze, At: utc("2026-12-02T12:00:00Z")},
		{Key: "networking:2", Kind: OverrideSkip},
		{Key: "networking:3", Kind: OverrideReschedule, At: utc("2027-01-05T10:00:00Z")},
	}
	in.History = Plan(iv, in)
	iv.Status = StatusReplied
	check(t, Plan(iv, in), []want{
		{"thank-you:jane@acme.example", "", StateCancelled, "they replied"},
		{"thank-you:bob@acme.example", "", StateCancelled, "they replied"},
		{"check-in:1", "", StateCancelled, "they replied"},
		{"networking:2", "", StateCancelled, SkippedReason},
		{"networking:3", "", StateCancelled, "they replied"},
	})
}

func TestSkipThenSnoozeBringsItBack(t *testing.T) {
	iv := interview(t, "2026-11-20T12:00:00Z")
	in := input(t, "2026-11-20T17:00:00Z")
	in.History = withIDs(Plan(iv, in))
	in.Overrides = []Override{{Key: "check-in:1", Kind: OverrideSkip}}
	in.History = Plan(iv, in)
	in.Overrides = []Override{{Key: "check-in:1", Kind: OverrideSnooze, At: utc("2026-12-02T12:00:00Z")}}
	got := byKey(Plan(iv, in))
	check(t, []Action{got["check-in:1"]}, []want{{"check-in:1", "2026-12-02T12:00:00Z", StatePending, "snoozed by you"}})
	in.Overrides = nil // the decision was withdrawn
	got = byKey(Plan(iv, in))
	check(t, []Action{got["check-in:1"]}, []want{{"check-in:1", "2026-11-30T08:00:00Z", StatePending, "they promised"}})
}

func TestSnoozeSettlesAReview(t *testing.T) {
	iv := interview(t, "2026-11-20T12:00:00Z")
	in := input(t, "2026-11-20T17:00:00Z")
	in.Policy.MaxCheckIns = 1
	in.History = withIDs(Plan(iv, in))
	for i := range in.History {
		in.History[i].State = StateNeedsReview
	}
	in.Now = utc("2026-11-25T10:00:00Z")
	in.Overrides = []Override{{Key: "thank-you:jane@acme.example", Kind: OverrideSnooze, At: utc("2026-11-26T10:00:00Z")}}
	check(t, Plan(iv, in), []want{
		{"thank-you:jane@acme.example", "2026-11-26T10:00:00Z", StatePending, "snoozed by you"},
		{"thank-you:bob@acme.example", "", StateNeedsReview, ""},
		{"check-in:1", "", StatePending, ""},
	})
}

func TestOverrideInEffectAndLabel(t *testing.T) {
	berlin := mustZone(t, "Europe/Berlin")
	at := utc("2026-12-07T08:00:00Z")
	tests := []struct {
		ov    Override
		ac    Action
		in    bool
		label string
	}{
		{Override{Key: "k", Kind: OverrideSnooze, At: at}, Action{Key: "k", State: StatePending}, true, "snoozed until Mon 7 Dec 09:00"},
		{Override{Key: "k", Kind: OverrideSnooze, At: at}, Action{Key: "k", State: StateSent}, false, "snoozed until Mon 7 Dec 09:00"},
		{Override{Key: "k", Kind: OverrideReschedule, At: at}, Action{Key: "k", State: StateNeedsReview}, true, "rescheduled to Mon 7 Dec 09:00"},
		{Override{Key: "k", Kind: OverrideReschedule, At: at}, Action{Key: "other", State: StatePending}, false, "rescheduled to Mon 7 Dec 09:00"},
		{Override{Key: "k", Kind: OverrideSkip}, Action{Key: "k", State: StateCancelled, Reason: SkippedReason}, true, "skipped"},
		{Override{Key: "k", Kind: OverrideSkip}, Action{Key: "k", State: StateCancelled, Reason: "they replied"}, false, "skipped"},
	}
	for _, tt := range tests {
		if got := tt.ov.InEffect(tt.ac); got != tt.in {
			t.Errorf("%+v.InEffect(%s %s) = %v, want %v", tt.ov, tt.ac.Key, tt.ac.State, got, tt.in)
		}
		if got := tt.ov.Label(berlin); got != tt.label {
			t.Errorf("%+v.Label() = %q, want %q", tt.ov, got, tt.label)
		}
	}
}
