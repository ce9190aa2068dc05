package daemon

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/store"
)

// ErrBusy is returned when another followup process is sending from the
// same store at this moment; trying again a little later works.
var ErrBusy = errors.New("another followup process is sending from this store right now: try again in a minute")

// ErrNoSMTP is returned when there is something to send but no [smtp]
// section.
var ErrNoSMTP = &requestError{msg: "no [smtp] section in the config: set host, port, security and username to send mail"}

// PausedKey is the meta row that pauses all sending; it holds the time of
// the pause, "" when sending runs.
const PausedKey = "paused"

// Pause stops all sending until Resume. Drafts are still made: they send
// nothing. Follow-ups that fall due while paused wait; with auto_send they
// are not queued, so one overdue by more than stale_after when sending
// resumes needs review instead of going out late.
func (e *Env) Pause(ctx context.Context) error {
	if err := e.Store.SetMeta(ctx, PausedKey, store.FormatTime(e.Now())); err != nil {
		return err
	}
	e.log().Info("sending paused")
	return e.Store.AddEvent(ctx, store.Event{At: e.Now(), Kind: "paused", Detail: "sending paused"})
}

// Resume lets sending run again.
func (e *Env) Resume(ctx context.Context) error {
	if err := e.Store.SetMeta(ctx, PausedKey, ""); err != nil {
		return err
	}
	e.log().Info("sending resumed")
	return e.Store.AddEvent(ctx, store.Event{At: e.Now(), Kind: "resumed", Detail: "sending resumed"})
}

// Paused reports whether sending is paused and since when.
func (e *Env) Paused(ctx context.Context) (since time.Time, paused bool, err error) {
	v, ok, err := e.Store.Meta(ctx, PausedKey)
	if err != nil || !ok || v == "" {
		return time.Time{}, false, err
	}
	since, _ = store.ParseTime(v)
	return since, true, nil
}

// lockSending takes the store's send lock: an OS file lock next to the
// database, which ends with the process however it ends. While it is held
// no other process claims or reconciles follow-up messages, so a row found
// in sending is one a crash left behind.
func (e *Env) lockSending() (unlock func(), err error) {
	path := e.Store.Path() + ".send.lock"
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open send lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrBusy
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return func() { f.Close() }, nil
}

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
		p.e.log().Debug("outside the send window", "due", len(rows))
		return err
	}
	return p.send(ctx, rows)
}

// dueRows lists the queued and deferred follow-up rows due now.
func (p *pass) dueRows(ctx context.Context) ([]store.OutboxItem, error) {
	rows, err := p.e.Store.ListOutbox(ctx, store.OutboxQueued, store.OutboxDeferred)
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
	pl, err := Placer(p.e.Config)
	if err != nil {
		return false, err
	}
	return pl.Place(p.now).Equal(p.now), nil
}

// send checks the inbox for answers, drops the rows they cancelled, keeps
// to the daily cap, claims the rest and sends them over one connection.
func (p *pass) send(ctx context.Context, rows []store.OutboxItem) error {
	if p.e.NewSender == nil {
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
		p.e.log().Info("daily send cap reached", "cap", p.e.Config.Policy.DailySendCap, "waiting", len(rows)-left)
		rows = rows[:left]
	}
	if len(rows) == 0 {
		return nil
	}
	sender, err := p.e.NewSender(ctx)
	if err != nil {
		return err
	}
	var claimed []store.OutboxItem
	for _, it := range rows {
		c, ok, err := p.e.Store.ClaimOutboxByID(ctx, it.ID, p.now)
		if err != nil {
			return err
		}
		if ok {
			claimed = append(claimed, c)
		}
	}
	step("claimed")
	return p.deliver(ctx, sender, claimed)
}

// dropAnswered drops the rows whose follow-up was cancelled meanwhile (an
// answer came, or the plan changed) and returns the others.
func (p *pass) dropAnswered(ctx context.Context, rows []store.OutboxItem) ([]store.OutboxItem, error) {
	out := rows[:0:0]
	for _, it := range rows {
		if it.ActionID == 0 {
			out = append(out, it)
			continue
		}
		ac, err := p.e.Store.Action(ctx, it.ActionID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		if err == nil && ac.State != followup.StateCancelled {
			out = append(out, it)
			continue
		}
		if err := p.e.Store.DropOutbox(ctx, it.ID, p.now); err != nil {
			return nil, err
		}
		p.rep.Dropped++
		p.e.log().Info("queued message dropped", "outbox", it.ID, "interview", it.InterviewID)
		if err := p.event(ctx, it.InterviewID, "not-sent", fmt.Sprintf("message %d to %s not sent: %s", it.ID, firstRecipient(it), ac.Reason)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// capLeft is how many more messages may go out today ([policy]
// daily_send_cap, counted in the store so that restarts do not reset it).
func (p *pass) capLeft(ctx context.Context) (int, error) {
	limit := p.e.Config.Policy.DailySendCap
	if limit <= 0 {
		return math.MaxInt, nil
	}
	lt := p.now.In(p.e.Config.Me.Location())
	n, err := p.e.Store.SentToday(ctx, time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, lt.Location()))
	if err != nil {
		return 0, err
	}
	return max(limit-n, 0), nil
}

// deliver sends claimed rows over one connection and records each outcome,
// even when ctx ends meanwhile; then it files copies in the Sent mailbox.
func (p *pass) deliver(ctx context.Context, sender Sender, items []store.OutboxItem) error {
	rctx := context.WithoutCancel(ctx)
	var (
		msgs  []mailer.Outgoing
		ready []store.OutboxItem
		errs  []error
	)
	for _, it := range items {
		from, to, err := it.Envelope()
		if err != nil {
			errs = append(errs, p.failed(rctx, it, err.Error()))
			continue
		}
		msgs = append(msgs, mailer.Outgoing{MessageID: it.MessageID, From: from, To: to, Raw: it.Raw})
		ready = append(ready, it)
	}
	if len(msgs) == 0 {
		return errors.Join(errs...)
	}
	results := sender.Send(ctx, msgs)
	step("accepted")
	var sent []store.OutboxItem
	for i, r := range results {
		errs = append(errs, p.record(rctx, ready[i], r))
		if r.Outcome == mailer.Sent {
			sent = append(sent, ready[i])
		}
	}
	p.copyToSent(rctx, sent)
	return errors.Join(errs...)
}

// record writes what became of one sending row.
func (p *pass) record(ctx context.Context, it store.OutboxItem, r mailer.Result) error {
	why := "no reason given"
	if r.Err != nil {
		why = r.Err.Error()
	}
	switch r.Outcome {
	case mailer.Sent:
		if err := p.e.Store.MarkOutboxSent(ctx, it.ID, p.now); err != nil {
			return err
		}
		step("sent")
		p.rep.Sent++
		p.e.log().Info("message sent", "interview", it.InterviewID, "outbox", it.ID, "to", firstRecipient(it))
		return p.actionSent(ctx, it)
	case mailer.Transient:
		return p.deferred(ctx, it, why)
	case mailer.Ambiguous:
		p.rep.Unknown++
		p.e.log().Warn("message may have been sent", "outbox", it.ID, "to", firstRecipient(it), "err", r.Err)
		return p.e.Store.MarkOutboxUnknown(ctx, it.ID, p.now, "the connection ended after the message was handed over: "+why)
	}
	return p.failed(ctx, it, why)
}

// actionSent records a sent row on its action and as an event.
func (p *pass) actionSent(ctx context.Context, it store.OutboxItem) error {
	to := firstRecipient(it)
	if err := p.setAction(ctx, it.ActionID, followup.StateSent, "sent to "+to, it.MessageID); err != nil {
		return err
	}
	if it.InterviewID != "" {
		p.replan[it.InterviewID] = true
	}
	subject := ""
	if m, err := ReadMessage(it.Raw); err == nil {
		subject = ": " + m.Subject
	}
	return p.event(ctx, it.InterviewID, "sent", fmt.Sprintf("sent to %s%s", to, subject))
}

// deferred schedules a retry after a temporary failure, or holds the row
// for the user once [policy] give_up_after has passed since the first try.
func (p *pass) deferred(ctx context.Context, it store.OutboxItem, why string) error {
	giveUp := p.e.Config.Policy.GiveUpAfter
	if mailer.GiveUp(it.FirstTry, p.now, giveUp) {
		return p.hold(ctx, it, fmt.Sprintf("still failing after %s (%s): `followup outbox retry %d` to try again or `followup outbox drop %d`",
			giveUp, why, it.ID, it.ID))
	}
	next := mailer.NextAttempt(it.Attempts, p.now, rand.Float64)
	if err := p.e.Store.MarkOutboxDeferred(ctx, it.ID, p.now, next, why); err != nil {
		return err
	}
	p.rep.Deferred++
	p.e.log().Warn("send deferred", "outbox", it.ID, "to", firstRecipient(it), "next", next, "err", why)
	return nil
}

// failed records a permanent failure and tells the user.
func (p *pass) failed(ctx context.Context, it store.OutboxItem, why string) error {
	if err := p.e.Store.MarkOutboxFailed(ctx, it.ID, p.now, why); err != nil {
		return err
	}
	p.rep.Failed++
	to := firstRecipient(it)
	p.e.log().Error("send failed", "outbox", it.ID, "to", to, "err", why)
	if err := p.setAction(ctx, it.ActionID, followup.StateFailed, why, it.MessageID); err != nil {
		return err
	}
	return p.event(ctx, it.InterviewID, "send-failed", fmt.Sprintf("message %d to %s was refused: %s; check the address, then `followup outbox retry %d` or `followup outbox drop %d`",
		it.ID, to, why, it.ID, it.ID))
}

// copyToSent appends sent messages to the IMAP Sent mailbox, unless the
// provider files them itself ([smtp] saves_sent) or there is no [imap].
// The messages went out already: a failure here is only logged.
func (p *pass) copyToSent(ctx context.Context, items []store.OutboxItem) {
	if len(items) == 0 || p.e.Config.SMTP.SavesSent || p.e.DialIMAP == nil {
		return
	}
	mb, err := p.e.DialIMAP(ctx)
	if err != nil {
		p.e.log().Warn("sent copies not saved", "count", len(items), "err", err)
		return
	}
	defer mb.Close()
	for _, it := range items {
		if err := mb.AppendSent(ctx, it.Raw); err != nil {
			p.e.log().Warn("sent copy not saved", "outbox", it.ID, "err", err)
		}
	}
}

// RetryOutbox queues a deferred, failed, unknown or needs-review message
// again on the user's word; it goes out on the next pass inside the send
// window. Its follow-up is open again.
func (e *Env) RetryOutbox(ctx context.Context, id int64) error {
	it, err := e.outboxRow(ctx, id)
	if err != nil {
		return err
	}
	now := e.Now()
	if err := e.Store.RetryOutbox(ctx, id, now); err != nil {
		return outboxRequest(err)
	}
	if it.ActionID != 0 {
		ac, err := e.Store.Action(ctx, it.ActionID)
		if err == nil && (ac.State == followup.StateNeedsReview || ac.State == followup.StateFailed) {
			err = e.Store.SetActionState(ctx, ac.ID, followup.StatePending, "queued again by you", "", now)
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return e.Store.AddEvent(ctx, store.Event{At: now, InterviewID: it.InterviewID, Kind: "retry",
		Detail: fmt.Sprintf("message %d to %s queued again", id, firstRecipient(it))})
}

// DropOutbox abandons a message that is not sent on the user's word; its
// follow-up is cancelled so that it is not planned again.
func (e *Env) DropOutbox(ctx context.Context, id int64) error {
	it, err := e.outboxRow(ctx, id)
	if err != nil {
		return err
	}
	now := e.Now()
	if err := e.Store.DropOutbox(ctx, id, now); err != nil {
		return outboxRequest(err)
	}
	if it.ActionID != 0 {
		ac, err := e.Store.Action(ctx, it.ActionID)
		if err == nil && (ac.State.Open() || ac.State == followup.StateFailed) {
			err = e.Store.SetActionState(ctx, ac.ID, followup.StateCancelled, "dropped by you", "", now)
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return e.Store.AddEvent(ctx, store.Event{At: now, InterviewID: it.InterviewID, Kind: "dropped",
		Detail: fmt.Sprintf("message %d to %s dropped", id, firstRecipient(it))})
}

func (e *Env) outboxRow(ctx context.Context, id int64) (store.OutboxItem, error) {
	it, err := e.Store.OutboxByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return it, requestf("no message %d in the outbox: see `followup outbox`", id)
	}
	return it, err
}

// outboxRequest turns a refused transition into a request error that says
// which states allow it.
func outboxRequest(err error) error {
	var se *store.OutboxStateError
	if errors.As(err, &se) {
		names := make([]string, len(se.Allowed))
		for i, s := range se.Allowed {
			names[i] = string(s)
		}
		return requestf("message %d is %s: only %s messages can be changed that way", se.ID, se.State, strings.Join(names, ", "))
	}
	return err
}

// SendRequest names the follow-ups the user wants sent now.
type SendRequest struct {
	InterviewID string // its due follow-ups, or else its next planned ones
	ActionID    int64  // one planned follow-up; wins over InterviewID
}

// Approval is what `followup send` shows and, once the user confirms,
// sends: the messages, and notes on recipients left out.
type Approval struct {
	Messages []Composed
	Notes    []string
	rows     []int64 // the outbox row of each message; 0 for a new one
}

func (ap *Approval) add(c Composed, row int64) {
	ap.Messages = append(ap.Messages, c)
	ap.rows = append(ap.rows, row)
}

// Approve finds the follow-ups req names and their messages: a message
// already in the outbox (queued, deferred or needs-review) as stored, the
// others newly composed. It writes nothing and uses no network.
func (e *Env) Approve(ctx context.Context, req SendRequest) (*Approval, error) {
	acs, err := e.approvedActions(ctx, req)
	if err != nil {
		return nil, err
	}
	ap := &Approval{}
	for _, ac := range acs {
		if err := e.approveAction(ctx, ac, ap); err != nil {
			return nil, err
		}
	}
	if len(ap.Messages) == 0 {
		return nil, requestf("nothing to send: %s", strings.Join(ap.Notes, "; "))
	}
	return ap, nil
}

// sendable: what the user may send by hand (a drafted follow-up too, for
// those who would rather not open their mail client).
func sendable(s followup.ActionState) bool { return s.Open() || s == followup.StateDrafted }

func (e *Env) approvedActions(ctx context.Context, req SendRequest) ([]followup.Action, error) {
	if req.ActionID != 0 {
		ac, err := e.Store.Action(ctx, req.ActionID)
		if errors.Is(err, store.ErrNotFound) {
			return nil, requestf("no follow-up %d: see `followup show ID` for the ids", req.ActionID)
		}
		if err != nil {
			return nil, err
		}
		if !sendable(ac.State) {
			return nil, requestf("follow-up %d (%s to %s) is %s: nothing to send", ac.ID, ac.Kind, strings.Join(ac.To, ", "), ac.State)
		}
		return []followup.Action{ac}, nil
	}
	iv, err := e.interview(ctx, req.InterviewID)
	if err != nil {
		return nil, err
	}
	acs, err := e.Store.Actions(ctx, iv.ID)
	if err != nil {
		return nil, err
	}
	if picked := pickDue(acs, e.Now()); len(picked) > 0 {
		return picked, nil
	}
	return nil, requestf("nothing planned for %s to send: see `followup plan %s`", iv.ID, iv.ID)
}

// pickDue is the open follow-ups due by now; when none is, the earliest
// open one with those of its kind due at the same time (the thank-you
// notes to each interviewer).
func pickDue(acs []followup.Action, now time.Time) []followup.Action {
	var due, open []followup.Action
	for _, ac := range acs {
		if !ac.State.Open() {
			continue
		}
		open = append(open, ac)
		if !ac.Due.After(now) {
			due = append(due, ac)
		}
	}
	if len(due) > 0 || len(open) == 0 {
		return due
	}
	var out []followup.Action
	for _, ac := range open {
		if ac.Kind == open[0].Kind && ac.Due.Equal(open[0].Due) {
			out = append(out, ac)
		}
	}
	return out
}

// approveAction adds ac's messages to ap: stored ones that wait, new ones
// for recipients without a row, and notes for the others.
func (e *Env) approveAction(ctx context.Context, ac followup.Action, ap *Approval) error {
	all, err := e.Store.ListOutbox(ctx)
	if err != nil {
		return err
	}
	var need []string
	for _, to := range ac.To {
		it, ok := rowFor(all, ac.ID, to)
		switch {
		case !ok:
			need = append(need, to)
		case it.State == store.OutboxQueued || it.State == store.OutboxDeferred || it.State == store.OutboxNeedsReview:
			ap.add(composedFromRow(ac, it), it.ID)
		case it.State == store.OutboxSent:
			ap.Notes = append(ap.Notes, fmt.Sprintf("%s to %s was sent already", ac.Kind, to))
		default:
			ap.Notes = append(ap.Notes, fmt.Sprintf("%s to %s is message %d, %s: decide with `followup outbox retry %d` or `followup outbox drop %d`",
				ac.Kind, to, it.ID, it.State, it.ID, it.ID))
		}
	}
	if len(need) == 0 {
		return nil
	}
	sub := ac
	sub.To = need
	cs, err := e.ComposeAction(ctx, sub)
	if err != nil {
		return err
	}
	for _, c := range cs {
		ap.add(c, 0)
	}
	return nil
}

// rowFor is action id's live follow-up row to addr.
func rowFor(rows []store.OutboxItem, id int64, addr string) (store.OutboxItem, bool) {
	for _, it := range followUps(rows) {
		if it.ActionID == id && it.State != store.OutboxDropped && strings.EqualFold(firstRecipient(it), addr) {
			return it, true
		}
	}
	return store.OutboxItem{}, false
}

// composedFromRow is a stored message as a Composed.
func composedFromRow(ac followup.Action, it store.OutboxItem) Composed {
	c := Composed{InterviewID: it.InterviewID, ActionID: it.ActionID, Kind: ac.Kind,
		To: followup.Person{Email: firstRecipient(it)}, MessageID: it.MessageID, Raw: it.Raw}
	if m, err := ReadMessage(it.Raw); err == nil {
		c.Subject = m.Subject
	}
	for _, r := range strings.Split(it.Recipient, ",") {
		c.Envelope = append(c.Envelope, strings.TrimSpace(r))
	}
	return c
}

// SendApproved sends the messages of ap now, whatever [policy] auto_send
// and the send window say (the user approved them), but never while
// paused, never past the daily cap, and not when an answer arrived since
// (checked in the inbox first): those are request errors, and messages
// whose follow-up was cancelled are left out with a note in ap.Notes. Each
// message is in the outbox before the network is used; a temporary failure
// leaves it deferred for the next pass. It holds the send lock (ErrBusy).
func (e *Env) SendApproved(ctx context.Context, ap *Approval) (Report, error) {
	unlock, err := e.lockSending()
	if err != nil {
		return Report{}, err
	}
	defer unlock()
	p, err := e.newPass(ctx)
	if err != nil {
		return Report{}, err
	}
	if p.paused {
		return p.rep, requestf("sending is paused: run `followup resume` first")
	}
	if e.NewSender == nil {
		return p.rep, ErrNoSMTP
	}
	if err := p.checkInbox(ctx); err != nil {
		return p.rep, err
	}
	keep, err := p.stillApproved(ctx, ap)
	if err != nil {
		return p.rep, err
	}
	ids, err := p.approvedRows(ctx, ap, keep)
	if err != nil {
		return p.rep, err
	}
	sender, err := e.NewSender(ctx)
	if err != nil {
		return p.rep, err
	}
	var claimed []store.OutboxItem
	for _, id := range ids {
		it, ok, err := e.Store.ClaimOutboxByID(ctx, id, p.now)
		if err != nil {
			return p.rep, err
		}
		if ok {
			claimed = append(claimed, it)
		}
	}
	step("claimed")
	err = p.deliver(ctx, sender, claimed)
	return p.rep, errors.Join(err, p.replanAll(ctx))
}

// stillApproved is the indexes of ap's messages whose follow-up may still
// be sent, within the daily cap.
func (p *pass) stillApproved(ctx context.Context, ap *Approval) ([]int, error) {
	var keep []int
	for i, c := range ap.Messages {
		if c.ActionID != 0 {
			ac, err := p.e.Store.Action(ctx, c.ActionID)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return nil, err
			}
			if err != nil || !sendable(ac.State) {
				ap.Notes = append(ap.Notes, fmt.Sprintf("%s to %s not sent: %s", c.Kind, c.To.Email, orText(ac.Reason, "no longer planned")))
				continue
			}
		}
		keep = append(keep, i)
	}
	if len(keep) == 0 {
		return nil, requestf("nothing sent: %s", strings.Join(ap.Notes, "; "))
	}
	left, err := p.capLeft(ctx)
	if err != nil {
		return nil, err
	}
	if len(keep) > left {
		return nil, requestf("the daily send cap ([policy] daily_send_cap = %d) leaves %d more today: nothing sent; try tomorrow or raise the cap",
			p.e.Config.Policy.DailySendCap, left)
	}
	return keep, nil
}

// approvedRows puts the kept messages in the outbox, due now, and returns
// their row ids.
func (p *pass) approvedRows(ctx context.Context, ap *Approval, keep []int) ([]int64, error) {
	var ids []int64
	for _, i := range keep {
		id := ap.rows[i]
		if id == 0 {
			var err error
			if id, err = p.queue(ctx, ap.Messages[i]); err != nil {
				return nil, err
			}
			ids = append(ids, id)
			continue
		}
		it, err := p.e.Store.OutboxByID(ctx, id)
		if err != nil {
			return nil, err
		}
		if it.State == store.OutboxDeferred || it.State == store.OutboxNeedsReview {
			err = p.e.Store.RetryOutbox(ctx, id, p.now)
		}
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func orText(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}
