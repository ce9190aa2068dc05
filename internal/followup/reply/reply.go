// Package reply is what a received message means for an interview: the keys
// it is matched to an interview by (thread, people, company domains, never a
// free-mail domain), and its Effect: a reply cancels the pending follow-ups
// and marks the interview replied, an out-of-office holds the check-ins
// addressed to the absent person until their return, a bounce marks the
// address undeliverable; with the notices the user gets about each. It
// builds on the domain core (package followup), does no I/O and never reads
// the clock; callers pass the time in.
package reply

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/followup-dev/followup/internal/calendar"
	"github.com/followup-dev/followup/internal/classify"
	"github.com/followup-dev/followup/internal/followup"
)

// MaxAwayDays is how far ahead an auto-reply's return date may be for
// followup to hold check-ins until then; a longer absence changes nothing.
const MaxAwayDays = 30

// The kinds of Effect, which are also the kinds of the events recorded.
const (
	EffectReply     = "reply"
	EffectAutoReply = "auto-reply"
	EffectBounce    = "bounce"
	EffectBulk      = "bulk"
	EffectTouch     = "touch" // the user wrote to the company themselves
)

// MatchKeys are what a received message is matched to an interview by,
// most trusted first.
type MatchKeys struct {
	// MessageIDs are the msg-ids the message answers: a bounce's returned
	// message first, then In-Reply-To, then References newest first.
	MessageIDs []string
	// People are addresses matched against interviewers and contacts.
	People []string
	// Domains are sender domains matched against company domains; never a
	// free-mail domain, and empty when the domain rule does not apply.
	Domains []string
}

// KeysOf returns the keys a classified message is matched by. The user's
// own mail (fromUser) is matched by the thread and by its recipients; a
// bounce by the thread and the failed recipient; anything else by the
// thread, its senders (From, Reply-To, Sender) and their domains.
func KeysOf(r classify.Result, fromUser bool) MatchKeys {
	m := r.Message
	var ids []string
	if r.Class == classify.Bounce && r.OriginalMessageID != "" {
		ids = append(ids, r.OriginalMessageID)
	}
	ids = append(ids, m.InReplyTo...)
	for i := len(m.References) - 1; i >= 0; i-- {
		ids = append(ids, m.References[i])
	}
	k := MatchKeys{MessageIDs: unique(ids)}
	switch {
	case fromUser:
		k.People = withBases(lowerAll(m.To))
	case r.Class == classify.Bounce:
		if r.FailedRecipient != "" {
			k.People = []string{strings.ToLower(r.FailedRecipient)}
		}
	default:
		k.People = withBases(senders(m))
		for _, a := range k.People {
			if d := Domain(a); d != "" && !FreeMailDomain(d) {
				k.Domains = append(k.Domains, d)
			}
		}
		k.Domains = unique(k.Domains)
	}
	return k
}

// senders are a message's From, Reply-To and Sender addresses, lower-cased,
// without repeats.
func senders(m classify.Message) []string {
	all := append(append(append([]string(nil), m.From...), m.ReplyTo...), m.Sender...)
	return unique(lowerAll(all))
}

// BaseAddress is addr lower-cased and without a +tag in its local part
// ("Jane+Jobs@Acme.example" is "jane@acme.example"): the mailbox a tagged
// address reaches.
func BaseAddress(addr string) string {
	addr = strings.ToLower(addr)
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return addr
	}
	if plus := strings.IndexByte(addr[:at], '+'); plus > 0 {
		return addr[:plus] + addr[at:]
	}
	return addr
}

// withBases is addrs followed by the base addresses of the tagged ones,
// without repeats.
func withBases(addrs []string) []string {
	out := append([]string(nil), addrs...)
	for _, a := range addrs {
		out = append(out, BaseAddress(a))
	}
	return unique(out)
}

// Domain is the lower-cased domain of an address, or "" if it has none.
func Domain(addr string) string {
	i := strings.LastIndexByte(addr, '@')
	if i < 0 {
		return ""
	}
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(addr[i+1:])), ".")
}

// CompanyDomains are the domains of an interview's interviewers, free mail
// excluded: a message from one of them is from the company.
func CompanyDomains(iv *followup.Interview) []string {
	var out []string
	for _, p := range iv.Interviewers {
		if d := Domain(p.Email); d != "" && !FreeMailDomain(d) {
			out = append(out, d)
		}
	}
	return unique(out)
}

// freeMail are free-mail domains: anyone can have an address there.
var freeMail = map[string]bool{
	"gmail.com": true, "googlemail.com": true, "icloud.com": true, "me.com": true, "mac.com": true,
	"proton.me": true, "protonmail.com": true, "protonmail.ch": true, "pm.me": true,
	"web.de": true, "mail.ru": true, "bk.ru": true, "inbox.ru": true, "list.ru": true, "rambler.ru": true,
	"fastmail.com": true, "fastmail.fm": true, "zoho.com": true, "zohomail.com": true, "msn.com": true,
	"ymail.com": true, "rocketmail.com": true, "mail.com": true, "hey.com": true, "tutanota.com": true,
	"tuta.io": true, "posteo.de": true, "mailbox.org": true, "t-online.de": true, "freenet.de": true,
	"qq.com": true, "163.com": true, "126.com": true, "naver.com": true, "daum.net": true,
	"libero.it": true, "orange.fr": true, "wanadoo.fr": true, "free.fr": true, "laposte.net": true,
	"seznam.cz": true, "wp.pl": true, "o2.pl": true, "interia.pl": true, "ukr.net": true,
	"rediffmail.com": true, "hushmail.com": true, "comcast.net": true, "btinternet.com": true,
}

// freeMailFamilies are providers with a domain in many countries
// (gmx.de, yahoo.co.uk, hotmail.fr, yandex.com.tr, …).
var freeMailFamilies = []string{"gmx", "yahoo", "hotmail", "outlook", "live", "aol", "yandex"}

// FreeMailDomain reports whether domain belongs to a free-mail provider,
// where a shared domain says nothing about the company.
func FreeMailDomain(domain string) bool {
	domain = strings.TrimSuffix(strings.ToLower(domain), ".")
	if freeMail[domain] {
		return true
	}
	for _, f := range freeMailFamilies {
		if rest, ok := strings.CutPrefix(domain, f+"."); ok && countryTLD(rest) {
			return true
		}
	}
	return false
}

// countryTLD reports whether s looks like a public suffix such as "de",
// "com" or "co.uk": one or two short labels.
func countryTLD(s string) bool {
	labels := strings.Split(s, ".")
	if len(labels) > 2 {
		return false
	}
	for _, l := range labels {
		if len(l) < 2 || len(l) > 3 {
			return false
		}
	}
	return true
}

// Incoming is a received message matched to an interview.
type Incoming struct {
	Result classify.Result
	// FromUser says the user wrote it (it was found in the Sent mailbox).
	FromUser bool
	// Recipient is whom the message it answers was sent to, if known; a
	// bounce without a failed recipient is taken to be about this address.
	Recipient string
}

// EffectInput is everything EffectOf needs.
type EffectInput struct {
	Interview *followup.Interview // may be nil for the user's own mail
	Actions   []followup.Action   // the interview's actions, in any state
	Message   Incoming
	// Placer places moved due times in the send window on the user's
	// business days in the user's zone.
	Placer followup.Placer
	Now    time.Time
}

// Notice is something the user should be told about a received message.
type Notice struct {
	Kind   string // EffectReply, EffectAutoReply or EffectBounce
	Detail string
}

// Effect is what a received message changes; the store applies it in one
// transaction.
type Effect struct {
	Kind string // one of the Effect* constants
	// Actions are the actions that change, with their new state, reason
	// and due time. Only open (pending or needs-review) actions appear.
	Actions []followup.Action
	// Status is the interview's new status; empty when it does not change.
	Status followup.Status
	// Undeliverable are addresses of the interview's people to mark undeliverable.
	Undeliverable []string
	Notices       []Notice
	// Touch is when the user wrote to the company (EffectTouch only).
	Touch time.Time
}

// EffectOf decides what a received message changes on its interview:
//
//   - the user's own mail is a touch, which the plan counts from;
//   - a reply written after the interview cancels every open action and
//     marks the interview replied (a closed interview stays closed); one
//     written before it is only reported;
//   - an auto-reply whose return date is at most MaxAwayDays ahead holds
//     the away person's pending check-ins and networking notes until the
//     first send window on a business day on or after that date, never
//     earlier than they were due;
//   - a bounce marks the failed address (else the one the answered
//     message went to) undeliverable and cancels the open actions
//     addressed to it alone;
//   - bulk mail changes nothing.
//
// Drafted, sent, failed and cancelled actions are never changed.
func EffectOf(in EffectInput) Effect {
	if in.Message.FromUser {
		return touchEffect(in)
	}
	switch in.Message.Result.Class {
	case classify.Reply:
		return replyEffect(in)
	case classify.AutoReply:
		return autoReplyEffect(in)
	case classify.Bounce:
		return bounceEffect(in)
	}
	return Effect{Kind: EffectBulk}
}

// HoldEffect is the effect of a reply that puts the process on hold and
// names when the company will be back in touch (until, the new promise as
// the interview's next steps): nothing is cancelled, as the follow-ups are
// planned again from the promise, and the notice says so.
func HoldEffect(in EffectInput, until string) Effect {
	m := in.Message.Result.Message
	who, subject := firstOr(senders(m), "someone"), quoteSubject(m.Subject)
	detail := fmt.Sprintf("reply from %s: %s: %s; follow-ups planned again from it", who, subject, until)
	return Effect{Kind: EffectReply, Notices: []Notice{{EffectReply, detail}}}
}

func touchEffect(in EffectInput) Effect {
	at := in.Message.Result.Message.Date
	if at.IsZero() || at.After(in.Now) {
		at = in.Now
	}
	return Effect{Kind: EffectTouch, Touch: at}
}

func replyEffect(in EffectInput) Effect {
	m := in.Message.Result.Message
	who, subject := firstOr(senders(m), "someone"), quoteSubject(m.Subject)
	e := Effect{Kind: EffectReply}
	written := m.Date
	if written.IsZero() || written.After(in.Now) {
		written = in.Now
	}
	if written.Before(in.Interview.End()) {
		e.Notices = []Notice{{EffectReply, fmt.Sprintf("%s wrote before the interview ended: %s; follow-ups unchanged", who, subject)}}
		return e
	}
	reason := "reply from " + who + ": " + subject
	var drafted []string
	for _, ac := range in.Actions {
		switch {
		case ac.State.Open():
			ac.State, ac.Reason = followup.StateCancelled, reason
			e.Actions = append(e.Actions, ac)
		case ac.State == followup.StateDrafted:
			drafted = append(drafted, ac.Key)
		}
	}
	if st := in.Interview.CurrentStatus(in.Now); st != followup.StatusClosed && st != followup.StatusReplied {
		e.Status = followup.StatusReplied
	}
	detail := fmt.Sprintf("%s: %s", reason, followUps(len(e.Actions))+" cancelled")
	if len(drafted) > 0 {
		detail += "; delete the unsent drafts of " + strings.Join(drafted, ", ")
	}
	e.Notices = []Notice{{EffectReply, detail}}
	return e
}

func autoReplyEffect(in EffectInput) Effect {
	r := in.Message.Result
	who := firstOr(senders(r.Message), "someone")
	e := Effect{Kind: EffectAutoReply}
	if r.ReturnDate.IsZero() {
		e.Notices = []Notice{{EffectAutoReply, fmt.Sprintf("auto-reply from %s (%s), no return date: follow-ups unchanged", who, r.Reason)}}
		return e
	}
	back := calendar.DateOf(r.ReturnDate.UTC())
	today := calendar.DateOf(in.Now.In(in.Placer.Loc()))
	if back.Before(today) || back.After(today.AddDays(MaxAwayDays)) {
		e.Notices = []Notice{{EffectAutoReply, fmt.Sprintf("auto-reply from %s: back %s, not within %d days: follow-ups unchanged", who, back, MaxAwayDays)}}
		return e
	}
	away := append(senders(r.Message), in.Message.Recipient)
	e.Actions = HoldWhileAway(in.Actions, away, back, in.Placer, fmt.Sprintf("%s is away until %s: held until then", who, back))
	e.Notices = []Notice{{EffectAutoReply, fmt.Sprintf("auto-reply from %s: back %s; %s held", who, back, followUps(len(e.Actions)))}}
	return e
}

func bounceEffect(in EffectInput) Effect {
	r, iv := in.Message.Result, in.Interview
	e := Effect{Kind: EffectBounce}
	addr := strings.ToLower(firstOr([]string{r.FailedRecipient, in.Message.Recipient}, ""))
	if addr == "" {
		e.Notices = []Notice{{EffectBounce, fmt.Sprintf("a message about %s bounced (%s) but the failed address is unknown: check `followup show %s`", iv.Company, r.Reason, iv.ID)}}
		return e
	}
	for _, p := range iv.People() {
		if strings.EqualFold(p.Email, addr) && !p.Undeliverable {
			e.Undeliverable = []string{addr}
			break
		}
	}
	reason := "address bounced: " + addr
	for _, ac := range in.Actions {
		if ac.State.Open() && onlyTo(ac, addr) {
			ac.State, ac.Reason = followup.StateCancelled, reason
			e.Actions = append(e.Actions, ac)
		}
	}
	e.Notices = []Notice{{EffectBounce, fmt.Sprintf("mail to %s bounced (%s): %s cancelled; fix the address with `followup edit %s`",
		addr, r.Reason, followUps(len(e.Actions)), iv.ID)}}
	return e
}

// HoldWhileAway returns the pending check-ins and networking notes
// addressed to one of away that are due before the first send window on a
// business day on or after back, moved there with reason; the others are
// left out. The planner can use it to keep a hold across replanning.
func HoldWhileAway(acs []followup.Action, away []string, back calendar.Date, pl followup.Placer, reason string) []followup.Action {
	at := pl.Place(followup.WallClock(back, 0, 0, pl.Loc()))
	set := addressSet(away)
	var out []followup.Action
	for _, ac := range acs {
		if ac.State != followup.StatePending || ac.Kind == followup.KindThankYou || !addressedTo(ac, set) || !at.After(ac.Due) {
			continue
		}
		ac.Due, ac.Zone, ac.Reason = at, pl.Loc().String(), reason
		out = append(out, ac)
	}
	return out
}

// addressedTo reports whether any of the action's recipients is in set.
func addressedTo(ac followup.Action, set map[string]bool) bool {
	for _, to := range ac.To {
		if set[strings.ToLower(to)] {
			return true
		}
	}
	return false
}

// onlyTo reports whether addr is the action's only recipient.
func onlyTo(ac followup.Action, addr string) bool {
	for _, to := range ac.To {
		if !strings.EqualFold(to, addr) {
			return false
		}
	}
	return len(ac.To) > 0
}

// maxSubject is how many characters of a subject a reason quotes.
const maxSubject = 60

// quoteSubject is a subject for a reason: quoted, shortened, never empty.
func quoteSubject(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "(no subject)"
	}
	if utf8.RuneCountInString(s) > maxSubject {
		s = string([]rune(s)[:maxSubject-1]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// followUps formats "1 follow-up", "2 follow-ups".
func followUps(n int) string {
	if n == 1 {
		return "1 follow-up"
	}
	return fmt.Sprintf("%d follow-ups", n)
}

func firstOr(ss []string, def string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return def
}

func lowerAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	return out
}

func addressSet(ss []string) map[string]bool {
	set := make(map[string]bool, len(ss))
	for _, s := range ss {
		if s != "" {
			set[strings.ToLower(s)] = true
		}
	}
	return set
}

// unique drops empty strings and repeats, keeping the first of each.
func unique(ss []string) []string {
	seen := make(map[string]bool, len(ss))
	out := ss[:0:0]
	for _, s := range ss {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
