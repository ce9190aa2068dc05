package mail

import (
	"context"
	"errors"
	"fmt"
	netmail "net/mail"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/compose"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/usage"
)

func init() { Commands.Add(newDraftCommand) }

// draftOptions are the flags of `followup draft`.
type draftOptions struct {
	ID                   string
	kind, to             string
	article, about, note string
	out                  string
	save, edit, raw      bool
	force, strict        bool
}

const draftLong = `Write the follow-up notes of an interview from the templates: a thank-you note
to each interviewer, a check-in, or a networking note. Without --kind, the next
follow-up to write is used: a thank-you note not yet sent comes first, even
when it is late.

Looking records nothing: the notes are shown decoded, on a terminal or through
a pipe, as often as you like (--raw prints the complete MIME messages instead,
several as an mbox, and records nothing either). A draft is kept and recorded
on the interview only when you say so:

  --out DIR   one .eml file per message in DIR
  --save      your IMAP Drafts folder, ready to send from your mail client
              (needs the [imap] section of the config)
  --edit      opens $VISUAL or $EDITOR (default vi) on the To, Cc, Subject and
              text first, then asks whether to save and record the result

A recorded draft is listed by 'followup show ID', a reply to it is recognised,
and the matching planned follow-up becomes "drafted".

A thank-you note for an interview that has not ended yet is refused; --force
writes it anyway.`

func newDraftCommand(a *command.App) *cobra.Command {
	var o draftOptions
	cmd := &cobra.Command{
		Use:               "draft ID",
		Short:             "Draft the follow-up notes of an interview",
		Long:              draftLong,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: a.CompleteIDs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			return runDraft(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.kind, "kind", "", "thank-you, check-in or networking (default: the next planned follow-up)")
	f.StringVar(&o.to, "to", "", "only the note to this address")
	f.StringVar(&o.article, "article", "", "link to share in a networking note")
	f.StringVar(&o.about, "about", "", "why the article matters to them, one or two sentences")
	f.StringVar(&o.note, "note", "", "an extra paragraph for the note")
	f.StringVar(&o.out, "out", "", "write one .eml file per message into this folder")
	f.BoolVar(&o.save, "save", false, "save to the IMAP Drafts folder (needs [imap])")
	f.BoolVar(&o.edit, "edit", false, "edit each message in $VISUAL / $EDITOR first, then confirm to save it")
	f.BoolVar(&o.raw, "raw", false, "print the complete MIME messages (an mbox for several); records nothing")
	f.BoolVar(&o.force, "force", false, "write a thank-you note before the interview has ended")
	f.BoolVar(&o.strict, "strict", false, "exit 1 when the advice on a note finds a problem (for scripts)")
	return cmd
}

func runDraft(ctx context.Context, a *command.App, o draftOptions) error {
	req, iv, err := draftRequest(ctx, a, o.ID, o)
	if err != nil {
		return err
	}
	env, err := a.ServicesWith(ctx, nil, a.LoadTemplatesEach)
	if err != nil {
		return err
	}
	if o.save && env.Composer.DialIMAP == nil {
		return usage.Errorf("--save needs the [imap] section of the config (host, port, username, password_cmd); or use --out DIR")
	}
	cs, err := env.Composer.Compose(ctx, req)
	if err != nil {
		return err
	}
	if err := checkThankYouTime(iv, cs, a.Clock.Now(), o.force); err != nil {
		return err
	}
	if o.edit {
		if cs, err = editAll(ctx, a, cs); err != nil {
			return err
		}
	}
	advice := adviseAll(a, cs, iv, o.about)
	if err := outputDrafts(ctx, a, env.Composer, cs, o); err != nil {
		return err
	}
	return strictError(advice, o.strict)
}

// outputDrafts keeps the drafts where the flags say, or shows them.
// Only --save, --out and a confirmed --edit record anything.
func outputDrafts(ctx context.Context, a *command.App, cm *compose.Composer, cs []compose.Composed, o draftOptions) error {
	switch {
	case o.save:
		return saveDrafts(ctx, a, cm, cs)
	case o.out != "":
		return saveFiles(ctx, a, cm, o.out, cs)
	case o.raw:
		return printRaw(a, cs, cm.Clock.Now())
	}
	if err := preview(a, cs); err != nil {
		return err
	}
	if o.edit {
		return keepEdited(ctx, a, cm, cs)
	}
	const hint = "preview only, nothing recorded: --out DIR or --save keeps the draft"
	if a.OutTTY {
		fmt.Fprintln(a.Out, "\n("+hint+")") // inside the pager, where it is seen
		return nil
	}
	fmt.Fprintln(a.Err, "followup: "+hint)
	return nil
}

// checkThankYouTime refuses a thank-you note for an interview that has not
// ended yet, unless forced.
func checkThankYouTime(iv *followup.Interview, cs []compose.Composed, now time.Time, force bool) error {
	if force || len(cs) == 0 || cs[0].Kind != followup.KindThankYou || !now.Before(iv.End()) {
		return nil
	}
	return usage.Errorf("interview %s has not happened yet (it ends %s): draft the thank-you afterwards, or pass --force",
		iv.ID, iv.End().Format("Mon 2 Jan 15:04"))
}

// draftRequest checks the flags and the id before anything is composed.
func draftRequest(ctx context.Context, a *command.App, id string, o draftOptions) (compose.Request, *followup.Interview, error) {
	req, err := draftFlags(id, o)
	if err != nil {
		return req, nil, err
	}
	iv, _, err := a.GetInterview(ctx, id)
	return req, iv, err
}

// draftFlags checks the flags of `draft`.
func draftFlags(id string, o draftOptions) (compose.Request, error) {
	if o.save && o.out != "" {
		return compose.Request{}, usage.Errorf("use either --save or --out, not both")
	}
	if o.raw && (o.save || o.out != "") {
		return compose.Request{}, usage.Errorf("--raw prints the messages; it does not go with --save or --out")
	}
	req := compose.Request{InterviewID: id, Article: strings.TrimSpace(o.article), About: o.about, Note: o.note}
	if o.kind != "" {
		k, err := followup.ParseActionKind(o.kind)
		if err != nil {
			return req, err
		}
		req.Kind = k
	}
	if o.to != "" {
		p, err := followup.ParsePerson("to", o.to, followup.RoleInterviewer)
		if err != nil {
			return req, err
		}
		req.To = p.Email
	}
	if err := checkArticle(req.Article); err != nil {
		return req, err
	}
	if err := checkOutDir(o.out); err != nil {
		return req, err
	}
	for _, f := range []struct{ name, v string }{{"about", o.about}, {"note", o.note}} {
		if err := followup.CheckText(f.name, f.v); err != nil {
			return req, err
		}
	}
	return req, nil
}

// maxURL is the longest --article link accepted.
const maxURL = 2000

// checkArticle accepts an empty link or an absolute http(s) URL on one line:
// it goes into a note to an interviewer, so no other scheme (javascript:,
// file:, data:) and nothing that could break out of the line.
func checkArticle(v string) error {
	if v == "" {
		return nil
	}
	bad := func(hint string) error { return &followup.FieldError{Field: "article", Value: v, Hint: hint} }
	if len(v) > maxURL || !utf8.ValidString(v) || strings.ContainsFunc(v, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) {
		return bad(fmt.Sprintf("a link is one line of at most %d characters, without spaces", maxURL))
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return bad(`give the full web address, e.g. "https://example.com/article"`)
	}
	return nil
}

// checkOutDir refuses an --out that names a file, or a path through a file,
// before anything is composed or recorded. A missing folder is created later.
func checkOutDir(dir string) error {
	if dir == "" {
		return nil
	}
	fi, err := os.Stat(dir)
	switch {
	case err == nil && !fi.IsDir():
		return usage.Errorf("--out %s is a file: name a folder for the .eml files (a missing one is created)", dir)
	case errors.Is(err, syscall.ENOTDIR):
		return usage.Errorf("--out %s: part of the path is a file, not a folder: name a folder for the .eml files", dir)
	}
	return nil
}

// saveDrafts saves every message where drafts go (IMAP Drafts, else the
// data folder) and records those saved.
func saveDrafts(ctx context.Context, a *command.App, cm *compose.Composer, cs []compose.Composed) error {
	locs, saveErr := cm.SaveDrafts(ctx, cs)
	for i, loc := range locs {
		if err := cm.RecordDraft(ctx, cs[i], loc); err != nil {
			return err
		}
		fmt.Fprintf(a.Out, "%s: %s to %s (Message-ID <%s>)\n", loc, cs[i].Kind, cs[i].To.Email, cs[i].MessageID)
	}
	return saveErr
}

// saveFiles writes one .eml file per message into dir; when one fails, the
// files already written are removed and nothing is recorded.
func saveFiles(ctx context.Context, a *command.App, cm *compose.Composer, dir string, cs []compose.Composed) error {
	paths := make([]string, 0, len(cs))
	for _, c := range cs {
		p, err := compose.WriteEML(dir, c)
		if err != nil {
			for _, done := range paths {
				os.Remove(done)
			}
			return err
		}
		paths = append(paths, p)
	}
	for i, p := range paths {
		if err := cm.RecordDraft(ctx, cs[i], compose.LocationFilePrefix+p); err != nil {
			return err
		}
		fmt.Fprintln(a.Out, p)
	}
	return nil
}

// editAll lets the user edit each message in their editor.
func editAll(ctx context.Context, a *command.App, cs []compose.Composed) ([]compose.Composed, error) {
	out := make([]compose.Composed, 0, len(cs))
	for _, c := range cs {
		e, err := editOne(ctx, a, c)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func editOne(ctx context.Context, a *command.App, c compose.Composed) (compose.Composed, error) {
	m, err := mailer.ReadMessage(c.Raw)
	if err != nil {
		return c, err
	}
	f, err := os.CreateTemp("", "followup-draft-*.txt")
	if err != nil {
		return c, fmt.Errorf("edit draft: %w", err)
	}
	defer os.Remove(f.Name())
	_, err = f.WriteString(editableText(m))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return c, fmt.Errorf("edit draft: %w", err)
	}
	if err := editFile(ctx, a, f.Name()); err != nil {
		return c, err
	}
	b, err := os.ReadFile(f.Name())
	if err != nil {
		return c, fmt.Errorf("edit draft: %w", err)
	}
	rev, err := parseEdited(b)
	if err != nil {
		return c, usage.Errorf("edited draft to %s: %w", c.To.Email, err)
	}
	revised, err := compose.Revise(c, rev)
	if err != nil {
		return c, usage.Errorf("edited draft to %s: %w", c.To.Email, err)
	}
	return revised, nil
}

// editableText is what the editor shows: the headers one may change, a
// blank line, and the text.
func editableText(m mailer.Message) string {
	var b strings.Builder
	fmt.Fprintf(&b, "To: %s\n", m.To)
	if m.Cc != "" {
		fmt.Fprintf(&b, "Cc: %s\n", m.Cc)
	}
	fmt.Fprintf(&b, "Subject: %s\n\n%s", m.Subject, m.Text)
	return b.String()
}

// parseEdited reads the edited text back: To (one address), optional Cc,
// Subject, a blank line, the text. Other headers, CR and NUL are refused.
func parseEdited(b []byte) (compose.Revision, error) {
	text := strings.ReplaceAll(string(b), "\r\n", "\n")
	if strings.ContainsAny(text, "\r\x00") {
		return compose.Revision{}, errors.New("CR and NUL characters are not allowed")
	}
	head, body, ok := strings.Cut(text, "\n\n")
	if !ok {
		return compose.Revision{}, errors.New("no blank line between the headers and the text")
	}
	var r compose.Revision
	for _, line := range strings.Split(head, "\n") {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return r, fmt.Errorf("%q is not a header line (To:, Cc: or Subject:)", line)
		}
		if err := setEdited(&r, strings.TrimSpace(name), strings.TrimSpace(value)); err != nil {
			return r, err
		}
	}
	if r.To.Address == "" {
		return r, errors.New("no To: header")
	}
	r.Text = body
	return r, nil
}

// setEdited applies one edited header line to r.
func setEdited(r *compose.Revision, name, value string) error {
	switch strings.ToLower(name) {
	case "to":
		a, err := netmail.ParseAddress(value)
		if err != nil {
			return fmt.Errorf("To: %q is not one mail address: %w", value, err)
		}
		r.To = mailer.Address{Name: a.Name, Address: a.Address}
	case "cc":
		if value != "" {
			if _, err := netmail.ParseAddressList(value); err != nil {
				return fmt.Errorf("Cc: %q: %w", value, err)
			}
		}
		r.Cc = value
	case "subject":
		r.Subject = value
	default:
		return fmt.Errorf("header %q cannot be edited: only To, Cc and Subject", name)
	}
	return nil
}

// editFile opens path in $VISUAL, else $EDITOR, else vi, on the App's
// streams, and waits for it. The editor value may hold arguments.
func editFile(ctx context.Context, a *command.App, path string) error {
	editor := a.Env("VISUAL")
	if editor == "" {
		editor = a.Env("EDITOR")
	}
	if editor == "" {
		editor = "vi"
	}
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", editor+` "$1"`, "sh", path)
	cmd.Stdout, cmd.Stderr = a.Err, a.Err
	if f, ok := a.In.(*os.File); ok {
		cmd.Stdin = f // the terminal; any other reader is kept for the confirmation
	}
	if a.OutTTY {
		cmd.Stdout = a.Out
	}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("editor %q: %w (nothing was saved)", editor, err)
	}
	return nil
}
