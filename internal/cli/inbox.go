package cli

import "context"

// handleIncoming hands one message from a watched mailbox to the daemon's
// handler (see daemon.Env.HandleIncoming).
func (a *App) handleIncoming(ctx context.Context, mailbox string, raw []byte, isSent bool) error {
	env, err := a.planEnv(ctx)
	if err != nil {
		return err
	}
	return env.HandleIncoming(ctx, mailbox, raw, isSent)
}
