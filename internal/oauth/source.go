package oauth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/followup-dev/followup/internal/mailauth"
)

// DefaultRefreshMargin is how long before its expiry an access token is
// refreshed, so that a connection opened with it does not fail midway.
const DefaultRefreshMargin = 5 * time.Minute

// SourceOptions adjust a Source. The zero value works.
type SourceOptions struct {
	Now    func() time.Time // the clock; nil: time.Now
	Margin time.Duration    // refresh this long before expiry; zero: DefaultRefreshMargin
	HTTP   *http.Client     // for the token endpoint; nil: http.DefaultClient
	Log    *slog.Logger     // debug lines about refreshes (never a token); nil: discarded
}

// Source is the mailauth.TokenSource of one [oauth2.NAME]: it reads the
// stored token on first use, refreshes the access token before it expires
// or after a server refused it, and stores what the provider returns. A
// refresh token is replaced only when the provider sends a new one. When
// the provider refuses the refresh token (revoked, expired), the stored
// token is marked so, and every call returns an error wrapping
// mailauth.ErrLoginRequired until the user signs in again. Safe for
// concurrent use; calls are serialised.
type Source struct {
	p     *Provider
	store Store
	o     SourceOptions

	mu       sync.Mutex
	tok      *Token
	rejected string
}

// NewSource returns the token source of provider p, with tokens in store.
func NewSource(p *Provider, store Store, o SourceOptions) *Source {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Margin <= 0 {
		o.Margin = DefaultRefreshMargin
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return &Source{p: p, store: store, o: o}
}

var _ mailauth.TokenSource = (*Source)(nil)

// AccessToken returns a valid access token, refreshing it first when it
// expires within the margin or was rejected. It blocks while a refresh runs.
func (s *Source) AccessToken(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	// A token marked unusable is read again each time: `followup login` in
	// another process (the user's shell) replaces it while the daemon runs.
	if s.tok == nil || s.tok.LoginRequired != "" {
		t, err := s.store.Load(s.p.Name)
		if errors.Is(err, ErrNoToken) {
			return "", s.loginRequired("no token is stored")
		}
		if err != nil {
			return "", err
		}
		s.tok = &t
	}
	if s.tok.LoginRequired != "" {
		return "", s.loginRequired(s.tok.LoginRequired)
	}
	if s.fresh() {
		return s.tok.AccessToken, nil
	}
	if err := s.refresh(ctx); err != nil {
		return "", err
	}
	return s.tok.AccessToken, nil
}

// Rejected makes the next AccessToken refresh when token is the current one.
func (s *Source) Rejected(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejected = token
}

func (s *Source) fresh() bool {
	t := s.tok
	if t.AccessToken == "" || t.AccessToken == s.rejected {
		return false
	}
	return t.Expiry.IsZero() || s.o.Now().Add(s.o.Margin).Before(t.Expiry)
}

func (s *Source) loginRequired(why string) error {
	return fmt.Errorf("[oauth2.%s]: %s: %w: run `followup login %s`", s.p.Name, why, mailauth.ErrLoginRequired, s.p.Name)
}

// refresh trades the refresh token for a new access token and stores it.
func (s *Source) refresh(ctx context.Context) error {
	if s.tok.RefreshToken == "" {
		return s.markLoginRequired("the access token expired and there is no refresh token")
	}
	if s.o.HTTP != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, s.o.HTTP)
	}
	now := s.o.Now()
	nt, err := s.p.Config.TokenSource(ctx, &oauth2.Token{RefreshToken: s.tok.RefreshToken}).Token()
	if err != nil {
		return s.refreshFailed(err)
	}
	t := fromOAuth2(nt, now)
	rotated := t.RefreshToken != "" && t.RefreshToken != s.tok.RefreshToken
	if t.RefreshToken == "" {
		t.RefreshToken = s.tok.RefreshToken
	}
	if err := s.store.Save(s.p.Name, t); err != nil {
		return err
	}
	s.tok, s.rejected = &t, ""
	s.o.Log.Debug("oauth2 token refreshed", "oauth2", s.p.Name, "expires", t.Expiry, "refresh_token_rotated", rotated)
	return nil
}

// refreshFailed tells a refused refresh token (the user must sign in
// again) from a failure worth retrying.
func (s *Source) refreshFailed(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		if re.ErrorCode == "invalid_grant" || re.ErrorCode == "unauthorized_client" || re.ErrorCode == "invalid_client" {
			return s.markLoginRequired(fmt.Sprintf("the provider refused the refresh token (%s)", re.ErrorCode))
		}
		return fmt.Errorf("[oauth2.%s]: refresh at %s: %s", s.p.Name, s.p, retrieveSummary(re))
	}
	return fmt.Errorf("[oauth2.%s]: refresh: %w", s.p.Name, err)
}

func (s *Source) markLoginRequired(why string) error {
	t := Token{LoginRequired: why}
	if err := s.store.Save(s.p.Name, t); err != nil {
		return errors.Join(s.loginRequired(why), err)
	}
	s.tok = &t
	return s.loginRequired(why)
}

// retrieveSummary describes a token endpoint error without its body.
func retrieveSummary(re *oauth2.RetrieveError) string {
	code := 0
	if re.Response != nil {
		code = re.Response.StatusCode
	}
	if re.ErrorCode != "" {
		return fmt.Sprintf("HTTP %d, %s", code, re.ErrorCode)
	}
	return fmt.Sprintf("HTTP %d", code)
}
