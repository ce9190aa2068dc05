// Package usage marks the errors a user must fix in what they asked for or
// in their files (a flag, an argument, the config, a template), as opposed
// to failures while running. The CLI exits 2 for the first and 1 for the
// second, deciding by type, never by the text of a message.
package usage

import (
	"errors"
	"fmt"
)

// Marker is implemented by every error type that is the user's to fix:
// usage.Error here, and the config, template and field errors of other
// packages, which add a UsageError method instead of importing this one.
type Marker interface {
	error
	UsageError()
}

// Error marks Err as the user's to fix.
type Error struct{ Err error }

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// UsageError marks Error as a Marker.
func (e *Error) UsageError() {}

// Wrap marks err as the user's to fix; nil stays nil.
func Wrap(err error) error {
	if err == nil {
		return nil
	}
	return &Error{Err: err}
}

// Errorf formats an error (with %w) and marks it as the user's to fix.
func Errorf(format string, args ...any) error {
	return &Error{Err: fmt.Errorf(format, args...)}
}

// Is reports whether any error in err's tree is a Marker.
func Is(err error) bool {
	var m Marker
	return errors.As(err, &m)
}
