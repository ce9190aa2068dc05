package answer

import (
	"strings"
	"testing"
	"time"
)

var ref = time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)

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
