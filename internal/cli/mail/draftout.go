package mail

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/compose"
)

// printRaw writes the complete messages to stdout, for scripts and mail
// tools: one message as it is, several as an mboxrd stream. Nothing is
// recorded: printing is looking.
func printRaw(a *command.App, cs []compose.Composed, now time.Time) error {
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
func preview(a *command.App, cs []compose.Composed) error {
	for i, c := range cs {
		if i > 0 {
			fmt.Fprintln(a.Out, strings.Repeat("─", 60))
		}
		if err := command.WriteReadable(a.Out, c.Raw); err != nil {
			return err
		}
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
func keepEdited(ctx context.Context, a *command.App, cm *compose.Composer, cs []compose.Composed) error {
	where := "the drafts folder of the data folder"
	if cm.DialIMAP != nil {
		where = "your IMAP Drafts folder"
	}
	if !a.Prompter().Confirm(fmt.Sprintf("Save %s to %s and record it?", plural(len(cs), "this draft", "these drafts"), where)) {
		fmt.Fprintln(a.Err, "followup: nothing saved or recorded")
		return nil
	}
	return saveDrafts(ctx, a, cm, cs)
}
