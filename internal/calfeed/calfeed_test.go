package calfeed

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	arran "github.com/arran4/golang-ical"
	ical "github.com/emersion/go-ical"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/ics"
	"github.com/followup-dev/followup/internal/store"
)

var now = time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "followup.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// seed stores one interview with a thank-you and a check-in.
func seed(t *testing.T, st *store.Store) *followup.Interview {
	t.Helper()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	iv := &followup.Interview{
		Company: "Acme, Inc.", Role: "Backend Engineer; Platform", Duration: 45 * time.Minute,
		Start: time.Date(2026, 11, 20, 14, 0, 0, 0, berlin),
		Interviewers: []followup.Person{
			{Name: "Roe, Jane", Email: "jane@acme.example", Role: followup.RoleInterviewer},
			{Name: "Zoë Ünal-Østergaard with a very long name that needs folding", Email: "zoe@acme.example", Role: followup.RoleInterviewer},
		},
		NextSteps: "we'll get back to you in 4-5 working days",
	}
	if _, err := st.AddInterview(t.Context(), iv, now); err != nil {
		t.Fatal(err)
	}
	acs := []followup.Action{
		{Key: "thank-you:jane@acme.example", Kind: followup.KindThankYou, To: []string{"jane@acme.example"},
			Due: time.Date(2026, 11, 20, 17, 0, 0, 0, berlin), State: followup.StatePending, Reason: "thank Jane the same day"},
		{Key: "check-in:1", Kind: followup.KindCheckIn, To: []string{"jane@acme.example", "zoe@acme.example"},
			Due: time.Date(2026, 11, 30, 9, 0, 0, 0, berlin), State: followup.StatePending, Reason: "they promised by Fri 27 Nov"},
	}
	if err := st.SyncActions(t.Context(), iv.ID, acs, now); err != nil {
		t.Fatal(err)
	}
	return iv
}

// event is what the tests compare, as each parser reads it.
type event struct {
	UID, Status, Summary string
	Seq                  int
	Start                time.Time
	Attendees            int
}

func byEmersion(t *testing.T, data []byte) map[string]event {
	t.Helper()
	cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatalf("go-ical Decode = %v", err)
	}
	out := map[string]event{}
	for _, ev := range cal.Events() {
		uid, _ := ev.Props.Text(ical.PropUID)
		st, _ := ev.Props.Text(ical.PropStatus)
		seq, _ := ev.Props.Get(ical.PropSequence).Int()
		start, err := ev.DateTimeStart(nil)
		if err != nil {
			t.Fatalf("go-ical DTSTART of %s = %v", uid, err)
		}
		sum, _ := ev.Props.Get(ical.PropSummary).TextList()
		out[uid] = event{UID: uid, Status: st, Seq: seq, Start: start, Summary: strings.Join(sum, ","), Attendees: len(ev.Props.Values(ical.PropAttendee))}
	}
	return out
}

func byArran(t *testing.T, data []byte) map[string]event {
	t.Helper()
	cal, err := arran.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("golang-ical ParseCalendar = %v", err)
	}
	out := map[string]event{}
	for _, ev := range cal.Events() {
		start, err := ev.GetStartAt()
		if err != nil {
			t.Fatalf("golang-ical start of %s = %v", ev.Id(), err)
		}
		var seq int
		if p := ev.GetProperty(arran.ComponentPropertySequence); p != nil {
			json.Unmarshal([]byte(p.Value), &seq)
		}
		out[ev.Id()] = event{UID: ev.Id(), Status: ev.GetProperty(arran.ComponentPropertyStatus).Value, Seq: seq, Start: start,
			Summary: arran.FromText(ev.GetProperty(arran.ComponentPropertySummary).Value), Attendees: len(ev.Attendees())}
	}
	return out
}

// byPython reads the file with Python's icalendar (Debian's
// python3-icalendar), a parser written apart from both Go libraries. The
// test is skipped where it is not installed.
func byPython(t *testing.T, data []byte) map[string]event {
	t.Helper()
	python := ""
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import icalendar").Run() == nil {
			python = p
			break
		}
	}
	if python == "" {
		// scripts/test installs it and sets FOLLOWUP_TEST_ALL, so CI never
		// passes without this independent check.
		if os.Getenv("FOLLOWUP_TEST_ALL") != "" {
			t.Fatal("python3-icalendar is not installed (apt-get install python3-icalendar)")
		}
		t.Skip("python3-icalendar is not installed (apt-get install python3-icalendar)")
	}
	path := filepath.Join(t.TempDir(), "feed.ics")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	script := `import icalendar, json, sys
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = []
for ev in cal.walk('VEVENT'):
    att = ev.get('attendee', [])
    if not isinstance(att, list): att = [att]
    out.append({'UID': str(ev['uid']), 'Status': str(ev['status']), 'Seq': int(ev['sequence']),
        'Start': ev.decoded('dtstart').isoformat(), 'Summary': str(ev['summary']), 'Attendees': len(att)})
print(json.dumps(out))`
	raw, err := exec.Command(python, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("python icalendar = %v: %s", err, raw)
	}
	var evs []struct {
		event
		Start string
	}
	if err := json.Unmarshal(raw, &evs); err != nil {
		t.Fatalf("python output %s: %v", raw, err)
	}
	out := map[string]event{}
	for _, e := range evs {
		e.event.Start, err = time.Parse(time.RFC3339, e.Start)
		if err != nil {
			t.Fatal(err)
		}
		out[e.UID] = e.event
	}
	return out
}

func TestFeedParsesWithThreeParsers(t *testing.T) {
	st := openStore(t)
	iv := seed(t, st)
	data, err := Build(t.Context(), st, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line of %d octets, want at most 75: %q", len(line), line)
		}
	}
	want := map[string]event{
		ics.InterviewUID(iv.ID): {UID: ics.InterviewUID(iv.ID), Status: "CONFIRMED", Start: iv.Start,
			Summary: "Interview: Acme, Inc. — Backend Engineer; Platform", Attendees: 2},
		ics.ActionUID(iv.ID, "thank-you:jane@acme.example"): {UID: ics.ActionUID(iv.ID, "thank-you:jane@acme.example"),
			Status: "CONFIRMED", Start: time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC), Summary: "Follow-up: thank-you to Roe, Jane (Acme, Inc.)"},
		ics.ActionUID(iv.ID, "check-in:1"): {UID: ics.ActionUID(iv.ID, "check-in:1"), Status: "CONFIRMED",
			Start: time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC), Summary: "Follow-up: check-in to Roe, Jane, Zoë Ünal-Østergaard with a very long name that needs folding (Acme, Inc.)"},
	}
	parsers := map[string]func(*testing.T, []byte) map[string]event{"go-ical": byEmersion, "golang-ical": byArran, "python icalendar": byPython}
	for name, parse := range parsers {
		t.Run(name, func(t *testing.T) { compare(t, name, parse(t, data), want) })
	}
}

func compare(t *testing.T, parser string, got, want map[string]event) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s read %d events, want %d", parser, len(got), len(want))
	}
	for uid, w := range want {
		g, ok := got[uid]
		if !ok {
			t.Errorf("%s: no event %s", parser, uid)
			continue
		}
		if !g.Start.Equal(w.Start) || g.Status != w.Status || g.Seq != w.Seq || g.Summary != w.Summary || g.Attendees != w.Attendees {
			t.Errorf("%s: event %s = %+v, want %+v", parser, uid, g, w)
		}
	}
}

func TestReexportKeepsUIDsAndBumpsSequence(t *testing.T) {
	st := openStore(t)
	iv := seed(t, st)
	first, err := Build(t.Context(), st, now)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Build(t.Context(), st, now.Add(time.Hour))
	if !bytes.Equal(first, again) {
		t.Errorf("Build of an unchanged store differs:\n%s\nthen\n%s", first, again)
	}
	iv.Start = iv.Start.Add(2 * time.Hour)
	if err := st.UpdateInterview(t.Context(), iv, now); err != nil {
		t.Fatal(err)
	}
	acs, _ := st.Actions(t.Context(), iv.ID)
	for _, ac := range acs {
		if ac.Key == "check-in:1" {
			if err := st.SetActionState(t.Context(), ac.ID, followup.StateCancelled, "they answered", "", now); err != nil {
				t.Fatal(err)
			}
		}
	}
	second, err := Build(t.Context(), st, now)
	if err != nil {
		t.Fatal(err)
	}
	before, after := byEmersion(t, first), byEmersion(t, second)
	for uid, b := range before {
		a, ok := after[uid]
		if !ok {
			t.Fatalf("re-export lost UID %s", uid)
		}
		wantSeq, wantStatus := b.Seq, "CONFIRMED"
		switch uid {
		case ics.InterviewUID(iv.ID):
			wantSeq = b.Seq + 1
		case ics.ActionUID(iv.ID, "check-in:1"):
			wantSeq, wantStatus = b.Seq+1, "CANCELLED"
		}
		if a.Seq != wantSeq || a.Status != wantStatus {
			t.Errorf("re-export %s = SEQUENCE %d STATUS %s, want %d %s", uid, a.Seq, a.Status, wantSeq, wantStatus)
		}
	}
}

func TestWriteFeedAtomicPrivate(t *testing.T) {
	st := openStore(t)
	seed(t, st)
	path := filepath.Join(t.TempDir(), "cal", "followup.ics")
	if err := WriteFeed(t.Context(), st, path, now); err != nil {
		t.Fatalf("WriteFeed = %v", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("feed mode = %v, want 0600", fi.Mode().Perm())
	}
	if err := WriteFeed(t.Context(), st, path, now); err != nil {
		t.Fatalf("WriteFeed again = %v", err)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*tmp*"))
	if len(left) != 0 {
		t.Errorf("WriteFeed left temporary files %v", left)
	}
}

func TestEmptyStoreGivesValidFeed(t *testing.T) {
	data, err := Build(t.Context(), openStore(t), now)
	if err != nil {
		t.Fatalf("Build of an empty store = %v", err)
	}
	if got := byEmersion(t, data); len(got) != 0 {
		t.Errorf("empty feed has events %v", got)
	}
	byArran(t, data)
}
