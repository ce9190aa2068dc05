package agenda_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/cli/clitest"
)

// decisionJSON is the part of `show --json` and `plan --json` the snooze tests read.
type decisionJSON struct {
	ID       int64  `json:"id"`
	Kind     string `json:"kind"`
	Due      string `json:"due"`
	State    string `json:"state"`
	Reason   string `json:"reason"`
	Override *struct {
		Kind  string `json:"kind"`
		Until string `json:"until"`
		Label string `json:"label"`
	} `json:"override"`
}

func decisions(e *clitest.Env, id string) []decisionJSON {
	e.T.Helper()
	var v struct {
		Actions []decisionJSON `json:"actions"`
	}
	if err := json.Unmarshal([]byte(e.MustRun("show", id, "--json")), &v); err != nil {
		e.T.Fatalf("show --json: %v", err)
	}
	return v.Actions
}

// The plan of clitest.AddArgs, by due time: two thank-yous (Fri 20 Nov 16:45),
// check-in (Mon 30 Nov 09:00), networking (Mon 14 Dec, Mon 28 Dec).
const (
	bobThanks = iota
	janeThanks
	checkIn
	networking2
	networking3
)

func TestSnoozeSkipRescheduleSurviveReplan(t *testing.T) {
	e := clitest.NewEnv(t)
	clitest.WithBerlinConfig(t, e)
	id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	acs := decisions(e, id)
	num := func(i int) string { return strconv.FormatInt(acs[i].ID, 10) }

	if out := e.MustRun("snooze", num(checkIn), "--until", "2026-12-02 13:00"); out != "#3 check-in to Jane Roe (acme-backend-1120): snoozed until Wed 2 Dec 13:00, due Wed 2 Dec 13:00\n" {
		t.Errorf("snooze = %q, want one line saying until when", out)
	}
	if out := e.MustRun("skip", num(bobThanks)); !strings.Contains(out, "skipped; the rest of the plan keeps its schedule") {
		t.Errorf("skip = %q, want it to say the rest keeps its schedule", out)
	}
	if out := e.MustRun("reschedule", num(networking3), "2027-01-05", "10:00"); !strings.Contains(out, "rescheduled, due Tue 5 Jan 2027 10:00") {
		t.Errorf("reschedule = %q, want the new due time", out)
	}
	type row struct{ due, state, override, until string }
	want := []row{
		bobThanks:   {"2026-11-20T16:45:00+01:00", "cancelled", "skip", ""},
		janeThanks:  {"2026-11-20T16:45:00+01:00", "pending", "", ""},
		checkIn:     {"2026-12-02T13:00:00+01:00", "pending", "snooze", "2026-12-02T13:00:00+01:00"},
		networking2: {"2026-12-16T13:00:00+01:00", "pending", "", ""}, // two weeks after the snoozed check-in
		networking3: {"2027-01-05T10:00:00+01:00", "pending", "reschedule", "2027-01-05T10:00:00+01:00"},
	}
	check := func(when string) {
		t.Helper()
		byID := map[int64]decisionJSON{}
		for _, ac := range decisions(e, id) {
			byID[ac.ID] = ac
		}
		for i, w := range want {
			ac := byID[acs[i].ID]
			got := row{ac.Due, ac.State, "", ""}
			if ac.Override != nil {
				got.override, got.until = ac.Override.Kind, ac.Override.Until
			}
			if got != w {
				t.Errorf("%s: #%d %s = %+v, want %+v", when, ac.ID, ac.Kind, got, w)
			}
		}
	}
	check("after the decisions")
	show := e.MustRun("show", id)
	for _, w := range []string{"snoozed until Wed 2 Dec 13:00", "skipped", "skipped by you", "rescheduled to Tue 5 Jan 10:00"} {
		if !strings.Contains(show, w) {
			t.Errorf("show = %q, want it to contain %q", show, w)
		}
	}
	plan := e.MustRun("plan", id)
	for _, w := range []string{"— skipped by you [skipped]", "[snoozed until Wed 2 Dec 13:00]", "Tue 5 Jan 2027 10:00 — rescheduled by you; nothing heard"} {
		if !strings.Contains(plan, w) {
			t.Errorf("plan = %q, want it to contain %q", plan, w)
		}
	}
	var due []decisionJSON
	if err := json.Unmarshal([]byte(e.MustRun("plan", "--json")), &due); err != nil {
		t.Fatal(err)
	}
	if len(due) != 2 || due[1].Kind != "check-in" || due[1].Override == nil || due[1].Override.Label != "snoozed until Wed 2 Dec 13:00" {
		t.Errorf("plan --json = %+v, want Jane's thank-you and the snoozed check-in", due)
	}

	e.MustRun("edit", id, "--next-steps", "we'll get back to you tomorrow") // the plan would check in sooner
	check("after new next steps")
	e.MustRun("edit", id, "--notes", "nice team")
	check("after an edit without an answer")

	if out := e.MustRun("snooze", num(checkIn), "--undo"); !strings.Contains(out, "back on the plan, due") {
		t.Errorf("snooze --undo = %q, want it back on the plan", out)
	}
	if ac := decisions(e, id)[checkIn]; ac.Override != nil || ac.Due == want[checkIn].due {
		t.Errorf("check-in after --undo = %+v, want the planned time and no decision", ac)
	}

	e.MustRun("close", id, "--outcome", "rejected")
	for _, ac := range decisions(e, id) {
		if ac.State != "cancelled" || (ac.Override != nil && ac.Override.Kind != "skip") {
			t.Errorf("after closing: #%d %s %s override %+v, want cancelled and no snooze or reschedule shown", ac.ID, ac.Kind, ac.State, ac.Override)
		}
	}
	if _, errs, code := e.Run("snooze", num(networking2), "--until", "2027-02-01"); code != 2 || !strings.Contains(errs, "cancelled (interview closed: rejected)") {
		t.Errorf("snooze of a cancelled follow-up = exit %d, %q; want exit 2 saying it is cancelled", code, errs)
	}
}

func TestSnoozePhrases(t *testing.T) {
	// Now is Fri 20 Nov 17:00 in Berlin; Jane's thank-you is due at 16:45.
	tests := []struct {
		until, wantUntil, wantDue string
	}{
		{"monday", "2026-11-23T09:00:00+01:00", "2026-11-23T09:00:00+01:00"},
		{"in 3 days", "2026-11-23T09:00:00+01:00", "2026-11-23T09:00:00+01:00"},
		{"tomorrow", "2026-11-21T09:00:00+01:00", "2026-11-23T09:00:00+01:00"},  // a Saturday: placed in Monday's window
		{"next week", "2026-11-27T09:00:00+01:00", "2026-11-27T09:00:00+01:00"}, // as `followup when` reads it
		{"2026-12-07", "2026-12-07T09:00:00+01:00", "2026-12-07T09:00:00+01:00"},
		{"2026-12-07 10:00", "2026-12-07T10:00:00+01:00", "2026-12-07T10:00:00+01:00"},
		{"monday 11:30", "2026-11-23T11:30:00+01:00", "2026-11-23T11:30:00+01:00"},
		{"2026-12-07 20:00", "2026-12-07T20:00:00+01:00", "2026-12-08T09:00:00+01:00"}, // after the window
	}
	for _, tt := range tests {
		t.Run(tt.until, func(t *testing.T) {
			e := clitest.NewEnv(t)
			clitest.WithBerlinConfig(t, e)
			id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
			n := decisions(e, id)[janeThanks].ID
			e.MustRun("snooze", strconv.FormatInt(n, 10), "--until", tt.until)
			var ac decisionJSON
			for _, a := range decisions(e, id) {
				if a.ID == n {
					ac = a
				}
			}
			if ac.Override == nil || ac.Override.Until != tt.wantUntil || ac.Due != tt.wantDue || ac.State != "pending" {
				t.Errorf("snooze --until %q: due %s, %s, override %+v; want until %s, due %s", tt.until, ac.Due, ac.State, ac.Override, tt.wantUntil, tt.wantDue)
			}
		})
	}
}

func TestSnoozeBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no date", []string{"snooze", "3", "--until", "whenever suits"}, `"whenever suits": no date in it`},
		{"past date", []string{"snooze", "3", "--until", "2026-11-01"}, "already past"},
		{"past time", []string{"snooze", "3", "--until", "2026-11-20 09:00"}, "already past"},
		{"no until", []string{"snooze", "3"}, "snooze needs --until WHEN"},
		{"until and undo", []string{"snooze", "3", "--until", "monday", "--undo"}, "not both"},
		{"not a number", []string{"snooze", "acme", "--until", "monday"}, "invalid follow-up number"},
		{"unknown number", []string{"snooze", "99", "--until", "monday"}, "no follow-up #99"},
		{"zero", []string{"skip", "0"}, "invalid follow-up number"},
		{"reschedule without when", []string{"reschedule", "3"}, "reschedule needs WHEN"},
		{"reschedule no date", []string{"reschedule", "3", "someday"}, "no date in it"},
		{"undo without a decision", []string{"skip", "3", "--undo"}, "nothing to undo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := clitest.NewEnv(t)
			clitest.WithBerlinConfig(t, e)
			id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
			before := e.MustRun("show", id, "--json")
			out, errs, code := e.Run(tt.args...)
			if code != 2 || out != "" || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.Contains(errs, tt.want) {
				t.Errorf("followup %v = exit %d, stdout %q, stderr %q; want exit 2 and one line containing %q", tt.args, code, out, errs, tt.want)
			}
			if after := e.MustRun("show", id, "--json"); after != before {
				t.Errorf("followup %v changed the plan: %s", tt.args, after)
			}
		})
	}
}

// TestEditedDraftStaysScheduled: drafting a follow-up early with --edit
// keeps it at its time — drafted when the edit is saved, still pending
// when it is not, never cancelled or moved —, the rest of the plan keeps
// its schedule, and a replan leaves it so.
func TestEditedDraftStaysScheduled(t *testing.T) {
	tests := []struct {
		name, answer, wantState string
	}{
		{"saved", "y\n", "drafted"},
		{"not saved", "n\n", "pending"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := clitest.NewEnv(t)
			clitest.WithBerlinConfig(t, e)
			id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
			before := decisions(e, id)
			script := filepath.Join(e.Dir, "editor.sh")
			if err := os.WriteFile(script, []byte("#!/bin/sh\nsed -i 's/^Subject: .*/Subject: Checking in/' \"$1\"\n"), 0o700); err != nil {
				t.Fatal(err)
			}
			e.Vars["EDITOR"] = script
			e.In = tt.answer
			e.MustRun("draft", id, "--kind", "check-in", "--edit") // ten days early
			e.In = ""
			for _, when := range []string{"after the edited draft", "after a replan"} {
				for i, ac := range decisions(e, id) {
					wantState := before[i].State
					if i == checkIn {
						wantState = tt.wantState
					}
					if ac.ID != before[i].ID || ac.Due != before[i].Due || ac.State != wantState {
						t.Errorf("%s: #%d %s = due %s %s, want due %s %s", when, ac.ID, ac.Kind, ac.Due, ac.State, before[i].Due, wantState)
					}
				}
				e.MustRun("edit", id, "--notes", "drafted the check-in early")
			}
			_, errs, code := e.Run("snooze", strconv.FormatInt(before[checkIn].ID, 10), "--until", "2026-12-07")
			if tt.wantState == "drafted" && (code != 2 || !strings.Contains(errs, "already drafted")) {
				t.Errorf("snooze of the drafted check-in = exit %d, %q; want exit 2 saying it is drafted", code, errs)
			}
			if tt.wantState == "pending" && code != 0 {
				t.Errorf("snooze of the previewed check-in = exit %d, %q; want it snoozed", code, errs)
			}
		})
	}
}
