package render

import "time"

// sampleZone is a fixed zone so that samples render the same everywhere.
var sampleZone = time.FixedZone("EST", -5*60*60)

// sampleMe is the candidate of every sample.
var sampleMe = Me{
	Name:      "Alex Rivera",
	Email:     "alex@example.org",
	Signature: "Alex Rivera\n+1 555 0100",
}

// sampleDana is the interviewer of the sample notes.
var sampleDana = Person{
	Name: "Dana Whitfield", FirstName: "Dana", Email: "dana@acme.example", Title: "Engineering Manager",
}

// SampleData returns fixed data for the notes to interviewers (an interview on
// Friday, November 20, 2026 with next steps and a promised date), used by
// Check, the golden tests and `followup templates` previews.
func SampleData() Data {
	return Data{
		Me: sampleMe,
		Interview: Interview{
			ID:           "acme-backend",
			Company:      "Acme Robotics",
			Role:         "Senior Backend Engineer",
			Start:        time.Date(2026, time.November, 20, 14, 0, 0, 0, sampleZone),
			Date:         "Friday, November 20",
			PromisedDate: "Friday, December 4",
			PromisedWhen: "by Friday, December 4",
			HasNextSteps: true,
			NextSteps:    "Dana will get back to me by December 4 about a final round",
		},
		Recipient: sampleDana,
		Topics:    "how your team moved order routing to an event log",
		Article: Article{
			URL:   "https://example.com/articles/event-sourcing-in-practice",
			About: "It walks through replaying an event log after a schema change, which reminded me of the migration you described.",
		},
	}
}

// sampleItem returns a digest line about the sample interview.
func sampleItem(ref, kind string, when time.Time) DigestItem {
	return DigestItem{
		Ref: ref, Interview: "acme-backend", Company: "Acme Robotics", Role: "Senior Backend Engineer",
		Person: sampleDana, Kind: kind, When: when,
	}
}

// sampleDay returns a time on Friday, December 11, 2026, the sample digest's day.
func sampleDay(hour, minute int) time.Time {
	return time.Date(2026, time.December, 11, hour, minute, 0, 0, sampleZone)
}

// SampleDigest returns a fixed digest with something in every section.
func SampleDigest() DigestData {
	sam := Person{Name: "Sam Ortiz", FirstName: "Sam", Email: "sam@globex.example", Title: "Recruiter"}
	due := sampleItem("a17", KindCheckIn, sampleDay(9, 0))
	due.Detail = "they promised an answer by Friday, December 4"
	late := sampleItem("12", KindThankYou, time.Date(2026, time.December, 6, 16, 0, 0, 0, sampleZone))
	late.Detail = "5 days late"
	done := sampleItem("a16", KindThankYou, sampleDay(8, 30))
	done.Person, done.Company, done.Role, done.Interview = sam, "Globex", "Platform Engineer", "globex-platform"
	done.Subject = "Thank you for the Platform Engineer interview"
	draft := sampleItem("d4", KindNetworking, sampleDay(7, 0))
	draft.Person = Person{Name: "Priya Natarajan", FirstName: "Priya", Email: "priya@acme.example", Title: "Staff Engineer"}
	draft.Subject = "An article on event logs"
	reply := sampleItem("m9", "", time.Date(2026, time.December, 10, 16, 42, 0, 0, sampleZone))
	reply.Subject = "Re: Following up on the Senior Backend Engineer role"
	bounce := sampleItem("a15", KindThankYou, time.Date(2026, time.December, 10, 11, 5, 0, 0, sampleZone))
	bounce.Person = Person{Name: "Lee Chen", FirstName: "Lee", Email: "lee.chen@initech.example"}
	bounce.Company, bounce.Role, bounce.Interview = "Initech", "Data Engineer", "initech-data"
	bounce.Detail = "550 5.1.1 mailbox unavailable"
	quiet := sampleItem("", "", time.Date(2026, time.November, 25, 10, 0, 0, 0, sampleZone))
	quiet.Company, quiet.Role, quiet.Interview, quiet.Person = "Umbrella Health", "Site Reliability Engineer", "umbrella-sre", Person{}
	quiet.Detail = "no word for 16 days"
	none := sampleItem("", "", time.Date(2026, time.December, 9, 15, 0, 0, 0, sampleZone))
	none.Company, none.Role, none.Interview, none.Person = "Globex", "Platform Engineer", "globex-platform", sam
	invite := sampleInvite()
	cancelled := sampleInvite()
	cancelled.Ref, cancelled.Interview, cancelled.Subject = "2", "globex-platform-1203", "Platform Engineer: team interview"
	cancelled.Company, cancelled.Role, cancelled.Person = "Globex", "Platform Engineer", sam
	cancelled.Detail = "cancelled by the organizer; interview globex-platform-1203 is still in followup"
	return DigestData{
		Invites: []DigestItem{invite, cancelled},
		Me:      sampleMe, Day: sampleDay(7, 0), Date: "Friday, December 11",
		Due: []DigestItem{due}, Late: []DigestItem{late}, Done: []DigestItem{done}, Drafts: []DigestItem{draft},
		Replies: []DigestItem{reply}, Bounces: []DigestItem{bounce},
		Quiet: []DigestItem{quiet}, NoNextSteps: []DigestItem{none},
	}
}

// sampleInvite is an invitation to a final round with the sample interviewer.
func sampleInvite() DigestItem {
	it := sampleItem("3", "", time.Date(2026, time.December, 15, 10, 0, 0, 0, sampleZone))
	it.Interview, it.Subject = "", "Final round: Senior Backend Engineer - Acme Robotics"
	return it
}

// SampleNotice returns a fixed notice about a reply from the sample interviewer.
func SampleNotice() NoticeData {
	item := sampleItem("m9", KindCheckIn, time.Date(2026, time.December, 10, 16, 42, 0, 0, sampleZone))
	item.Subject = "Re: Following up on the Senior Backend Engineer role"
	return NoticeData{
		Me: sampleMe, Event: EventReply, Item: item,
		Excerpt: "Hi Alex, thanks for checking in! We'd like to invite you to a final round.\nAre you free next Wednesday?",
	}
}

// samples returns the data kind is checked against at load time: the fixed
// sample and variants that take the other branches of the built-in templates.
func samples(kind string) []any {
	switch kind {
	case KindDigest:
		return []any{SampleDigest(), DigestData{Me: sampleMe, Day: sampleDay(7, 0), Date: "Friday, December 11"}}
	case KindNotice:
		return noticeSamples()
	}
	return dataSamples()
}

// dataSamples returns SampleData and variants without the optional parts.
func dataSamples() []any {
	bare := SampleData()
	bare.Interview.PromisedWhen = ""
	bare.Interview.PromisedDate, bare.Interview.HasNextSteps, bare.Interview.NextSteps = "", false, ""
	bare.Topics, bare.Article, bare.Me.Signature = "", Article{}, ""
	bare.Recipient = Person{Email: "dana@acme.example"}
	bare.Interview.Date, bare.Interview.Start = "", time.Time{}
	out := []any{bare.withDefaults()}
	for n := range 4 {
		d := SampleData()
		d.CheckInsBefore, d.Note = n, "I have also put together the design notes you asked about."
		out = append(out, d.withDefaults())
		bare.CheckInsBefore = n
		out = append(out, bare.withDefaults())
	}
	return out
}

// noticeSamples returns SampleNotice and one notice for every other event.
func noticeSamples() []any {
	reply := SampleNotice()
	bounce, failed, retry := reply, reply, reply
	bounce.Event, bounce.Excerpt, bounce.Reason = EventBounce, "", "550 5.1.1 mailbox unavailable"
	failed.Event, failed.Excerpt, failed.Reason = EventSendFailed, "", "535 5.7.8 authentication failed"
	retry.Event, retry.Excerpt, retry.Reason = EventSendFailed, "", "connection refused"
	retry.WillRetry, retry.NextAttempt = true, sampleDay(9, 30)
	invite := NoticeData{Me: sampleMe, Event: EventInvite, Item: sampleInvite()}
	moved, movedAccepted, cancelled, cancelledAccepted := invite, invite, invite, invite
	moved.Event, movedAccepted.Event = EventInviteUpdated, EventInviteUpdated
	cancelled.Event, cancelledAccepted.Event = EventInviteCancelled, EventInviteCancelled
	movedAccepted.Item.Interview, cancelledAccepted.Item.Interview = "acme-senior-1215", "acme-senior-1215"
	return []any{reply, bounce, failed, retry, invite, moved, movedAccepted, cancelled, cancelledAccepted}
}
