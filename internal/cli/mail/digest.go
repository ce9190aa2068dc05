package mail

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/render"
	"github.com/followup-dev/followup/internal/usage"
)

func init() { Commands.Add(newDigestCommand) }

type digestOptions struct{ send bool }

func newDigestCommand(a *command.App) *cobra.Command {
	var o digestOptions
	cmd := &cobra.Command{
		Use:   "digest [--send]",
		Short: "Show today's digest (--send: email it to you)",
		Long: `Render the digest the daemon emails you on [schedule] digest: what is due today, what
followup sent on its own, drafts waiting for you, answers, bounces, interviews gone quiet and
interviews without next steps. It is printed to stdout; with --send it is emailed to your [me]
address through [smtp] instead (your own mail: allowed even with auto_send = false).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDigest(cmd.Context(), a, o) },
	}
	cmd.Flags().BoolVar(&o.send, "send", false, "email the digest to yourself through [smtp]")
	return cmd
}

func runDigest(ctx context.Context, a *command.App, o digestOptions) error {
	env, err := a.Services(ctx, nil)
	if err != nil {
		return err
	}
	if o.send {
		if env.Digest.NewSender == nil {
			return usage.Errorf("no [smtp] section in the config: set one up to email the digest, or run `followup digest` to read it here")
		}
		res, err := env.Digest.SendDigest(ctx, a.Clock.Now())
		if err != nil {
			return err
		}
		state := "queued (it will be retried)"
		if res.Sent {
			state = "sent"
		}
		fmt.Fprintf(a.Out, "digest %s to %s: %s\n", state, env.Config.Me.Email, res.Summary)
		return nil
	}
	d, err := env.Digest.Digest(ctx)
	if err != nil {
		return err
	}
	msg, err := env.Digest.Templates.Render(render.KindDigest, d)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Out, "Subject: %s\n\n%s\n", msg.Subject, strings.TrimRight(msg.Text, "\n"))
	return nil
}
