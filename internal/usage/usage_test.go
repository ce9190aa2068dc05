package usage

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"testing"
)

type fieldError struct{}

func (fieldError) Error() string { return "bad field" }
func (fieldError) UsageError()   {}

func TestIs(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"plain", errors.New("invalid argument"), false},
		{"EINVAL", fmt.Errorf("write /x/followup.db: %w", &fs.PathError{Op: "write", Path: "/x", Err: syscall.EINVAL}), false},
		{"Errorf", Errorf("bad --at %q", "x"), true},
		{"wrapped", fmt.Errorf("add: %w", Wrap(errors.New("x"))), true},
		{"joined", errors.Join(errors.New("a"), Errorf("b")), true},
		{"marker type", fmt.Errorf("x: %w", fieldError{}), true},
	}
	for _, c := range cases {
		if got := Is(c.err); got != c.want {
			t.Errorf("Is(%s) = %v, want %v", c.name, got, c.want)
		}
	}
	if Wrap(nil) != nil {
		t.Errorf("Wrap(nil) = non-nil, want nil")
	}
}
