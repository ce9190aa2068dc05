package cli

import "context"

// handleIncoming hands one message from a watched mailbox to the daemon's
// handler (see inbox.Inbox.HandleIncoming).
func handleIncoming(ctx context.Context, a *App, mailbox string, raw []byte, isSent bool) error {
	in, err := a.Inbox(ctx)
	if err != nil {
		return err
	}
	return in.HandleIncoming(ctx, mailbox, raw, isSent)
}
