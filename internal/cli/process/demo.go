package process

import (
	"context"
	"log/slog"
	"time"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/demo"
	"github.com/followup-dev/followup/internal/usage"
)

func init() { Commands.Add(newDemoCommand) }

// demoOptions are the flags of `followup demo`.
type demoOptions struct {
	keep       string
	step, fast bool
}

// demoPause is the reading pause after each step of the demo: the whole
// story then takes about a minute.
const demoPause = 5 * time.Second

const demoLong = `Watch followup at work, in about a minute, without setting anything up.

The demo starts, inside this process, an SMTP and an IMAP server on 127.0.0.1
(TLS with a throwaway CA, AUTH, IDLE), a temporary store and config, and a
fast clock, and plays three weeks of a job search: two interviews, thank-you
notes sent to every interviewer, an out-of-office that moves a check-in, a
bounce, the promised date passing and the check-in going out, a networking
note with an article, and the replies that stop everything. Each step says
what happened and which command shows it; your digest arrives in the demo
inbox.

Your own config, store and mail are never read or touched; everything the
demo made is removed at the end, unless --keep DIR leaves the store and the
messages (.eml) there to explore with 'followup --config DIR/config.toml list'.`

func newDemoCommand(a *command.App) *cobra.Command {
	var o demoOptions
	cmd := &cobra.Command{
		Use:   "demo [--step | --fast] [--keep DIR]",
		Short: "Play a three-week follow-up story on in-process mail servers",
		Long:  demoLong,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDemo(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.keep, "keep", "", "leave the demo's config, store and messages (.eml) in `DIR` (new or empty)")
	f.BoolVar(&o.step, "step", false, "wait for Enter after each step")
	f.BoolVar(&o.fast, "fast", false, "no pauses between steps")
	return cmd
}

// runDemo plays the demo on the App's streams. It reads none of the
// App's config or store.
func runDemo(ctx context.Context, a *command.App, o demoOptions) error {
	if o.step && o.fast {
		return usage.Errorf("use either --step or --fast, not both")
	}
	opts := demo.Options{Out: a.Out, In: a.In, Step: o.step, Keep: o.keep,
		Log: slog.New(slog.NewTextHandler(a.Err, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	if !o.fast && !o.step {
		opts.Pause = demoPause
	}
	_, err := demo.Run(ctx, opts)
	return err
}
