package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/compose"
	"github.com/followup-dev/followup/internal/mailer"
)

// printRaw writes the complete messages to stdout, for scripts and mail
// tools: one message as it is, several as an mboxrd stream. Nothing is
// recorded: printing is looking.
func (a *App) printRaw(cs []compose.Composed, now time.Time) error {
	var buf bytes.Buffer
	for _, c := range cs {
		if len(cs) == 1 {
			buf.Write(c.Raw)
			continue
		}
		writeMboxrd(&buf, c, now)
	}
	if _, err := a.Out.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write drafts: %w", err)
	}
	return nil
}

// preview shows each message decoded, for people, on a terminal or a pipe.
// Nothing is recorded.
func (a *App) preview(cs []compose.Composed) error {
	for i, c := range cs {
		if i > 0 {
			fmt.Fprintln(a.Out, strings.Repeat("─", 60))
		}
		if err := WriteReadable(a.Out, c.Raw); err != nil {
			return err
		}
	}
	return nil
}

// WriteReadable prints a composed message as a person reads it: the main
// headers and the decoded text, never quoted-printable or base64.
func WriteReadable(w io.Writer, raw []byte) error {
	m, err := mailer.ReadMessage(raw)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "From:    %s\nTo:      %s\n", m.From, m.To)
	if m.Cc != "" {
		fmt.Fprintf(w, "Cc:      %s\n", m.Cc)
	}
	fmt.Fprintf(w, "Subject: %s\nDate:    %s\n\n%s", m.Subject, m.Date.Format("Mon 2 Jan 2006 15:04 MST"), m.Text)
	if !strings.HasSuffix(m.Text, "\n") {
		fmt.Fprintln(w)
	}
	return nil
}

// writeMboxrd appends c to buf as one mboxrd entry, with LF line endings.
func writeMboxrd(buf *bytes.Buffer, c compose.Composed, now time.Time) {
	fmt.Fprintf(buf, "From followup %s\n", now.Format("Mon Jan _2 15:04:05 2006"))
	text := strings.ReplaceAll(string(c.Raw), "\r\n", "\n")
	for _, line := range strings.SplitAfter(text, "\n") {
		if strings.HasPrefix(strings.TrimLeft(line, ">"), "From ") {
			buf.WriteByte('>')
		}
		buf.WriteString(line)
	}
	if !strings.HasSuffix(text, "\n") {
		buf.WriteByte('\n')
	}
	buf.WriteByte('\n')
}

// keepEdited asks, after --edit without --out or --save, whether to keep
// the edited drafts; yes saves them where drafts go (IMAP Drafts, else the
// data folder) and records them. No answer keeps nothing.
func (a *App) keepEdited(ctx context.Context, cm *compose.Composer, cs []compose.Composed) error {
	where := "the drafts folder of the data folder"
	if cm.DialIMAP != nil {
		where = "your IMAP Drafts folder"
	}
	if !a.Prompter().Confirm(fmt.Sprintf("Save %s to %s and record it?", plural(len(cs), "this draft", "these drafts"), where)) {
		fmt.Fprintln(a.Err, "followup: nothing saved or recorded")
		return nil
	}
	return a.saveDrafts(ctx, cm, cs)
}
