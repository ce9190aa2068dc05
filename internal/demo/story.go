package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/compose"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/mailer"
)

// The cast: the people Alex met. Sam's address, as Alex noted it, has no
// mailbox: mail to it bounces.
var (
	jane  = followup.Person{Name: "Jane Roe", Title: "Engineering Manager", Email: "jane.roe@acme.example", Role: followup.RoleInterviewer, Topics: "how the team runs on-call"}
	bob   = followup.Person{Name: "Bob Poe", Title: "Staff Engineer", Email: "bob.poe@acme.example", Role: followup.RoleInterviewer, Topics: "the move to event sourcing"}
	priya = followup.Person{Name: "Priya Shah", Title: "Head of Platform", Email: "priya.shah@globex.example", Role: followup.RoleInterviewer, Topics: "the platform roadmap"}
	sam   = followup.Person{Name: "Sam Lee", Title: "Site Reliability Engineer", Email: "sam.lee@globex.example", Role: followup.RoleInterviewer, Topics: "incident reviews"}
)

// mailboxOwners are the addresses with a mailbox in the demo; Sam's is not one.
var mailboxOwners = []string{userEmail, jane.Email, bob.Email, priya.Email}

const articleURL = "https://example.org/blog/on-call-that-does-not-burn-people-out"

// beat is one scripted step of the story, at a time on its day.
type beat struct {
	day, hour, min int
	title          string
	do             func(ctx context.Context, r *run) error
}

// story is the whole demo, in order. Between beats followup runs as the
// daemon would: each follow-up when it falls due, the digest every
// weekday at 08:00, the inbox watched over IDLE.
func story() []beat {
	return []beat{
		{0, 10, 50, "the first interview", addAcme},
		{0, 14, 10, "the second interview", addGlobex},
		{8, 9, 0, "the promised date has passed", promisePassed},
		{15, 11, 20, "Globex answers", globexAnswers},
		{16, 9, 30, "a networking note with an article", networkingNote},
		{18, 15, 10, "Acme answers", acmeAnswers},
		{18, 15, 30, "where things stand", summary},
	}
}

func addAcme(ctx context.Context, r *run) error {
	r.n.say("Alex just had a 45-minute interview with Acme for a Backend Engineer role, with",
		"Jane Roe (Engineering Manager) and Bob Poe (Staff Engineer). Jane closed with:",
		`"we'll get back to you in 4-5 working days". Alex records it:`)
	start := r.at(0, 10, 0)
	iv := &followup.Interview{Company: "Acme", Role: "Backend Engineer", Start: start, Duration: 45 * time.Minute,
		Interviewers: []followup.Person{jane, bob}, NextSteps: "we'll get back to you in 4-5 working days"}
	r.n.see(fmt.Sprintf(`add --company Acme --role "Backend Engineer" --at "%s" --duration 45m \`, start.Format("2006-01-02 15:04")))
	r.n.say(`     --interviewer "Jane Roe <jane.roe@acme.example>" --interviewer "Bob Poe <bob.poe@acme.example>" \`,
		`     --next-steps "we'll get back to you in 4-5 working days"`)
	// Jane is off from this afternoon: her mailbox answers with an out-of-office.
	back := r.at(10, 0, 0)
	r.po.SetAway(jane.Email, back, back.Format("Monday, January 2"))
	return r.add(ctx, "acme", iv)
}

func addGlobex(ctx context.Context, r *run) error {
	r.n.say("Then an hour with Globex for a Platform Engineer role, with Priya Shah (Head of",
		"Platform) and Sam Lee (SRE). Priya: \"the committee will meet next week\".",
		"Alex copies Sam's address from the video call; it is one letter off.")
	start := r.at(0, 13, 0)
	iv := &followup.Interview{Company: "Globex", Role: "Platform Engineer", Start: start, Duration: time.Hour,
		Interviewers: []followup.Person{priya, sam}, NextSteps: "the committee will meet next week"}
	r.n.see(fmt.Sprintf(`add --company Globex --role "Platform Engineer" --at "%s" --duration 1h \`, start.Format("2006-01-02 15:04")))
	r.n.say(`     --interviewer "Priya Shah <priya.shah@globex.example>" --interviewer "Sam Lee <sam.lee@globex.example>" \`,
		`     --next-steps "the committee will meet next week"`)
	return r.add(ctx, "globex", iv)
}

func promisePassed(ctx context.Context, r *run) error {
	r.n.say("Acme promised an answer within 4-5 working days, by yesterday. Nothing came.")
	ac, ok, err := r.action(ctx, "acme", "check-in:1")
	if err != nil || !ok {
		return err
	}
	r.n.did("check-in to %s is %s, due %s: %s", strings.Join(ac.To, ", "), ac.State, r.when(ac.Due), ac.Reason)
	r.n.say("Without the out-of-office it would go out this morning; Jane is away, so it waits for her.")
	r.n.see("plan " + r.ids["acme"])
	return nil
}

func globexAnswers(ctx context.Context, r *run) error {
	r.n.say("Priya answers the check-in herself:")
	body := `Hi Alex,

thanks for checking in, and sorry it took a while. The committee met on Friday
and we would like you to meet our CTO next week. I will send you a few slots
tomorrow.

Best,
Priya`
	return r.answer(ctx, "globex", priya, body)
}

func networkingNote(ctx context.Context, r *run) error {
	r.n.say("Still nothing from Acme since the check-in. Alex found an article that picks up",
		"what Jane said about on-call, and shares it: a networking note, not another \"any news?\".")
	id := r.ids["acme"]
	r.n.see(fmt.Sprintf("draft %s --kind networking --article %s \\", id, articleURL))
	r.n.say(`     --about "It picks up what you said about keeping on-call humane." --save`)
	cs, err := r.svc.Composer.Compose(ctx, compose.Request{InterviewID: id, Kind: followup.KindNetworking,
		Article: articleURL, About: "It picks up what you said about keeping on-call humane."})
	if err != nil {
		return fmt.Errorf("networking draft: %w", err)
	}
	locs, err := r.svc.Composer.SaveDrafts(ctx, cs)
	if err != nil {
		return fmt.Errorf("networking draft: %w", err)
	}
	for i, loc := range locs {
		if err := r.svc.Composer.RecordDraft(ctx, cs[i], loc); err != nil {
			return fmt.Errorf("networking draft: %w", err)
		}
	}
	if err := r.narrateNew(ctx); err != nil {
		return err
	}
	r.n.say("Alex reads the draft in the mail client's Drafts folder and sends it from there.")
	return r.sendFromMailClient(ctx, cs)
}

func acmeAnswers(ctx context.Context, r *run) error {
	r.n.say("And then Jane writes back:")
	body := `Hi Alex,

thank you for your patience, and for the article: we passed it around the
team. We would love to have you for the final round. Does Tuesday or
Wednesday next week work for you?

Best,
Jane`
	return r.answer(ctx, "acme", jane, body)
}

func summary(ctx context.Context, r *run) error {
	for _, key := range []string{"acme", "globex"} {
		iv, err := r.svc.Store.GetInterview(ctx, r.ids[key])
		if err != nil {
			return err
		}
		acs, err := r.svc.Store.Actions(ctx, iv.ID)
		if err != nil {
			return err
		}
		r.n.did("%s (%s): %s; %s", iv.ID, iv.Company, iv.CurrentStatus(r.clock.Now()), countStates(acs))
	}
	counts := map[string]int{}
	for _, m := range r.po.Mail() {
		counts[m.Owner+" "+m.Mailbox]++
	}
	for _, owner := range mailboxOwners {
		r.n.mail("%s: INBOX %d, Sent %d, Drafts %d", owner, counts[owner+" INBOX"], counts[owner+" Sent"], counts[owner+" Drafts"])
	}
	r.n.say("Both companies answered: nothing more is planned, and nothing will be sent.")
	r.n.see("list")
	return nil
}

// countStates says how many of acs are in each state, "3 sent, 1 cancelled".
func countStates(acs []followup.Action) string {
	n := map[followup.ActionState]int{}
	for _, ac := range acs {
		n[ac.State]++
	}
	var parts []string
	for _, s := range []followup.ActionState{followup.StateSent, followup.StateDrafted, followup.StateCancelled,
		followup.StatePending, followup.StateNeedsReview, followup.StateFailed} {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[s], s))
		}
	}
	return strings.Join(parts, ", ") + " follow-ups"
}

// sendFromMailClient submits cs over SMTP and files them in Sent, as the
// user's own mail client does: followup sees them only in the mailboxes.
func (r *run) sendFromMailClient(ctx context.Context, cs []compose.Composed) error {
	s, err := r.svc.Outbox.NewSender(ctx)
	if err != nil {
		return err
	}
	msgs := make([]mailer.Outgoing, len(cs))
	for i, c := range cs {
		msgs[i] = mailer.Outgoing{MessageID: c.MessageID, From: userEmail, To: c.Envelope, Raw: c.Raw}
	}
	for _, res := range s.SendEach(ctx, msgs, mailer.Each{}) {
		if res.Err != nil {
			return fmt.Errorf("send from the mail client: %w", res.Err)
		}
	}
	c, err := r.svc.Outbox.DialIMAP(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	for _, m := range cs {
		if err := c.AppendSent(ctx, m.Raw); err != nil {
			return fmt.Errorf("file in Sent: %w", err)
		}
	}
	return nil
}
