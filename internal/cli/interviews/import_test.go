package interviews_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/cli/clitest"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
)

// seedVaried stores n interviews that differ in every way show --json
// shows: zones, lengths, statuses and outcomes, signals, contacts, and
// follow-ups in every state with messages, replies and events.
func seedVaried(t *testing.T, path string, n int, now time.Time) []string {
	t.Helper()
	st, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	zones := []string{"Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC", "Australia/Sydney", "America/Sao_Paulo"}
	statuses := []followup.Status{followup.StatusUpcoming, followup.StatusAwaiting, followup.StatusReplied, followup.StatusQuiet, followup.StatusClosed}
	states := []followup.ActionState{followup.StatePending, followup.StateDrafted, followup.StateSent, followup.StateCancelled, followup.StateFailed, followup.StateNeedsReview}
	var ids []string
	for i := range n {
		loc, _ := time.LoadLocation(zones[i%len(zones)])
		over := i%7 - 3
		iv := &followup.Interview{
			Company: fmt.Sprintf("Company %d, Ltd.", i), Role: []string{"Backend Engineer", "Data Scientist", "Product Designer"}[i%3],
			Start:    now.AddDate(0, 0, i-25).In(loc).Truncate(time.Minute),
			Duration: time.Duration(30+i%4*15) * time.Minute,
			Interviewers: []followup.Person{{Name: fmt.Sprintf("Iv %d", i), Email: fmt.Sprintf("iv%d@c%d.example", i, i), Role: followup.RoleInterviewer,
				Title: "CTO", Topics: "scaling \"queues\"\nand caches", Undeliverable: i%5 == 0}},
			NextSteps: []string{"", "we'll get back to you in 4-5 working days", "by Friday"}[i%3],
			Notes:     fmt.Sprintf("notes %d: ünïcödé, commas, \"quotes\"", i),
			Status:    statuses[i%len(statuses)],
		}
		if i%2 == 0 {
			iv.Contacts = []followup.Person{{Name: "Recruiter", Email: fmt.Sprintf("hr%d@c%d.example", i, i), Role: followup.RoleContact}}
			iv.ActualDuration = iv.Duration + 10*time.Minute
			iv.Signals = followup.Signals{OverrunMinutes: &over, Engagement: followup.LevelHigh, OffScript: followup.LevelLow,
				NextStepsClarity: followup.ClarityVague, Concerns: "relocation"}
		}
		if iv.Status == followup.StatusClosed {
			iv.Outcome = []followup.Outcome{followup.OutcomeOffer, followup.OutcomeRejected, followup.OutcomeWithdrawn}[i%3]
		}
		id, err := st.AddInterview(t.Context(), iv, now.Add(-time.Duration(i)*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
		acs := []followup.Action{
			{Key: "thank-you:" + iv.Interviewers[0].Email, Kind: followup.KindThankYou, To: []string{iv.Interviewers[0].Email},
				Due: iv.Start.Add(3 * time.Hour), State: states[i%len(states)], Reason: "same day"},
			{Key: "check-in:1", Kind: followup.KindCheckIn, To: []string{iv.Interviewers[0].Email},
				Due: iv.Start.AddDate(0, 0, 8), Zone: "Europe/Paris", State: states[(i+1)%len(states)], Reason: "they promised"},
		}
		if err := st.SyncActions(t.Context(), id, acs, now); err != nil {
			t.Fatal(err)
		}
		if i%4 == 1 { // the user's decisions go into the export too
			kinds := []followup.OverrideKind{followup.OverrideSnooze, followup.OverrideSkip, followup.OverrideReschedule}
			o := followup.Override{InterviewID: id, Key: "check-in:1", Kind: kinds[i%3], SetAt: now}
			if o.Kind != followup.OverrideSkip {
				o.At = iv.Start.AddDate(0, 0, 12).In(loc)
			}
			if err := st.SetOverride(t.Context(), o); err != nil {
				t.Fatal(err)
			}
		}
		if i%3 == 0 {
			saved, _ := st.Actions(t.Context(), id)
			if err := st.RecordDraft(t.Context(), store.Draft{MessageID: fmt.Sprintf("m%d@me.example", i), InterviewID: id,
				ActionID: saved[0].ID, Kind: "thank-you", Recipient: iv.Interviewers[0].Email, Subject: "Thank you", Location: "imap:Drafts", At: now}); err != nil {
				t.Fatal(err)
			}
			if _, err := st.DB().ExecContext(t.Context(), `INSERT INTO replies (interview_id, message_id, from_addr, subject, date_utc, class, reason, seen_utc, label, label_phrase, via)
				VALUES (?,?,?,?,?,?,?,?,?,?,?)`, id, fmt.Sprintf("r%d@c.example", i), iv.Interviewers[0].Email, "Re: Thank you",
				store.FormatTime(now), "reply", "a real answer", store.FormatTime(now), "next-round", "we would like to invite you", "Greenhouse"); err != nil {
				t.Fatal(err)
			}
		}
	}
	return ids
}

func showAll(t *testing.T, e *clitest.Env, ids []string) map[string]string {
	t.Helper()
	out := map[string]string{"list": e.MustRun("list", "--json")}
	for _, id := range ids {
		out[id] = e.MustRun("show", id, "--json")
	}
	return out
}

func TestExportRemoveImportGivesIdenticalShow(t *testing.T) {
	e := clitest.NewEnv(t)
	ids := seedVaried(t, e.DBPath(), 50, e.Now)
	e.MustRun("calendar") // the feed's SEQUENCE memory goes into the export too
	before := showAll(t, e, ids)
	before["calendar"] = e.MustRun("calendar")
	backup := filepath.Join(e.Dir, "backup.json")
	e.MustRun("export", "--out", backup)
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(e.DBPath() + suffix)
	}
	if out := e.MustRun("list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("list after removing the store = %s, want []", out)
	}
	if out := e.MustRun("import", backup, "--dry-run"); !strings.Contains(out, "would restore 50 interviews (50 new") {
		t.Errorf("import --dry-run = %q, want 50 new", out)
	}
	e.MustRun("import", backup)
	after := showAll(t, e, ids)
	after["calendar"] = e.MustRun("calendar")
	for k, want := range after {
		if before[k] != want {
			t.Errorf("show %s after export and import =\n%s\nwant\n%s", k, want, before[k])
		}
	}
	if out := e.MustRun("import", backup); !strings.Contains(out, "0 new, 50 replaced") {
		t.Errorf("second import = %q, want 0 new, 50 replaced", out)
	}
	for k, want := range showAll(t, e, ids) {
		if before[k] != want {
			t.Errorf("show %s after a second import differs", k)
		}
	}
}

func TestImportBadJSONWritesNothing(t *testing.T) {
	e := clitest.NewEnv(t)
	ids := seedVaried(t, e.DBPath(), 3, e.Now)
	backup := filepath.Join(e.Dir, "backup.json")
	e.MustRun("export", "--out", backup)
	data, _ := os.ReadFile(backup)
	os.Remove(e.DBPath())
	tests := map[string]string{
		"syntax":     strings.Replace(string(data), `"company"`, `"company" "x"`, 1),
		"cut short":  string(data[:len(data)/2]),
		"bad zone":   strings.Replace(string(data), `"time_zone": "`+"America/New_York", `"time_zone": "Mars/Base`, 1),
		"not ours":   `{"format": "other", "version": 1}`,
		"bad status": strings.Replace(string(data), `"status": "awaiting"`, `"status": "maybe"`, 1),
	}
	for name, bad := range tests {
		path := filepath.Join(e.Dir, name+".json")
		os.WriteFile(path, []byte(bad), 0o600)
		args := []string{"import", path}
		out, errs, code := e.Run(args...)
		clitest.CheckOneLine(t, args, out, errs, code)
	}
	if out := e.MustRun("list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("list after bad imports = %s, want nothing imported (ids were %v)", out, ids)
	}
}
