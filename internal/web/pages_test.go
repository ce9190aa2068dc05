package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/apptest"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
)

func TestBoard(t *testing.T) {
	f := newFixture(t)
	code, body := f.get("/")
	if code != http.StatusOK {
		t.Fatalf("GET / = %d, want 200", code)
	}
	wantContains(t, "the board", body, `id="col-upcoming"`, `id="col-awaiting"`, `id="col-replied"`, `id="col-quiet"`, `id="col-closed"`,
		"Acme", "Backend Engineer", "/interview/"+f.app.ID, "thank-you")
}

func TestBoardPages(t *testing.T) {
	f := newFixture(t)
	f.web.opts.PageSize = 1
	for i := range 2 {
		iv := &followup.Interview{Company: "Extra" + strconv.Itoa(i), Role: "SRE", Start: apptest.Now.Add(-24 * 3600e9), Duration: 45 * 60e9,
			Interviewers: []followup.Person{{Name: "Ann", Email: "ann@x.example", Role: followup.RoleInterviewer}}}
		if _, err := f.svc.Planner.Add(t.Context(), iv); err != nil {
			t.Fatal(err)
		}
	}
	_, body := f.get("/")
	wantContains(t, "the board", body, "more awaiting", `<span class="count">3</span>`)
	_, body = f.get("/?status=awaiting&page=3")
	wantContains(t, "page 3 of awaiting", body, "previous")
	if strings.Contains(body, "col-upcoming") {
		t.Error("GET /?status=awaiting shows other statuses")
	}
}

func TestInterviewPage(t *testing.T) {
	f := newFixture(t)
	code, body := f.get("/interview/" + f.app.ID)
	if code != http.StatusOK {
		t.Fatalf("GET /interview/%s = %d, want 200", f.app.ID, code)
	}
	wantContains(t, "the interview page", body, "Jane Roe", "jane@acme.example", "Bob Poe",
		"we&#39;ll get back to you in 4-5 working days", "Promised by", "thank-you", "check-in", "Approve &amp; send", "Snooze", "Skip")
	if code, _ := f.get("/interview/nope-0101"); code != http.StatusBadRequest {
		t.Errorf("GET /interview/nope-0101 = %d, want 400", code)
	}
}

func TestToday(t *testing.T) {
	f := newFixture(t)
	code, body := f.get("/today")
	if code != http.StatusOK {
		t.Fatalf("GET /today = %d, want 200", code)
	}
	wantContains(t, "today", body, "Waits for your approval", "Acme", "jane@acme.example", "bob@acme.example", "Pause sending")
	if strings.Contains(body, "check-in") {
		t.Error("today lists the check-in due in 10 days")
	}
}

func TestClose(t *testing.T) {
	f := newFixture(t)
	if code, _ := f.post("/interview/"+f.app.ID+"/close", url.Values{"outcome": {"offer"}}); code != http.StatusSeeOther {
		t.Fatalf("POST close = %d, want 303", code)
	}
	iv, _ := f.app.Store.GetInterview(t.Context(), f.app.ID)
	if iv.Status != followup.StatusClosed || iv.Outcome != followup.OutcomeOffer {
		t.Errorf("after close: %s %s, want closed offer", iv.Status, iv.Outcome)
	}
	if code, body := f.post("/interview/"+f.app.ID+"/close", url.Values{"outcome": {"maybe"}}); code != http.StatusBadRequest || !strings.Contains(body, "use offer, rejected or withdrawn") {
		t.Errorf("POST close with outcome maybe = %d, want 400 saying what to use", code)
	}
}

func TestLogSignals(t *testing.T) {
	f := newFixture(t)
	form := url.Values{"overrun": {"15"}, "engagement": {"high"}, "off_script": {"low"}, "clarity": {"clear"}, "concerns": {"none"}}
	if code, _ := f.post("/interview/"+f.app.ID+"/signals", form); code != http.StatusSeeOther {
		t.Fatalf("POST signals = %d, want 303", code)
	}
	iv, _ := f.app.Store.GetInterview(t.Context(), f.app.ID)
	if s := iv.Signals; s.OverrunMinutes == nil || *s.OverrunMinutes != 15 || s.Engagement != followup.LevelHigh || s.NextStepsClarity != followup.ClarityClear {
		t.Errorf("signals after the form = %+v", s)
	}
	if code, _ := f.post("/interview/"+f.app.ID+"/signals", url.Values{"engagement": {"huge"}}); code != http.StatusBadRequest {
		t.Errorf("POST signals engagement=huge = %d, want 400", code)
	}
}

func TestSnoozeSkipUndo(t *testing.T) {
	f := newFixture(t)
	jane := apptest.Action(t, f.app.Store, f.app.ID, "thank-you:jane@acme.example")
	bob := apptest.Action(t, f.app.Store, f.app.ID, "thank-you:bob@acme.example")
	n := strconv.FormatInt(jane.ID, 10)
	if code, _ := f.post("/action/"+n+"/snooze", url.Values{"days": {"3"}}); code != http.StatusSeeOther {
		t.Fatalf("POST snooze = %d, want 303", code)
	}
	ovs, _ := f.app.Store.Overrides(t.Context(), f.app.ID)
	if len(ovs) != 1 || ovs[0].Kind != followup.OverrideSnooze {
		t.Fatalf("overrides after snooze = %+v, want one snooze", ovs)
	}
	_, body := f.get("/interview/" + f.app.ID)
	wantContains(t, "the interview page", body, "snoozed until", "Undo")
	if code, _ := f.post("/action/"+n+"/undo", nil); code != http.StatusSeeOther {
		t.Errorf("POST undo = %d, want 303", code)
	}
	if code, _ := f.post("/action/"+strconv.FormatInt(bob.ID, 10)+"/skip", nil); code != http.StatusSeeOther {
		t.Errorf("POST skip = %d, want 303", code)
	}
	if got := apptest.Action(t, f.app.Store, f.app.ID, bob.Key); got.State != followup.StateCancelled || got.Reason != followup.SkippedReason {
		t.Errorf("bob's thank-you after skip = %s (%s), want cancelled, skipped", got.State, got.Reason)
	}
	if code, _ := f.post("/action/"+n+"/snooze", url.Values{"days": {"0"}}); code != http.StatusBadRequest {
		t.Errorf("POST snooze days=0 = %d, want 400", code)
	}
}

func TestPreviewAndSend(t *testing.T) {
	f := newFixture(t)
	jane := apptest.Action(t, f.app.Store, f.app.ID, "thank-you:jane@acme.example")
	n := strconv.FormatInt(jane.ID, 10)
	code, body := f.post("/interview/"+f.app.ID+"/preview", url.Values{"action": {n}})
	if code != http.StatusOK {
		t.Fatalf("POST preview = %d: %s", code, body)
	}
	wantContains(t, "the preview", body, "jane@acme.example", "Subject:", "/action/"+n+"/send")
	if len(f.smtp.Messages()) != 0 {
		t.Fatal("preview sent mail")
	}
	if code, body := f.post("/action/"+n+"/send", nil); code != http.StatusOK || !strings.Contains(body, "1 sent") {
		t.Fatalf("POST send = %d, want 200 saying 1 sent: %s", code, body)
	}
	if len(f.smtp.Messages()) != 1 {
		t.Errorf("messages delivered = %d, want 1", len(f.smtp.Messages()))
	}
	rows, _ := f.app.Store.ListOutbox(t.Context(), store.OutboxSent)
	if len(rows) != 1 || rows[0].ActionID != jane.ID {
		t.Errorf("sent outbox rows = %+v, want jane's thank-you", rows)
	}
	if code, _ := f.post("/action/"+n+"/send", nil); code != http.StatusBadRequest {
		t.Errorf("POST send again = %d, want 400 (nothing to send)", code)
	}
}

func TestPauseResume(t *testing.T) {
	f := newFixture(t)
	f.post("/pause", url.Values{"back": {"/today"}})
	_, body := f.get("/today")
	wantContains(t, "today while paused", body, "Resume sending")
	jane := apptest.Action(t, f.app.Store, f.app.ID, "thank-you:jane@acme.example")
	if code, body := f.post("/action/"+strconv.FormatInt(jane.ID, 10)+"/send", nil); code != http.StatusBadRequest || !strings.Contains(body, "paused") {
		t.Errorf("POST send while paused = %d, want 400 saying paused", code)
	}
	f.post("/resume", nil)
	if _, paused, _ := f.svc.Outbox.Paused(t.Context()); paused {
		t.Error("still paused after POST /resume")
	}
}

func TestAddInterview(t *testing.T) {
	f := newFixture(t)
	if code, body := f.get("/add"); code != http.StatusOK || !strings.Contains(body, `name="csrf"`) {
		t.Fatalf("GET /add = %d, want the form with a csrf field", code)
	}
	form := url.Values{"company": {"Globex"}, "role": {"SRE"}, "at": {"2026-11-25T10:00"}, "zone": {"Europe/Berlin"}, "minutes": {"60"},
		"interviewers": {"Hank Scorpio <hank@globex.example>\n"}, "next_steps": {"we will decide by Friday"}}
	resp, err := f.client.PostForm(f.http.URL+"/add", withCSRF(f, form))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/interview/globex-") {
		t.Fatalf("POST /add = %d to %q, want 303 to the new interview", resp.StatusCode, loc)
	}
	iv, err := f.app.Store.GetInterview(t.Context(), strings.TrimPrefix(loc, "/interview/"))
	if err != nil || iv.Company != "Globex" || len(iv.Interviewers) != 1 || iv.Duration.Minutes() != 60 {
		t.Errorf("stored interview = %+v, %v", iv, err)
	}
	if acs, _ := f.app.Store.Actions(t.Context(), iv.ID); len(acs) == 0 {
		t.Error("the added interview has no plan")
	}
}

func TestAddRefusesABadField(t *testing.T) {
	tests := []struct{ field, value, want string }{
		{"company", "", "company"},
		{"interviewers", "not an address", "interviewer"},
		{"at", "tomorrow", "start"},
		{"zone", "Mars/Olympus", "time zone"},
		{"minutes", "0", "length"},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			f := newFixture(t)
			form := url.Values{"company": {"Globex"}, "role": {"SRE"}, "at": {"2026-11-25T10:00"}, "zone": {"Europe/Berlin"}, "minutes": {"60"},
				"interviewers": {"Hank <hank@globex.example>"}}
			form.Set(tt.field, tt.value)
			code, body := f.post("/add", form)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `class="problem"`) || !strings.Contains(body, tt.want) {
				t.Errorf("POST /add with %s=%q = %d, want 422 and the form naming %q", tt.field, tt.value, code, tt.want)
			}
			if n, _ := f.app.Store.CountInterviews(t.Context()); n != 1 {
				t.Errorf("interviews after a refused add = %d, want 1", n)
			}
		})
	}
}

func withCSRF(f *fixture, form url.Values) url.Values {
	form.Set("csrf", f.web.csrfToken())
	return form
}

func TestEdit(t *testing.T) {
	f := newFixture(t)
	form := url.Values{"company": {"Acme Corp"}, "role": {"Backend Engineer"}, "next_steps": {"we will decide by 2026-12-04"}, "notes": {"bring the rota"}}
	if code, _ := f.post("/interview/"+f.app.ID+"/edit", form); code != http.StatusSeeOther {
		t.Fatalf("POST edit = %d, want 303", code)
	}
	iv, _ := f.app.Store.GetInterview(t.Context(), f.app.ID)
	if iv.Company != "Acme Corp" || iv.NextSteps != "we will decide by 2026-12-04" || iv.Notes != "bring the rota" {
		t.Errorf("after edit: %q %q %q", iv.Company, iv.NextSteps, iv.Notes)
	}
	_, body := f.get("/interview/" + f.app.ID)
	wantContains(t, "the interview page after edit", body, "Acme Corp", "Promised by <strong>2026-12-04</strong>")
	form.Set("company", "")
	if code, body := f.post("/interview/"+f.app.ID+"/edit", form); code != http.StatusBadRequest || !strings.Contains(body, "company") {
		t.Errorf("POST edit without a company = %d, want 400 naming the company", code)
	}
}
