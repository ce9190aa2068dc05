package reading_test

import (
	"fmt"
	"time"

	"github.com/followup-dev/followup/internal/answer/reading"
)

func ExampleRead() {
	r := reading.Read("Re: Thank you", "Thanks Alex! The role is on hold for now; we'll be back in touch in 2 weeks.",
		time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC), nil)
	fmt.Println(r.Label, r.Promise.Latest)
	fmt.Println(r.Reason)
	// Output:
	// on-hold 2026-12-17
	// on-hold: "on hold for now", next news in 2 weeks
}
