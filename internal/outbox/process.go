// Package outbox is in charge of outgoing follow-ups: each pass drafts or
// queues what is due, sends the outbox over SMTP inside the send window
// and the daily cap, and reconciles what a crash left unsure against the
// Sent mailbox, writing every state change before the network is used.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/compose"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/inbox"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/outbox/sentcopy"
	"github.com/followup-dev/followup/internal/plan"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

// Report counts what one pass did, for the log and `daemon --once`.
type Report struct {
	Drafted     int // due follow-ups saved as drafts
	Queued      int // messages written to the outbox
	Sent        int // messages the SMTP server accepted
	Deferred    int // temporary failures, tried again later
	Failed      int // refused for good (the user is told)
	Unknown     int // maybe delivered (connection lost at the end): checked next pass
	NeedsReview int // held for the user: stale, interrupted, given up
	Reconciled  int // unknown messages found in the Sent mailbox
	Dropped     int // queued messages not sent because the interview was answered
}

// String is the one-line summary `daemon --once` prints.
func (r Report) String() string {
	return fmt.Sprintf("drafted %d, queued %d, sent %d, deferred %d, failed %d, unknown %d, needs review %d, reconciled %d, dropped %d",
		r.Drafted, r.Queued, r.Sent, r.Deferred, r.Failed, r.Unknown, r.NeedsReview, r.Reconciled, r.Dropped)
}

// Attrs are the counts as slog attributes.
func (r Report) Attrs() []any {
	return []any{"drafted", r.Drafted, "queued", r.Queued, "sent", r.Sent, "deferred", r.Deferred, "failed", r.Failed,
		"unknown", r.Unknown, "needs_review", r.NeedsReview, "reconciled", r.Reconciled, "dropped", r.Dropped}
}

// testHookStep, when a test sets it, runs at each step of the sending state
// machine ("enqueued", "claimed", "accepted", "sent") so that the crash
// test can kill the process exactly there.
var testHookStep func(step string)

func step(name string) {
	if testHookStep != nil {
		testHookStep(name)
	}
}

// ProcessOnce does everything that is due now, in this order, and returns:
//
//  1. reconcile: outbox rows a crash left in sending become unknown; unknown
//     rows are looked up in the IMAP Sent mailbox by Message-ID: found ones
//     are sent, the others (or all, without [imap]) need the user's review.
//     A message that may have gone out is never sent again on its own.
//  2. due follow-ups: one overdue by more than [policy] stale_after needs
//     review instead of going out late; the others are drafted (the
//     default) or, with auto_send, checked against the inbox for an answer
//     and written to the outbox before anything touches the network.
//  3. send: queued and deferred follow-up messages that are due, inside the
//     send window on a business day, up to daily_send_cap a day (counted in
//     the store), never while paused, over one SMTP connection, each
//     recorded the moment the server answers and filed in Sent at once.
//  4. Sent copies: those a crash or an IMAP outage left unfiled are filed.
//
// Every state change is committed before the network is used. The work of
// one phase does not stop the next; the errors are joined. ProcessOnce
// holds the send lock of the store while it runs and returns ErrBusy when
// another process holds it. It blocks on the store, IMAP and SMTP.
func (o *Outbox) ProcessOnce(ctx context.Context) (Report, error) {
	p, unlock, err := o.lockedPass(ctx)
	if err != nil {
		return Report{}, err
	}
	defer unlock()
	var errs []error
	errs = append(errs, p.reconcile(ctx))
	errs = append(errs, p.dueActions(ctx))
	errs = append(errs, p.sendDue(ctx))
	errs = append(errs, p.fileSentCopies(ctx))
	errs = append(errs, p.replanAll(ctx))
	level := slog.LevelDebug // a pass that did nothing is not news
	if p.rep != (Report{}) {
		level = slog.LevelInfo
	}
	o.log().Log(ctx, level, "pass done", p.rep.Attrs()...)
	return p.rep, errors.Join(errs...)
}

// lockedPass takes the send lock and starts a pass; unlock releases the
// lock. It returns ErrBusy when another process is sending.
func (o *Outbox) lockedPass(ctx context.Context) (p *pass, unlock func(), err error) {
	unlock, err = o.lockSending(ctx)
	if err != nil {
		return nil, nil, err
	}
	if p, err = o.newPass(ctx); err != nil {
		unlock()
		return nil, nil, err
	}
	return p, unlock, nil
}

// Outbox sends follow-ups. Its fields are set once; it is then safe for
// concurrent use (one process sends at a time: see the send lock).
type Outbox struct {
	Config *config.Config
	Store  *store.Store
	Clock  clock.Clock
	// Log receives business events; nil discards them.
	Log *slog.Logger
	// DialIMAP opens a logged-in IMAP connection for the Sent mailbox;
	// nil when [imap] is not configured.
	DialIMAP func(ctx context.Context) (Mailbox, error)
	// NewSender opens the [smtp] account; nil when [smtp] is not configured.
	NewSender func(ctx context.Context) (Sender, error)
	// Composer makes the messages and drafts; Planner replans after a
	// send; Inbox, when its DialWatch is set, is read before sending so
	// that an answer cancels what would go out.
	Composer *compose.Composer
	Planner  *plan.Planner
	Inbox    *inbox.Inbox
}

// Sender sends stored messages one by one over one connection, calling
// back around each (see mailer.Sender.SendEach); *mailer.Sender is one.
type Sender interface {
	SendEach(ctx context.Context, msgs []mailer.Outgoing, each mailer.Each) []mailer.Result
}

// Mailbox is the part of an IMAP connection that filing and finding sent
// messages uses; *imapwatch.Client is one.
type Mailbox = sentcopy.Mailbox

// newSentCopies is the filer of the Sent copies of one pass; nil Dial
// when none are wanted ([smtp] saves_sent, or no [imap]).
func (p *pass) newSentCopies(ctx context.Context) *sentcopy.Filer {
	o := sentcopy.Options{Store: p.o.Store, Log: p.o.Log, Copied: func() { step("copied") }}
	if !p.o.Config.SMTP.SavesSent {
		o.Dial = p.o.DialIMAP
	}
	return sentcopy.New(ctx, o)
}

// fileSentCopies files the Sent copies left pending by earlier passes.
func (p *pass) fileSentCopies(ctx context.Context) error {
	c := p.newSentCopies(context.WithoutCancel(ctx))
	defer c.Close()
	return c.Retry()
}

func (o *Outbox) log() *slog.Logger {
	if o.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Log
}

// pass is the state of one ProcessOnce or SendApproved call.
type pass struct {
	o      *Outbox
	now    time.Time
	rep    Report
	paused bool
	// inboxChecked says the inbox was synchronised in this pass; inboxErr
	// is what that gave.
	inboxChecked bool
	inboxErr     error
	// rows are the live outbox rows of follow-ups by action, read once.
	rows   map[int64][]store.OutboxItem
	replan map[string]bool
}

func (o *Outbox) newPass(ctx context.Context) (*pass, error) {
	_, paused, err := o.Paused(ctx)
	if err != nil {
		return nil, err
	}
	return &pass{o: o, now: o.Clock.Now(), paused: paused, replan: map[string]bool{}}, nil
}

// dueActions handles the pending follow-ups that are due.
func (p *pass) dueActions(ctx context.Context) error {
	acs, err := p.o.Store.ActionsDueBefore(ctx, p.now.Add(time.Second))
	if err != nil {
		return err
	}
	var errs []error
	blocked := map[string]int{} // problems the user must fix, by message
	for _, ac := range acs {
		err := p.dueAction(ctx, ac)
		switch {
		case err == nil:
		case usage.Is(err):
			blocked[err.Error()]++
		default:
			p.o.log().Warn("follow-up not handled", "interview", ac.InterviewID, "action", ac.ID, "err", err)
			errs = append(errs, fmt.Errorf("%s of %s: %w", ac.Kind, ac.InterviewID, err))
		}
	}
	return errors.Join(append(errs, blockedErrors(blocked)...)...)
}

// blockedErrors reports each configuration problem once, with how many
// due follow-ups wait for it, rather than once per follow-up.
func blockedErrors(blocked map[string]int) []error {
	msgs := make([]string, 0, len(blocked))
	for msg := range blocked {
		msgs = append(msgs, msg)
	}
	slices.Sort(msgs)
	errs := make([]error, 0, len(msgs))
	for _, msg := range msgs {
		errs = append(errs, usage.Errorf("%d due follow-up(s) wait: %s", blocked[msg], msg))
	}
	return errs
}

func (p *pass) dueAction(ctx context.Context, ac followup.Action) error {
	covered, err := p.inOutbox(ctx, ac)
	if err != nil || covered {
		return err
	}
	if stale := p.o.Config.Policy.StaleAfter; stale > 0 && p.now.Sub(ac.Due) > stale {
		return p.holdStale(ctx, ac)
	}
	if !p.o.Config.Policy.AutoSend {
		return p.draft(ctx, ac)
	}
	if held, err := p.heldBefore(ctx, ac); err != nil || held != nil {
		if err != nil {
			return err
		}
		return p.waitFor(ctx, ac, *held)
	}
	return p.enqueue(ctx, ac)
}

// heldBefore is an earlier note of ac's interview to one of ac's
// recipients that waits for the user's review, or nil: nothing later in
// the plan goes to a person while an earlier note to them is held.
func (p *pass) heldBefore(ctx context.Context, ac followup.Action) (*followup.Action, error) {
	acs, err := p.o.Store.Actions(ctx, ac.InterviewID)
	if err != nil {
		return nil, err
	}
	for _, other := range acs {
		if other.ID == ac.ID || other.State != followup.StateNeedsReview || !other.Due.Before(ac.Due) {
			continue
		}
		for _, to := range ac.To {
			if slices.ContainsFunc(other.To, func(a string) bool { return strings.EqualFold(a, to) }) {
				return &other, nil
			}
		}
	}
	return nil, nil
}

// waitFor keeps ac pending behind the held note, saying so once.
func (p *pass) waitFor(ctx context.Context, ac, held followup.Action) error {
	reason := fmt.Sprintf("waits for the %s to %s held for review: `followup send %d` or `followup draft %s`",
		held.Kind, strings.Join(held.To, ", "), held.ID, ac.InterviewID)
	if ac.Reason == reason {
		return nil
	}
	return p.o.Store.SetActionState(ctx, ac.ID, followup.StatePending, reason, "", p.now)
}

// inOutbox reports whether every recipient of ac already has an outbox
// row (a crash between enqueueing and recording, or a message waiting for
// the send window); a row already sent settles the action.
func (p *pass) inOutbox(ctx context.Context, ac followup.Action) (bool, error) {
	rows, err := p.rowsOf(ctx, ac.ID)
	if err != nil || len(rows) == 0 {
		return false, err
	}
	if !p.o.Config.Policy.AutoSend {
		if rows, err = p.withdraw(ctx, ac, rows); err != nil {
			return false, err
		}
	}
	for _, it := range rows {
		if it.State == store.OutboxSent && ac.State == followup.StatePending {
			if err := p.o.Store.SetActionState(ctx, ac.ID, followup.StateSent, "sent to "+it.FirstRecipient(), it.MessageID, p.now); err != nil {
				return false, err
			}
			ac.State = followup.StateSent
		}
	}
	return covered(rows, ac), nil
}

// withdraw drops the rows of ac that auto_send queued and that were never
// tried, now that auto_send is off: nothing goes out unasked, and ac is
// drafted instead. It returns the other rows.
func (p *pass) withdraw(ctx context.Context, ac followup.Action, rows []store.OutboxItem) ([]store.OutboxItem, error) {
	keep := rows[:0:0]
	for _, it := range rows {
		if it.State != store.OutboxQueued || it.Attempts > 0 {
			keep = append(keep, it)
			continue
		}
		if err := p.drop(ctx, it, "auto_send is off: drafted instead"); err != nil {
			return nil, err
		}
	}
	p.rows[ac.ID] = keep
	return keep, nil
}

// covered reports whether each recipient of ac has one of rows.
func covered(rows []store.OutboxItem, ac followup.Action) bool {
	for _, to := range ac.To {
		if !hasRowFor(rows, to) {
			return false
		}
	}
	return len(rows) > 0
}

func hasRowFor(rows []store.OutboxItem, addr string) bool {
	return slices.ContainsFunc(rows, func(it store.OutboxItem) bool { return strings.EqualFold(it.FirstRecipient(), addr) })
}

// holdStale keeps an overdue follow-up for the user instead of sending it
// late.
func (p *pass) holdStale(ctx context.Context, ac followup.Action) error {
	reason := fmt.Sprintf("overdue by %s after downtime: send or drop it", overdueText(p.now.Sub(ac.Due)))
	if err := p.o.Store.SetActionState(ctx, ac.ID, followup.StateNeedsReview, reason, "", p.now); err != nil {
		return err
	}
	p.rep.NeedsReview++
	p.o.log().Warn("follow-up overdue", "interview", ac.InterviewID, "action", ac.ID)
	return p.event(ctx, ac.InterviewID, "needs-review", fmt.Sprintf("%s to %s %s: `followup send %d` to send it now, `followup draft %s` for a draft",
		ac.Kind, strings.Join(ac.To, ", "), reason, ac.ID, ac.InterviewID))
}

// overdueText is d in whole days, hours or minutes.
func overdueText(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
	case d >= 24*time.Hour:
		return "1 day"
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", int(d/time.Hour))
	}
	return fmt.Sprintf("%d minutes", int(d/time.Minute))
}

// draft saves the follow-up's messages as drafts and records them; the
// "drafted" event reminds the user to send them.
func (p *pass) draft(ctx context.Context, ac followup.Action) error {
	cs, err := p.o.Composer.ComposeAction(ctx, ac)
	if err != nil {
		return err
	}
	locs, saveErr := p.o.Composer.SaveDrafts(ctx, cs)
	for i, loc := range locs {
		if err := p.o.Composer.RecordDraft(ctx, cs[i], loc); err != nil {
			// Not recorded: the next pass drafts it again, so the files
			// not recorded go, leaving one draft per follow-up.
			compose.RemoveDraftFiles(locs[i:])
			return err
		}
		p.rep.Drafted++
		p.replan[ac.InterviewID] = true
	}
	return saveErr
}

// enqueue writes the follow-up's messages to the outbox, unless sending is
// paused (it then waits, pending) or an answer arrived meanwhile.
func (p *pass) enqueue(ctx context.Context, ac followup.Action) error {
	if p.paused {
		return nil
	}
	if err := p.checkInbox(ctx); err != nil {
		return err
	}
	cur, err := p.o.Store.Action(ctx, ac.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil || cur.State != followup.StatePending {
		return err
	}
	cs, err := p.o.Composer.ComposeAction(ctx, cur)
	if err != nil {
		return err
	}
	rows, err := p.rowsOf(ctx, ac.ID)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if hasRowFor(rows, c.To.Email) {
			continue
		}
		if _, err := p.queue(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

// queue writes one composed message to the outbox, linked to its action.
func (p *pass) queue(ctx context.Context, c compose.Composed) (int64, error) {
	it := store.OutboxItem{ActionID: c.ActionID, InterviewID: c.InterviewID, MessageID: c.MessageID,
		Recipient: strings.Join(envelope(c), ","), Raw: c.Raw}
	id, err := p.o.Store.EnqueueOutbox(ctx, it, p.now)
	if err != nil {
		return 0, err
	}
	it.ID, it.State = id, store.OutboxQueued
	if p.rows != nil {
		p.rows[c.ActionID] = append(p.rows[c.ActionID], it)
	}
	p.rep.Queued++
	p.o.log().Info("message queued", "interview", c.InterviewID, "kind", c.Kind, "to", c.To.Email, "outbox", id)
	step("enqueued")
	return id, nil
}

// envelope is c's recipients with the person it is for first.
func envelope(c compose.Composed) []string {
	out := []string{c.To.Email}
	for _, r := range c.Envelope {
		if !strings.EqualFold(r, c.To.Email) {
			out = append(out, r)
		}
	}
	return out
}

// rowsOf lists the follow-up outbox rows of action id that are not
// dropped; the rows are read once per pass.
func (p *pass) rowsOf(ctx context.Context, id int64) ([]store.OutboxItem, error) {
	if p.rows == nil {
		all, err := p.o.Store.ListOutbox(ctx, store.OutboxQueued, store.OutboxSending, store.OutboxDeferred,
			store.OutboxSent, store.OutboxFailed, store.OutboxUnknown, store.OutboxNeedsReview)
		if err != nil {
			return nil, err
		}
		p.rows = map[int64][]store.OutboxItem{}
		for _, it := range followUps(all) {
			if it.ActionID != 0 {
				p.rows[it.ActionID] = append(p.rows[it.ActionID], it)
			}
		}
	}
	return p.rows[id], nil
}

// checkInbox runs one IMAP catch-up pass, once per pass, so that an answer
// that arrived since the last one cancels what would be sent.
func (p *pass) checkInbox(ctx context.Context) error {
	if p.inboxChecked {
		return p.inboxErr
	}
	p.inboxChecked = true
	if p.o.Inbox == nil || p.o.Inbox.DialWatch == nil {
		return nil
	}
	if err := p.o.Inbox.SyncInbox(ctx, nil); err != nil {
		p.inboxErr = fmt.Errorf("check the inbox for answers before sending (nothing sent): %w", err)
	}
	return p.inboxErr
}

// setAction records what became of a message on its action, unless the
// action is gone or settled (sent; or cancelled or failed, for anything
// but sent).
func (p *pass) setAction(ctx context.Context, id int64, state followup.ActionState, reason, messageID string) error {
	if id == 0 {
		return nil
	}
	ac, err := p.o.Store.Action(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	settled := ac.State == followup.StateSent || state != followup.StateSent && (ac.State == followup.StateCancelled || ac.State == followup.StateFailed)
	if settled {
		return nil
	}
	return p.o.Store.SetActionState(ctx, id, state, reason, messageID, p.now)
}

// event records an event for the digest and `followup show`.
func (p *pass) event(ctx context.Context, interviewID, kind, detail string) error {
	return p.o.Store.AddEvent(ctx, store.Event{At: p.now, InterviewID: interviewID, Kind: kind, Detail: detail})
}

// replanAll replans the interviews something was drafted or sent for, so
// that later notes count from the real time.
func (p *pass) replanAll(ctx context.Context) error {
	ids := make([]string, 0, len(p.replan))
	for id := range p.replan {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var errs []error
	for _, id := range ids {
		if _, err := p.o.Planner.ReplanID(ctx, id); err != nil && !errors.Is(err, store.ErrNotFound) {
			errs = append(errs, fmt.Errorf("replan %s: %w", id, err))
		}
	}
	return errors.Join(errs...)
}

// followUps are the rows that are follow-ups (store.OutboxItem.FollowUp).
func followUps(rows []store.OutboxItem) []store.OutboxItem {
	out := rows[:0:0]
	for _, it := range rows {
		if it.FollowUp() {
			out = append(out, it)
		}
	}
	return out
}
