package outbox

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/compose"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/outbox/review"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

// SendRequest names the follow-ups the user wants sent now.
type SendRequest struct {
	InterviewID string // its due follow-ups, or else its next planned ones
	ActionID    int64  // one planned follow-up; wins over InterviewID
}

// Approval is what `followup send` shows and, once the user confirms,
// sends: the messages, and notes on recipients left out.
type Approval struct {
	Messages []compose.Composed
	Notes    []string
	rows     []int64 // the outbox row of each message; 0 for a new one
}

func (ap *Approval) add(c compose.Composed, row int64) {
	ap.Messages = append(ap.Messages, c)
	ap.rows = append(ap.rows, row)
}

// Approve finds the follow-ups req names and their messages: a message
// already in the outbox (queued, deferred or needs-review) as stored, the
// others newly composed. It writes nothing and uses no network.
func (o *Outbox) Approve(ctx context.Context, req SendRequest) (*Approval, error) {
	acs, err := o.approvedActions(ctx, req)
	if err != nil {
		return nil, err
	}
	ap := &Approval{}
	for _, ac := range acs {
		if err := o.approveAction(ctx, ac, ap); err != nil {
			return nil, err
		}
	}
	if len(ap.Messages) == 0 {
		return nil, usage.Errorf("nothing to send: %s", strings.Join(ap.Notes, "; "))
	}
	return ap, nil
}

// sendable: what the user may send by hand (a drafted follow-up too, for
// those who would rather not open their mail client).
func sendable(s followup.ActionState) bool { return s.Open() || s == followup.StateDrafted }

func (o *Outbox) approvedActions(ctx context.Context, req SendRequest) ([]followup.Action, error) {
	if req.ActionID != 0 {
		ac, err := o.Store.Action(ctx, req.ActionID)
		if errors.Is(err, store.ErrNotFound) {
			return nil, usage.Errorf("no follow-up %d: see `followup show ID` for the ids", req.ActionID)
		}
		if err != nil {
			return nil, err
		}
		if !sendable(ac.State) {
			return nil, usage.Errorf("follow-up %d (%s to %s) is %s: nothing to send", ac.ID, ac.Kind, strings.Join(ac.To, ", "), ac.State)
		}
		return []followup.Action{ac}, nil
	}
	iv, err := compose.Interview(ctx, o.Store, req.InterviewID)
	if err != nil {
		return nil, err
	}
	acs, err := o.Store.Actions(ctx, iv.ID)
	if err != nil {
		return nil, err
	}
	if picked := pickDue(acs, o.Clock.Now()); len(picked) > 0 {
		return picked, nil
	}
	return nil, usage.Errorf("nothing planned for %s to send: see `followup plan %s`", iv.ID, iv.ID)
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
func (o *Outbox) approveAction(ctx context.Context, ac followup.Action, ap *Approval) error {
	all, err := o.Store.ListOutbox(ctx)
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
	cs, err := o.Composer.ComposeAction(ctx, sub)
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
		if it.ActionID == id && it.State != store.OutboxDropped && strings.EqualFold(it.FirstRecipient(), addr) {
			return it, true
		}
	}
	return store.OutboxItem{}, false
}

// composedFromRow is a stored message as a compose.Composed.
func composedFromRow(ac followup.Action, it store.OutboxItem) compose.Composed {
	c := compose.Composed{InterviewID: it.InterviewID, ActionID: it.ActionID, Kind: ac.Kind,
		To: followup.Person{Email: it.FirstRecipient()}, MessageID: it.MessageID, Raw: it.Raw}
	if m, err := mailer.ReadMessage(it.Raw); err == nil {
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
func (o *Outbox) SendApproved(ctx context.Context, ap *Approval) (Report, error) {
	p, unlock, err := o.lockedPass(ctx)
	if err != nil {
		return Report{}, err
	}
	defer unlock()
	if p.paused {
		return p.rep, usage.Errorf("sending is paused: run `followup resume` first")
	}
	if o.NewSender == nil {
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
	sender, err := o.NewSender(ctx)
	if err != nil {
		return p.rep, err
	}
	rows := make([]store.OutboxItem, 0, len(ids))
	for _, id := range ids {
		it, err := review.Row(ctx, o.Store, id)
		if err != nil {
			return p.rep, err
		}
		rows = append(rows, it)
	}
	err = p.deliver(ctx, sender, rows)
	return p.rep, errors.Join(err, p.fileSentCopies(ctx), p.replanAll(ctx))
}

// stillApproved is the indexes of ap's messages whose follow-up may still
// be sent, within the daily cap.
func (p *pass) stillApproved(ctx context.Context, ap *Approval) ([]int, error) {
	var keep []int
	for i, c := range ap.Messages {
		if c.ActionID != 0 {
			ac, err := p.o.Store.Action(ctx, c.ActionID)
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
		return nil, usage.Errorf("nothing sent: %s", strings.Join(ap.Notes, "; "))
	}
	left, err := p.capLeft(ctx)
	if err != nil {
		return nil, err
	}
	if len(keep) > left {
		return nil, usage.Errorf("the daily send cap ([policy] daily_send_cap = %d) leaves %d more today: nothing sent; try tomorrow or raise the cap",
			p.o.Config.Policy.DailySendCap, left)
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
		it, err := p.o.Store.OutboxByID(ctx, id)
		if err != nil {
			return nil, err
		}
		if it.State == store.OutboxDeferred || it.State == store.OutboxNeedsReview {
			err = p.o.Store.RetryOutbox(ctx, id, p.now)
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
