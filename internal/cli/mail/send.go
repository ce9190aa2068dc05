package mail

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/compose"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/outbox"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

func init() { Commands.Add(newSendCommand) }

// sendOptions are the flags of `followup send`.
type sendOptions struct {
	ID          string // an interview id, or the number of one follow-up
	yes, dryRun bool
}

const sendLong = `Send now, over [smtp], the follow-ups you approve. ID is an interview (its
follow-ups that are due, or else its next planned ones: the thank-you notes to
each interviewer) or the number of one follow-up (see 'followup show ID').

This is how you send with auto_send = false, the default, and it sends outside
the send window too. It still sends nothing while sending is paused ('followup
resume'), beyond [policy] daily_send_cap, or when the company answered: with
[imap] the inbox is checked first. A message already in the outbox (waiting,
or held for your review) is sent as it was stored.

On a terminal the messages are shown and you confirm; --yes skips the question
and is needed when stdin is not a terminal. --dry-run prints the complete
messages and changes nothing. Messages that fail for now stay in the outbox
and are retried by the daemon ('followup outbox').`

func newSendCommand(a *command.App) *cobra.Command {
	var o sendOptions
	cmd := &cobra.Command{
		Use:               "send ID|ACTION_ID [--yes] [--dry-run]",
		Short:             "Send approved follow-ups now",
		Long:              sendLong,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: a.CompleteIDs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			return runSend(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.BoolVarP(&o.yes, "yes", "y", false, "send without asking")
	f.BoolVar(&o.dryRun, "dry-run", false, "print the messages, send nothing, change nothing")
	return cmd
}

func runSend(ctx context.Context, a *command.App, o sendOptions) error {
	req, err := sendRequest(o.ID)
	if err != nil {
		return err
	}
	env, err := a.Services(ctx, nil)
	if err != nil {
		return err
	}
	if env.Outbox.NewSender == nil && !o.dryRun {
		return usage.Errorf("sending needs the [smtp] section of the config (host, port, security, username, password_cmd); `followup draft %s` makes drafts instead", o.ID)
	}
	if !o.dryRun && !o.yes && !a.InTTY {
		return usage.Errorf("refusing to send without confirmation: pass --yes")
	}
	ap, err := env.Outbox.Approve(ctx, req)
	if err != nil {
		return err
	}
	if o.dryRun {
		for _, c := range ap.Messages {
			command.WritePreview(a.Out, outbox.Preview{Do: "send", Message: c})
		}
		printNotes(a, ap.Notes)
		return nil
	}
	if !o.yes {
		if err := preview(a, ap.Messages); err != nil {
			return err
		}
		printNotes(a, ap.Notes)
		if !a.Prompter().Confirm(fmt.Sprintf("Send %s now?", plural(len(ap.Messages), "this message", fmt.Sprintf("these %d messages", len(ap.Messages))))) {
			fmt.Fprintln(a.Err, "followup: nothing sent")
			return nil
		}
		ap.Notes = nil
	}
	rep, sendErr := env.Outbox.SendApproved(ctx, ap)
	printNotes(a, ap.Notes)
	if err := printOutcomes(ctx, a, env.Store, ap.Messages); err != nil {
		return err
	}
	if sendErr != nil {
		return sendErr
	}
	if missed := rep.Deferred + rep.Failed + rep.Unknown + rep.NeedsReview; missed > 0 {
		return fmt.Errorf("%d of %d messages not sent: see `followup outbox`", missed, len(ap.Messages))
	}
	return nil
}

// sendRequest reads ID|ACTION_ID.
// Interview ids always hold a dash, so an argument of digits only is a
// follow-up number.
func sendRequest(arg string) (outbox.SendRequest, error) {
	if arg != "" && strings.Trim(arg, "0123456789") == "" {
		n, err := strconv.ParseInt(arg, 10, 64)
		if err != nil || n <= 0 {
			return outbox.SendRequest{}, &followup.FieldError{Field: "follow-up number", Value: arg,
				Hint: "no such follow-up: use a number from the # column of `followup show ID`"}
		}
		return outbox.SendRequest{ActionID: n}, nil
	}
	if !followup.ValidID(arg) {
		return outbox.SendRequest{}, &followup.FieldError{Field: "id", Value: arg,
			Hint: "an interview id like acme-backend-1120 or a follow-up number from `followup show ID`"}
	}
	return outbox.SendRequest{InterviewID: arg}, nil
}

func printNotes(a *command.App, notes []string) {
	for _, n := range notes {
		fmt.Fprintln(a.Err, "followup: "+n)
	}
}

// printOutcomes says, per message, what its outbox row shows now.
func printOutcomes(ctx context.Context, a *command.App, st *store.Store, cs []compose.Composed) error {
	rows, err := st.ListOutbox(ctx)
	if err != nil {
		return err
	}
	byID := make(map[string]store.OutboxItem, len(rows))
	for _, it := range rows {
		byID[it.MessageID] = it
	}
	for _, c := range cs {
		it, ok := byID[c.MessageID]
		if !ok {
			continue
		}
		line := fmt.Sprintf("%s: %s to %s (Message-ID <%s>)", it.State, c.Kind, c.To.Email, c.MessageID)
		if it.State != store.OutboxSent && it.LastError != "" {
			line += ": " + strings.ReplaceAll(it.LastError, "\n", " ")
		}
		fmt.Fprintln(a.Out, line)
	}
	return nil
}
