package compose

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/apptest"
	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

var testNow = apptest.Now

// newTestEnv is a Composer over the apptest fixture, and its interview's id.
func newTestEnv(t *testing.T) (*Composer, string) {
	t.Helper()
	f := apptest.New(t)
	return &Composer{Config: f.Config, Store: f.Store, Templates: f.Templates, Clock: f.Clock(), DataDir: f.DataDir}, f.ID
}

func actionByKey(t *testing.T, e *Composer, id, key string) followup.Action {
	t.Helper()
	return apptest.Action(t, e.Store, id, key)
}

func TestCompose(t *testing.T) {
	tests := []struct {
		name      string
		req       Request
		wantTo    []string
		wantKind  followup.ActionKind
		wantTexts []string
	}{
		{"next planned is the thank-you to everyone", Request{}, []string{"jane@acme.example", "bob@acme.example"}, followup.KindThankYou,
			[]string{"Hi Jane,", "about event sourcing", "Friday, November 20", "by Friday, November 27"}},
		{"one recipient", Request{Kind: followup.KindThankYou, To: "BOB@acme.example"}, []string{"bob@acme.example"}, followup.KindThankYou,
			[]string{"Hi Bob,", "about the on-call rota"}},
		{"check-in goes to the action's recipient", Request{Kind: followup.KindCheckIn, Note: "I also shipped the demo."}, []string{"jane@acme.example"}, followup.KindCheckIn,
			[]string{"Hi Jane,", "by Friday, November 27", "I also shipped the demo."}},
		{"unplanned networking goes to the interviewers", Request{Kind: followup.KindNetworking, Article: "https://blog.example/post", About: "It covers the rota problem."},
			[]string{"jane@acme.example", "bob@acme.example"}, followup.KindNetworking, []string{"https://blog.example/post", "It covers the rota problem."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, id := newTestEnv(t)
			tt.req.InterviewID = id
			cs, err := e.Compose(t.Context(), tt.req)
			if err != nil {
				t.Fatalf("Compose(%+v) = %v", tt.req, err)
			}
			var to []string
			for _, c := range cs {
				to = append(to, c.To.Email)
				m, err := mailer.ReadMessage(c.Raw)
				if err != nil {
					t.Fatal(err)
				}
				if c.Kind != tt.wantKind || m.MessageID != c.MessageID || !strings.HasSuffix(c.MessageID, "@example.org") || m.From != "Max Mustermann <max@example.org>" {
					t.Errorf("Compose(%+v) = %s %q from %q, want %s with a Message-ID on example.org", tt.req, c.Kind, c.MessageID, m.From, tt.wantKind)
				}
				if strings.Contains(m.Text, "<no value>") {
					t.Errorf("text = %q, want no <no value>", m.Text)
				}
			}
			if strings.Join(to, ",") != strings.Join(tt.wantTo, ",") {
				t.Fatalf("Compose(%+v) recipients = %v, want %v", tt.req, to, tt.wantTo)
			}
			m, _ := mailer.ReadMessage(cs[0].Raw)
			for _, want := range tt.wantTexts {
				if !strings.Contains(m.Text, want) {
					t.Errorf("Compose(%+v) text = %q, want %q", tt.req, m.Text, want)
				}
			}
		})
	}
}

func TestComposeErrors(t *testing.T) {
	tests := []struct {
		name    string
		req     Request
		noEmail bool
		want    error
		msg     string
	}{
		{"unknown interview", Request{InterviewID: "nope-1120"}, false, store.ErrNotFound, "unknown interview id"},
		{"unknown kind", Request{Kind: "apology"}, false, nil, "unknown kind"},
		{"stranger", Request{Kind: followup.KindThankYou, To: "eve@evil.example"}, false, nil, "eve@evil.example is not on interview"},
		{"no sender", Request{Kind: followup.KindThankYou}, true, nil, "set [me] email in the config (followup init)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, id := newTestEnv(t)
			if tt.req.InterviewID == "" {
				tt.req.InterviewID = id
			}
			if tt.noEmail {
				e.Config.Me.Email = ""
			}
			_, err := e.Compose(t.Context(), tt.req)
			if !usage.Is(err) || tt.want != nil && !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Compose(%+v) = %v, want a usage error (%v) naming %q", tt.req, err, tt.want, tt.msg)
			}
		})
	}
}

func TestComposeNothingPlanned(t *testing.T) {
	e, id := newTestEnv(t)
	for _, key := range []string{"thank-you:jane@acme.example", "thank-you:bob@acme.example", "check-in:1"} {
		if err := e.Store.SetActionState(t.Context(), actionByKey(t, e, id, key).ID, followup.StateCancelled, "test", "", testNow); err != nil {
			t.Fatal(err)
		}
	}
	_, err := e.Compose(t.Context(), Request{InterviewID: id})
	if !usage.Is(err) || err.Error() != "nothing planned for "+id+"; pass --kind" {
		t.Errorf("Compose(no kind, nothing planned) = %v, want \"nothing planned for %s; pass --kind\"", err, id)
	}
}

// TestThreading drafts a thank-you, then check-ins: each check-in replies
// to the latest earlier message to the same person and counts the
// check-ins before it.
func TestThreading(t *testing.T) {
	e, id := newTestEnv(t)
	ctx := t.Context()
	now := testNow
	e.Clock = clock.Func(func() time.Time { return now })
	record := func(cs []Composed) {
		t.Helper()
		now = now.Add(time.Minute) // messages are ordered by when they were recorded
		for _, c := range cs {
			if err := e.RecordDraft(ctx, c, LocationStdout); err != nil {
				t.Fatal(err)
			}
		}
	}
	ty, err := e.Compose(ctx, Request{InterviewID: id, Kind: followup.KindThankYou, To: "jane@acme.example"})
	if err != nil {
		t.Fatal(err)
	}
	record(ty)
	ci1, err := e.ComposeAction(ctx, actionByKey(t, e, id, "check-in:1"))
	if err != nil {
		t.Fatal(err)
	}
	again, _ := e.ComposeAction(ctx, actionByKey(t, e, id, "check-in:1"))
	record(ci1)
	record(again) // a second draft of the same check-in is the same note
	ci2, err := e.Compose(ctx, Request{InterviewID: id, Kind: followup.KindCheckIn, To: "jane@acme.example"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		c          Composed
		inReplyTo  string
		references int
		subject    string
	}{
		{"thank-you starts the thread", ty[0], "", 0, "Thank you for the Backend Engineer interview"},
		{"first check-in", ci1[0], ty[0].MessageID, 1, "Following up on the Backend Engineer role"},
		{"second check-in", ci2[0], again[0].MessageID, 3, "Checking in again on the Backend Engineer role"},
	}
	for _, tt := range tests {
		m, err := mailer.ReadMessage(tt.c.Raw)
		if err != nil {
			t.Fatal(err)
		}
		if m.InReplyTo != tt.inReplyTo || len(m.References) != tt.references || m.Subject != tt.subject {
			t.Errorf("%s: In-Reply-To %q, %d references, subject %q; want %q, %d, %q",
				tt.name, m.InReplyTo, len(m.References), m.Subject, tt.inReplyTo, tt.references, tt.subject)
		}
	}
	if ac := actionByKey(t, e, id, "check-in:1"); ac.State != followup.StateDrafted || ac.MessageID != again[0].MessageID {
		t.Errorf("check-in:1 = %s %q, want drafted with %q", ac.State, ac.MessageID, again[0].MessageID)
	}
	if ci2[0].ActionID != 0 {
		t.Errorf("second check-in ActionID = %d, want 0 (nothing planned)", ci2[0].ActionID)
	}
}

func TestComposeLiteralFields(t *testing.T) {
	e, id := newTestEnv(t)
	iv, _ := e.Store.GetInterview(t.Context(), id)
	iv.Interviewers[0].Name = "{{.Me.Email}}"
	iv.Interviewers[0].Topics = `{{template "x"}}`
	if err := e.Store.UpdateInterview(t.Context(), iv, testNow); err != nil {
		t.Fatal(err)
	}
	cs, err := e.Compose(t.Context(), Request{InterviewID: id, Kind: followup.KindThankYou, To: "jane@acme.example", Note: "{{.Me.Name}}"})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := mailer.ReadMessage(cs[0].Raw)
	for _, want := range []string{"Hi {{.Me.Email}},", `about {{template "x"}}.`, "{{.Me.Name}}"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text = %q, want %q literally", m.Text, want)
		}
	}
}

func TestRevise(t *testing.T) {
	e, id := newTestEnv(t)
	cs, err := e.Compose(t.Context(), Request{InterviewID: id, Kind: followup.KindCheckIn})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		r       Revision
		wantErr bool
	}{
		{"edited", Revision{To: mailerAddress("Jane Roe", "jane@acme.example"), Subject: "New subject", Text: "Hello Jane\n"}, false},
		{"subject injection", Revision{To: mailerAddress("", "jane@acme.example"), Subject: "x\r\nBcc: evil@attacker.example", Text: "hi"}, true},
		{"empty text", Revision{To: mailerAddress("", "jane@acme.example"), Subject: "x", Text: "\n"}, true},
		{"bad cc", Revision{To: mailerAddress("", "jane@acme.example"), Subject: "x", Text: "hi", Cc: "not an address"}, true},
	}
	for _, tt := range tests {
		got, err := Revise(cs[0], tt.r)
		if (err != nil) != tt.wantErr {
			t.Fatalf("Revise(%s) = %v, want error %v", tt.name, err, tt.wantErr)
		}
		if err != nil {
			continue
		}
		m, _ := mailer.ReadMessage(got.Raw)
		if m.MessageID != cs[0].MessageID || m.Subject != "New subject" || m.Text != "Hello Jane\n" || got.Subject != "New subject" {
			t.Errorf("Revise(%s) = %+v, want the same Message-ID with the new subject and text", tt.name, m)
		}
	}
}

func mailerAddress(name, addr string) mailer.Address {
	return mailer.Address{Name: name, Address: addr}
}
