package agenda_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/cli/clitest"
)

func TestWhenJSON(t *testing.T) {
	tests := []struct {
		name             string
		args             []string
		earliest, latest any
		rule             string
	}{
		{"working days", []string{"--from", "2026-12-04T15:00", "--tz", "UTC", "They'll get back to me in 4-5 working days"}, "2026-12-10", "2026-12-11", "business-days"},
		{"nothing promised", []string{"--from", "2026-12-04T15:00", "--tz", "UTC", "we'll be in touch soon"}, nil, nil, "none"},
		{"words as separate arguments", []string{"--from", "2026-11-20", "--tz", "Europe/Berlin", "within", "5", "business", "days"}, "2026-11-27", "2026-11-27", "business-days"},
		{"rfc 3339 from", []string{"--from", "2026-12-04T23:30:00-05:00", "--tz", "Europe/Berlin", "we'll decide by Friday"}, "2026-12-11", "2026-12-11", "weekday"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := clitest.NewEnv(t)
			out := e.MustRun(append([]string{"when", "--json"}, tt.args...)...)
			dec := json.NewDecoder(strings.NewReader(out))
			var v map[string]any
			if err := dec.Decode(&v); err != nil {
				t.Fatalf("when --json = %q: %v", out, err)
			}
			if dec.More() {
				t.Errorf("when --json = %q, want exactly one object", out)
			}
			if v["earliest"] != tt.earliest || v["latest"] != tt.latest || v["rule"] != tt.rule {
				t.Errorf("when %v = earliest %v latest %v rule %v, want %v %v %v", tt.args, v["earliest"], v["latest"], v["rule"], tt.earliest, tt.latest, tt.rule)
			}
			for _, k := range []string{"text", "from", "earliest", "latest", "rule"} {
				if _, ok := v[k]; !ok {
					t.Errorf("when --json = %q, lacks %q", out, k)
				}
			}
		})
	}
}

func TestWhenAcceptance(t *testing.T) {
	e := clitest.NewEnv(t)
	out := e.MustRun("when", "--from", "2026-12-04T15:00", "--tz", "UTC", "--json", "They'll get back to me in 4-5 working days")
	if !strings.Contains(out, `"latest": "2026-12-11"`) || !strings.Contains(out, `"from": "2026-12-04"`) {
		t.Errorf("when (4-5 working days) = %q, want \"latest\": \"2026-12-11\"", out)
	}
	out = e.MustRun("when", "--from", "2026-12-04T15:00", "--tz", "UTC", "--json", "we'll be in touch soon")
	if !strings.Contains(out, `"latest": null`) || !strings.Contains(out, `"earliest": null`) {
		t.Errorf("when (soon) = %q, want \"latest\": null", out)
	}
}

func TestWhenPlainAndErrors(t *testing.T) {
	e := clitest.NewEnv(t)
	if out := e.MustRun("when", "--from", "2026-11-20", "--tz", "UTC", "in 5 business days"); out != "by Fri 27 Nov 2026 (5 business days after Fri 20 Nov)\n" {
		t.Errorf("when = %q, want one readable line", out)
	}
	if out := e.MustRun("when", "--tz", "UTC", "we'll be in touch"); strings.Count(out, "\n") != 1 {
		t.Errorf("when (no date, default now) = %q, want one line", out)
	}
	for _, args := range [][]string{
		{"when", "--from", "next week", "text"},
		{"when", "--tz", "Mars/Olympus", "text"},
		{"when", "--from", "2026-03-29T02:30", "--tz", "Europe/Berlin", "text"},
		{"when"},
	} {
		if _, errs, code := e.Run(args...); code != 2 || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("followup %v = exit %d, stderr %q; want exit 2 with one line", args, code, errs)
		}
	}
}

// showJSON is the part of `show --json` the plan tests read.
type showJSON struct {
	Deadline *struct {
		Earliest string `json:"earliest"`
		Latest   string `json:"latest"`
	} `json:"deadline"`
	Actions []struct {
		ID     int64    `json:"id"`
		Kind   string   `json:"kind"`
		To     []string `json:"to"`
		Due    string   `json:"due"`
		State  string   `json:"state"`
		Reason string   `json:"reason"`
	} `json:"actions"`
}

func show(e *clitest.Env, id string) showJSON {
	e.T.Helper()
	var v showJSON
	if err := json.Unmarshal([]byte(e.MustRun("show", id, "--json")), &v); err != nil {
		e.T.Fatalf("show --json: %v", err)
	}
	return v
}

func TestShowJSONHasDeadlineAndActions(t *testing.T) {
	e := clitest.NewEnv(t)
	clitest.WithBerlinConfig(t, e)
	id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	v := show(e, id)
	if v.Deadline == nil || v.Deadline.Earliest != "2026-11-26" || v.Deadline.Latest != "2026-11-27" {
		t.Errorf("show deadline = %+v, want 2026-11-26 … 2026-11-27", v.Deadline)
	}
	type row struct{ kind, to, due, state, reason string }
	want := []row{
		{"thank-you", "bob@acme.example", "2026-11-20T16:45:00+01:00", "pending", "thank-you 2h after the interview"},
		{"thank-you", "jane@acme.example", "2026-11-20T16:45:00+01:00", "pending", "thank-you 2h after the interview"},
		{"check-in", "jane@acme.example", "2026-11-30T09:00:00+01:00", "pending", "they promised by Fri 27 Nov"},
		{"networking", "jane@acme.example", "2026-12-14T09:00:00+01:00", "pending", "nothing heard 2 weeks after check-in 1"},
		{"networking", "jane@acme.example", "2026-12-28T09:00:00+01:00", "pending", "nothing heard 2 weeks after check-in 2"},
	}
	if len(v.Actions) != len(want) {
		t.Fatalf("show actions = %+v, want %d", v.Actions, len(want))
	}
	for i, w := range want {
		a := v.Actions[i]
		got := row{a.Kind, strings.Join(a.To, ","), a.Due, a.State, a.Reason}
		if got != w || a.ID == 0 {
			t.Errorf("show action %d = %+v (id %d), want %+v", i, got, a.ID, w)
		}
	}
	if list := e.MustRun("list"); !strings.Contains(list, "thank-you Fri 20 Nov 16:45") {
		t.Errorf("list = %q, want the next pending action in NEXT ACTION", list)
	}
}

func TestPlanCommand(t *testing.T) {
	e := clitest.NewEnv(t)
	clitest.WithBerlinConfig(t, e)
	id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	out := e.MustRun("plan", id)
	for _, w := range []string{
		"acme-backend-1120  Acme — Backend Engineer (awaiting)",
		"check-in to Jane Roe — Mon 30 Nov 09:00 — they promised by Fri 27 Nov",
		"thank-you to Bob Poe — Fri 20 Nov 16:45 — thank-you 2h after the interview",
		"networking to Jane Roe — Mon 28 Dec 09:00",
		"quiet from Mon 11 Jan 2027 09:00 if nothing is heard by then",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("plan %s = %q, want it to contain %q", id, out, w)
		}
	}
	var all []map[string]any
	if err := json.Unmarshal([]byte(e.MustRun("plan", "--json")), &all); err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || all[2]["kind"] != "check-in" || all[2]["interview"] != id {
		t.Errorf("plan --json = %v, want two thank-yous and the check-in due in 14 days", all)
	}
	if out := e.MustRun("plan"); !strings.Contains(out, "check-in to Jane Roe — Mon 30 Nov 09:00") || strings.Contains(out, "networking") {
		t.Errorf("plan = %q, want the check-in and nothing after 4 Dec", out)
	}
	if _, _, code := e.Run("plan", "nope-1120"); code != 2 {
		t.Errorf("plan nope-1120 = exit %d, want 2", code)
	}
}

func TestReplanOnEditAndClose(t *testing.T) {
	e := clitest.NewEnv(t)
	clitest.WithBerlinConfig(t, e)
	id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	before := show(e, id)
	e.MustRun("edit", id, "--next-steps", "")
	v := show(e, id)
	if v.Deadline != nil {
		t.Errorf("show deadline without next steps = %+v, want null", v.Deadline)
	}
	if c := v.Actions[2]; c.ID != before.Actions[2].ID || c.Due != "2026-12-04T09:00:00+01:00" || c.Reason != "nothing promised: 10 business days of quiet" {
		t.Errorf("check-in after clearing next steps = %+v, want id %d due 2026-12-04T09:00:00+01:00", c, before.Actions[2].ID)
	}
	if r := v.Actions[0].Reason; !strings.Contains(r, "no next steps recorded: ask about the timeline") {
		t.Errorf("thank-you reason without next steps = %q, want it to suggest asking", r)
	}
	if show := e.MustRun("show", id); !strings.Contains(show, "ask about the timeline in your thank-you note") {
		t.Errorf("show without next steps = %q, want it to suggest asking about them", show)
	}
	e.MustRun("edit", id, "--interviewer", "Jane Roe <jane@acme.example>")
	if got := show(e, id).Actions[0]; got.State != "cancelled" || got.Reason != "interviewer removed: bob@acme.example" {
		t.Errorf("Bob's thank-you after removing him = %+v, want cancelled: interviewer removed", got)
	}
	e.MustRun("close", id, "--outcome", "offer")
	for _, a := range show(e, id).Actions {
		if a.State != "cancelled" {
			t.Errorf("after close: %s %s, want cancelled", a.Kind, a.State)
		}
		if a.Kind != "thank-you" || strings.Join(a.To, "") == "jane@acme.example" {
			if a.Reason != "interview closed: offer" {
				t.Errorf("after close: %s reason %q, want \"interview closed: offer\"", a.Kind, a.Reason)
			}
		}
	}
}

// TestPlanWeekendPromise: promises that land on a weekend said on a
// Friday give a check-in after the next workday (issue 19, point 8).
func TestPlanWeekendPromise(t *testing.T) {
	tests := []struct{ nextSteps, want string }{
		{"we'll get back to you in a couple of days", "check-in to Jane Roe — Tue 24 Nov 09:00 — they promised by Sun 22 Nov"},
		{"you'll hear from us within 48 hours", "check-in to Jane Roe — Tue 24 Nov 09:00 — they promised by Sun 22 Nov"},
		{"we'll decide in early January", "check-in to Jane Roe — Tue 12 Jan 2027 09:00 — they promised by Sun 10 Jan"},
	}
	for _, tt := range tests {
		t.Run(tt.nextSteps, func(t *testing.T) {
			e := clitest.NewEnv(t)
			clitest.WithBerlinConfig(t, e)
			id := strings.TrimSpace(e.MustRun("add", "--company", "Acme", "--role", "SRE", "--at", "2026-11-20 10:00",
				"--interviewer", "Jane Roe <jane@acme.example>", "--next-steps", tt.nextSteps))
			if out := e.MustRun("plan", id); !strings.Contains(out, tt.want) {
				t.Errorf("plan after %q = %q, want %q", tt.nextSteps, out, tt.want)
			}
		})
	}
}
