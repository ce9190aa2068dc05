package compose

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/followup"
)

// fakeMailbox records appended drafts; failAt makes the n-th append fail.
type fakeMailbox struct {
	drafts [][]byte
	failAt int
	closed bool
}

func (f *fakeMailbox) AppendDraft(_ context.Context, raw []byte) error {
	if len(f.drafts)+1 == f.failAt {
		return errors.New("NO [OVERQUOTA] quota exceeded")
	}
	f.drafts = append(f.drafts, raw)
	return nil
}
func (f *fakeMailbox) AppendSent(context.Context, []byte) error { return errors.New("not used") }
func (f *fakeMailbox) HasMessageID(context.Context, string, string) (bool, error) {
	return false, errors.New("not used")
}
func (f *fakeMailbox) SentMailbox() string   { return "Sent" }
func (f *fakeMailbox) DraftsMailbox() string { return "Drafts" }
func (f *fakeMailbox) Close() error          { f.closed = true; return nil }

func TestSaveDraftsIMAP(t *testing.T) {
	tests := []struct {
		name     string
		failAt   int
		wantLocs int
		wantErr  bool
	}{
		{"all saved", 0, 2, false},
		{"second fails", 2, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, id := newTestEnv(t)
			mb := &fakeMailbox{failAt: tt.failAt}
			e.DialIMAP = func(context.Context) (Drafts, error) { return mb, nil }
			cs, err := e.Compose(t.Context(), Request{InterviewID: id, Kind: followup.KindThankYou})
			if err != nil {
				t.Fatal(err)
			}
			locs, err := e.SaveDrafts(t.Context(), cs)
			if (err != nil) != tt.wantErr || len(locs) != tt.wantLocs || !mb.closed {
				t.Fatalf("SaveDrafts = %v, %v (closed %v), want %d locations, error %v, closed", locs, err, mb.closed, tt.wantLocs, tt.wantErr)
			}
			for i, loc := range locs {
				if loc != "imap:Drafts" || string(mb.drafts[i]) != string(cs[i].Raw) {
					t.Errorf("location %d = %q, want imap:Drafts with the composed message", i, loc)
				}
			}
		})
	}
}

func TestSaveDraftDialError(t *testing.T) {
	e, id := newTestEnv(t)
	e.DialIMAP = func(context.Context) (Drafts, error) { return nil, errors.New("connection refused") }
	cs, _ := e.Compose(t.Context(), Request{InterviewID: id, Kind: followup.KindCheckIn})
	if loc, err := e.SaveDraft(t.Context(), cs[0]); err == nil || loc != "" {
		t.Errorf("SaveDraft with a failing dial = %q, %v; want an error", loc, err)
	}
}

func TestSaveDraftFile(t *testing.T) {
	e, id := newTestEnv(t)
	cs, err := e.Compose(t.Context(), Request{InterviewID: id, Kind: followup.KindCheckIn})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for range 2 {
		loc, err := e.SaveDraft(t.Context(), cs[0])
		if err != nil {
			t.Fatalf("SaveDraft = %v", err)
		}
		path, ok := strings.CutPrefix(loc, LocationFilePrefix)
		if !ok {
			t.Fatalf("SaveDraft = %q, want file:PATH", loc)
		}
		paths = append(paths, path)
	}
	dir := filepath.Join(e.DataDir, "drafts")
	want := []string{filepath.Join(dir, id+"-check-in-jane-acme.example.eml"), filepath.Join(dir, id+"-check-in-jane-acme.example-2.eml")}
	if strings.Join(paths, " ") != strings.Join(want, " ") {
		t.Errorf("SaveDraft twice = %v, want %v (never replacing a file)", paths, want)
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("mode of %s = %v, %v; want 0600", p, fi.Mode().Perm(), err)
		}
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("mode of %s = %v, want 0700", dir, fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("draft folder holds %d entries, want 2 (no temporary files left)", len(entries))
	}
}

func TestFileName(t *testing.T) {
	tests := []struct {
		id, kind, email string
		want            string
	}{
		{"acme-backend-1120", "thank-you", "Jane@Acme.example", "acme-backend-1120-thank-you-jane-acme.example"},
		{"x", "check-in", "../../etc/passwd@x.example", "x-check-in-.._.._etc_passwd-x.example"},
		{"", "", "", "draft"},
		{"a", "b", "/abs@x", "a-b-_abs-x"},
	}
	for _, tt := range tests {
		got := FileName(Composed{InterviewID: tt.id, Kind: followup.ActionKind(tt.kind), To: followup.Person{Email: tt.email}})
		if got != tt.want || strings.ContainsAny(got, `/\`) {
			t.Errorf("FileName(%q, %q, %q) = %q, want %q", tt.id, tt.kind, tt.email, got, tt.want)
		}
	}
}
