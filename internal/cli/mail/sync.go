package mail

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/imapwatch"
	"github.com/followup-dev/followup/internal/inbox"
)

func init() { Commands.Add(newSyncCommand) }

const syncLong = `Check the watched mailboxes ([imap] mailboxes, INBOX by default, plus Sent)
once for new mail and exit: a reply from the company stops that interview's
follow-ups, an out-of-office with a return date holds its check-ins, a bounce
marks the address undeliverable, and mail you wrote to an interviewer counts
as a touch. The daemon does the same continuously.

The first time, it looks back only to a day before the oldest interview still
waiting for an answer; after that it takes up where the last check stopped.
--since DAY reads everything received since that day again (after you add an
interview that took place before the last check); answers already recorded
are not recorded twice.
Mail is only read, never marked as read or moved.

On a terminal it shows progress on standard error. It prints one summary line
(one JSON object with --json). Exit codes: 0 done; 1 the server could not be
reached or a mailbox could not be read; 2 no [imap] section or a bad password
setting.`

type syncOptions struct {
	json  bool
	since string
}

func newSyncCommand(a *command.App) *cobra.Command {
	var o syncOptions
	cmd := &cobra.Command{
		Use:   "sync [--json]",
		Short: "Check the inbox once for answers and exit",
		Long:  syncLong,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSync(cmd.Context(), a, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print the summary as one JSON object")
	cmd.Flags().StringVar(&o.since, "since", "", `read again everything received since this day ("2026-11-01"), e.g. after adding an older interview`)
	return cmd
}

// syncView is the JSON output of `followup sync`.
type syncView struct {
	Seen        map[string]int `json:"seen"`
	Replies     int            `json:"replies"`
	AutoReplies int            `json:"auto_replies"`
	Bounces     int            `json:"bounces"`
	Invites     int            `json:"invitations"`
}

func runSync(ctx context.Context, a *command.App, o syncOptions) error {
	env, err := a.Inbox(ctx)
	if err != nil {
		return err
	}
	var progress func(imapwatch.Progress)
	if isTerminal(a.Err) {
		progress = progressPrinter(a.Err, a.Clock)
	}
	defer batchGC()()
	start := a.Clock.Now()
	sum, err := catchUp(ctx, a, env, o.since, progress)
	if err != nil {
		return err
	}
	if a.InTTY && !o.json {
		if err := offerToClose(ctx, a, env, start); err != nil {
			return err
		}
	}
	if o.json {
		enc := json.NewEncoder(a.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(syncView{Seen: sum.Seen, Replies: sum.Replies, AutoReplies: sum.AutoReplies, Bounces: sum.Bounces, Invites: sum.Invites})
	}
	_, err = fmt.Fprintln(a.Out, syncSummary(sum))
	return err
}

// batchGC makes the garbage collector run a quarter as often while a
// catch-up allocates its way through a big mailbox (GOGC=400, unless GOGC
// says otherwise): 9 % less CPU at 100,000 messages for about 10 MB more
// (BENCHMARKS.md). The returned func restores the setting.
func batchGC() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(400)
	return func() { debug.SetGCPercent(old) }
}

// catchUp reads new mail, or with since everything received since that day.
func catchUp(ctx context.Context, a *command.App, env *inbox.Inbox, since string, progress func(imapwatch.Progress)) (inbox.InboxSummary, error) {
	if since == "" {
		return env.CatchUp(ctx, progress)
	}
	day, err := command.ParseTime("since", since, a.Location())
	if err != nil {
		return inbox.InboxSummary{}, err
	}
	return env.Rescan(ctx, day, progress)
}

// syncSummary is the one-line summary of a catch-up pass, such as
// "4 new messages (INBOX 3, Sent 1): 1 reply, 1 auto-reply, 0 bounces".
func syncSummary(s inbox.InboxSummary) string {
	if s.Total() == 0 {
		return "No new messages."
	}
	var per []string
	for _, mb := range slices.Sorted(maps.Keys(s.Seen)) {
		per = append(per, fmt.Sprintf("%s %d", mb, s.Seen[mb]))
	}
	line := fmt.Sprintf("%s (%s): %s, %s, %s", plural(s.Total(), "new message", "new messages"), strings.Join(per, ", "),
		plural(s.Replies, "reply", "replies"), plural(s.AutoReplies, "auto-reply", "auto-replies"), plural(s.Bounces, "bounce", "bounces"))
	if s.Invites > 0 {
		line += ", " + plural(s.Invites, "invitation", "invitations") + " (see followup invites)"
	}
	return line
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// progressPrinter shows "INBOX: 12000/100000, 8400/s, 0:11 left" on one
// terminal line, updated about a hundred times per mailbox, ending the line
// when a mailbox is done.
func progressPrinter(w io.Writer, clk clock.Clock) func(imapwatch.Progress) {
	m := &inbox.Meter{Clock: clk}
	return func(p imapwatch.Progress) {
		r := m.Read(p)
		step := max(1, p.Total/100)
		if p.Done != p.Read && p.Done != p.Total && p.Done/step == (p.Done-p.Read)/step {
			return // no step crossed since the last line
		}
		end := ""
		if p.Done == p.Total {
			end = "\n"
		}
		fmt.Fprintf(w, "\r%s\x1b[K%s", r, end)
	}
}

// isTerminal says whether w is a terminal (standard error, usually).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// offerToClose asks, on a terminal, whether to close each interview that a
// rejection recorded since start answered: one keystroke, and nothing is
// closed without it.
func offerToClose(ctx context.Context, a *command.App, env *inbox.Inbox, start time.Time) error {
	rs, err := env.Store.RepliesSince(ctx, "reply", start)
	if err != nil {
		return err
	}
	pr := a.Prompter()
	for _, r := range rs {
		if r.Label != "rejection" {
			continue
		}
		iv, err := env.Store.GetInterview(ctx, r.InterviewID)
		if err != nil || iv.Status == followup.StatusClosed {
			continue
		}
		q := fmt.Sprintf("%s (%s) answered with a rejection (%q). Close it as rejected?", iv.Company, iv.Role, r.LabelPhrase)
		if !pr.Confirm(q) {
			continue
		}
		iv.Close(followup.OutcomeRejected, a.Clock.Now())
		if err := env.Planner.Save(ctx, iv); err != nil {
			return err
		}
		fmt.Fprintf(a.Out, "closed %s: rejected\n", iv.ID)
	}
	return nil
}
