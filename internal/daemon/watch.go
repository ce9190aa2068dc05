package daemon

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/imapwatch"
	"github.com/followup-dev/followup/internal/store"
)

// ErrNoIMAP is returned when inbox watching is asked for without an [imap]
// section.
var ErrNoIMAP = &requestError{msg: "no [imap] section in the config: set host, port, security and username to watch the inbox"}

// NewWatcher returns the IMAP watcher over the configured mailboxes plus
// Sent, handing each new message to HandleIncoming. Mail in the Sent
// mailbox counts as the user's own. On first use it looks back only as far
// as the oldest interview still awaiting an answer. progress may be nil.
func (e *Env) NewWatcher(ctx context.Context, opts imapwatch.WatchOptions) (*imapwatch.Watcher, error) {
	if e.DialWatch == nil {
		return nil, ErrNoIMAP
	}
	since, err := e.watchSince(ctx)
	if err != nil {
		return nil, err
	}
	if opts.Since.IsZero() {
		opts.Since = since
	}
	if opts.Now == nil {
		opts.Now = e.Now
	}
	if opts.Logger == nil {
		opts.Logger = e.log()
	}
	sent := e.Config.IMAP.Sent
	handler := func(ctx context.Context, m imapwatch.Message) error {
		isSent := sent != "" && m.Mailbox == sent || sent == "" && isSentName(m.Mailbox)
		err := e.HandleIncoming(ctx, m.Mailbox, m.Raw, isSent)
		if errors.Is(err, context.Canceled) {
			return err
		}
		if err != nil {
			e.log().Warn("message not handled", "mailbox", m.Mailbox, "uid", m.UID, "err", err)
			return imapwatch.Permanent(err)
		}
		return nil
	}
	return imapwatch.NewWatcher(e.DialWatch, e.Store, handler, opts), nil
}

// isSentName guesses the Sent mailbox when [imap] sent is not set; the
// watcher names mailboxes as the server does.
func isSentName(mailbox string) bool {
	switch mailbox {
	case "Sent", "Sent Items", "Sent Messages", "Sent Mail", "[Gmail]/Sent Mail", "INBOX.Sent":
		return true
	}
	return false
}

// SyncInbox runs one catch-up pass over the watched mailboxes and returns.
// It blocks until the pass is done.
func (e *Env) SyncInbox(ctx context.Context, progress func(imapwatch.Progress)) error {
	w, err := e.NewWatcher(ctx, imapwatch.WatchOptions{Progress: progress})
	if err != nil {
		return err
	}
	if err := w.SyncOnce(ctx); err != nil {
		return fmt.Errorf("sync inbox: %w", err)
	}
	return nil
}

// watchSince is the start of the oldest interview still waiting for an
// answer, a day early for time zones; now when there is none.
func (e *Env) watchSince(ctx context.Context) (time.Time, error) {
	ivs, err := e.Store.ListInterviews(ctx, store.Filter{Statuses: []followup.Status{followup.StatusUpcoming, followup.StatusAwaiting, followup.StatusQuiet}})
	if err != nil {
		return time.Time{}, err
	}
	since := e.Now()
	for _, iv := range ivs {
		if iv.Start.Before(since) {
			since = iv.Start
		}
	}
	return since.Add(-24 * time.Hour), nil
}
