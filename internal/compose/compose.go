// Package compose turns a planned follow-up or a request into complete
// messages, one per recipient (templates → MIME), and saves drafts where the
// user finds them: the IMAP Drafts mailbox or .eml files.
package compose

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/plan"
	"github.com/followup-dev/followup/internal/render"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

// Composer composes and drafts follow-ups. Its fields are set once; it is
// then safe for concurrent use.
type Composer struct {
	Config    *config.Config
	Store     *store.Store
	Templates *render.Set
	Clock     clock.Clock
	// Log receives business events; nil discards them.
	Log *slog.Logger
	// DataDir is followup's data folder; drafts go to DataDir/drafts when
	// DialIMAP is nil.
	DataDir string
	// DialIMAP opens a logged-in IMAP connection for saving drafts; nil
	// when [imap] is not configured.
	DialIMAP func(ctx context.Context) (Drafts, error)
}

// Drafts is the part of an IMAP connection that saving drafts uses;
// *imapwatch.Client is one.
type Drafts interface {
	AppendDraft(ctx context.Context, raw []byte) error
	DraftsMailbox() string
	Close() error
}

// Request asks for the notes of one interview.
type Request struct {
	InterviewID string
	// Kind is the kind of note; "" means the thank-you notes not yet
	// written (even late ones), else the kind of the next pending action.
	Kind followup.ActionKind
	// To limits the notes to one recipient; "" means every recipient of
	// that kind.
	To string
	// Article, About and Note fill the template fields of the same names.
	Article, About, Note string
}

// Composed is one complete message to one person.
type Composed struct {
	InterviewID string
	// ActionID is the planned action the message carries out; 0 when no
	// planned action matched.
	ActionID  int64
	Kind      followup.ActionKind
	To        followup.Person
	Subject   string
	MessageID string   // without angle brackets
	Raw       []byte   // the RFC 5322 message, CRLF line endings
	Envelope  []string // envelope recipients (To and Cc addresses)
}

func (cm *Composer) log() *slog.Logger {
	if cm.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return cm.Log
}

// Compose renders the notes req asks for, one message per recipient. It
// writes nothing. Unknown interviews, kinds and recipients, and an
// interview with nothing planned when req.Kind is empty, give errors
// that are usage errors (or store.ErrNotFound).
func (cm *Composer) Compose(ctx context.Context, req Request) ([]Composed, error) {
	iv, err := Interview(ctx, cm.Store, req.InterviewID)
	if err != nil {
		return nil, err
	}
	acs, err := cm.Store.Actions(ctx, iv.ID)
	if err != nil {
		return nil, err
	}
	if req.Kind == "" && req.To == "" {
		if late := openThankYous(iv, acs); len(late) > 0 {
			return cm.composeAll(ctx, iv, followup.KindThankYou, late, req)
		}
	}
	kind := req.Kind
	if kind == "" {
		next, ok := nextPending(acs)
		if !ok {
			return nil, usage.Errorf("nothing planned for %s; pass --kind", iv.ID)
		}
		kind = next.Kind
	}
	if _, err := followup.ParseActionKind(string(kind)); err != nil {
		return nil, usage.Errorf("unknown kind %q: use thank-you, check-in or networking", kind)
	}
	targets, err := targetsFor(iv, acs, kind, req.To)
	if err != nil {
		return nil, err
	}
	return cm.composeAll(ctx, iv, kind, targets, req)
}

// openThankYous are the thank-you notes not yet written — planned, or held
// for review because they are late — one target each: a late thank-you
// still matters more than the next check-in.
func openThankYous(iv *followup.Interview, acs []followup.Action) []target {
	var out []target
	for _, ac := range acs {
		if ac.Kind != followup.KindThankYou || !ac.State.Open() {
			continue
		}
		for _, addr := range ac.To {
			out = append(out, target{person: personFor(iv, addr), actionID: ac.ID})
		}
	}
	return out
}

// ComposeAction renders the messages of a planned action, one per
// recipient. It writes nothing.
func (cm *Composer) ComposeAction(ctx context.Context, ac followup.Action) ([]Composed, error) {
	iv, err := Interview(ctx, cm.Store, ac.InterviewID)
	if err != nil {
		return nil, err
	}
	var targets []target
	for _, addr := range ac.To {
		targets = append(targets, target{person: personFor(iv, addr), actionID: ac.ID})
	}
	if len(targets) == 0 {
		return nil, fmt.Errorf("action %d of %s has no recipients", ac.ID, ac.InterviewID)
	}
	return cm.composeAll(ctx, iv, ac.Kind, targets, Request{InterviewID: iv.ID})
}

// Interview loads interview id; an unknown id is store.ErrNotFound with a
// line that says where the ids are.
func Interview(ctx context.Context, st *store.Store, id string) (*followup.Interview, error) {
	iv, err := st.GetInterview(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("unknown interview id %q: see `followup list`: %w", id, store.ErrNotFound)
	}
	return iv, err
}

// target is one recipient and the action their message carries out.
type target struct {
	person   followup.Person
	actionID int64
}

// nextPending is the interview's earliest open action (acs are by due time).
func nextPending(acs []followup.Action) (followup.Action, bool) {
	for _, ac := range acs {
		if ac.State == followup.StatePending {
			return ac, true
		}
	}
	return followup.Action{}, false
}

// targetsFor picks the recipients of kind: for thank-you notes every
// deliverable interviewer, else the recipients of the next open action of
// that kind (or the interviewers when none is planned); only `to` when set.
func targetsFor(iv *followup.Interview, acs []followup.Action, kind followup.ActionKind, to string) ([]target, error) {
	var out []target
	if to != "" {
		p, ok := iv.Person(to)
		if !ok {
			return nil, usage.Errorf("%s is not on interview %s: see `followup show %s`", to, iv.ID, iv.ID)
		}
		return []target{{person: p, actionID: matchAction(acs, kind, p.Email)}}, nil
	}
	if kind != followup.KindThankYou {
		if ac, ok := nextOpenOfKind(acs, kind); ok {
			for _, addr := range ac.To {
				out = append(out, target{person: personFor(iv, addr), actionID: ac.ID})
			}
			return out, nil
		}
	}
	for _, p := range iv.Interviewers {
		if !p.Undeliverable {
			out = append(out, target{person: p, actionID: matchAction(acs, kind, p.Email)})
		}
	}
	if len(out) == 0 {
		return nil, usage.Errorf("interview %s has no deliverable interviewer to write to; pass --to", iv.ID)
	}
	return out, nil
}

func nextOpenOfKind(acs []followup.Action, kind followup.ActionKind) (followup.Action, bool) {
	for _, ac := range acs {
		if ac.Kind == kind && ac.State.Open() {
			return ac, true
		}
	}
	return followup.Action{}, false
}

// matchAction is the id of the earliest open action of kind addressed to
// addr, or 0.
func matchAction(acs []followup.Action, kind followup.ActionKind, addr string) int64 {
	for _, ac := range acs {
		if ac.Kind == kind && ac.State.Open() && slices.ContainsFunc(ac.To, func(a string) bool { return strings.EqualFold(a, addr) }) {
			return ac.ID
		}
	}
	return 0
}

// personFor is the person on iv with address addr, or one with only the
// address.
func personFor(iv *followup.Interview, addr string) followup.Person {
	if p, ok := iv.Person(addr); ok {
		return p
	}
	return followup.Person{Email: addr}
}

// composeAll renders and composes one message per target; it fails as a
// whole when any message cannot be made.
func (cm *Composer) composeAll(ctx context.Context, iv *followup.Interview, kind followup.ActionKind, targets []target, req Request) ([]Composed, error) {
	from, err := From(cm.Config.Me)
	if err != nil {
		return nil, err
	}
	msgs, err := cm.Store.Messages(ctx, iv.ID)
	if err != nil {
		return nil, err
	}
	base := cm.baseData(iv, req)
	out := make([]Composed, 0, len(targets))
	for _, t := range targets {
		c, err := cm.composeOne(iv, kind, t, base, history(msgs, t.person.Email, t.actionID), from)
		if err != nil {
			return nil, fmt.Errorf("%s to %s: %w", kind, t.person.Email, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// From is the user's address, [me] name and email, from which every
// message is sent; a usage error when [me] email is not set.
func From(me config.Me) (mailer.Address, error) {
	if strings.TrimSpace(me.Email) == "" {
		return mailer.Address{}, usage.Errorf("set [me] email in the config (followup init)")
	}
	return mailer.Address{Name: me.Name, Address: me.Email}, nil
}

func (cm *Composer) composeOne(iv *followup.Interview, kind followup.ActionKind, t target, base render.Data, h thread, from mailer.Address) (Composed, error) {
	data := base
	data.Recipient = render.Person{Name: t.person.Name, Email: t.person.Email, Title: t.person.Title}
	data.Topics = t.person.Topics
	if strings.TrimSpace(data.Topics) == "" {
		data.Topics = strings.TrimSpace(iv.Notes)
	}
	data.CheckInsBefore = h.checkIns
	msg, err := cm.Templates.Render(string(kind), data)
	if err != nil {
		return Composed{}, err
	}
	d := mailer.Draft{From: from, To: mailer.Address{Name: t.person.Name, Address: t.person.Email},
		Message: msg, Date: cm.Clock.Now()}
	if kind != followup.KindThankYou && len(h.ids) > 0 {
		d.InReplyTo, d.References = h.ids[len(h.ids)-1], h.ids
	}
	m, err := mailer.Compose(d)
	if err != nil {
		return Composed{}, err
	}
	return Composed{InterviewID: iv.ID, ActionID: t.actionID, Kind: kind, To: t.person, Subject: msg.Subject,
		MessageID: m.MessageID, Raw: m.Raw, Envelope: m.Recipients}, nil
}

// baseData is the template data shared by every note of one request.
func (cm *Composer) baseData(iv *followup.Interview, req Request) render.Data {
	me := cm.Config.Me
	return render.Data{
		Me: render.Me{Name: me.Name, Email: me.Email, Signature: me.Signature},
		Interview: render.Interview{
			ID: iv.ID, Company: iv.Company, Role: iv.Role, Start: iv.Start,
			Date:         iv.Start.Format(dateLayout),
			PromisedDate: cm.promisedDate(iv),
			PromisedWhen: cm.promisedWhen(iv),
			HasNextSteps: strings.TrimSpace(iv.NextSteps) != "",
			NextSteps:    iv.NextSteps,
		},
		Article: render.Article{URL: req.Article, About: Sentence(req.About)},
		Note:    Sentence(req.Note),
	}
}

// dateLayout is the recipient-friendly date, "Friday, November 20".
const dateLayout = "Monday, January 2"

// promisedDate is the latest date the next steps promised, "" when none.
// An unusable [calendar] section gives "" too: `followup config check`
// reports it.
func (cm *Composer) promisedDate(iv *followup.Interview) string {
	r, err := plan.PromiseOf(cm.Config, iv)
	if err != nil || !r.Found {
		return ""
	}
	return r.Latest.At(12, 0, time.UTC).Format(dateLayout)
}

// maxReferences bounds the References header: the most recent ids are kept.
const maxReferences = 10

// thread is what earlier mail to one person in an interview says about the
// next note to them.
type thread struct {
	ids      []string // Message-IDs of earlier messages to them, oldest first
	checkIns int      // earlier check-in or networking notes they received
}

// history reads the thread to addr from the interview's messages (oldest
// first). Several drafts of one action count as one note; the current
// action's own earlier drafts are not "before" it.
func history(msgs []store.Message, addr string, actionID int64) thread {
	var t thread
	notes := map[int64]bool{}
	for _, m := range msgs {
		if !strings.EqualFold(m.Recipient, addr) || actionID != 0 && m.ActionID == actionID {
			continue
		}
		if mailer.ValidMessageID(m.MessageID) == nil {
			t.ids = append(t.ids, m.MessageID)
		}
		if m.Kind != string(followup.KindCheckIn) && m.Kind != string(followup.KindNetworking) {
			continue
		}
		switch {
		case m.ActionID == 0:
			t.checkIns++
		case !notes[m.ActionID]:
			notes[m.ActionID] = true
			t.checkIns++
		}
	}
	if len(t.ids) > maxReferences {
		t.ids = t.ids[len(t.ids)-maxReferences:]
	}
	return t
}
