package reading

import (
	"strings"
	"testing"
	"time"
)

var ref = time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)

func TestReadSkipsQuotesAndReplySubjects(t *testing.T) {
	tests := []struct {
		subject, text string
		want          Label
	}{
		{"Re: Interview invitation", "Hi Alex, unfortunately we have decided to move forward with other candidates.", Rejection},
		{"AW: Einladung zum Gespräch", "Leider haben wir uns für eine andere Kandidatin entschieden.", Rejection},
		{"Interview invitation", "Hi Alex, see below.", NextRound},
		{"Re: Thanks", "Thanks, will do!\n\nOn Wed, Dec 2, 2026 at 9:03 AM Alex Morgan <\nalex@candidate.example> wrote:\n\nI'd love to schedule a second interview.", Other},
		{"Re: Thanks", "Noted.\n\n> Could you let me know your availability?", Other},
	}
	for _, tt := range tests {
		if got := Read(tt.subject, tt.text, ref, nil); got.Label != tt.want {
			t.Errorf("Read(%q, %q) = %s (%s), want %s", tt.subject, tt.text, got.Label, got.Reason, tt.want)
		}
	}
}

func TestReadLabels(t *testing.T) {
	tests := []struct {
		text  string
		label Label
	}{
		// Rejections, several wordings and languages.
		{"After careful consideration we have decided to move forward with other candidates for this position.", Rejection},
		{"Unfortunately, we will not be moving forward with your application at this time.", Rejection},
		{"Unfortunately we cannot offer you the next round.", Rejection},
		{"We regret to inform you that the position has been filled.", Rejection},
		{"We've decided to pursue other candidates whose experience more closely matches the role.", Rejection},
		{"I'm sorry to say we won't be progressing your application.", Rejection},
		{"The team has chosen another candidate for the role.", Rejection},
		{"Your application was unsuccessful on this occasion.", Rejection},
		{"We have decided not to proceed with your candidacy.", Rejection},
		{"Unfortunately we won't be able to move forward. We wish you the best of luck in your job search.", Rejection},
		{"Thank you for applying. Unfortunately, we have decided to go with another candidate.", Rejection},
		{"We have extended an offer to another candidate.", Rejection},
		{"Leider müssen wir Ihnen mitteilen, dass wir uns für einen anderen Kandidaten entschieden haben.", Rejection},
		{"Leider können wir Ihre Bewerbung nicht weiter berücksichtigen.", Rejection},
		{"Die Stelle ist bereits besetzt. Wir wünschen Ihnen alles Gute.", Rejection},
		{"Nous avons le regret de vous informer que votre candidature n'a pas été retenue.", Rejection},
		{"Lamentablemente hemos decidido continuar con otros candidatos.", Rejection},
		{"Helaas hebben we besloten om met een andere kandidaat verder te gaan.", Rejection},
		{"Unfortunately we are not able to offer you a position. Best of luck in your future endeavours.", Rejection},
		// Invitations.
		{"We'd like to invite you to a second interview with the team.", NextRound},
		{"Please let us know your availability for a 45-minute call next week.", NextRound},
		{"Great news! You've been selected for the next round.", NextRound},
		{"Pick a time that works for you here: https://calendly.com/jane-acme/30min", NextRound},
		{"Use this link to book your onsite: https://app.goodtime.io/s/abc", NextRound},
		{"We would love to move you forward to the technical interview.", NextRound},
		{"Wir möchten Sie gerne zu einem persönlichen Gespräch einladen.", NextRound},
		{"Teilen Sie uns bitte Ihre Verfügbarkeit für nächste Woche mit.", NextRound},
		{"If you're still interested, please let us know your availability.", NextRound},
		{"The next step is a technical interview with two engineers.", NextRound},
		// Offers.
		{"We are delighted to offer you the position of Staff Engineer!", Offer},
		{"Please find attached your offer letter.", Offer},
		{"Wir freuen uns, Ihnen anbei Ihren Arbeitsvertrag zu senden.", Offer},
		// Requests.
		{"Could you please send us the contact details of two references?", Request},
		{"As part of our process we'll run a background check; please complete the form from Sterling.", Request},
		{"Bitte senden Sie uns noch Ihre Zeugnisse zu.", Request},
		{"What are your salary expectations?", Request},
		// Holds.
		{"The role has been put on hold for now; we'll be back in touch in 3 weeks.", OnHold},
		{"We're still interviewing other candidates and will get back to you next week about the next round.", OnHold},
		{"Hiring for this role is paused until January.", OnHold},
		{"Wir haben noch keine Entscheidung getroffen und melden uns in zwei Wochen.", OnHold},
		// Other, and traps.
		{"Thanks for the great conversation yesterday!", Other},
		{"Unfortunately I need to move our call to Thursday.", Other},
		{"If your profile matches our needs, we will invite you to an interview.", Other},
		{"If you are not selected, you will be notified by email.", Other},
		{"We have not yet filled the position.", Other},
		{"We're not going to pause the search.", Other},
		{"We've decided to move forward with other candidates for the senior role, but we'd like to invite you to interview for the junior role.", Other},
		{"Falls Ihr Profil passt, werden wir Sie zu einem Gespräch einladen.", Other},
		{"We have moved to final interviews with other candidates.", Other},
		// Wordings first seen after the rules were written.
		{"We appreciate your interest, but we have decided to proceed with applicants whose skills are a closer match.", Rejection},
		{"While your background is impressive, we will be moving forward with other candidates at this time.", Rejection},
		{"We won't be moving you forward in the process.", Rejection},
		{"At this time we have decided not to extend an offer.", Rejection},
		{"The hiring manager has decided to move in a different direction.", Rejection},
		{"We've filled the role internally.", Rejection},
		{"You have not been selected for this position.", Rejection},
		{"I'm afraid we won't be taking your application further.", Rejection},
		{"Sadly, you were not successful this time. We'll keep your CV on file.", Rejection},
		{"This requisition has been cancelled.", Rejection},
		{"Wir haben uns entschieden, Ihre Bewerbung nicht weiter zu verfolgen.", Rejection},
		{"Leider haben wir uns für andere Bewerber entschieden.", Rejection},
		{"Leider können wir Ihnen keine Zusage geben.", Rejection},
		{"Malheureusement, nous ne pouvons pas donner suite à votre candidature.", Rejection},
		{"Lamentablemente, no podremos avanzar con tu candidatura.", Rejection},
		{"Helaas hebben we besloten je niet uit te nodigen voor een tweede gesprek.", Rejection},
		{"We'd love to have you back for a final round with the CTO.", NextRound},
		{"Could you send over a few times that work for a call next week?", NextRound},
		{"The team would like to meet you onsite. What does your week look like?", NextRound},
		{"Please use the link below to schedule your next interview.", NextRound},
		{"You're through to the next stage! Please book a slot: https://calendly.com/x", NextRound},
		{"Congratulations, you have progressed to the assessment centre.", NextRound},
		{"Wir würden uns freuen, Sie zu einem zweiten Gespräch einzuladen.", NextRound},
		{"Hätten Sie nächste Woche Zeit für ein Gespräch?", NextRound},
		{"Nous aimerions vous inviter à un entretien.", NextRound},
		{"Nos gustaría invitarte a una entrevista.", NextRound},
		{"We're excited to offer you the role of Senior Engineer at Acme.", Offer},
		{"I'm happy to tell you we want to make you an offer.", Offer},
		{"Wir freuen uns, Ihnen ein Angebot unterbreiten zu können.", Offer},
		{"Please fill out the attached background check authorization.", Request},
		{"Can you send your references by Friday?", Request},
		{"We'll need a copy of your ID and proof of address.", Request},
		{"Könnten Sie uns bitte Ihre Zeugnisse zusenden?", Request},
		{"The position is currently on hold due to budget.", OnHold},
		{"We've had some delays on our end and expect to get back to you in two weeks.", OnHold},
		{"We're still finalising our decision and will update you by Friday.", OnHold},
		{"Die Besetzung der Stelle verzögert sich leider.", OnHold},
		{"Thanks for the update!", Other},
		{"Unfortunately I'm out of office until Monday.", Other},
		{"Should we decide to move forward, we will reach out to schedule an interview.", Other},
		{"Unfortunately, we cannot schedule the next interview this week; could you do Monday instead?", Other},
		{"We don't want to lose you! We'd like to invite you to an onsite interview.", NextRound},
		// A second batch of unseen wordings.
		{"Thank you for your patience throughout the process. We've made the difficult decision to move forward with another finalist.", Rejection},
		{"I wanted to let you know that we've offered the position to someone else.", Rejection},
		{"We will not be pursuing your candidacy further.", Rejection},
		{"Your profile doesn't match what we're looking for right now.", Rejection},
		{"Regrettably, we are unable to progress your application to the next stage.", Rejection},
		{"The team decided to hire a candidate with more domain experience.", Rejection},
		{"Wir bedauern, Ihnen mitteilen zu müssen, dass die Wahl auf eine andere Person gefallen ist.", Rejection},
		{"Nach reiflicher Überlegung haben wir uns gegen Ihre Bewerbung entschieden.", Rejection},
		{"Il profilo non è stato selezionato.", Rejection},
		{"We'd like to bring you in to meet the team next Thursday.", NextRound},
		{"Let me know what days work best for a follow-up conversation with our director.", NextRound},
		{"I've sent you a calendar invite for the technical round.", NextRound},
		{"Would you be open to a second conversation with the hiring manager?", NextRound},
		{"We are moving you to the final stage!", NextRound},
		{"Bitte buchen Sie über den Link einen Termin für das Interview.", NextRound},
		{"We're pleased to let you know that we'd like to offer you the job.", Offer},
		{"Please sign and return the attached offer.", Offer},
		{"Could you provide two professional references?", Request},
		{"Please complete the right-to-work check before Monday.", Request},
		{"We're waiting on final approval and should have an update in about two weeks.", OnHold},
		{"The process is taking a bit longer than planned; I'll be in touch by the end of the month.", OnHold},
		{"Thanks, received!", Other},
		{"Unfortunately our interviewer is sick; we'll have to postpone your interview.", OnHold},
		{"If we decide not to move forward, we will let you know by email.", Other},
		{"Once the hiring manager has reviewed your profile, we will invite you to an interview if there is a match.", Other},
		{"Thank you for your time and availability. Unfortunately we have decided to move forward with other candidates.", Rejection},
		{"Thanks for meeting the team last week. We regret to inform you that the role has been filled.", Rejection},
		// Negations around invitations, a third unseen batch.
		{"We will not be inviting you to the next round.", Rejection},
		{"We are unable to invite you for an interview at this time.", Rejection},
		{"Sadly there won't be a next round for this role.", Other},
		{"I'm afraid we can't move you forward to the onsite.", Rejection},
		{"Wir können Sie leider nicht zum Vorstellungsgespräch einladen.", Rejection},
		{"Leider können wir Ihnen keinen Termin für ein zweites Gespräch anbieten.", Other},
		{"Unfortunately, we are moving forward with other candidates, but please let us know your availability if you'd like to chat about other roles.", Other},
		{"We're excited to move you forward! Unfortunately the hiring manager is out, so we'll schedule next week.", NextRound},
		{"Not only did the team enjoy meeting you, they'd like to invite you back for a final interview.", NextRound},
		{"There's no need to prepare anything: we'd like to invite you to a casual chat.", NextRound},
		{"We don't think it's a fit right now, but we'd like to stay in touch.", Rejection},
		{"You didn't make it to the next round this time.", Rejection},
		{"Don't worry, you're a great fit and we'd like to invite you to the onsite.", NextRound},
		{"Nobody else is being considered; we'd like to invite you to the final interview.", NextRound},
		// One case per multi-word alternative, so a mistyped pattern shows.
		{"You are no longer under consideration for this role.", Rejection},
		{"You are no longer in the running.", Rejection},
		{"Wir können Sie leider nicht in die engere Auswahl nehmen.", Rejection},
		{"Nous ne pouvons pas retenir votre candidature.", Rejection},
		{"Nous avons choisi un autre candidat.", Rejection},
		{"Lamentablemente no has sido seleccionado.", Rejection},
		{"Unfortunately it is a no this time. We will keep you in mind for other roles.", Rejection},
		{"Leider wird es dieses Mal nichts. Für Ihren weiteren Weg alles Gute.", Rejection},
		{"Please send us your updated CV and portfolio.", Request},
		{"Kindly share the signed consent form.", Request},
		{"Sorry for the delayed reply, and thanks for your note!", Other},
		{"Sorry for the delay. The search has been paused until March.", OnHold},
		{"We are happy to let you know we are moving forward with your candidacy.", NextRound},
		{"We have decided to move forward with a candidate whose experience better matches the role.", Rejection},
		{"Unfortunately, we will not be moving forward with your application.", Rejection},
		{"Unfortunately, we have decided not to invite you for an interview.", Rejection},
		{"We would love to stay in touch and invite you to apply for future roles.", Other},
		{"Unfortunately the hiring manager is travelling, so we'd like to schedule your interview for next week.", NextRound},
		{"Unfortunately the manager is out, but we'd like to invite you to an onsite. Best of luck with the move!", NextRound},
		{"Unfortunately it didn't work out this time. We wish you all the best in your search.", Rejection},
		{"We won’t be moving forward with your application.", Rejection},
		// Italian and Portuguese, and more French and Spanish.
		{"Purtroppo abbiamo deciso di proseguire con altri candidati.", Rejection},
		{"Infelizmente decidimos seguir com outros candidatos.", Rejection},
		{"Vorremmo invitarla a un colloquio la prossima settimana.", NextRound},
		{"Gostaríamos de convidar você para uma entrevista.", NextRound},
		{"Nous souhaitons vous proposer un entretien avec l'équipe.", NextRound},
		{"Queremos coordinar una entrevista contigo.", NextRound},
		{"Le recrutement est en attente pour le moment.", OnHold},
		{"El proceso está en pausa hasta enero.", OnHold},
		{"We'd like to invite you to a non-technical interview with HR.", NextRound},
	}
	for _, tt := range tests {
		got := Read("", tt.text, ref, nil)
		if got.Label != tt.label {
			t.Errorf("Read(%q).Label = %s (%s), want %s; signals %+v", tt.text, got.Label, got.Reason, tt.label, got.Signals)
		}
		if got.Label.IsAnswer() && got.Phrase == "" && !strings.Contains(got.Reason, "link") {
			t.Errorf("Read(%q).Phrase is empty, want the deciding phrase", tt.text)
		}
	}
}
