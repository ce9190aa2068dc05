package daemon

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/mailauth"
)

func TestSignInLoggedOnce(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	var f SignInFilter
	signIn := fmt.Errorf("[smtp]: [oauth2.g]: refused: %w: run `followup login g`", mailauth.ErrLoginRequired)
	other := errors.New("disk full")
	passes := []struct {
		err      error
		wantRest error
	}{
		{errors.Join(signIn, nil), nil},
		{errors.Join(nil, signIn), nil},
		{errors.Join(signIn, other), other},
		{nil, nil}, // signed in again
		{signIn, nil},
	}
	for i, p := range passes {
		rest := f.Filter(log, p.err)
		if (rest == nil) != (p.wantRest == nil) || rest != nil && !errors.Is(rest, p.wantRest) || errors.Is(rest, mailauth.ErrLoginRequired) {
			t.Errorf("pass %d: Filter = %v, want %v", i, rest, p.wantRest)
		}
	}
	if n := strings.Count(logs.String(), "msg=\"sign-in required"); n != 2 {
		t.Errorf("sign-in errors logged %d times, want 2 (once per signed-out spell):\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("log = %q, want an error", logs.String())
	}
}
