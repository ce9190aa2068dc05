package demo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/daemon"
	"github.com/followup-dev/followup/internal/demo/mailserver"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/followup/reply"
	"github.com/followup-dev/followup/internal/store"
)

// run is one playing of the story: the fast clock, the post office, the
// use cases and the narrator.
type run struct {
	clock *clock.Fake
	start time.Time // Monday 08:00 of the first week, in the demo zone
	po    *mailserver.PostOffice
	svc   *daemon.Services
	n     *narrator
	ids   map[string]string // "acme", "globex" → interview id

	lastEvent  int64
	lastMail   int64
	explained  map[string]bool
	settleWait time.Duration
}

// at is the time on day d (0 = the first Monday) at hh:mm in the demo zone.
func (r *run) at(d, hh, mm int) time.Time {
	s := r.start
	return time.Date(s.Year(), s.Month(), s.Day()+d, hh, mm, 0, 0, s.Location())
}

// when formats a time as the narration does.
func (r *run) when(t time.Time) string { return t.In(r.n.loc).Format("Mon 2 Jan 15:04") }

// play runs every beat in order, with followup's passes between them.
func (r *run) play(ctx context.Context) error {
	for _, b := range story() {
		if err := r.advanceTo(ctx, r.at(b.day, b.hour, b.min)); err != nil {
			return err
		}
		r.n.heading(r.clock.Now(), b.title)
		if err := b.do(ctx, r); err != nil {
			return fmt.Errorf("%s: %w", b.title, err)
		}
		if err := r.settle(ctx); err != nil {
			return err
		}
		if err := r.narrateNew(ctx); err != nil {
			return err
		}
		if err := r.n.wait(ctx, 1); err != nil {
			return err
		}
	}
	return nil
}

// add stores an interview with its plan, as `followup add` does, and
// shows the plan.
func (r *run) add(ctx context.Context, key string, iv *followup.Interview) error {
	id, err := r.svc.Planner.Add(ctx, iv)
	if err != nil {
		return fmt.Errorf("add %s: %w", iv.Company, err)
	}
	r.ids[key] = id
	acs, err := r.svc.Store.Actions(ctx, id)
	if err != nil {
		return err
	}
	r.n.did("%s, plan:", id)
	for _, ac := range acs {
		r.n.say(fmt.Sprintf("     %-12s to %-26s %s  (%s)", ac.Kind, strings.Join(ac.To, ", "), r.when(ac.Due), ac.Reason))
	}
	r.n.see("plan " + id)
	return nil
}

// action is the action with key of interview key.
func (r *run) action(ctx context.Context, key, actionKey string) (followup.Action, bool, error) {
	acs, err := r.svc.Store.Actions(ctx, r.ids[key])
	if err != nil {
		return followup.Action{}, false, err
	}
	for _, ac := range acs {
		if ac.Key == actionKey {
			return ac, true, nil
		}
	}
	return followup.Action{}, false, nil
}

// answer delivers a reply from p to the user's INBOX, threaded on the last
// message p received, as the company's mail server would.
func (r *run) answer(ctx context.Context, key string, p followup.Person, body string) error {
	var last mailserver.Message
	for _, m := range r.po.Mail() {
		if m.Owner == p.Email && m.Mailbox == "INBOX" {
			last = m
		}
	}
	subject := "Re: " + strings.TrimPrefix(last.Header("Subject"), "Re: ")
	raw := mailserver.Compose(fmt.Sprintf("%s <%s>", p.Name, p.Email), fmt.Sprintf("%s <%s>", userName, userEmail),
		subject, last.Header("Message-ID"), r.clock.Now(), body)
	r.n.mail("from %s: %q", p.Email, subject)
	if err := r.po.Store(userEmail, "INBOX", raw, nil); err != nil {
		return err
	}
	if err := r.settle(ctx); err != nil {
		return err
	}
	return r.pass(ctx)
}

// advanceTo moves the clock to t, stopping at each moment something falls
// due on the way (a follow-up, an outbox retry, the digest), and runs a
// pass there, as the daemon's loop does.
func (r *run) advanceTo(ctx context.Context, t time.Time) error {
	for {
		next, ok, err := r.nextDue(ctx, t)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		r.clock.Set(next)
		if err := r.pass(ctx); err != nil {
			return err
		}
		if err := r.narratePass(ctx); err != nil {
			return err
		}
	}
	r.clock.Set(t)
	return r.pass(ctx)
}

// nextDue is the earliest moment after now and not after limit when work
// is due: a pending follow-up or outbox row (a second after it, as due
// times compare strictly), or a digest slot.
func (r *run) nextDue(ctx context.Context, limit time.Time) (time.Time, bool, error) {
	now := r.clock.Now()
	var best time.Time
	found := false
	consider := func(at time.Time) {
		if at.After(now) && !at.After(limit) && (!found || at.Before(best)) {
			best, found = at, true
		}
	}
	for _, f := range []func(context.Context) (time.Time, bool, error){r.svc.Store.NextPendingDue, r.svc.Store.NextOutboxDue} {
		at, ok, err := f(ctx)
		if err != nil {
			return time.Time{}, false, err
		}
		if ok {
			consider(at.Add(time.Second))
		}
	}
	if slot, ok, err := r.nextDigest(now, limit); err != nil {
		return time.Time{}, false, err
	} else if ok {
		consider(slot)
	}
	return best, found, nil
}

// nextDigest is the first [schedule] digest slot after now, up to limit.
func (r *run) nextDigest(now, limit time.Time) (time.Time, bool, error) {
	for h := now.Truncate(time.Hour).Add(time.Hour); !h.After(limit); h = h.Add(time.Hour) {
		slot, ok, err := r.svc.Digest.DigestSlot(h)
		if err != nil {
			return time.Time{}, false, err
		}
		if ok && slot.After(now) {
			return slot, true, nil
		}
	}
	return time.Time{}, false, nil
}

// pass is what the daemon does when woken: everything due (drafts or
// sends, retries), notices, the user's own mail due again, the digest
// when its slot came, interviews gone quiet; received mail is handled by
// the watcher meanwhile, and the pass waits until it has caught up.
func (r *run) pass(ctx context.Context) error {
	if _, err := r.svc.Outbox.ProcessOnce(ctx); err != nil {
		return fmt.Errorf("pass at %s: %w", r.when(r.clock.Now()), err)
	}
	if err := r.settle(ctx); err != nil {
		return err
	}
	if _, err := r.svc.Digest.SendNotices(ctx); err != nil {
		return fmt.Errorf("notices: %w", err)
	}
	if slot, due, err := r.svc.Digest.DigestDue(ctx); err != nil {
		return fmt.Errorf("digest: %w", err)
	} else if due {
		if _, err := r.svc.Digest.SendDigest(ctx, slot); err != nil {
			return fmt.Errorf("digest: %w", err)
		}
	}
	if _, err := r.svc.Digest.ApplyQuiet(ctx); err != nil {
		return fmt.Errorf("quiet check: %w", err)
	}
	return r.settle(ctx)
}

// errUnsettled: the watcher did not catch up with the mailboxes in time.
var errUnsettled = errors.New("the inbox watcher did not catch up with new mail")

// settle delivers the mail the last step caused (bounces,
// out-of-offices), then waits until the IMAP watcher has handled every message in the
// watched mailboxes (the store's last UID has reached the server's), so
// that each step sees the effect of the mail it caused. It waits on the
// real clock, polling, for at most settleWait.
func (r *run) settle(ctx context.Context) error {
	if err := r.po.Flush(); err != nil {
		return err
	}
	deadline := time.Now().Add(r.settleWait)
	for {
		done, err := r.caughtUp(ctx)
		if err != nil || done {
			return err
		}
		if time.Now().After(deadline) {
			return errUnsettled
		}
		t := time.NewTimer(2 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

func (r *run) caughtUp(ctx context.Context) (bool, error) {
	for _, mailbox := range []string{"INBOX", "Sent"} {
		last, err := r.po.LastUID(userEmail, mailbox)
		if err != nil {
			return false, err
		}
		_, handled, _, err := r.svc.Store.IMAPState(ctx, mailbox)
		if err != nil {
			return false, err
		}
		if handled < last {
			return false, nil
		}
	}
	return true, nil
}

// narratePass tells what a pass between beats did, if anything.
func (r *run) narratePass(ctx context.Context) error {
	evs, mail, err := r.news(ctx)
	if err != nil || len(evs)+len(mail) == 0 {
		return err
	}
	if onlyQuietDigests(evs, mail) {
		r.tell(evs, mail)
		return r.n.wait(ctx, 0.15)
	}
	r.n.heading(r.clock.Now(), "followup at work")
	r.tell(evs, mail)
	return r.n.wait(ctx, 0.6)
}

// narrateNew tells what a beat caused.
func (r *run) narrateNew(ctx context.Context) error {
	evs, mail, err := r.news(ctx)
	if err == nil {
		r.tell(evs, mail)
	}
	return err
}

// news are the events and the user's own mail (digests, notices) that
// are new since the last look.
func (r *run) news(ctx context.Context) ([]store.Event, []store.OutboxItem, error) {
	all, err := r.svc.Store.EventsSince(ctx, r.start.Add(-24*time.Hour))
	if err != nil {
		return nil, nil, err
	}
	var evs []store.Event
	for _, ev := range all {
		if ev.ID > r.lastEvent {
			evs = append(evs, ev)
			r.lastEvent = ev.ID
		}
	}
	rows, err := r.svc.Store.ListOutbox(ctx)
	if err != nil {
		return nil, nil, err
	}
	var mail []store.OutboxItem
	for _, it := range rows {
		if it.ID > r.lastMail && (it.Purpose == store.PurposeDigest || it.Purpose == store.PurposeNotice) {
			mail = append(mail, it)
		}
		r.lastMail = max(r.lastMail, it.ID)
	}
	return evs, mail, nil
}

// onlyQuietDigests: a pass whose only news is a digest saying nothing new
// is told in one line, without a heading or a pause.
func onlyQuietDigests(evs []store.Event, mail []store.OutboxItem) bool {
	if len(evs) > 0 {
		return false
	}
	for _, it := range mail {
		if it.Purpose != store.PurposeDigest {
			return false
		}
	}
	return true
}

// tell prints events and the user's own mail, explaining each kind the
// first time it appears and naming the command that shows it.
func (r *run) tell(evs []store.Event, mail []store.OutboxItem) {
	// What followup sent first, then what came back.
	slices.SortStableFunc(evs, func(a, b store.Event) int { return cmp.Compare(rank(a.Kind), rank(b.Kind)) })
	for _, ev := range evs {
		r.n.did("%s: %s", ev.Kind, ev.Detail)
		r.explain(ev.Kind, ev.InterviewID)
	}
	for _, it := range mail {
		subject := mailserver.ReadHeader(it.Raw).Get("Subject")
		if it.Purpose == store.PurposeDigest {
			r.n.mail("%s  in your inbox: %q", r.when(r.clock.Now()), subject)
		} else {
			r.n.mail("in your inbox: %q", subject)
		}
		r.explain(it.Purpose, "")
	}
}

func rank(kind string) int {
	if kind == "sent" {
		return 0
	}
	return 1
}

// explanations say, once per kind, why followup did what it did, and the
// command that shows it (ID stands for the interview).
var explanations = map[string]struct{ why, see string }{
	"sent": {"auto_send is on: a due note goes out over SMTP inside the send window (09:00-17:00 on\n" +
		"business days); it is written to the outbox before a byte is sent, and filed in Sent.", "outbox --all"},
	reply.EffectAutoReply: {"An out-of-office is not an answer: check-ins to that person wait until the day\n" +
		"they are back.", "plan ID"},
	reply.EffectBounce: {"A bounce is not an answer either: the address is marked undeliverable and the\n" +
		"notes only it would get are cancelled.", "show ID"},
	reply.EffectReply:   {"A reply from a person stops every pending follow-up of the interview.", "list"},
	store.PurposeNotice: {"A short notice to yourself for each answer, bounce or failed send.", "outbox --all"},
	store.PurposeDigest: {"Your digest, mailed to yourself every weekday at 08:00 ([schedule] digest):\n" +
		"what is due, what went out, answers and bounces.", "digest"},
	"drafted": {"A draft is recorded with its Message-ID, so an answer to it is recognised.", "show ID"},
}

func (r *run) explain(kind, interviewID string) {
	e, ok := explanations[kind]
	if !ok || r.explained[kind] {
		return
	}
	r.explained[kind] = true
	r.n.say(e.why)
	if interviewID == "" {
		interviewID = r.ids["acme"]
	}
	r.n.see(strings.ReplaceAll(e.see, "ID", interviewID))
}
