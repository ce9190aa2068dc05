package outbox

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/outbox/review"
	"github.com/followup-dev/followup/internal/outbox/sentcopy"
	"github.com/followup-dev/followup/internal/plan"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

// ErrBusy is returned when another followup process is sending from the
// same store at this moment; trying again a little later works.
var ErrBusy = errors.New("another followup process is sending from this store right now: try again in a minute")

// ErrNoSMTP is returned when there is something to send but no [smtp]
// section.
var ErrNoSMTP = usage.Wrap(errors.New("no [smtp] section in the config: set host, port, security and username to send mail"))

// sendDue sends the due follow-up rows when sending is allowed now.
func (p *pass) sendDue(ctx context.Context) error {
	if p.paused {
		return nil
	}
	rows, err := p.dueRows(ctx)
	if err != nil || len(rows) == 0 {
		return err
	}
	open, err := p.windowOpen()
	if err != nil || !open {
		p.o.log().Debug("outside the send window", "due", len(rows))
		return err
	}
	return p.send(ctx, rows)
}

// dueRows lists the queued and deferred follow-up rows due now.
func (p *pass) dueRows(ctx context.Context) ([]store.OutboxItem, error) {
	rows, err := p.o.Store.ListOutbox(ctx, store.OutboxQueued, store.OutboxDeferred)
	if err != nil {
		return nil, err
	}
	out := rows[:0:0]
	for _, it := range followUps(rows) {
		if !it.NextAttempt.After(p.now) {
			out = append(out, it)
		}
	}
	return out, nil
}

// windowOpen reports whether now is inside the send window on a business
// day.
func (p *pass) windowOpen() (bool, error) {
	pl, err := plan.Placer(p.o.Config)
	if err != nil {
		return false, err
	}
	return pl.Place(p.now).Equal(p.now), nil
}

// send checks the inbox for answers, drops the rows they cancelled, keeps
// to the daily cap, claims the rest and sends them over one connection.
func (p *pass) send(ctx context.Context, rows []store.OutboxItem) error {
	if p.o.NewSender == nil {
		return ErrNoSMTP
	}
	if err := p.checkInbox(ctx); err != nil {
		return err
	}
	rows, err := p.dropAnswered(ctx, rows)
	if err != nil {
		return err
	}
	left, err := p.capLeft(ctx)
	if err != nil {
		return err
	}
	if len(rows) > left {
		p.o.log().Info("daily send cap reached", "cap", p.o.Config.Policy.DailySendCap, "waiting", len(rows)-left)
		rows = rows[:left]
	}
	if len(rows) == 0 {
		return nil
	}
	sender, err := p.o.NewSender(ctx)
	if err != nil {
		return err
	}
	return p.deliver(ctx, sender, rows)
}

// dropAnswered drops the rows whose follow-up was cancelled meanwhile (an
// answer came, or the plan changed), moved later or to another recipient,
// holds those gone stale for review, and returns the others.
func (p *pass) dropAnswered(ctx context.Context, rows []store.OutboxItem) ([]store.OutboxItem, error) {
	out := rows[:0:0]
	for _, it := range rows {
		// A follow-up whose planned action is gone (its interview was
		// deleted) is never sent: ac stays zero and the row is dropped.
		ac, err := p.o.Store.Action(ctx, it.ActionID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		why := ""
		switch {
		case err != nil:
			why = "its follow-up no longer exists"
		case ac.State == followup.StateCancelled:
			why = ac.Reason
		case !slices.ContainsFunc(ac.To, func(a string) bool { return strings.EqualFold(a, it.FirstRecipient()) }):
			// The plan now writes to someone else (the person was removed
			// or bounced): the new recipient gets their own message.
			why = "the follow-up now goes to " + strings.Join(ac.To, ", ")
		case replannedLater(ac, it, p.now):
			why = "the plan moved it to " + ac.Due.Format("Mon 2 Jan 15:04") + "; it is queued again then"
		case p.staleRow(ac, it):
			reason := fmt.Sprintf("waited %s to go out (paused, over the daily cap or not running): `followup outbox retry %d` to send it or `followup outbox drop %d`",
				overdueText(p.now.Sub(p.firstChance(it))), it.ID, it.ID)
			if err := p.hold(ctx, it, reason); err != nil {
				return nil, err
			}
			continue
		default:
			out = append(out, it)
			continue
		}
		if err := p.drop(ctx, it, why); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// drop drops a row that will not be sent and tells the user why.
func (p *pass) drop(ctx context.Context, it store.OutboxItem, why string) error {
	if err := p.o.Store.DropOutbox(ctx, it.ID, p.now); err != nil {
		return err
	}
	p.rep.Dropped++
	p.o.log().Info("queued message dropped", "outbox", it.ID, "interview", it.InterviewID)
	return p.event(ctx, it.InterviewID, "not-sent", fmt.Sprintf("message %d to %s not sent: %s", it.ID, it.FirstRecipient(), why))
}

// staleRow reports whether it, queued for ac and never tried, has waited
// (paused, over the daily cap, the daemon down) for more than [policy]
// stale_after since it could first go out: like a follow-up never queued,
// it is held for the user instead of going out late. Waiting for the send
// window does not count.
func (p *pass) staleRow(ac followup.Action, it store.OutboxItem) bool {
	stale := p.o.Config.Policy.StaleAfter
	return stale > 0 && it.Attempts == 0 && ac.State == followup.StatePending && p.now.Sub(p.firstChance(it)) > stale
}

// firstChance is the first time in the send window at or after it was
// due (queued, or queued again by the user); its due time itself when the
// window cannot be computed.
func (p *pass) firstChance(it store.OutboxItem) time.Time {
	pl, err := plan.Placer(p.o.Config)
	if err != nil {
		return it.NextAttempt
	}
	return pl.Place(it.NextAttempt)
}

// replannedLater reports whether the plan moved ac into the future after
// the message it was queued as: the message is no longer due. A message
// the user approved early (`followup send`) is kept, since the plan did not
// change after it was queued.
func replannedLater(ac followup.Action, it store.OutboxItem, now time.Time) bool {
	return ac.State == followup.StatePending && ac.Due.After(now) && ac.UpdatedAt.After(it.Created)
}

// capLeft is how many more messages may go out today ([policy]
// daily_send_cap, counted in the store so that restarts do not reset it).
func (p *pass) capLeft(ctx context.Context) (int, error) {
	limit := p.o.Config.Policy.DailySendCap
	if limit <= 0 {
		return math.MaxInt, nil
	}
	lt := p.now.In(p.o.Config.Me.Location())
	n, err := p.o.Store.SentToday(ctx, time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, lt.Location()))
	if err != nil {
		return 0, err
	}
	return max(limit-n, 0), nil
}

// deliver sends rows over one connection, one message at a time: each row
// is claimed just before it is handed to the server and its outcome is
// recorded right after the server's reply, before the next one is handed
// over, even when ctx ends meanwhile; a sent message's copy is filed in
// the Sent mailbox at once. A crash therefore leaves at most the one
// message in flight unsure, and its Sent copy pending, never lost.
func (p *pass) deliver(ctx context.Context, sender Sender, rows []store.OutboxItem) error {
	rctx := context.WithoutCancel(ctx)
	copies := p.newSentCopies(rctx)
	defer copies.Close()
	var errs []error
	msgs := make([]mailer.Outgoing, len(rows))
	claimed := make([]store.OutboxItem, len(rows))
	for i, it := range rows {
		from, to, err := it.Envelope()
		if err != nil {
			errs = append(errs, p.claimFailed(rctx, it, err))
			from, to = "", nil // Before skips it
		}
		msgs[i] = mailer.Outgoing{MessageID: it.MessageID, From: from, To: to, Raw: it.Raw}
	}
	var settings *mailer.Error // the account's settings are wrong: the batch waits
	sender.SendEach(ctx, msgs, mailer.Each{
		Before: func(i int) bool {
			if len(msgs[i].To) == 0 || settings != nil {
				return false
			}
			it, ok, err := p.o.Store.ClaimOutboxByID(rctx, rows[i].ID, p.now)
			if err != nil {
				errs = append(errs, err)
			}
			claimed[i] = it
			step("claimed")
			return ok && err == nil
		},
		After: func(i int, r mailer.Result) {
			step("accepted")
			if e, ok := r.Err.(*mailer.Error); ok && e.Settings() {
				settings = e
				errs = append(errs, p.hold(rctx, claimed[i], settingsReason(e)))
				return
			}
			errs = append(errs, p.record(rctx, claimed[i], r, copies))
			if r.Outcome == mailer.Sent {
				copies.File(claimed[i])
			}
		},
	})
	if settings != nil {
		errs = append(errs, p.holdBatch(rctx, rows, claimed, settings))
	}
	return errors.Join(errs...)
}

// settingsReason says why a message waits for the [smtp] settings.
func settingsReason(e *mailer.Error) string {
	return fmt.Sprintf("not sent: the [smtp] server settings need fixing (%v); after fixing them run `followup outbox retry --all`", e)
}

// holdBatch holds the rows of a batch that were not tried because the
// account's settings are wrong, so that they wait together for the fix
// instead of each failing on its own.
func (p *pass) holdBatch(ctx context.Context, rows, claimed []store.OutboxItem, e *mailer.Error) error {
	p.o.log().Error("smtp settings need fixing: nothing was sent", "err", e)
	var errs []error
	for i, it := range rows {
		if claimed[i].ID != 0 {
			continue // claimed and held, or sent, already
		}
		if _, _, err := it.Envelope(); err != nil {
			continue // refused for good already
		}
		errs = append(errs, p.hold(ctx, it, settingsReason(e)))
	}
	return errors.Join(errs...)
}

// claimFailed claims a row that cannot be put in an envelope and records
// it as refused for good.
func (p *pass) claimFailed(ctx context.Context, it store.OutboxItem, cause error) error {
	c, ok, err := p.o.Store.ClaimOutboxByID(ctx, it.ID, p.now)
	if err != nil || !ok {
		return err
	}
	return p.failed(ctx, c, cause.Error())
}

// record writes what became of one sending row; a sent one's Sent copy is
// marked as still to be filed when copies wants one, in the same
// transaction.
func (p *pass) record(ctx context.Context, it store.OutboxItem, r mailer.Result, copies *sentcopy.Filer) error {
	why := "no reason given"
	if r.Err != nil {
		why = r.Err.Error()
	}
	switch r.Outcome {
	case mailer.Sent:
		if err := p.markSent(ctx, it, copies); err != nil {
			return err
		}
		step("sent")
		p.rep.Sent++
		p.o.log().Info("message sent", "interview", it.InterviewID, "outbox", it.ID, "to", it.FirstRecipient())
		return nil
	case mailer.Transient:
		return p.deferred(ctx, it, why)
	case mailer.Ambiguous:
		p.rep.Unknown++
		p.o.log().Warn("message may have been sent", "outbox", it.ID, "to", it.FirstRecipient(), "err", r.Err)
		return p.o.Store.MarkOutboxUnknown(ctx, it.ID, p.now, "the connection ended after the message was handed over: "+why)
	}
	return p.failed(ctx, it, why)
}

// markSent records a sent row, its action and its event in one
// transaction. With copies (nil for none), its Sent copy is marked as
// still to be filed and the marks of the copies filed since the last
// record are cleared in that transaction too.
func (p *pass) markSent(ctx context.Context, it store.OutboxItem, copies *sentcopy.Filer) error {
	to := it.FirstRecipient()
	subject := ""
	if m, err := mailer.ReadMessage(it.Raw); err == nil {
		subject = ": " + m.Subject
	}
	rec := store.SentRecord{Reason: "sent to " + to,
		Event: store.Event{At: p.now, InterviewID: it.InterviewID, Kind: "sent", Detail: fmt.Sprintf("sent to %s%s", to, subject)}}
	if copies != nil {
		rec.CopyPending, rec.Filed = copies.Wanted(), copies.Take()
	}
	if err := p.o.Store.RecordSent(ctx, it.ID, p.now, rec); err != nil {
		return err
	}
	if it.InterviewID != "" {
		p.replan[it.InterviewID] = true
	}
	return nil
}

// deferred schedules a retry after a temporary failure, or holds the row
// for the user once [policy] give_up_after has passed since the first try.
func (p *pass) deferred(ctx context.Context, it store.OutboxItem, why string) error {
	giveUp := p.o.Config.Policy.GiveUpAfter
	if mailer.GiveUp(it.FirstTry, p.now, giveUp) {
		return p.hold(ctx, it, fmt.Sprintf("still failing after %s (%s): `followup outbox retry %d` to try again or `followup outbox drop %d`",
			giveUp, why, it.ID, it.ID))
	}
	next := mailer.NextAttempt(it.Attempts, p.now, rand.Float64)
	if err := p.o.Store.MarkOutboxDeferred(ctx, it.ID, p.now, next, why); err != nil {
		return err
	}
	p.rep.Deferred++
	p.o.log().Warn("send deferred", "outbox", it.ID, "to", it.FirstRecipient(), "next", next, "err", why)
	return nil
}

// failed records a permanent failure and tells the user.
func (p *pass) failed(ctx context.Context, it store.OutboxItem, why string) error {
	if err := p.o.Store.MarkOutboxFailed(ctx, it.ID, p.now, why); err != nil {
		return err
	}
	p.rep.Failed++
	to := it.FirstRecipient()
	p.o.log().Error("send failed", "outbox", it.ID, "to", to, "err", why)
	if err := p.setAction(ctx, it.ActionID, followup.StateFailed, why, it.MessageID); err != nil {
		return err
	}
	return p.event(ctx, it.InterviewID, "send-failed", fmt.Sprintf("message %d to %s was refused: %s; check the address, then `followup outbox retry %d` or `followup outbox drop %d`",
		it.ID, to, why, it.ID, it.ID))
}

// RetryAll queues again every message held for review or refused (see
// review.RetryAll).
func (o *Outbox) RetryAll(ctx context.Context) (int, error) { return review.RetryAll(ctx, o.review()) }

// RetryOutbox queues message id again on the user's word (see review.Retry).
func (o *Outbox) RetryOutbox(ctx context.Context, id int64) error {
	return review.Retry(ctx, o.review(), id)
}

// DropOutbox abandons message id on the user's word (see review.Drop).
func (o *Outbox) DropOutbox(ctx context.Context, id int64) error {
	return review.Drop(ctx, o.review(), id)
}

func (o *Outbox) review() review.Deps {
	return review.Deps{Store: o.Store, Clock: o.Clock, DialIMAP: o.DialIMAP}
}
