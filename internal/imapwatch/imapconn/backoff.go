package imapconn

import (
	"math/rand/v2"
	"time"
)

// Reconnect delays: one second, doubling, at most one minute, so that an
// answer is seen within about a minute of the server coming back (five
// minutes let a whole IMAP outage go unnoticed for that long). A minute of
// retries costs one TCP connection attempt, nothing else.
const (
	backoffBase = time.Second
	backoffMax  = time.Minute
)

// Backoff is the delay before reconnect attempt n (0-based): 1 s
// doubling up to 1 min, with "equal jitter" (a random value between half
// the step and the step) so many clients do not retry in lockstep.
func Backoff(attempt int) time.Duration {
	d := backoffMax
	if attempt < 10 {
		d = min(backoffBase<<attempt, backoffMax)
	}
	half := d / 2
	return half + rand.N(half+1)
}
