package imapwatch

import (
	"context"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/imapwatch/imapconn"
	"github.com/followup-dev/followup/internal/mailauth"
)

// The connection the watcher works on is package imapconn's; these are
// its names for the callers that dial one (the CLI, compose, outbox).
type (
	// Client is one logged-in IMAP connection (imapconn.Client).
	Client = imapconn.Client
	// Options tunes a Client (imapconn.Options).
	Options = imapconn.Options
)

// ErrNoMailbox: a Drafts or Sent mailbox is needed but was not found.
var ErrNoMailbox = imapconn.ErrNoMailbox

// Dial is imapconn.Dial: DialWith logging in with a password.
func Dial(ctx context.Context, cfg config.IMAP, password string, opts Options) (*Client, error) {
	return imapconn.Dial(ctx, cfg, password, opts)
}

// DialWith is imapconn.DialWith: connect, log in with cred, find Drafts
// and Sent.
func DialWith(ctx context.Context, cfg config.IMAP, cred mailauth.Credential, opts Options) (*Client, error) {
	return imapconn.DialWith(ctx, cfg, cred, opts)
}
