package mail_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	netmail "net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/followup-dev/followup/internal/cli"
	"github.com/followup-dev/followup/internal/cli/clitest"
	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/mailer"
)

// draftJSON is the part of `show --json` the draft tests read.
type draftJSON struct {
	Drafts []struct {
		Kind      string `json:"kind"`
		To        string `json:"to"`
		Subject   string `json:"subject"`
		MessageID string `json:"message_id"`
		Location  string `json:"location"`
	} `json:"drafts"`
	Actions []struct {
		Kind      string   `json:"kind"`
		To        []string `json:"to"`
		State     string   `json:"state"`
		MessageID string   `json:"message_id"`
	} `json:"actions"`
}

func drafts(e *clitest.Env, id string) draftJSON {
	e.T.Helper()
	var v draftJSON
	if err := json.Unmarshal([]byte(e.MustRun("show", id, "--json")), &v); err != nil {
		e.T.Fatalf("show --json: %v", err)
	}
	return v
}

// readDraft parses one message and decodes its text.
func readDraft(t *testing.T, raw []byte) (*netmail.Message, mailer.Message) {
	t.Helper()
	m, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("net/mail.ReadMessage(%q) = %v", raw, err)
	}
	d, err := mailer.ReadMessage(raw)
	if err != nil {
		t.Fatalf("mailer.ReadMessage = %v", err)
	}
	return m, d
}

func TestDraftOutOneFilePerInterviewer(t *testing.T) {
	e := clitest.NewEnv(t)
	clitest.WithBerlinConfig(t, e)
	id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	dir := filepath.Join(e.Dir, "out")
	out := e.MustRun("draft", id, "--kind", "thank-you", "--out", dir)
	paths := strings.Fields(out)
	if len(paths) != 2 {
		t.Fatalf("draft --out = %q, want two paths", out)
	}
	greeted := map[string]string{}
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o600 {
			t.Errorf("mode of %s = %v, want 0600", p, fi.Mode().Perm())
		}
		m, d := readDraft(t, raw)
		to, err := m.Header.AddressList("To")
		if err != nil || len(to) != 1 {
			t.Fatalf("To of %s = %v (%v), want one address", p, to, err)
		}
		greeted[to[0].Address] = d.Text
		for _, want := range []string{"Acme", "Backend Engineer", "Friday, November 20", "Friday, November 27"} {
			if !strings.Contains(d.Text, want) {
				t.Errorf("text of %s = %q, want it to contain %q", p, d.Text, want)
			}
		}
		if strings.Contains(string(raw), "<no value>") {
			t.Errorf("%s contains <no value>", p)
		}
	}
	for addr, hi := range map[string]string{"jane@acme.example": "Hi Jane,", "bob@acme.example": "Hi Bob,"} {
		if !strings.Contains(greeted[addr], hi) {
			t.Errorf("note to %s = %q, want %q", addr, greeted[addr], hi)
		}
	}
	v := drafts(e, id)
	if len(v.Drafts) != 2 || !strings.HasPrefix(v.Drafts[0].Location, "file:"+dir) {
		t.Errorf("show drafts = %+v, want two file: drafts in %s", v.Drafts, dir)
	}
	for _, ac := range v.Actions {
		if ac.Kind == "thank-you" && (ac.State != "drafted" || ac.MessageID == "") {
			t.Errorf("thank-you action = %+v, want drafted with a Message-ID", ac)
		}
	}
}

// outOne drafts into a new folder with --out and returns the one message.
func outOne(e *clitest.Env, args ...string) []byte {
	e.T.Helper()
	dir := e.T.TempDir()
	out := strings.Fields(e.MustRun(append(args, "--out", dir)...))
	if len(out) != 1 {
		e.T.Fatalf("followup %v --out = %q, want one path", args, out)
	}
	raw, err := os.ReadFile(out[0])
	if err != nil {
		e.T.Fatal(err)
	}
	return raw
}

func TestDraftOutThreadsCheckIn(t *testing.T) {
	e := clitest.NewEnv(t)
	clitest.WithBerlinConfig(t, e)
	id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	ty, _ := readDraft(t, outOne(e, "draft", id, "--kind", "thank-you", "--to", "jane@acme.example"))
	tyID := strings.Trim(ty.Header.Get("Message-ID"), "<>")
	if !strings.HasSuffix(tyID, "@example.org") {
		t.Errorf("thank-you Message-ID = %q, want one on the sender's domain", tyID)
	}
	e.Now = e.Now.Add(10 * 24 * time.Hour)
	ci, d := readDraft(t, outOne(e, "draft", id, "--kind", "check-in"))
	if got := ci.Header.Get("In-Reply-To"); got != "<"+tyID+">" {
		t.Errorf("check-in In-Reply-To = %q, want <%s>", got, tyID)
	}
	if got := ci.Header.Get("References"); !strings.Contains(got, tyID) {
		t.Errorf("check-in References = %q, want %s", got, tyID)
	}
	if !strings.Contains(d.Text, "Hi Jane,") || d.Subject != "Following up on the Backend Engineer role" {
		t.Errorf("check-in = %q / %q, want a first check-in to Jane", d.Subject, d.Text)
	}
	v := drafts(e, id)
	if len(v.Drafts) != 2 || !strings.HasPrefix(v.Drafts[0].Location, "file:") || v.Drafts[0].MessageID != tyID {
		t.Errorf("show drafts = %+v, want the thank-you then the check-in, in files", v.Drafts)
	}
}

// TestDraftLookingRecordsNothing: printing a draft to a pipe, a pager or
// with --raw is looking, not drafting (issue 19, point 3).
func TestDraftLookingRecordsNothing(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		later time.Duration
	}{
		{"thank-you to a pipe", []string{"--kind", "thank-you"}, 0},
		{"next planned to a pipe", nil, 0},
		{"check-in due next week", []string{"--kind", "check-in"}, 0},
		{"raw", []string{"--kind", "thank-you", "--raw"}, 0},
		{"check-in later, raw", []string{"--kind", "check-in", "--raw"}, 10 * 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := clitest.NewEnv(t)
			clitest.WithBerlinConfig(t, e)
			id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
			e.Now = e.Now.Add(tt.later)
			out, errs, code := e.Run(append([]string{"draft", id}, tt.args...)...)
			if code != 0 || !strings.Contains(out, "Hi Jane,") {
				t.Fatalf("draft %v = exit %d, stdout %q, stderr %q; want the note", tt.args, code, out, errs)
			}
			v := drafts(e, id)
			if len(v.Drafts) != 0 {
				t.Errorf("show drafts = %+v, want none", v.Drafts)
			}
			for _, ac := range v.Actions {
				if ac.State != "pending" {
					t.Errorf("action %+v after draft %v, want pending", ac, tt.args)
				}
			}
		})
	}
}

func TestDraftPipeShowsDecodedText(t *testing.T) {
	e := clitest.NewEnv(t)
	clitest.WithBerlinConfig(t, e)
	id := strings.TrimSpace(e.MustRun("add", "--company", "Müller Bau", "--role", "SRE", "--at", "2026-11-20 14:00",
		"--interviewer", "Jürgen Müller <j@mueller.example>"))
	out, errs, _ := e.Run("draft", id, "--kind", "thank-you")
	if !strings.Contains(out, "Hi Jürgen,") || !strings.Contains(out, "Müller Bau") || strings.Contains(out, "=C3") {
		t.Errorf("draft | cat = %q, want decoded text", out)
	}
	if !strings.Contains(errs, "nothing recorded") {
		t.Errorf("draft | cat stderr = %q, want it to say nothing was recorded", errs)
	}
}

func TestDraftThankYouBeforeInterview(t *testing.T) {
	e := clitest.NewEnv(t)
	clitest.WithBerlinConfig(t, e)
	id := strings.TrimSpace(e.MustRun("add", "--company", "Acme", "--role", "SRE", "--at", "2026-11-25 10:00",
		"--interviewer", "Jane Roe <jane@acme.example>"))
	for _, args := range [][]string{{"draft", id}, {"draft", id, "--kind", "thank-you", "--out", e.Dir}} {
		out, errs, code := e.Run(args...)
		if code != 2 || out != "" || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.Contains(errs, "has not happened yet") {
			t.Errorf("followup %v = exit %d, stdout %q, stderr %q; want exit 2, one line: not happened yet", args, code, out, errs)
		}
	}
	if out := e.MustRun("draft", id, "--kind", "thank-you", "--force"); !strings.Contains(out, "Hi Jane,") {
		t.Errorf("draft --force = %q, want the thank-you", out)
	}
	if v := drafts(e, id); len(v.Drafts) != 0 {
		t.Errorf("show drafts = %+v, want none", v.Drafts)
	}
}

func TestDraftDefaultsToNextPlanned(t *testing.T) {
	e := clitest.NewEnv(t)
	clitest.WithBerlinConfig(t, e)
	id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	out := e.MustRun("draft", id, "--raw")
	if n := strings.Count(out, "\nFrom followup "); !strings.HasPrefix(out, "From followup ") || n != 1 {
		t.Errorf("draft without --kind = %q, want an mbox of two thank-you notes", out)
	}
	e.MustRun("close", id, "--outcome", "rejected")
	if _, errs, code := e.Run("draft", id); code != 2 || !strings.Contains(errs, "nothing planned for "+id+"; pass --kind") {
		t.Errorf("draft of a closed interview = exit %d, stderr %q; want 2, nothing planned", code, errs)
	}
}

func TestDraftRendersNamesLiterally(t *testing.T) {
	e := clitest.NewEnv(t)
	clitest.WithBerlinConfig(t, e)
	id := strings.TrimSpace(e.MustRun("add", "--company", "Acme", "--role", "SRE", "--at", "2026-11-20 14:00",
		"--interviewer", `"{{.Me.Email}}" <x@acme.example>`, "--notes", "{{.Me.Name}} and pipelines"))
	_, d := readDraft(t, []byte(e.MustRun("draft", id, "--kind", "thank-you")))
	if !strings.Contains(d.Text, "Hi {{.Me.Email}},") || !strings.Contains(d.Text, "{{.Me.Name}} and pipelines") {
		t.Errorf("draft = %q, want the name and notes as typed", d.Text)
	}
	if strings.Contains(d.Text, "max@example.org") {
		t.Errorf("draft = %q, want no expanded template field", d.Text)
	}
}

func TestDraftTerminalPreviewRecordsNothing(t *testing.T) {
	e := clitest.NewEnv(t)
	clitest.WithBerlinConfig(t, e)
	id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	var out, errb bytes.Buffer
	app := &cli.App{
		Streams: cli.Streams{In: strings.NewReader(""), Out: &out, Err: &errb, Env: func(k string) string { return e.Vars[k] }, OutTTY: true},
		Clock:   clock.Func(func() time.Time { return e.Now }),
	}
	if code := cli.Run(context.Background(), []string{"draft", id, "--kind", "thank-you", "--to", "bob@acme.example"}, app); code != 0 {
		t.Fatalf("draft on a terminal = exit %d, stderr %q", code, errb.String())
	}
	for _, want := range []string{"To:      Bob Poe <bob@acme.example>", "Subject: Thank you for the Backend Engineer interview", "Hi Bob,", "nothing recorded"} {
		if !strings.Contains(out.String()+errb.String(), want) {
			t.Errorf("preview = %q (stderr %q), want %q", out.String(), errb.String(), want)
		}
	}
	if strings.Contains(out.String(), "Message-ID") || strings.Contains(out.String(), "=E2") {
		t.Errorf("preview = %q, want decoded text without raw headers", out.String())
	}
	if v := drafts(e, id); len(v.Drafts) != 0 {
		t.Errorf("show drafts after a preview = %+v, want none", v.Drafts)
	}
}

func TestDraftEdit(t *testing.T) {
	tests := []struct {
		name    string
		script  string
		wantErr string // "" for success
	}{
		{"subject and text", `sed -i 's/^Subject: .*/Subject: Edited subject/; s/^Hi Jane,/Dear Jane,/' "$1"`, ""},
		{"not confirmed", `sed -i 's/^Hi Jane,/Dear Jane,/' "$1"`, "nothing saved"},
		{"header injection", `printf 'Subject: x\rBcc: evil@attacker.example\n\nhi\n' > "$1"`, "CR"},
		{"other header", `sed -i '1i Bcc: evil@attacker.example' "$1"`, "only To, Cc and Subject"},
		{"two recipients", `sed -i 's/^To: .*/To: a@acme.example, b@acme.example/' "$1"`, "one mail address"},
		{"editor fails", `exit 3`, "nothing was saved"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := clitest.NewEnv(t)
			clitest.WithBerlinConfig(t, e)
			id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
			script := filepath.Join(e.Dir, "editor.sh")
			if err := os.WriteFile(script, []byte("#!/bin/sh\n"+tt.script+"\n"), 0o700); err != nil {
				t.Fatal(err)
			}
			e.Vars["EDITOR"] = script
			if tt.wantErr == "" {
				e.In = "y\n"
			}
			out, errs, code := e.Run("draft", id, "--kind", "thank-you", "--to", "jane@acme.example", "--edit")
			v := drafts(e, id)
			if tt.wantErr == "nothing saved" {
				if code != 0 || !strings.Contains(errs, tt.wantErr) || len(v.Drafts) != 0 {
					t.Errorf("draft --edit unconfirmed = exit %d, stderr %q, %d drafts; want nothing recorded", code, errs, len(v.Drafts))
				}
				return
			}
			if tt.wantErr != "" {
				if code == 0 || !strings.Contains(errs, tt.wantErr) || out != "" || len(v.Drafts) != 0 {
					t.Errorf("draft --edit = exit %d, stdout %q, stderr %q, %d drafts; want a failure naming %q and nothing recorded",
						code, out, errs, len(v.Drafts), tt.wantErr)
				}
				return
			}
			if len(v.Drafts) != 1 || v.Drafts[0].Subject != "Edited subject" || !strings.HasPrefix(v.Drafts[0].Location, "file:") {
				t.Fatalf("show drafts = %+v, want the edited draft saved in a file", v.Drafts)
			}
			raw, err := os.ReadFile(strings.TrimPrefix(v.Drafts[0].Location, "file:"))
			if err != nil {
				t.Fatal(err)
			}
			m, d := readDraft(t, raw)
			if d.Subject != "Edited subject" || !strings.HasPrefix(d.Text, "Dear Jane,") || !strings.Contains(out, "Dear Jane,") {
				t.Errorf("edited draft = %q / %q (shown %q), want the edits", d.Subject, d.Text, out)
			}
			if "<"+v.Drafts[0].MessageID+">" != m.Header.Get("Message-ID") {
				t.Errorf("show drafts = %+v, want Message-ID %s", v.Drafts, m.Header.Get("Message-ID"))
			}
		})
	}
}

func TestDraftErrors(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		noMe    bool
		wantErr string
	}{
		{"unknown id", []string{"draft", "nope-1120"}, false, "unknown interview id"},
		{"bad id", []string{"draft", "../etc"}, false, "id"},
		{"unknown kind", []string{"draft", "ID", "--kind", "apology"}, false, "kind"},
		{"unknown recipient", []string{"draft", "ID", "--kind", "thank-you", "--to", "eve@other.example"}, false, "eve@other.example is not on interview"},
		{"save without imap", []string{"draft", "ID", "--save"}, false, "[imap]"},
		{"save and out", []string{"draft", "ID", "--save", "--out", "x"}, false, "either --save or --out"},
		{"no me email", []string{"draft", "ID", "--kind", "thank-you"}, true, "set [me] email in the config (followup init)"},
		{"newline in to", []string{"draft", "ID", "--to", "jane@acme.example\nBcc: x@evil.example"}, false, "to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := clitest.NewEnv(t)
			if !tt.noMe {
				clitest.WithBerlinConfig(t, e)
			}
			id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				args[i] = strings.ReplaceAll(a, "ID", id)
			}
			out, errs, code := e.Run(args...)
			if code != 2 || out != "" || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.Contains(errs, tt.wantErr) {
				t.Errorf("followup %v = exit %d, stdout %q, stderr %q; want exit 2 and one line naming %q", args, code, out, errs, tt.wantErr)
			}
			if v := drafts(e, id); len(v.Drafts) != 0 {
				t.Errorf("drafts after a refused draft = %+v, want none", v.Drafts)
			}
		})
	}
}

// imapDrafts starts an in-process IMAP server for user (see memIMAP) and
// returns its address.
func imapDrafts(t *testing.T, user string) string {
	t.Helper()
	addr, _ := memIMAP(t, user)
	return addr
}

const testIMAPPassword = "imap-test-pass"

// draftsInMailbox lists the Message-IDs of the messages in Drafts that
// carry the \Draft flag, read with a separate client.
func draftsInMailbox(t *testing.T, addr, user string) []string {
	t.Helper()
	ic, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ic.Close()
	if err := ic.Login(user, testIMAPPassword).Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := ic.Select("Drafts", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true}
	msgs, err := ic.Fetch(imap.SeqSetNum(1, 2, 3, 4, 5), &imap.FetchOptions{Flags: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range msgs {
		if !slices.Contains(m.Flags, imap.FlagDraft) {
			continue
		}
		h, err := netmail.ReadMessage(bytes.NewReader(append(m.FindBodySection(section), '\r', '\n')))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, strings.Trim(h.Header.Get("Message-ID"), "<>"))
	}
	return ids
}

func TestDraftSaveIMAP(t *testing.T) {
	e := clitest.NewEnv(t)
	const user = "max@example.org"
	addr := imapDrafts(t, user)
	host, port, _ := net.SplitHostPort(addr)
	dir := filepath.Join(e.Dir, "config", "followup")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf("[me]\nname = \"Max Mustermann\"\nemail = %q\ntimezone = \"Europe/Berlin\"\n\n[imap]\nhost = %q\nport = %s\nsecurity = \"none\"\nusername = %q\npassword = %q\n",
		user, host, port, user, testIMAPPassword)
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	out := e.MustRun("draft", id, "--kind", "thank-you", "--save")
	if strings.Count(out, "imap:Drafts") != 2 || strings.Contains(out, testIMAPPassword) {
		t.Errorf("draft --save = %q, want two imap:Drafts lines", out)
	}
	inBox := draftsInMailbox(t, addr, user)
	v := drafts(e, id)
	if len(v.Drafts) != 2 || len(inBox) != 2 {
		t.Fatalf("show drafts = %+v, Drafts holds %v; want the same two messages", v.Drafts, inBox)
	}
	for _, d := range v.Drafts {
		if d.Location != "imap:Drafts" || !slices.Contains(inBox, d.MessageID) {
			t.Errorf("draft %+v: want location imap:Drafts and its Message-ID among %v", d, inBox)
		}
	}
}

// TestDraftTextReadsWell: company names ending in a full stop, --about
// typed as a fragment and the networking subject (issue 19, point 2).
func TestDraftTextReadsWell(t *testing.T) {
	e := clitest.NewEnv(t)
	clitest.WithBerlinConfig(t, e)
	id := strings.TrimSpace(e.MustRun("add", "--company", "Zürich Données & Co.", "--role", "SRE (Platform)", "--at", "2026-11-20 14:00",
		"--interviewer", "Jana Müller <jana@z.example>", "--next-steps", "we'll be in touch"))
	ty := e.MustRun("draft", id, "--kind", "thank-you")
	nw := e.MustRun("draft", id, "--kind", "networking", "--article", "https://example.com/post", "--about", "it picks up our talk about on-call")
	for _, out := range []string{ty, nw} {
		if strings.Contains(out, "Co..") || !strings.Contains(out, "Zürich Données & Co.") {
			t.Errorf("draft = %q, want the company once with one full stop", out)
		}
	}
	if !strings.Contains(nw, "\nIt picks up our talk about on-call.\n") {
		t.Errorf("networking draft = %q, want --about as a sentence", nw)
	}
	if strings.Contains(nw, "Thought you might enjoy this") || !strings.Contains(nw, "Subject: An article after our conversation about the SRE (Platform) role") {
		t.Errorf("networking subject in %q, want one that names the role", nw)
	}
}

func TestDryRunShowsDecodedText(t *testing.T) {
	e := clitest.NewEnv(t)
	clitest.WithBerlinConfig(t, e)
	e.MustRun("add", "--company", "Müller Bau", "--role", "SRE", "--at", "2026-11-20 10:00", "--interviewer", "Jürgen Müller <j@mueller.example>")
	out := e.MustRun("daemon", "--once", "--dry-run", "--log-level", "error")
	if !strings.Contains(out, "To:      Jürgen Müller <j@mueller.example>") || !strings.Contains(out, "Müller Bau") || strings.Contains(out, "=C3") {
		t.Errorf("daemon --once --dry-run = %q, want decoded text, no quoted-printable", out)
	}
}

// TestThankYousArePersonal: topics logged per interviewer make their notes
// differ, and a vague promise is quoted as said (issue 19, point 7).
func TestThankYousArePersonal(t *testing.T) {
	e := clitest.NewEnv(t)
	clitest.WithBerlinConfig(t, e)
	id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	out := e.MustRun("log", id, "--topics", "Jane=the on-call rota", "--topics", "bob@acme.example=replaying the event log")
	if !strings.Contains(out, "topics with Jane") || !strings.Contains(out, "topics with Bob") {
		t.Errorf("log --topics = %q, want it to say what it recorded", out)
	}
	notes := map[string]string{}
	for _, to := range []string{"jane@acme.example", "bob@acme.example"} {
		notes[to] = e.MustRun("draft", id, "--kind", "thank-you", "--to", to)
	}
	if !strings.Contains(notes["jane@acme.example"], "our conversation about the on-call rota.") ||
		!strings.Contains(notes["bob@acme.example"], "our conversation about replaying the event log.") {
		t.Errorf("thank-yous = %q, want each interviewer's topics", notes)
	}
	for _, tt := range []struct{ args []string }{
		{[]string{"log", id, "--topics", "the on-call rota"}},
		{[]string{"log", id, "--topics", "Eve=the on-call rota"}},
	} {
		if _, errs, code := e.Run(tt.args...); code != 2 || !strings.Contains(errs, "--topics") {
			t.Errorf("followup %v = exit %d, %q; want 2 naming --topics", tt.args, code, errs)
		}
	}
}

func TestThankYouQuotesThePromiseAsSaid(t *testing.T) {
	tests := []struct{ nextSteps, want, not string }{
		{"the committee will meet next week", "I look forward to hearing from you next week.", "December"},
		{"we'll decide in early January", "I look forward to hearing from you in early January.", "Sunday"},
		{"we'll know by the end of the month", "I look forward to hearing from you by the end of November.", "Monday"},
		{"we'll get back to you in 4-5 working days", "I look forward to hearing from you by Friday, November 27.", ""},
		{"Jane will call you on Monday", "I look forward to hearing from you by Monday, November 23.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.nextSteps, func(t *testing.T) {
			e := clitest.NewEnv(t)
			clitest.WithBerlinConfig(t, e)
			id := strings.TrimSpace(e.MustRun("add", "--company", "Acme", "--role", "SRE", "--at", "2026-11-20 10:00",
				"--interviewer", "Jane Roe <jane@acme.example>", "--next-steps", tt.nextSteps))
			out := e.MustRun("draft", id, "--kind", "thank-you")
			if !strings.Contains(out, tt.want) || tt.not != "" && strings.Contains(out, tt.not) {
				t.Errorf("thank-you after %q = %q, want %q and no %q", tt.nextSteps, out, tt.want, tt.not)
			}
		})
	}
}

// TestDraftAdvice: every draft comes with advice on stderr (what to
// change, with a one-line fix); --strict exits 1 when some of it is more
// than a hint, for people who script their drafts.
func TestDraftAdvice(t *testing.T) {
	e := clitest.NewEnv(t)
	clitest.WithBerlinConfig(t, e)
	id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	pushy := []string{"draft", id, "--kind", "check-in", "--note", "Just checking in again?? Any news??"}
	_, errs, code := e.Run(pushy...)
	if code != 0 || !strings.Contains(errs, "advice (check-in to jane@acme.example) warning: ") {
		t.Fatalf("draft with a pushy note = exit %d, stderr %q; want exit 0 and a warning with its fix", code, errs)
	}
	if _, errs, code := e.Run(append(pushy, "--strict")...); code != 1 || !strings.Contains(errs, "--strict") {
		t.Errorf("draft --strict with a pushy note = exit %d, stderr %q; want exit 1 naming --strict", code, errs)
	}
}
