package render

import "time"

// Person is someone an email is about or addressed to: an interviewer, a
// recruiter, the sender of a reply.
type Person struct {
	Name      string // full name as it should appear, "Dana Whitfield"
	FirstName string // name to greet them by; empty means derived from Name
	Email     string // address, "dana@acme.example"
	Title     string // job title, "Engineering Manager"; may be empty
}

// Me is the user of followup: the candidate who signs the notes and reads the digest.
type Me struct {
	Name      string // "Alex Rivera"
	Email     string // "alex@example.org"
	Signature string // lines printed after the closing ("Best regards,"); empty means Name
}

// Interview is the interview a note is about.
type Interview struct {
	ID           string    // followup's id for the interview
	Company      string    // "Acme Robotics"
	Role         string    // "Senior Backend Engineer"
	Start        time.Time // when it began, in the user's time zone
	Date         string    // Start as "Friday, November 20"
	PromisedDate string    // date they promised an answer by, "Friday, December 4"; "" when none
	// PromisedWhen is the promise as the interviewer gave it, to quote to
	// them: "by Friday, December 4" for a day or a count of days, "next
	// week", "in early January", "by the end of November" for vaguer
	// promises (never a day they did not name); "" when none.
	PromisedWhen string
	HasNextSteps bool   // whether next steps were recorded for this interview
	NextSteps    string // the recorded next steps in the user's words; may be empty
}

// Article is something worth sharing in a networking note.
type Article struct {
	URL   string // link to the article; "" when there is none
	About string // one or two full sentences on why it matters to this person
}

// Data is what the notes to interviewers (thank-you, check-in, networking) are rendered from.
type Data struct {
	Me             Me        // the candidate
	Interview      Interview // the interview the note is about
	Recipient      Person    // the interviewer the note goes to (one note per interviewer)
	Topics         string    // what you talked about with this interviewer, as a phrase completing "our conversation about …"
	Article        Article   // for networking notes; zero when nothing is shared
	CheckInsBefore int       // how many check-in or networking notes this person already received
	Note           string    // an extra sentence from --note, printed as its own paragraph
}

// DigestItem is one line of the digest or the subject of a notice.
type DigestItem struct {
	Ref       string    // id of the action, draft or message, for followup commands
	Interview string    // id of the interview it belongs to
	Company   string    // company of the interview
	Role      string    // role of the interview
	Person    Person    // interviewer concerned, sender of a reply, or addressee of a bounced note
	Kind      string    // note kind: "thank-you", "check-in" or "networking"; "" when not about a note
	When      time.Time // when it is due, was sent, was received, or the last contact
	Subject   string    // subject of the note or of the reply
	Detail    string    // a short explanation: bounce reason, "quiet for 16 days", etc.
}

// DigestData is what the daily digest to the user is rendered from.
type DigestData struct {
	Me          Me           // the user the digest goes to
	Day         time.Time    // the day the digest covers
	Date        string       // Day as "Friday, November 27"
	Due         []DigestItem // follow-ups due today that need the user
	Late        []DigestItem // follow-ups not sent in time, held for the user; Detail says how late
	Done        []DigestItem // notes followup sent on its own since the last digest
	Drafts      []DigestItem // drafts waiting for the user's approval
	Replies     []DigestItem // answers received: Person is who wrote, When is when
	Bounces     []DigestItem // notes that bounced; Detail is the reason
	Quiet       []DigestItem // interviews with no word for a while; When is the last contact
	NoNextSteps []DigestItem // interviews with no next steps recorded; When is the interview
	// Invites are calendar invitations waiting for the user's word, and
	// those cancelled since the last digest: Ref is the invitation's
	// number, Subject its title, When its start, Person its organizer,
	// Interview the interview it became (if accepted), Detail what changed.
	Invites []DigestItem
	SignIn  []string // accounts signed out, each as "[imap] you@example.com: run `followup login NAME`"
}

// NoticeData is what the immediate notice to the user is rendered from.
type NoticeData struct {
	Me          Me         // the user the notice goes to
	Event       string     // "reply", "bounce", "send-failed", "invite", "invite-updated" or "invite-cancelled"
	Item        DigestItem // the note or reply concerned
	Excerpt     string     // first lines of a reply; "" otherwise
	Reason      string     // why a send failed or bounced; "" for replies
	WillRetry   bool       // whether followup will try the send again
	NextAttempt time.Time  // when it will, if WillRetry
	// Label is what a reply says: "rejection", "next-round", "offer",
	// "request", "on-hold"; "" when it was not read. Phrase is the phrase
	// that decided it; Via the applicant-tracking system it came through.
	Label, Phrase, Via string
}

// Notice events, the values of NoticeData.Event.
const (
	EventReply      = "reply"
	EventBounce     = "bounce"
	EventSendFailed = "send-failed"
	// An invitation: Item is as in DigestData.Invites.
	EventInvite          = "invite"
	EventInviteUpdated   = "invite-updated"
	EventInviteCancelled = "invite-cancelled"
)

// Summary returns a short count of what the digest holds, such as
// "2 due today, 1 draft to approve, 1 reply", or "nothing new".
func (d DigestData) Summary() string {
	parts := []string{}
	add := func(n int, one, many string) {
		if n > 0 {
			parts = append(parts, plural(n, one, many))
		}
	}
	add(len(d.Late), "late", "late")
	add(len(d.Due), "due today", "due today")
	add(len(d.Drafts), "draft to approve", "drafts to approve")
	add(len(d.Replies), "reply", "replies")
	add(len(d.Bounces), "bounce", "bounces")
	add(len(d.Done), "sent", "sent")
	add(len(d.Quiet), "gone quiet", "gone quiet")
	add(len(d.NoNextSteps), "without next steps", "without next steps")
	add(len(d.Invites), "invitation", "invitations")
	add(len(d.SignIn), "sign-in needed", "sign-ins needed")
	if len(parts) == 0 {
		return "nothing new"
	}
	return join(parts, ", ")
}

// Empty reports whether the digest has nothing to say.
func (d DigestData) Empty() bool {
	return len(d.Due)+len(d.Late)+len(d.Done)+len(d.Drafts)+len(d.Replies)+
		len(d.Bounces)+len(d.Quiet)+len(d.NoNextSteps)+len(d.SignIn)+len(d.Invites) == 0
}

// withDefaults fills the derived fields a template may rely on.
func (d Data) withDefaults() Data {
	if d.Recipient.FirstName == "" {
		d.Recipient.FirstName = firstname(d.Recipient.Name)
	}
	return d
}
