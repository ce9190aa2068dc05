package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store/storetest"
)

var now = time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC)

// openTemp opens a fresh store: a file, or in a PostgreSQL run a schema
// (storetest).
func openTemp(t *testing.T) *Store {
	t.Helper()
	return storetest.Open(t, Open, OpenPostgres)
}

// openWhere opens the store at where (storetest.Where), as another process
// would.
func openWhere(ctx context.Context, where string) (*Store, error) {
	return storetest.OpenAt(ctx, where, Open, OpenPostgres)
}

func sample(company string) *followup.Interview {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	return &followup.Interview{
		Company: company, Role: "Backend Engineer",
		Start:    time.Date(2026, 11, 20, 14, 0, 0, 0, berlin),
		Duration: 45 * time.Minute,
		Interviewers: []followup.Person{
			{Name: "Jane Roe", Email: "jane@acme.example", Role: followup.RoleInterviewer},
			{Name: "Bob Poe", Email: "bob@acme.example", Role: followup.RoleInterviewer, Title: "CTO"},
		},
		Contacts:  []followup.Person{{Name: "Sam Lee", Email: "sam@acme.example", Role: followup.RoleContact}},
		NextSteps: "we'll get back to you in 4-5 working days",
	}
}

func TestInterviewRoundTrip(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	id, err := s.AddInterview(ctx, sample("Acme"), now)
	if err != nil || id != "acme-backend-1120" {
		t.Fatalf("AddInterview = %q, %v; want acme-backend-1120", id, err)
	}
	id2, _ := s.AddInterview(ctx, sample("Acme"), now)
	if id2 != "acme-backend-1120-2" {
		t.Errorf("AddInterview(same again) = %q, want acme-backend-1120-2", id2)
	}
	got, err := s.GetInterview(ctx, id)
	if err != nil {
		t.Fatalf("GetInterview = %v", err)
	}
	if got.Start.Location().String() != "Europe/Berlin" || got.Start.Hour() != 14 {
		t.Errorf("GetInterview start = %v, want 14:00 Europe/Berlin", got.Start)
	}
	if len(got.Interviewers) != 2 || got.Interviewers[1].Title != "CTO" || len(got.Contacts) != 1 {
		t.Errorf("GetInterview people = %+v / %+v, want 2 interviewers and 1 contact", got.Interviewers, got.Contacts)
	}
	if got.Status != followup.StatusAwaiting {
		t.Errorf("GetInterview status = %q, want awaiting", got.Status)
	}
	got.Notes = "went well"
	got.Interviewers = got.Interviewers[:1]
	if err := s.UpdateInterview(ctx, got, now); err != nil {
		t.Fatal(err)
	}
	again, _ := s.GetInterview(ctx, id)
	if again.Notes != "went well" || len(again.Interviewers) != 1 {
		t.Errorf("after UpdateInterview = %+v, want notes and one interviewer", again)
	}
	if err := s.DeleteInterview(ctx, id, now); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetInterview(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("GetInterview(deleted) = %v, want ErrNotFound", err)
	}
	list, _ := s.ListInterviews(ctx, Filter{})
	if len(list) != 1 || len(list[0].Interviewers) != 2 {
		t.Errorf("ListInterviews = %d interviews, want 1 with 2 interviewers", len(list))
	}
}

func TestFileModes(t *testing.T) {
	storetest.SkipOnPostgres(t, "the file's and folder's modes")
	dir := filepath.Join(t.TempDir(), "data")
	s, err := Open(t.Context(), filepath.Join(dir, "followup.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.AddInterview(t.Context(), sample("Acme"), now); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, "followup.db"): 0o600, filepath.Join(dir, "followup.db-wal"): 0o600} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("mode of %s = %04o, want %04o", filepath.Base(path), fi.Mode().Perm(), want)
		}
	}
}

// TestTwoProcessesAddConcurrently runs two real processes that add 200
// interviews each to one store at the same time.
func TestTwoProcessesAddConcurrently(t *testing.T) {
	path := storetest.Where(t)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.count=1")
			cmd.Env = append(os.Environ(), "FOLLOWUP_STORE_ADDER="+path, fmt.Sprintf("FOLLOWUP_STORE_ADDER_N=%d", i))
			out, err := cmd.CombinedOutput()
			if err != nil {
				errs[i] = fmt.Errorf("child %d: %v\n%s", i, err, out)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	st, err := openWhere(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, err := st.CountInterviews(t.Context()); n != 400 || err != nil {
		t.Errorf("CountInterviews = %d, %v; want 400", n, err)
	}
}

// adderChild is the child side of TestTwoProcessesAddConcurrently: it adds
// 200 interviews to the store at path and returns the exit code.
func adderChild(path, n string) int {
	ctx := context.Background()
	s, err := openWhere(ctx, path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "Open:", err)
		return 1
	}
	defer s.Close()
	for i := range 200 {
		if _, err := s.AddInterview(ctx, sample(fmt.Sprintf("Co%s-%d", n, i)), now); err != nil {
			fmt.Fprintf(os.Stderr, "AddInterview %d: %v\n", i, err)
			return 1
		}
	}
	return 0
}

// TestUpdateInterviewKeepsNewerStatus: an edit made from a copy read before
// the watcher recorded an answer does not undo the replied status; closing
// is still written.
func TestUpdateInterviewKeepsNewerStatus(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	id, err := s.AddInterview(ctx, sample("Acme"), now)
	if err != nil {
		t.Fatal(err)
	}
	stale, _ := s.GetInterview(ctx, id)
	if _, err := s.DB().ExecContext(ctx, "UPDATE interviews SET status = 'replied' WHERE id = ?", id); err != nil {
		t.Fatal(err)
	}
	stale.Notes = "edited meanwhile"
	if err := s.UpdateInterview(ctx, stale, now); err != nil {
		t.Fatal(err)
	}
	got, _ := s.GetInterview(ctx, id)
	if got.Status != followup.StatusReplied || got.Notes != "edited meanwhile" {
		t.Errorf("after an edit from a stale copy: status %q, notes %q; want replied kept and the notes saved", got.Status, got.Notes)
	}
	got.Close(followup.OutcomeOffer, now)
	if err := s.UpdateInterview(ctx, got, now); err != nil {
		t.Fatal(err)
	}
	if closed, _ := s.GetInterview(ctx, id); closed.Status != followup.StatusClosed || closed.Outcome != followup.OutcomeOffer {
		t.Errorf("after closing: %q %q, want closed offer", closed.Status, closed.Outcome)
	}
}
