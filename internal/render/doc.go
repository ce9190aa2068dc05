package render

// DataDoc documents, for people writing templates, the template files, the
// data each kind receives, the helper functions and the allowed headers.
// `followup templates doc` prints it.
const DataDoc = `FOLLOWUP TEMPLATES

Files
  One file per kind: thank-you.tmpl, check-in.tmpl, networking.tmpl, digest.tmpl,
  notice.tmpl. Put a file with the same name in your template folder to replace
  the built-in one (` + "`followup templates check`" + ` tests your folder).
  A file is a header block, one blank line, then the plain-text body, all in Go
  text/template syntax (https://pkg.go.dev/text/template). Every header sits on
  one line; a line holding only a {{/* comment */}} is allowed in the header block.
  Allowed headers: Subject (required, must not render empty), Cc, Bcc, Reply-To
  (address lists). A header that renders empty, other than Subject, is left out.
  From, To, Date, Message-ID and the threading headers are set by followup.
  The text body is tidied: trailing spaces and leading and trailing blank lines
  are removed and runs of blank lines become one, so an {{if}} may sit on its
  own line.
  An optional KIND.html.tmpl holds an HTML alternative body (no header block),
  in html/template, which escapes every value. Overriding KIND.tmpl drops the
  built-in KIND.html.tmpl unless you override that too; an empty
  KIND.html.tmpl turns the HTML part off.
  A field or function that does not exist is an error when the templates are
  loaded, not when a note is due. Values from your data are inserted as text
  and never run as template code.

thank-you, check-in, networking: the data (render.Data)
  .Me.Name              your name, "Alex Rivera"
  .Me.Email             your address
  .Me.Signature         lines after the closing ("Best regards,"); "" means .Me.Name
  .Interview.ID         followup's id for the interview
  .Interview.Company    "Acme Robotics"
  .Interview.Role       "Senior Backend Engineer"
  .Interview.Start      time the interview began (use with date, shortdate, clock)
  .Interview.Date       the interview day, "Friday, November 20"
  .Interview.PromisedDate  the day they promised news by, "Friday, December 4";
                        "" when nothing was promised
  .Interview.PromisedWhen  the promise as they gave it: "by Friday, December 4",
                        "next week", "in early January"; "" when nothing was promised
  .Interview.HasNextSteps  true when next steps were recorded
  .Interview.NextSteps  the recorded next steps in your words; may be ""
  .Recipient.Name       the interviewer this note goes to (one note each)
  .Recipient.FirstName  the name to greet them by (from Name when not set)
  .Recipient.Email      their address
  .Recipient.Title      their job title; may be ""
  .Topics               what you talked about with this interviewer, a phrase that
                        completes "our conversation about ...", e.g. "how your team
                        moved order routing to an event log"; may be ""
  .Article.URL          networking: a link to share; "" when there is none
  .Article.About        networking: one or two full sentences on why it matters to them
  .CheckInsBefore       how many check-in or networking notes they already received
                        (0 for the first); use it to vary the wording
  .Note                 an extra sentence given with --note; may be ""

Items of the digest and notices (render.DigestItem)
  .Ref                  id of the action, draft or message, for followup commands
  .Interview            id of the interview
  .Company  .Role       of the interview
  .Person               .Name .FirstName .Email .Title: the interviewer concerned,
                        who wrote the reply, or to whom the bounced note went
  .Kind                 "thank-you", "check-in" or "networking"; "" when not about a note
  .When                 when it is due, was sent or received, or the last contact
  .Subject              subject of the note or reply; may be ""
  .Detail               a short explanation: bounce reason, "no word for 16 days"

digest: the data (render.DigestData)
  .Me                   you (.Me.Name, .Me.Email, .Me.Signature)
  .Day                  the day the digest covers; .Date is it as "Friday, December 11"
  .Due                  follow-ups due today that need you (list of items)
  .Late                 follow-ups not sent in time, held for you; .Detail is "5 days late",
                        .Ref the number for 'followup send'
  .Done                 notes followup sent on its own since the last digest
  .Drafts               drafts waiting for your approval
  .Replies              answers received: .Person wrote at .When
  .Bounces              notes that bounced; .Detail is the reason
  .Quiet                interviews with no word for a while; .When is the last contact
  .NoNextSteps          interviews with no next steps recorded; .When is the interview
  .Invites              calendar invitations waiting for your word, and those cancelled
                        since the last digest: .Ref is the number for accept-invite,
                        .Subject the title, .When the start, .Person the organizer,
                        .Interview the interview it became, .Detail what changed
  .SignIn               signed-out OAuth2 accounts, each a line saying what to run (strings)
  .Summary              a count such as "1 due today, 2 replies", or "nothing new"
  .Empty                true when every list is empty

notice: the data (render.NoticeData)
  .Me                   you
  .Event                "reply", "bounce", "send-failed", or for a calendar invitation
                        "invite", "invite-updated" or "invite-cancelled" (.Item as
                        in the digest's .Invites)
  .Item                 the note or reply concerned (an item, above)
  .Excerpt              first lines of a reply; "" otherwise
  .Label                what a reply says: rejection, next-round, offer, request, on-hold; "" when not read
  .Phrase               the phrase that decided .Label
  .Via                  the applicant-tracking system a reply came through; "" for a person
  .Reason               why a send failed or bounced; "" for replies
  .WillRetry            true when followup will try the send again
  .NextAttempt          when it will

Functions
  date T                "Friday, November 27"
  shortdate T           "Fri 27 Nov"
  clock T               "16:05"
  firstname NAME        "Dana" from "Dana Whitfield", "Dr. Dana Whitfield" or "Whitfield, Dana"
  join LIST SEP         the items of a list of strings joined with SEP
  plural N WORD [WORDS] "1 reply", "3 replies" (plural form defaults to WORD + "s")
  and Go's built-ins: and, or, not, eq, ne, lt, le, gt, ge, len, index, slice,
  print, printf, println.
`
