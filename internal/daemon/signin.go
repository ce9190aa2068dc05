package daemon

import (
	"errors"
	"log/slog"
	"sync/atomic"

	"github.com/followup-dev/followup/internal/mailauth"
)

// SignInFilter takes the errors of a pass that only a new `followup login`
// can clear (mailauth.ErrLoginRequired) out of err: the first time they
// appear they are logged as one error, and they are not logged again until
// a pass goes without them. Drafts and everything else keep working; no
// mail is sent meanwhile. It returns the other errors. Its zero value is
// ready; one per account.
type SignInFilter struct{ logged atomic.Bool }

// Filter is err without its sign-in errors, logged to log as above.
func (f *SignInFilter) Filter(log *slog.Logger, err error) error {
	var signIn, rest []error
	for _, e := range leafErrors(err) {
		if errors.Is(e, mailauth.ErrLoginRequired) {
			signIn = append(signIn, e)
		} else {
			rest = append(rest, e)
		}
	}
	if len(signIn) == 0 {
		f.logged.Store(false)
	} else if !f.logged.Swap(true) {
		log.Error("sign-in required: no mail is sent until you run followup login; drafts are still made", "err", signIn[0])
	}
	return errors.Join(rest...)
}

// leafErrors flattens errors.Join trees.
func leafErrors(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, leafErrors(e)...)
		}
		return out
	}
	return []error{err}
}
