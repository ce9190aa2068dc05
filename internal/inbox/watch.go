package inbox

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/followup/reply"
	"github.com/followup-dev/followup/internal/imapwatch"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

// ErrNoIMAP is returned when inbox watching is asked for without an [imap]
// section.
var ErrNoIMAP = usage.Wrap(errors.New("no [imap] section in the config: set host, port, security and username to watch the inbox"))

// progressLogInterval is how often a long catch-up is logged when no
// progress display was asked for (the daemon).
const progressLogInterval = 5 * time.Second

// NewWatcher returns the IMAP watcher over the configured mailboxes plus
// Sent, handing each new message to HandleIncoming. Mail in the Sent
// mailbox (configured, or found by the server's \Sent attribute or usual
// name) counts as the user's own. On first use of a mailbox it looks back
// only as far as the oldest interview still awaiting an answer (see
// WatchSince), so a large mailbox is not read from its beginning; later it
// resumes after the last message handled. Fields of opts left zero get the
// Inbox's clock and logger, and a Progress that logs a long catch-up at
// info every few seconds.
//
// A message whose interview disappeared meanwhile is skipped; any other
// failure to record a message (the store busy, say) is retried after a
// backoff, so no answer is lost.
func (in *Inbox) NewWatcher(ctx context.Context, opts imapwatch.WatchOptions) (*imapwatch.Watcher, error) {
	if in.DialWatch == nil {
		return nil, ErrNoIMAP
	}
	if opts.Since.IsZero() {
		since, err := in.WatchSince(ctx)
		if err != nil {
			return nil, err
		}
		opts.Since = since
	}
	if opts.Clock == nil {
		opts.Clock = in.Clock
	}
	if opts.Logger == nil {
		opts.Logger = in.log()
	}
	if opts.Progress == nil {
		opts.Progress = in.logProgress(progressLogInterval)
	}
	opts.Screen, opts.ScreenFields, opts.ScreenMin = in.screen, in.screenFields(), cmp.Or(in.ScreenMin, defaultScreenMin)
	return imapwatch.NewWatcher(in.DialWatch, in.Store, in.handleWatched, opts), nil
}

// defaultScreenMin is Inbox.ScreenMin when unset.
const defaultScreenMin = 50

// handleWatched is the watcher's handler: HandleIncoming, with failures that
// retrying cannot fix marked permanent. (The answers of a screened batch
// commit with its position: the watcher hands them over inside one store
// transaction, store.Store's Batch.)
func (in *Inbox) handleWatched(ctx context.Context, m imapwatch.Message) error {
	isSent := m.Sent || in.Config.IMAP.Sent != "" && m.Mailbox == in.Config.IMAP.Sent
	err := in.HandleIncoming(ctx, m.Mailbox, m.Raw, isSent)
	if errors.Is(err, store.ErrNotFound) || usage.Is(err) {
		return imapwatch.Permanent(err)
	}
	return err
}

// WatchSince is how far back the first look at a mailbox goes: a day
// before the start of the oldest interview still waiting for an answer
// (upcoming, awaiting or quiet), or a day before now when there is none.
// The day covers the server's time zone, as IMAP SEARCH SINCE compares
// dates only.
func (in *Inbox) WatchSince(ctx context.Context) (time.Time, error) {
	open := []followup.Status{followup.StatusUpcoming, followup.StatusAwaiting, followup.StatusQuiet}
	ivs, err := in.Store.ListInterviews(ctx, store.Filter{Statuses: open})
	if err != nil {
		return time.Time{}, fmt.Errorf("oldest open interview: %w", err)
	}
	since := in.Clock.Now()
	for _, iv := range ivs {
		if iv.Start.Before(since) {
			since = iv.Start
		}
	}
	return since.Add(-24 * time.Hour), nil
}

// InboxSummary is what one catch-up pass did.
type InboxSummary struct {
	// Seen counts the new messages handed over, per mailbox.
	Seen map[string]int
	// Replies, AutoReplies and Bounces count the answers recorded against
	// an interview (each once, however often it is seen).
	Replies, AutoReplies, Bounces int
	// Invites counts the calendar invitations newly proposed.
	Invites int
}

// Total is the number of new messages seen in all mailboxes.
func (s InboxSummary) Total() int {
	n := 0
	for _, c := range s.Seen {
		n += c
	}
	return n
}

// SyncInbox runs one catch-up pass over the watched mailboxes and returns.
// It blocks until the pass is done.
func (in *Inbox) SyncInbox(ctx context.Context, progress func(imapwatch.Progress)) error {
	_, err := in.CatchUp(ctx, progress)
	return err
}

// CatchUp runs one catch-up pass over every watched mailbox on one
// connection, handing each new message to HandleIncoming, and says what it
// found; progress, when set, hears about each message. It blocks until the
// pass is done and does not retry: a failed mailbox is taken up where it
// stopped by the next pass or the watcher. The summary is filled in even
// when an error is returned.
func (in *Inbox) CatchUp(ctx context.Context, progress func(imapwatch.Progress)) (InboxSummary, error) {
	return in.catchUp(ctx, time.Time{}, progress)
}

// Rescan forgets where each mailbox was read up to and reads every message
// received since the given day again, for mail that arrived before an
// interview was added. Seeing a message again is harmless: each answer is
// recorded once.
func (in *Inbox) Rescan(ctx context.Context, since time.Time, progress func(imapwatch.Progress)) (InboxSummary, error) {
	if in.DialWatch == nil {
		return InboxSummary{}, ErrNoIMAP
	}
	if err := in.Store.ResetIMAPState(ctx); err != nil {
		return InboxSummary{}, err
	}
	return in.catchUp(ctx, since, progress)
}

func (in *Inbox) catchUp(ctx context.Context, since time.Time, progress func(imapwatch.Progress)) (InboxSummary, error) {
	sum := InboxSummary{Seen: map[string]int{}}
	start := in.Clock.Now()
	mark, err := in.lastEventID(ctx, start)
	if err != nil {
		return sum, err
	}
	count := func(p imapwatch.Progress) {
		sum.Seen[p.Mailbox] += p.Read
		if progress != nil {
			progress(p)
		}
	}
	w, err := in.NewWatcher(ctx, imapwatch.WatchOptions{Progress: count, Since: since})
	if err != nil {
		return sum, err
	}
	syncErr := w.SyncOnce(ctx)
	if err := in.countAnswers(ctx, start, mark, &sum); err != nil && syncErr == nil {
		syncErr = err
	}
	if syncErr != nil {
		return sum, fmt.Errorf("sync inbox: %w", syncErr)
	}
	return sum, nil
}

// lastEventID is the highest id of the events recorded at or after since;
// 0 when there is none.
func (in *Inbox) lastEventID(ctx context.Context, since time.Time) (int64, error) {
	evs, err := in.Store.EventsSince(ctx, since)
	var id int64
	for _, ev := range evs {
		id = max(id, ev.ID)
	}
	return id, err
}

// countAnswers adds to sum the answers recorded as events after mark.
// Every recorded reply, auto-reply and bounce leaves exactly one event; one
// recorded meanwhile by a running daemon is counted too.
func (in *Inbox) countAnswers(ctx context.Context, since time.Time, mark int64, sum *InboxSummary) error {
	evs, err := in.Store.EventsSince(ctx, since)
	if err != nil {
		return err
	}
	for _, ev := range evs {
		if ev.ID <= mark {
			continue
		}
		switch ev.Kind {
		case reply.EffectReply:
			sum.Replies++
		case reply.EffectAutoReply:
			sum.AutoReplies++
		case reply.EffectBounce:
			sum.Bounces++
		case EventInvite:
			sum.Invites++
		}
	}
	return nil
}
