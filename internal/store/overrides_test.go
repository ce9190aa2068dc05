package store

import (
	"errors"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/followup"
)

func TestOverridesSurviveReopen(t *testing.T) {
	ctx := t.Context()
	s := openTemp(t)
	id, err := s.AddInterview(ctx, sample("Acme"), now)
	if err != nil {
		t.Fatal(err)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := time.Date(2026, 12, 7, 10, 0, 0, 0, berlin)
	for _, o := range []followup.Override{
		{InterviewID: id, Key: "check-in:1", Kind: followup.OverrideSkip, SetAt: now},
		{InterviewID: id, Key: "check-in:1", Kind: followup.OverrideSnooze, At: at, SetAt: now.Add(time.Minute)}, // replaces the skip
		{InterviewID: id, Key: "networking:2", Kind: followup.OverrideReschedule, At: at.AddDate(0, 0, 14), SetAt: now},
		{InterviewID: id, Key: "thank-you:bob@acme.example", Kind: followup.OverrideSkip, SetAt: now},
	} {
		if err := s.SetOverride(ctx, o); err != nil {
			t.Fatalf("SetOverride(%s %s) = %v", o.Kind, o.Key, err)
		}
	}
	if err := s.DeleteOverride(ctx, id, "thank-you:bob@acme.example"); err != nil {
		t.Fatalf("DeleteOverride = %v", err)
	}
	if err := s.DeleteOverride(ctx, id, "thank-you:bob@acme.example"); !errors.Is(err, ErrNotFound) {
		t.Errorf("DeleteOverride(again) = %v, want ErrNotFound", err)
	}
	s.Close()
	if s, err = s.Reopen(ctx); err != nil { // a daemon restart
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Overrides(ctx, id)
	if err != nil {
		t.Fatalf("Overrides = %v", err)
	}
	if len(got) != 2 {
		t.Fatalf("Overrides = %+v, want check-in:1 and networking:2", got)
	}
	if o := got[0]; o.Key != "check-in:1" || o.Kind != followup.OverrideSnooze || !o.At.Equal(at) ||
		o.At.Location().String() != "Europe/Berlin" || !o.SetAt.Equal(now.Add(time.Minute)) {
		t.Errorf("Overrides[0] = %+v, want check-in:1 snoozed until %s (Europe/Berlin)", o, at)
	}
	if o := got[1]; o.Key != "networking:2" || o.Kind != followup.OverrideReschedule || !o.At.Equal(at.AddDate(0, 0, 14)) {
		t.Errorf("Overrides[1] = %+v, want networking:2 rescheduled", o)
	}
	if err := s.DeleteInterview(ctx, id, now); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Overrides(ctx, id); err != nil || len(got) != 0 {
		t.Errorf("Overrides after the interview was removed = %+v, %v; want none", got, err)
	}
}
