// Package daemon wires followup's parts into the work that runs when
// follow-ups are due: composing, drafting, sending, watching.
package daemon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/imapwatch"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/render"
	"github.com/followup-dev/followup/internal/store"
)

// ErrRequest is wrapped by errors the user must fix in what they asked for
// or in the configuration: an unknown kind or recipient, nothing planned,
// no [me] email, no [imap] section. The CLI maps it to exit code 2.
var ErrRequest = errors.New("bad request")

// requestf returns an error wrapping ErrRequest whose message is only the
// formatted text.
func requestf(format string, args ...any) error {
	return &requestError{msg: fmt.Sprintf(format, args...)}
}

type requestError struct{ msg string }

func (e *requestError) Error() string { return e.msg }
func (e *requestError) Unwrap() error { return ErrRequest }

// Env is what the daemon's work needs from the outside. Its fields are set
// once and not changed afterwards; an Env is then safe for concurrent use.
type Env struct {
	Config    *config.Config
	Store     *store.Store
	Templates *render.Set
	// Now is the clock.
	Now func() time.Time
	// Log receives business events; nil discards them.
	Log *slog.Logger
	// DataDir is followup's data folder; drafts go to DataDir/drafts when
	// IMAP is not configured.
	DataDir string
	// DialIMAP opens a logged-in IMAP connection; nil when [imap] is not
	// configured.
	DialIMAP func(ctx context.Context) (Mailbox, error)
	// DialWatch opens an IMAP connection for the watcher; nil when [imap]
	// is not configured.
	DialWatch imapwatch.DialFunc
	// NewSender opens the [smtp] account for sending; nil when [smtp] is
	// not configured.
	NewSender func(ctx context.Context) (Sender, error)
	// SignInNeeded lists the OAuth2 accounts that need `followup login`,
	// for the digest; nil: none can.
	SignInNeeded func() []string
}

// Sender sends stored messages; *mailer.Sender is one.
type Sender interface {
	Send(ctx context.Context, msgs []mailer.Outgoing) []mailer.Result
}

// Mailbox is the part of an IMAP connection the daemon uses.
// *imapwatch.Client satisfies it.
type Mailbox interface {
	AppendDraft(ctx context.Context, raw []byte) error
	AppendSent(ctx context.Context, raw []byte) error
	HasMessageID(ctx context.Context, mailbox, messageID string) (bool, error)
	SentMailbox() string
	DraftsMailbox() string
	Close() error
}

// Request asks for the notes of one interview.
type Request struct {
	InterviewID string
	// Kind is the kind of note; "" means the kind of the interview's next
	// pending action.
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

func (e *Env) log() *slog.Logger {
	if e.Log == nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return e.Log
}

// Compose renders the notes req asks for, one message per recipient. It
// writes nothing. Unknown interviews, kinds and recipients, and an
// interview with nothing planned when req.Kind is empty, give errors
// wrapping ErrRequest (or store.ErrNotFound).
func (e *Env) Compose(ctx context.Context, req Request) ([]Composed, error) {
	iv, err := e.interview(ctx, req.InterviewID)
	if err != nil {
		return nil, err
	}
	acs, err := e.Store.Actions(ctx, iv.ID)
	if err != nil {
		return nil, err
	}
	kind := req.Kind
	if kind == "" {
		next, ok := nextPending(acs)
		if !ok {
			return nil, requestf("nothing planned for %s; pass --kind", iv.ID)
		}
		kind = next.Kind
	}
	if _, err := followup.ParseActionKind(string(kind)); err != nil {
		return nil, requestf("unknown kind %q: use thank-you, check-in or networking", kind)
	}
	targets, err := targetsFor(iv, acs, kind, req.To)
	if err != nil {
		return nil, err
	}
	return e.composeAll(ctx, iv, kind, targets, req)
}

// ComposeAction renders the messages of a planned action, one per
// recipient. It writes nothing.
func (e *Env) ComposeAction(ctx context.Context, ac followup.Action) ([]Composed, error) {
	iv, err := e.interview(ctx, ac.InterviewID)
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
	return e.composeAll(ctx, iv, ac.Kind, targets, Request{InterviewID: iv.ID})
}

func (e *Env) interview(ctx context.Context, id string) (*followup.Interview, error) {
	iv, err := e.Store.GetInterview(ctx, id)
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
		p, ok := findPerson(iv, to)
		if !ok {
			return nil, requestf("%s is not on interview %s: see `followup show %s`", to, iv.ID, iv.ID)
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
		return nil, requestf("interview %s has no deliverable interviewer to write to; pass --to", iv.ID)
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

func findPerson(iv *followup.Interview, addr string) (followup.Person, bool) {
	for _, p := range iv.People() {
		if strings.EqualFold(p.Email, strings.TrimSpace(addr)) {
			return p, true
		}
	}
	return followup.Person{}, false
}

// personFor is the person on iv with address addr, or one with only the
// address.
func personFor(iv *followup.Interview, addr string) followup.Person {
	if p, ok := findPerson(iv, addr); ok {
		return p
	}
	return followup.Person{Email: addr}
}

// composeAll renders and composes one message per target; it fails as a
// whole when any message cannot be made.
func (e *Env) composeAll(ctx context.Context, iv *followup.Interview, kind followup.ActionKind, targets []target, req Request) ([]Composed, error) {
	from, err := e.sender()
	if err != nil {
		return nil, err
	}
	msgs, err := e.Store.Messages(ctx, iv.ID)
	if err != nil {
		return nil, err
	}
	base := e.baseData(iv, req)
	out := make([]Composed, 0, len(targets))
	for _, t := range targets {
		c, err := e.composeOne(iv, kind, t, base, history(msgs, t.person.Email, t.actionID), from)
		if err != nil {
			return nil, fmt.Errorf("%s to %s: %w", kind, t.person.Email, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// sender is the From address: [me] name and email.
func (e *Env) sender() (mailer.Address, error) {
	me := e.Config.Me
	if strings.TrimSpace(me.Email) == "" {
		return mailer.Address{}, requestf("set [me] email in the config (followup init)")
	}
	return mailer.Address{Name: me.Name, Address: me.Email}, nil
}

func (e *Env) composeOne(iv *followup.Interview, kind followup.ActionKind, t target, base render.Data, h thread, from mailer.Address) (Composed, error) {
	data := base
	data.Recipient = render.Person{Name: t.person.Name, Email: t.person.Email, Title: t.person.Title}
	data.Topics = t.person.Topics
	if strings.TrimSpace(data.Topics) == "" {
		data.Topics = strings.TrimSpace(iv.Notes)
	}
	data.CheckInsBefore = h.checkIns
	msg, err := e.Templates.Render(string(kind), data)
	if err != nil {
		return Composed{}, err
	}
	d := mailer.Draft{From: from, To: mailer.Address{Name: t.person.Name, Address: t.person.Email},
		Message: msg, Date: e.Now()}
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
func (e *Env) baseData(iv *followup.Interview, req Request) render.Data {
	me := e.Config.Me
	return render.Data{
		Me: render.Me{Name: me.Name, Email: me.Email, Signature: me.Signature},
		Interview: render.Interview{
			ID: iv.ID, Company: iv.Company, Role: iv.Role, Start: iv.Start,
			Date:         iv.Start.Format(dateLayout),
			PromisedDate: e.promisedDate(iv),
			HasNextSteps: strings.TrimSpace(iv.NextSteps) != "",
			NextSteps:    iv.NextSteps,
		},
		Article: render.Article{URL: req.Article, About: req.About},
		Note:    req.Note,
	}
}

// dateLayout is the recipient-friendly date, "Friday, November 20".
const dateLayout = "Monday, January 2"

// promisedDate is the latest date the next steps promised, "" when none.
// An unusable [calendar] section gives "" too: `followup config check`
// reports it.
func (e *Env) promisedDate(iv *followup.Interview) string {
	r, err := PromiseOf(e.Config, iv)
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
