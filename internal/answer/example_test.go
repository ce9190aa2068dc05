package answer_test

import (
	"fmt"
	"time"

	"github.com/followup-dev/followup/internal/answer"
)

// The inbox handler's use: a message classify calls bulk (or that matched
// no interview by address) is examined as ATS mail against the open
// interviews; a person's reply matched by address is only read.
func ExampleTable_Examine() {
	raw := []byte("From: Acme Recruiting <no-reply@us.greenhouse-mail.io>\r\n" +
		"Subject: Your application to Acme\r\n" +
		"Date: Thu, 03 Dec 2026 09:14:07 +0000\r\n\r\n" +
		"Hi Alex, after careful consideration we have decided to move forward with other candidates.\r\n")
	open := []answer.Candidate{{ID: "acme-staff", Company: "Acme Inc.", Role: "Staff Engineer",
		Start: time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC)}}
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

	v, ok := answer.Default().Examine(answer.ParseMessage(raw), open, now, nil)
	fmt.Println(ok, v.Vendor, v.Kind, v.Match.Outcome, v.Match.ID)
	fmt.Println(v.Reading.Reason)
	fmt.Println(v.Summary())
	// Output:
	// true Greenhouse answer matched acme-staff
	// rejection: "move forward with other candidates"
	// Greenhouse: rejection for acme-staff — "move forward with other candidates" (company "Acme Inc." in From name, 7 days after the interview)
}
