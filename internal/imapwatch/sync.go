package imapwatch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/followup-dev/followup/internal/imapwatch/imapconn"
)

// fetchBatch bounds how many messages are fetched (and held in memory) at once.
const fetchBatch = 25

// sync hands every message of mailbox newer than the stored last UID to
// the handler, recording progress after each.
func (w *Watcher) sync(ctx context.Context, c *Client, mailbox string) error {
	c.DrainChanges()
	return w.syncMailbox(ctx, c, mailbox)
}

// syncChanged is sync after a STATUS that shows something new: a mailbox
// whose UIDVALIDITY is the stored one and whose UIDNEXT is just past the
// stored last UID is not selected, and its position row is not written
// (unless its last sync had failed). One STATUS per mailbox is what a
// catch-up with nothing new costs.
func (w *Watcher) syncChanged(ctx context.Context, c *Client, mailbox string) error {
	uv, last, same, err := w.unchanged(ctx, c, mailbox)
	if err != nil {
		return err
	}
	if !same {
		return w.sync(ctx, c, mailbox)
	}
	return w.st.SetIMAPState(ctx, mailbox, uv, last, w.opts.Clock.Now(), "ok")
}

// unchanged reports, with the stored position, whether a STATUS of mailbox
// shows that nothing arrived since it (same UIDVALIDITY, UIDNEXT just past
// the last UID); false without a stored position.
func (w *Watcher) unchanged(ctx context.Context, c *Client, mailbox string) (uv, last uint32, same bool, err error) {
	uv, last, ok, err := w.st.IMAPState(ctx, mailbox)
	if err != nil || !ok {
		return 0, 0, false, nil // the sync reads the state again and reports its error
	}
	st, err := c.Status(ctx, mailbox)
	if err != nil {
		return 0, 0, false, err
	}
	return uv, last, st.UIDValidity == uv && st.UIDNext != 0 && uint32(st.UIDNext) <= last+1, nil
}

// syncMailbox is sync without forgetting change notices. One connection at
// a time syncs a given mailbox.
func (w *Watcher) syncMailbox(ctx context.Context, c *Client, mailbox string) error {
	lock := w.mailboxLock(mailbox)
	lock.Lock()
	defer lock.Unlock()
	if err := w.sentBeforeFirstLook(ctx, c, mailbox); err != nil {
		return err
	}
	sel, err := c.Examine(ctx, mailbox)
	if err != nil {
		return err
	}
	last, err := w.position(ctx, c, mailbox, sel)
	if err != nil {
		return err
	}
	uids, err := c.SearchUIDs(ctx, &imap.SearchCriteria{UID: []imap.UIDSet{{{Start: imap.UID(last + 1), Stop: 0}}}})
	if err != nil {
		return err
	}
	// "last+1:*" still matches the highest message when none is newer.
	uids = slices.DeleteFunc(uids, func(u imap.UID) bool { return uint32(u) <= last })
	if len(uids) > 0 {
		if err := w.sentAgain(ctx, c, mailbox, sel.UIDValidity); err != nil {
			return err
		}
	}
	if err := w.deliver(ctx, c, mailbox, sel.UIDValidity, uids); err != nil {
		return err
	}
	if len(uids) == 0 {
		return w.st.SetIMAPState(ctx, mailbox, sel.UIDValidity, max(last, uidsBefore(sel)), w.opts.Clock.Now(), "ok")
	}
	return nil
}

// uidsBefore is the highest UID a mailbox had handed out when it was
// selected (UIDNEXT-1). When the search after it finds nothing past the
// stored position, every UID up to it was expunged unread, and the
// position moves there: else the STATUS check would keep seeing news
// (UIDNEXT past the position) and read the mailbox again each time.
func uidsBefore(sel *imap.SelectData) uint32 {
	if sel.UIDNext == 0 {
		return 0
	}
	return uint32(sel.UIDNext) - 1
}

// sentFirst syncs the Sent mailbox on c, when a STATUS shows it changed,
// before another watched mailbox is selected, and reports whether it did.
// An answer to mail the user sent from their own client is matched by that
// mail's Message-ID, which only its copy in Sent teaches; the copy was
// filed before the answer arrived, so reading Sent before the answers finds
// it. A Sent mailbox the server refuses to open is logged and does not
// hold up the others.
func (w *Watcher) sentFirst(ctx context.Context, c *Client, mailbox string) (bool, error) {
	sent := c.SentMailbox()
	if sent == "" || sent == mailbox || !slices.Contains(w.mailboxes(c), sent) {
		return false, nil
	}
	if _, _, same, err := w.unchanged(ctx, c, sent); err == nil && same {
		return false, nil
	}
	if err := w.syncMailbox(ctx, c, sent); err != nil {
		var refused *imapconn.MailboxError
		if !errors.As(err, &refused) {
			return false, err
		}
		w.log.Warn("imap sent mailbox not read before another", "sent", sent, "mailbox", mailbox, "err", err)
	}
	return true, nil
}

// sentBeforeFirstLook is sentFirst before a mailbox without a stored
// position (a first look or a rescan, which may read thousands of
// messages) is selected, so that a big mailbox is selected once; a
// mailbox already followed checks Sent only once it has news (sentAgain).
func (w *Watcher) sentBeforeFirstLook(ctx context.Context, c *Client, mailbox string) error {
	if _, _, known, err := w.st.IMAPState(ctx, mailbox); err != nil || known {
		return err
	}
	_, err := w.sentFirst(ctx, c, mailbox)
	return err
}

// sentAgain is sentFirst once the new messages of mailbox are known: a
// copy filed in Sent (and answered) while Sent was read or mailbox
// selected is read before its answer is handed over. Only then (rarely)
// is mailbox selected again, so a big one is usually selected once.
func (w *Watcher) sentAgain(ctx context.Context, c *Client, mailbox string, uidValidity uint32) error {
	synced, err := w.sentFirst(ctx, c, mailbox)
	if err != nil || !synced {
		return err
	}
	sel, err := c.Examine(ctx, mailbox)
	if err != nil {
		return err
	}
	if sel.UIDValidity != uidValidity {
		return fmt.Errorf("%s: UIDVALIDITY changed during sync", mailbox)
	}
	c.Notify() // switching mailboxes may have hidden a change notice for this one
	return nil
}

// mailboxLock is the lock held while mailbox is synced: the Sent mailbox
// is synced by its own connection and, through sentFirst, by the others.
func (w *Watcher) mailboxLock(mailbox string) *sync.Mutex {
	w.locksMu.Lock()
	defer w.locksMu.Unlock()
	if w.locks == nil {
		w.locks = map[string]*sync.Mutex{}
	}
	if w.locks[mailbox] == nil {
		w.locks[mailbox] = &sync.Mutex{}
	}
	return w.locks[mailbox]
}

// position returns the last UID handled in the selected mailbox. Without
// a stored state for this UIDVALIDITY it starts over from opts.Since and
// records that starting point.
func (w *Watcher) position(ctx context.Context, c *Client, mailbox string, sel *imap.SelectData) (uint32, error) {
	uv, last, ok, err := w.st.IMAPState(ctx, mailbox)
	if err != nil {
		return 0, err
	}
	if ok && uv == sel.UIDValidity {
		return last, nil
	}
	if ok && uv != 0 { // 0: a failure recorded before the first sync
		w.log.Warn("imap mailbox was recreated (UIDVALIDITY changed), rescanning", "mailbox", mailbox,
			"old", uv, "new", sel.UIDValidity, "since", w.opts.Since.Format("2006-01-02"))
	}
	last, err = w.startingPoint(ctx, c, sel)
	if err != nil {
		return 0, err
	}
	if err := w.st.SetIMAPState(ctx, mailbox, sel.UIDValidity, last, w.opts.Clock.Now(), "ok"); err != nil {
		return 0, err
	}
	return last, nil
}

// startingPoint is the UID just before the first message received since
// opts.Since, or the newest UID when Since is zero or nothing is that recent.
func (w *Watcher) startingPoint(ctx context.Context, c *Client, sel *imap.SelectData) (uint32, error) {
	if !w.opts.Since.IsZero() && sel.NumMessages > 0 {
		first, err := c.FirstSince(ctx, w.opts.Since)
		if err != nil {
			return 0, err
		}
		if first > 0 {
			return uint32(first) - 1, nil
		}
	}
	if sel.UIDNext > 0 {
		return uint32(sel.UIDNext) - 1, nil
	}
	uids, err := c.SearchUIDs(ctx, &imap.SearchCriteria{})
	if err != nil || len(uids) == 0 {
		return 0, err
	}
	return uint32(uids[len(uids)-1]), nil
}

// deliver hands the messages of uids to the handler: screened first when
// WatchOptions.Screen is set (deliverScreened), else all of them.
func (w *Watcher) deliver(ctx context.Context, c *Client, mailbox string, uidValidity uint32, uids []imap.UID) error {
	if len(uids) == 0 {
		return nil
	}
	if w.opts.Screen != nil && len(uids) >= w.opts.ScreenMin {
		return w.deliverScreened(ctx, c, mailbox, uidValidity, uids)
	}
	return w.deliverAll(ctx, c, mailbox, uidValidity, uids)
}

// deliverAll fetches uids in batches and hands each message to the handler,
// advancing the stored last UID after each one handled or skipped.
func (w *Watcher) deliverAll(ctx context.Context, c *Client, mailbox string, uidValidity uint32, uids []imap.UID) error {
	for start := 0; start < len(uids); start += fetchBatch {
		batch := uids[start:min(start+fetchBatch, len(uids))]
		msgs, err := c.FetchMessages(ctx, batch, w.opts.MaxBodyBytes)
		if err != nil {
			return err
		}
		for i, uid := range batch {
			if m, ok := fetched(msgs, uid); ok {
				if err := w.handle(ctx, w.message(c, mailbox, uidValidity, m)); err != nil {
					return err
				}
			}
			if err := w.st.SetIMAPState(ctx, mailbox, uidValidity, uint32(uid), w.opts.Clock.Now(), "ok"); err != nil {
				return err
			}
			w.report(Progress{Mailbox: mailbox, Done: start + i + 1, Total: len(uids), Read: 1})
		}
	}
	return nil
}

// fetched is uid's message in a whole-message FETCH answer; false for one
// expunged meanwhile: absent from the answer, or answered without a
// header as some servers do for a message another session expunged.
func fetched(msgs map[imap.UID]*imapclient.FetchMessageBuffer, uid imap.UID) (*imapclient.FetchMessageBuffer, bool) {
	m, ok := msgs[uid]
	return m, ok && len(m.FindBodySection(imapconn.HeaderSection)) > 0
}

// message is m as the handler gets it, fetched on c (whose Sent mailbox
// says whether the message is the user's own).
func (w *Watcher) message(c *Client, mailbox string, uidValidity uint32, m *imapclient.FetchMessageBuffer) Message {
	header := m.FindBodySection(imapconn.HeaderSection)
	body := m.FindBodySection(imapconn.TextSection(w.opts.MaxBodyBytes))
	raw := make([]byte, 0, len(header)+len(body))
	raw = append(append(raw, header...), body...)
	return Message{Mailbox: mailbox, UID: uint32(m.UID), UIDValidity: uidValidity,
		InternalDate: m.InternalDate, Size: m.RFC822Size, Raw: raw, Sent: mailbox == c.SentMailbox()}
}

// handle calls the handler (one at a time across mailboxes); a permanent
// failure is logged and swallowed.
func (w *Watcher) handle(ctx context.Context, m Message) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.handleLocked(ctx, m)
}

// handleLocked is handle with the handler's turn (w.mu) already held.
func (w *Watcher) handleLocked(ctx context.Context, m Message) error {
	err := w.handler(ctx, m)
	if err != nil && !IsPermanent(err) {
		return fmt.Errorf("handle %s UID %d: %w", m.Mailbox, m.UID, err)
	}
	if err != nil {
		w.log.Warn("imap message skipped", "mailbox", m.Mailbox, "uid", m.UID, "err", err)
	}
	return nil
}

// report tells WatchOptions.Progress how far a sync is, one call at a time
// across mailboxes.
func (w *Watcher) report(p Progress) {
	if w.opts.Progress == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.opts.Progress(p)
}
