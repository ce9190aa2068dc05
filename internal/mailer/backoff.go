package mailer

import "time"

// The retry schedule after a Transient outcome. With n attempts made so
// far, the next one is due after
//
//	min(base · 2^(n-1), 1 h) · (0.8 + 0.4·jitter), never more than 1 h
//
// i.e. about 5, 10, 20, 40 minutes, then hourly, each within ±20 % (the
// hourly ones 48-60 min) so that retries do not fall in lockstep. The caller stops retrying when GiveUp
// says so ([policy] give_up_after).
const (
	retryBase     = 5 * time.Minute
	retryMaxDelay = time.Hour
	jitterSpread  = 0.4 // total width of the jitter factor around 1
)

// NextAttempt is when to try again after attempts tries (1 after the first
// failure). jitter returns a value in [0, 1), e.g. math/rand/v2.Float64;
// nil means no jitter.
func NextAttempt(attempts int, now time.Time, jitter func() float64) time.Time {
	d := retryBase
	for i := 1; i < attempts && d < retryMaxDelay; i++ {
		d *= 2
	}
	d = min(d, retryMaxDelay)
	factor := 1.0
	if jitter != nil {
		factor = 1 - jitterSpread/2 + jitterSpread*jitter()
	}
	d = time.Duration(float64(d) * factor)
	return now.Add(min(d, retryMaxDelay))
}

// GiveUp reports whether a message first tried at firstTry should be
// abandoned at now because giveUpAfter has passed. A zero firstTry (never
// tried) or a non-positive giveUpAfter never gives up.
func GiveUp(firstTry, now time.Time, giveUpAfter time.Duration) bool {
	if firstTry.IsZero() || giveUpAfter <= 0 {
		return false
	}
	return !now.Before(firstTry.Add(giveUpAfter))
}
