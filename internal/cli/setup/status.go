package setup

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/daemon"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
)

func init() { Commands.Add(newStatusCommand) }

// statusNext is how many upcoming actions status lists.
const statusNext = 5

type statusOptions struct{ json bool }

func newStatusCommand(a *command.App) *cobra.Command {
	var o statusOptions
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show whether the daemon runs, the last inbox sync, what is due next and what needs review",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runStatus(cmd.Context(), a, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print JSON")
	return cmd
}

func runStatus(ctx context.Context, a *command.App, o statusOptions) error {
	v, err := loadStatus(ctx, a)
	if err != nil {
		return err
	}
	if o.json {
		return command.WriteJSON(a.Out, v)
	}
	printStatus(a, a.Out, v)
	return nil
}

// StatusView is `followup status --json`.
type StatusView struct {
	// Account is the account the status is of, when the config has
	// [[account]] sections ("default" for the top-level sections').
	Account     string                `json:"account,omitempty"`
	Daemon      daemonView            `json:"daemon"`
	Inbox       string                `json:"inbox"` // "configured" or "not configured"
	Mailboxes   []mailboxView         `json:"mailboxes"`
	Next        []actionLine          `json:"next"`
	NeedsReview reviewView            `json:"needs_review"`
	Accounts    []command.AccountView `json:"accounts"` // OAuth2 sign-ins
}

type daemonView struct {
	Running   bool       `json:"running"`
	PID       int        `json:"pid,omitempty"`
	Host      string     `json:"host,omitempty"`
	Since     *time.Time `json:"since,omitempty"`
	Heartbeat *time.Time `json:"heartbeat,omitempty"`
}

type mailboxView struct {
	Mailbox string `json:"mailbox"`
	// Synced is when the position or the result last changed: when new
	// mail was last read, or since when the error in Result holds. A check
	// that finds nothing new writes nothing, so it is not when the mailbox
	// was last looked at; the daemon's heartbeat says that.
	Synced  time.Time `json:"synced"`
	Result  string    `json:"result"`
	LastUID uint32    `json:"last_uid"`
}

type actionLine struct {
	ID        int64     `json:"id"`
	Interview string    `json:"interview"`
	Kind      string    `json:"kind"`
	To        []string  `json:"to"`
	Due       time.Time `json:"due"`
	State     string    `json:"state"`
	Reason    string    `json:"reason,omitempty"`
	// Late says how late a held follow-up is ("5 days late"); "" if not.
	Late string `json:"late,omitempty"`
	// names are the recipients' names, for the text output.
	names []string
}

type outboxLine struct {
	ID        int64  `json:"id"`
	Interview string `json:"interview,omitempty"`
	To        string `json:"to"`
	Purpose   string `json:"purpose"`
	LastError string `json:"last_error,omitempty"`
}

type reviewView struct {
	Actions []actionLine `json:"actions"`
	Outbox  []outboxLine `json:"outbox"`
}

func loadStatus(ctx context.Context, a *command.App) (StatusView, error) {
	st, err := a.Store(ctx)
	if err != nil {
		return StatusView{}, err
	}
	v := StatusView{Mailboxes: []mailboxView{}, Next: []actionLine{}, NeedsReview: reviewView{Actions: []actionLine{}, Outbox: []outboxLine{}}}
	if cfg, err := a.Config(); err == nil {
		v.Accounts = a.AccountViews(cfg)
		if len(cfg.Accounts) > 0 {
			v.Account = command.AccountLabel(cfg.Account)
		}
	}
	if v.Daemon, err = daemonStatus(ctx, a, st); err != nil {
		return v, err
	}
	v.Inbox = "not configured"
	if cfg, err := a.Config(); err == nil && cfg.IMAP.Configured() {
		v.Inbox = "configured"
	}
	boxes, err := st.IMAPStates(ctx)
	if err != nil {
		return v, err
	}
	for _, b := range boxes {
		v.Mailboxes = append(v.Mailboxes, mailboxView{Mailbox: b.Mailbox, Synced: b.Synced, Result: b.Result, LastUID: b.LastUID})
	}
	next, err := st.NextPending(ctx, statusNext)
	if err != nil {
		return v, err
	}
	v.Next = actionLines(a, next)
	review, err := st.ActionsInState(ctx, followup.StateNeedsReview)
	if err != nil {
		return v, err
	}
	v.NeedsReview.Actions = actionLines(a, review)
	if err := markLate(ctx, a, st, v.NeedsReview.Actions); err != nil {
		return v, err
	}
	rows, err := st.ListOutbox(ctx, store.OutboxNeedsReview, store.OutboxUnknown)
	if err != nil {
		return v, err
	}
	for _, it := range rows {
		v.NeedsReview.Outbox = append(v.NeedsReview.Outbox, outboxLine{ID: it.ID, Interview: it.InterviewID,
			To: it.Recipient, Purpose: it.Purpose, LastError: it.LastError})
	}
	return v, nil
}

// daemonStatus reads the lease: a daemon runs when its heartbeat is recent.
func daemonStatus(ctx context.Context, a *command.App, st *store.Store) (daemonView, error) {
	l, ok, err := st.CurrentLease(ctx)
	if err != nil || !ok {
		return daemonView{}, err
	}
	since, beat := l.Started.In(a.Location()), l.Heartbeat.In(a.Location())
	return daemonView{Running: l.Alive(a.Clock.Now(), daemon.LeaseTTL), PID: l.PID, Host: l.Host, Since: &since, Heartbeat: &beat}, nil
}

// markLate fills in how late each held follow-up is and whom it is for.
func markLate(ctx context.Context, a *command.App, st *store.Store, lines []actionLine) error {
	now := a.Clock.Now()
	for i := range lines {
		l := &lines[i]
		if l.Late = followup.LateBy(l.Due, now); l.Late == "" {
			continue
		}
		iv, err := st.GetInterview(ctx, l.Interview)
		if err != nil {
			return err
		}
		for _, addr := range l.To {
			name := addr
			if p, ok := iv.Person(addr); ok && p.Name != "" {
				name = p.Name
			}
			l.names = append(l.names, name)
		}
	}
	return nil
}

func actionLines(a *command.App, acs []followup.Action) []actionLine {
	out := make([]actionLine, 0, len(acs))
	for _, ac := range acs {
		out = append(out, actionLine{ID: ac.ID, Interview: ac.InterviewID, Kind: string(ac.Kind), To: ac.To,
			Due: ac.Due.In(a.Location()), State: string(ac.State), Reason: ac.Reason})
	}
	return out
}

func printStatus(a *command.App, w io.Writer, v StatusView) {
	if v.Account != "" {
		fmt.Fprintf(w, "account: %s (the others: followup status --account NAME; all: followup list --all-accounts)\n", v.Account)
	}
	d := v.Daemon
	switch {
	case d.Running:
		fmt.Fprintf(w, "daemon:  running, pid %d on %s since %s (heartbeat %s)\n", d.PID, d.Host, a.When(*d.Since), d.Heartbeat.Format("15:04:05"))
	case d.PID != 0:
		fmt.Fprintf(w, "daemon:  not running (pid %d last seen %s)\n", d.PID, a.When(*d.Heartbeat))
	default:
		fmt.Fprintln(w, "daemon:  not running (start it with `followup daemon`)")
	}
	switch {
	case v.Inbox != "configured":
		fmt.Fprintln(w, "inbox:   not configured (an [imap] section lets followup see answers)")
	case len(v.Mailboxes) == 0:
		fmt.Fprintln(w, "inbox:   never synced")
	}
	for _, m := range v.Mailboxes {
		if m.Result == "ok" {
			fmt.Fprintf(w, "inbox:   %s: new mail last read %s\n", m.Mailbox, a.When(m.Synced))
		} else {
			fmt.Fprintf(w, "inbox:   %s: %s (since %s)\n", m.Mailbox, m.Result, a.When(m.Synced))
		}
	}
	a.PrintAccounts(w, v.Accounts)
	fmt.Fprintln(w, "\nnext due:")
	printActionLines(w, a, v.Next, "  nothing planned")
	fmt.Fprintln(w, "\nneeds review:")
	printActionLines(w, a, v.NeedsReview.Actions, "")
	for _, o := range v.NeedsReview.Outbox {
		fmt.Fprintf(w, "  outbox %d  %s to %s%s\n", o.ID, o.Purpose, o.To, suffixText(": ", o.LastError))
	}
	if len(v.NeedsReview.Actions)+len(v.NeedsReview.Outbox) == 0 {
		fmt.Fprintln(w, "  nothing")
	}
}

func printActionLines(w io.Writer, a *command.App, acs []actionLine, none string) {
	if len(acs) == 0 && none != "" {
		fmt.Fprintln(w, none)
	}
	for _, ac := range acs {
		if ac.Late != "" {
			fmt.Fprintf(w, "  #%-4d %s to %s not sent (%s): `followup send %d` (%s)\n", ac.ID, ac.Kind, strings.Join(ac.names, ", "), ac.Late, ac.ID, ac.Interview)
			continue
		}
		fmt.Fprintf(w, "  #%-4d %s to %s — %s (%s)%s\n", ac.ID, ac.Kind, strings.Join(ac.To, ", "), a.When(ac.Due), ac.Interview, suffixText(" — ", ac.Reason))
	}
}

func suffixText(sep, s string) string {
	if s == "" {
		return ""
	}
	return sep + s
}
