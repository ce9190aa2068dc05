package outbox

import (
	"context"
	"errors"
	"fmt"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
)

// Reasons and instructions shown to the user.
const (
	reasonInterrupted = "interrupted while sending: the message may have gone out"
	reviewHint        = "look in your Sent folder or ask the recipient, then `followup outbox retry %d` to send it again or `followup outbox drop %d`"
)

// reconcile settles the rows that may have been sent: see ProcessOnce.
func (p *pass) reconcile(ctx context.Context) error {
	stuck, err := p.o.Store.OutboxStuckSending(ctx)
	if err != nil {
		return err
	}
	for _, it := range followUps(stuck) {
		if err := p.o.Store.MarkOutboxUnknown(ctx, it.ID, p.now, reasonInterrupted); err != nil {
			return err
		}
		p.o.log().Warn("interrupted send found", "outbox", it.ID, "to", it.FirstRecipient())
	}
	unknown, err := p.o.Store.ListOutbox(ctx, store.OutboxUnknown)
	if err != nil {
		return err
	}
	unknown = followUps(unknown)
	if len(unknown) == 0 {
		return nil
	}
	if p.o.DialIMAP == nil {
		var errs []error
		for _, it := range unknown {
			errs = append(errs, p.hold(ctx, it, "may have been sent, and without [imap] followup cannot look in Sent: "+fmt.Sprintf(reviewHint, it.ID, it.ID)))
		}
		return errors.Join(errs...)
	}
	mb, err := p.o.DialIMAP(ctx)
	if err != nil {
		return fmt.Errorf("look up %d unsure messages in Sent: %w", len(unknown), err)
	}
	defer mb.Close()
	var errs []error
	for _, it := range unknown {
		errs = append(errs, p.reconcileOne(ctx, mb, it))
	}
	return errors.Join(errs...)
}

// reconcileOne looks for one unknown row in the Sent mailbox.
func (p *pass) reconcileOne(ctx context.Context, mb Mailbox, it store.OutboxItem) error {
	sent := mb.SentMailbox()
	if sent == "" {
		return p.hold(ctx, it, "may have been sent, and no Sent mailbox was found to look in (set [imap] sent): "+fmt.Sprintf(reviewHint, it.ID, it.ID))
	}
	found, err := mb.HasMessageID(ctx, sent, it.MessageID)
	if err != nil {
		return fmt.Errorf("look up outbox %d in %s: %w", it.ID, sent, err)
	}
	if !found {
		return p.hold(ctx, it, fmt.Sprintf("may have been sent but is not in %s: ", sent)+fmt.Sprintf(reviewHint, it.ID, it.ID))
	}
	if err := p.markSent(ctx, it, nil); err != nil {
		return err
	}
	p.rep.Reconciled++
	p.o.log().Info("unsure message found in sent", "outbox", it.ID, "to", it.FirstRecipient(), "mailbox", sent)
	return nil
}

// hold puts a row in needs-review with reason, and its action too.
func (p *pass) hold(ctx context.Context, it store.OutboxItem, reason string) error {
	if err := p.o.Store.MarkOutboxNeedsReview(ctx, it.ID, p.now, reason); err != nil {
		return err
	}
	p.rep.NeedsReview++
	p.o.log().Warn("message needs review", "outbox", it.ID, "to", it.FirstRecipient())
	if err := p.setAction(ctx, it.ActionID, followup.StateNeedsReview, reason, ""); err != nil {
		return err
	}
	return p.event(ctx, it.InterviewID, "needs-review", fmt.Sprintf("message %d to %s: %s", it.ID, it.FirstRecipient(), reason))
}
