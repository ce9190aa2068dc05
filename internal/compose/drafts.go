package compose

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/mailauth"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/render"
	"github.com/followup-dev/followup/internal/store"
)

// Locations recorded for drafts, with a mailbox name or a path appended
// to the prefixes.
const (
	LocationStdout     = "stdout"
	LocationFilePrefix = "file:"
	LocationIMAPPrefix = "imap:"
)

// SaveDraft saves c where the user finds drafts: the IMAP Drafts mailbox
// (with \Draft) when DialIMAP is set, else a new .eml file in DataDir/drafts.
// It returns the location to record, "imap:MAILBOX" or "file:PATH". It
// blocks while the IMAP server works.
func (cm *Composer) SaveDraft(ctx context.Context, c Composed) (location string, err error) {
	locs, err := cm.SaveDrafts(ctx, []Composed{c})
	if err != nil {
		return "", err
	}
	return locs[0], nil
}

// SaveDrafts saves each message like SaveDraft, over one IMAP connection.
// On error the locations of the messages already saved are returned with it.
func (cm *Composer) SaveDrafts(ctx context.Context, cs []Composed) ([]string, error) {
	if cm.DialIMAP == nil {
		return cm.saveFiles(cs)
	}
	mb, err := cm.DialIMAP(ctx)
	if errors.Is(err, mailauth.ErrLoginRequired) && cm.DataDir != "" {
		// Signed out of IMAP: drafts still get made, as files.
		cm.log().Warn("imap sign-in required: drafts saved as files", "err", err)
		return cm.saveFiles(cs)
	}
	if err != nil {
		return nil, fmt.Errorf("save drafts: %w", err)
	}
	defer mb.Close()
	locs := make([]string, 0, len(cs))
	for _, c := range cs {
		if err := mb.AppendDraft(ctx, c.Raw); err != nil {
			return locs, fmt.Errorf("save draft to %s: %w", c.To.Email, err)
		}
		locs = append(locs, LocationIMAPPrefix+mb.DraftsMailbox())
		cm.log().Info("draft saved", "interview", c.InterviewID, "kind", c.Kind, "to", c.To.Email, "mailbox", mb.DraftsMailbox())
	}
	return locs, nil
}

func (cm *Composer) saveFiles(cs []Composed) ([]string, error) {
	if cm.DataDir == "" {
		return nil, errors.New("save drafts: no data folder")
	}
	dir := filepath.Join(cm.DataDir, "drafts")
	locs := make([]string, 0, len(cs))
	for _, c := range cs {
		path, err := WriteEML(dir, c)
		if err != nil {
			return locs, err
		}
		locs = append(locs, LocationFilePrefix+path)
		cm.log().Info("draft saved", "interview", c.InterviewID, "kind", c.Kind, "to", c.To.Email, "file", path)
	}
	return locs, nil
}

// RemoveDraftFiles removes the .eml files at the given locations (those
// saved but not recorded); IMAP drafts are left alone.
func RemoveDraftFiles(locs []string) {
	for _, loc := range locs {
		if path, ok := strings.CutPrefix(loc, LocationFilePrefix); ok {
			os.Remove(path)
		}
	}
}

// RecordDraft records c, saved at location, on its interview in one
// transaction: the message (kind, recipient, subject, Message-ID,
// location) and, when c carries out a planned action, that action becomes
// drafted with c's Message-ID.
func (cm *Composer) RecordDraft(ctx context.Context, c Composed, location string) error {
	return cm.Store.RecordDraft(ctx, store.Draft{
		MessageID: c.MessageID, InterviewID: c.InterviewID, ActionID: c.ActionID, Kind: string(c.Kind),
		Recipient: c.To.Email, Subject: c.Subject, Location: location, At: cm.Clock.Now(),
	})
}

// maxNameTries bounds the numbered names WriteEML tries.
const maxNameTries = 1000

// WriteEML writes c.Raw to a new file in dir (created 0700 if missing),
// named from its interview, kind and recipient ("acme-backend-1120-
// thank-you-jane-acme.example.eml", then "-2", "-3", … so that no file is
// ever replaced). The file is 0600 and appears complete or not at all. It
// returns the file's path.
func WriteEML(dir string, c Composed) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create draft folder: %w", err)
	}
	tmp, err := writeTemp(dir, c.Raw)
	if err != nil {
		return "", fmt.Errorf("write draft in %s: %w", dir, err)
	}
	defer os.Remove(tmp)
	base := FileName(c)
	for n := 1; n <= maxNameTries; n++ {
		name := base + ".eml"
		if n > 1 {
			name = base + "-" + strconv.Itoa(n) + ".eml"
		}
		path := filepath.Join(dir, name)
		err := os.Link(tmp, path) // fails when path exists: never replaces a file
		if err == nil {
			return path, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return "", fmt.Errorf("write draft %s: %w", path, err)
		}
	}
	return "", fmt.Errorf("write draft in %s: too many drafts named %s", dir, base)
}

// writeTemp writes b to a new 0600 temporary file in dir, synced to disk.
func writeTemp(dir string, b []byte) (string, error) {
	f, err := os.CreateTemp(dir, ".draft-*.tmp")
	if err != nil {
		return "", err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// FileName is the base name, without extension, of c's draft file: the
// interview id, kind and recipient with every character other than a-z,
// 0-9, '.', '_' and '-' replaced, so that it never names another folder.
func FileName(c Composed) string {
	raw := strings.ToLower(c.InterviewID + "-" + string(c.Kind) + "-" + strings.ReplaceAll(c.To.Email, "@", "-"))
	var b strings.Builder
	for _, r := range raw {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == '.' && b.Len() > 0:
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	name := strings.Trim(b.String(), ".-")
	if len(name) > 120 {
		name = name[:120]
	}
	if name == "" {
		name = "draft"
	}
	return name
}

// Revision is what a person may change in a composed message before it is
// saved: the recipient, the Cc list, the subject and the text.
type Revision struct {
	To      mailer.Address
	Cc      string // an address list; "" for none
	Subject string
	Text    string
}

// Revise rebuilds c with r's recipient, subject and text, keeping its
// sender, date, Message-ID and threading headers. The HTML alternative, if
// any, is dropped: it would no longer match the text. Header values with
// CR, LF or NUL, invalid addresses and an empty subject or text are refused.
func Revise(c Composed, r Revision) (Composed, error) {
	orig, err := mailer.ReadMessage(c.Raw)
	if err != nil {
		return Composed{}, err
	}
	from, err := mail.ParseAddress(orig.From)
	if err != nil {
		return Composed{}, fmt.Errorf("revise: From: %w", err)
	}
	if strings.TrimSpace(r.Subject) == "" || strings.TrimSpace(r.Text) == "" {
		return Composed{}, fmt.Errorf("revise: the subject and the text must not be empty")
	}
	msg := render.Message{Subject: strings.TrimSpace(r.Subject), Text: strings.TrimRight(r.Text, "\n") + "\n"}
	if strings.TrimSpace(r.Cc) != "" {
		msg.Headers = [][2]string{{"Cc", r.Cc}}
	}
	m, err := mailer.Compose(mailer.Draft{From: mailer.Address{Name: from.Name, Address: from.Address}, To: r.To,
		Message: msg, Date: orig.Date, InReplyTo: orig.InReplyTo, References: orig.References, MessageID: c.MessageID})
	if err != nil {
		return Composed{}, fmt.Errorf("revise: %w", err)
	}
	out := c
	if !strings.EqualFold(r.To.Address, c.To.Email) {
		out.To = followup.Person{Name: r.To.Name, Email: r.To.Address}
	}
	out.Subject, out.Raw, out.Envelope = msg.Subject, m.Raw, m.Recipients
	return out, nil
}
