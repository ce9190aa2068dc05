package mailauth

import (
	"context"
	"errors"
)

// ErrLoginRequired is wrapped by every error that only the user can clear by
// signing in again with `followup login` (the refresh token was revoked or
// expired, or no token was ever stored). Callers stop sending on it instead
// of retrying.
var ErrLoginRequired = errors.New("sign-in required")

// TokenSource hands out OAuth2 access tokens. Implementations are safe for
// concurrent use and never log the tokens.
type TokenSource interface {
	// AccessToken returns a token valid now, refreshing it first when it
	// is about to expire. It blocks while a refresh runs.
	AccessToken(ctx context.Context) (string, error)
	// Rejected tells the source that the server refused token: the next
	// AccessToken refreshes even though the token has not expired.
	Rejected(token string)
}

// Credential is what a client logs in with: Username plus either a
// password or an access token source. The zero value logs in with nothing.
type Credential struct {
	Username string
	Password string
	Tokens   TokenSource // set for OAuth2; then Password is unused
}

// OAuth reports whether the credential is a token source.
func (c Credential) OAuth() bool { return c.Tokens != nil }

// Password is a password credential.
func Password(username, password string) Credential {
	return Credential{Username: username, Password: password}
}
