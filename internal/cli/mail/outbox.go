package mail

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/outbox"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

func init() { Commands.Add(newOutboxCommand) }

const outboxLong = `List the messages followup is sending or that need your decision:

  queued        waiting for its first try (inside the send window, within the daily cap)
  sending       being handed to the SMTP server right now
  deferred      a temporary failure: tried again at NEXT (5 min doubling to 1 h)
  unknown       the connection ended after the message was handed over: it may
                have gone out; it is looked up in your Sent folder, never resent blindly
  failed        refused for good (a wrong address, usually): see REASON
  needs-review  held for you: may have been sent, kept failing past
                [policy] give_up_after, or overdue

Decide with 'followup outbox retry ID' (queue it again; sent on the next pass)
or 'followup outbox drop ID' (never send it; its follow-up is cancelled).
--all also lists sent and dropped messages.`

type outboxOptions struct{ json, all bool }

func newOutboxCommand(a *command.App) *cobra.Command {
	var o outboxOptions
	cmd := &cobra.Command{
		Use:   "outbox [--json] [--all]",
		Short: "List queued, deferred, unsure, failed and held messages",
		Long:  outboxLong,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runOutbox(cmd.Context(), a, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print JSON")
	cmd.Flags().BoolVar(&o.all, "all", false, "include sent and dropped messages")
	cmd.AddCommand(newOutboxRetryCommand(a))
	cmd.AddCommand(newOutboxDropCommand(a))
	return cmd
}

type outboxRetryOptions struct {
	ID  string // the number in the ID column; "" with --all
	all bool
}

// newOutboxRetryCommand is `outbox retry ID` and `outbox retry --all`.
func newOutboxRetryCommand(a *command.App) *cobra.Command {
	var o outboxRetryOptions
	one := cobra.ExactArgs(1)
	cmd := &cobra.Command{
		Use:   "retry ID | --all",
		Short: "Queue a deferred, failed, unknown or held message again (--all: every held or refused one)",
		Args: func(c *cobra.Command, args []string) error {
			if o.all {
				return usage.Wrap(cobra.NoArgs(c, args))
			}
			return one(c, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.ID = args[0]
			}
			return runOutboxRetry(cmd.Context(), a, o)
		},
	}
	cmd.Flags().BoolVar(&o.all, "all", false, "queue again every message held for review or refused (after fixing the [smtp] settings, say)")
	return cmd
}

func runOutboxRetry(ctx context.Context, a *command.App, o outboxRetryOptions) error {
	if !o.all {
		return decideOutbox(ctx, a, o.ID, (*outbox.Outbox).RetryOutbox,
			"message %d queued again: it is sent on the next pass inside the send window (or now with `followup send`)")
	}
	svc, err := a.Services(ctx, nil)
	if err != nil {
		return err
	}
	n, err := svc.Outbox.RetryAll(ctx)
	fmt.Fprintf(a.Out, "%d message(s) queued again: they are sent on the next pass inside the send window (or now with `followup send`)\n", n)
	return err
}

type outboxDropOptions struct {
	ID string // the number in the ID column
}

// newOutboxDropCommand is `outbox drop ID`.
func newOutboxDropCommand(a *command.App) *cobra.Command {
	var o outboxDropOptions
	return &cobra.Command{
		Use:   "drop ID",
		Short: "Never send a message that is not sent; its follow-up is cancelled",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			return runOutboxDrop(cmd.Context(), a, o)
		},
	}
}

func runOutboxDrop(ctx context.Context, a *command.App, o outboxDropOptions) error {
	return decideOutbox(ctx, a, o.ID, (*outbox.Outbox).DropOutbox, "message %d dropped")
}

// decideOutbox is `outbox retry ID` or `outbox drop ID`: do to the row
// numbered arg, then say done.
func decideOutbox(ctx context.Context, a *command.App, arg string, do func(*outbox.Outbox, context.Context, int64) error, done string) error {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		return &followup.FieldError{Field: "id", Value: arg, Hint: "the number in the ID column of `followup outbox`"}
	}
	svc, err := a.Services(ctx, nil)
	if err != nil {
		return err
	}
	if err := do(svc.Outbox, ctx, id); err != nil {
		return err
	}
	fmt.Fprintf(a.Out, done+"\n", id)
	return nil
}

// outboxView is an outbox row in JSON output.
type outboxView struct {
	ID          int64  `json:"id"`
	State       string `json:"state"`
	To          string `json:"to"`
	InterviewID string `json:"interview_id,omitempty"`
	ActionID    int64  `json:"action_id,omitempty"`
	Purpose     string `json:"purpose"`
	Subject     string `json:"subject"`
	MessageID   string `json:"message_id"`
	Attempts    int    `json:"attempts"`
	NextAttempt string `json:"next_attempt,omitempty"`
	Reason      string `json:"reason,omitempty"`
	Created     string `json:"created"`
	Sent        string `json:"sent,omitempty"`
}

func newOutboxView(it store.OutboxItem) outboxView {
	v := outboxView{ID: it.ID, State: string(it.State), To: it.Recipient, InterviewID: it.InterviewID, ActionID: it.ActionID,
		Purpose: it.Purpose, MessageID: it.MessageID, Attempts: it.Attempts, Reason: it.LastError, Created: rfc3339(it.Created), Sent: rfc3339(it.Sent)}
	if it.State == store.OutboxQueued || it.State == store.OutboxDeferred {
		v.NextAttempt = rfc3339(it.NextAttempt)
	}
	if m, err := mailer.ReadMessage(it.Raw); err == nil {
		v.Subject = m.Subject
	}
	return v
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

func runOutbox(ctx context.Context, a *command.App, o outboxOptions) error {
	st, err := a.Store(ctx)
	if err != nil {
		return err
	}
	states := []store.OutboxState{store.OutboxQueued, store.OutboxSending, store.OutboxDeferred,
		store.OutboxUnknown, store.OutboxFailed, store.OutboxNeedsReview}
	if o.all {
		states = nil
	}
	rows, err := st.ListOutbox(ctx, states...)
	if err != nil {
		return err
	}
	views := make([]outboxView, 0, len(rows))
	for _, it := range rows {
		views = append(views, newOutboxView(it))
	}
	if o.json {
		return command.WriteJSON(a.Out, views)
	}
	held, err := st.ActionsInState(ctx, followup.StateNeedsReview)
	if err != nil {
		return err
	}
	printOutbox(a, a.Out, views, held, rows)
	return nil
}

// printOutbox prints the rows as a table, then the follow-ups held for
// review that have no message yet.
func printOutbox(a *command.App, w io.Writer, views []outboxView, held []followup.Action, rows []store.OutboxItem) {
	if len(views) == 0 {
		fmt.Fprintln(a.Err, "the outbox is empty: nothing waits to be sent")
	} else {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSTATE\tTO\tINTERVIEW\tTRIES\tNEXT\tREASON")
		for _, v := range views {
			next := "—"
			if t, err := time.Parse(time.RFC3339, v.NextAttempt); err == nil {
				next = a.When(t)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\n", v.ID, v.State, command.Clip(v.To, 32), orText(v.InterviewID, "—"),
				v.Attempts, next, command.Clip(orText(v.Reason, "—"), 100))
		}
		tw.Flush()
	}
	inOutbox := map[int64]bool{}
	for _, it := range rows {
		inOutbox[it.ActionID] = true
	}
	for _, ac := range held {
		if inOutbox[ac.ID] {
			continue
		}
		fmt.Fprintf(w, "follow-up %d (%s to %s, %s) needs review: %s: `followup send %d` or `followup draft %s`\n",
			ac.ID, ac.Kind, strings.Join(ac.To, ", "), ac.InterviewID, orText(ac.Reason, "held"), ac.ID, ac.InterviewID)
	}
}

func orText(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}
