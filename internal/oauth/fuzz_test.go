package oauth

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

// FuzzDecodeToken: a token file or keyring entry of any content gives a
// token or one line saying to log in again, never a panic.
func FuzzDecodeToken(f *testing.F) {
	for _, s := range []string{`{"access_token":"a","refresh_token":"r","expiry":"2026-12-02T10:00:00Z"}`, `{}`, `{"login_required":"revoked"}`, `[`, ``, `{"expiry":"tomorrow"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := decodeToken(data, "file", "x")
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("decodeToken error has a line break: %q", err)
		}
	})
}

// FuzzRedirect: a pasted or requested redirect is accepted only with this
// login's state.
func FuzzRedirect(f *testing.F) {
	f.Add("state=s1&code=c")
	f.Add("state=other&code=c")
	f.Add("error=access_denied&state=s1")
	f.Add("%zz")
	f.Fuzz(func(t *testing.T, query string) {
		r := &authRequest{state: "s1"}
		q, perr := url.ParseQuery(query)
		if perr != nil {
			return
		}
		code, err := r.code(q)
		if q.Get("state") != "s1" && !errors.Is(err, ErrStateMismatch) {
			t.Errorf("code(%q) = %q, %v; want ErrStateMismatch", query, code, err)
		}
		if err == nil && code == "" {
			t.Errorf("code(%q) = empty code without error", query)
		}
	})
}
