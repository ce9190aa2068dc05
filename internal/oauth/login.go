package oauth

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// ErrStateMismatch is returned when a redirect carries another login's
// state: it may be a cross-site request forgery, and it is refused.
var ErrStateMismatch = errors.New("the redirect's state does not match this login: refused (possible cross-site request forgery), nothing was saved")

// LoginOptions say how to sign in. The zero value (with Out set) runs the
// provider's default flow without opening a browser.
type LoginOptions struct {
	Out io.Writer // instructions for the user: the URL, the device code
	In  io.Reader // NoBrowser: where the redirected URL is pasted
	// Open opens a URL in the user's browser; nil: the URL is only printed.
	Open func(url string) error
	// Device asks for the device flow; NoBrowser for the code flow with
	// the redirected URL pasted back (for a machine without a browser).
	Device, NoBrowser bool
	Port              int          // loopback port of the code flow; 0: random
	HTTP              *http.Client // for the provider's endpoints; nil: http.DefaultClient
	Now               func() time.Time
}

// Login signs in to p with the flow o selects (Device, NoBrowser, else the
// provider's default: the device flow for Microsoft, the loopback code
// flow with PKCE otherwise) and saves the token in store. A refresh token
// already stored is kept when the provider sends none. Nothing is saved
// when the login fails. It blocks until the user has signed in, the
// provider refused, or ctx ends.
func Login(ctx context.Context, p *Provider, store Store, o LoginOptions) (Token, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.HTTP != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, o.HTTP)
	}
	if o.Device && o.NoBrowser {
		return Token{}, errors.New("--device and --no-browser exclude each other: choose one")
	}
	nt, err := runFlow(ctx, p, o)
	if err != nil {
		return Token{}, err
	}
	t := fromOAuth2(nt, o.Now())
	if t.AccessToken == "" {
		return Token{}, fmt.Errorf("%s returned no access token", p)
	}
	if t.RefreshToken == "" {
		if old, err := store.Load(p.Name); err == nil {
			t.RefreshToken = old.RefreshToken
		}
	}
	if err := store.Save(p.Name, t); err != nil {
		return Token{}, err
	}
	return t, nil
}

func runFlow(ctx context.Context, p *Provider, o LoginOptions) (*oauth2.Token, error) {
	switch {
	case o.Device && !p.Device:
		return nil, fmt.Errorf("%s does not allow the device flow for mail: use --no-browser on a machine without a browser", p)
	case o.Device, p.PreferDevice && !o.NoBrowser:
		return deviceFlow(ctx, p, o)
	case p.Config.Endpoint.AuthURL == "":
		return nil, fmt.Errorf("%s has no auth_url: use --device", p)
	case o.NoBrowser:
		return pasteFlow(ctx, p, o)
	}
	return loopbackFlow(ctx, p, o)
}

// deviceFlow prints the code and the URL, then polls until the user has
// entered it (RFC 8628).
func deviceFlow(ctx context.Context, p *Provider, o LoginOptions) (*oauth2.Token, error) {
	da, err := p.Config.DeviceAuth(ctx)
	if err != nil {
		return nil, fmt.Errorf("device login at %s: %s", p, flowError(err))
	}
	fmt.Fprintf(o.Out, "To sign in, open %s and enter the code %s\n", da.VerificationURI, da.UserCode)
	if da.VerificationURIComplete != "" {
		fmt.Fprintf(o.Out, "(or open %s)\n", da.VerificationURIComplete)
	}
	fmt.Fprintln(o.Out, "Waiting for you to sign in…")
	tok, err := p.Config.DeviceAccessToken(ctx, da)
	if err != nil {
		return nil, fmt.Errorf("device login at %s: %s", p, flowError(err))
	}
	return tok, nil
}

// authRequest is one code-flow attempt: its state, PKCE verifier and URL.
type authRequest struct {
	conf     oauth2.Config
	state    string
	verifier string
	url      string
}

func newAuthRequest(p *Provider, redirect string) (*authRequest, error) {
	state, err := randomState()
	if err != nil {
		return nil, err
	}
	r := &authRequest{conf: p.Config, state: state, verifier: oauth2.GenerateVerifier()}
	r.conf.RedirectURL = redirect
	opts := []oauth2.AuthCodeOption{oauth2.AccessTypeOffline, oauth2.S256ChallengeOption(r.verifier)}
	if p.forceConsent {
		opts = append(opts, oauth2.ApprovalForce) // Google sends a refresh token only with consent
	}
	r.url = r.conf.AuthCodeURL(state, opts...)
	return r, nil
}

func randomState() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// code checks a redirect's query (state first) and returns its code.
func (r *authRequest) code(q url.Values) (string, error) {
	if q.Get("state") != r.state {
		return "", ErrStateMismatch
	}
	if e := q.Get("error"); e != "" {
		return "", fmt.Errorf("the provider refused the sign-in: %s", oneLine(e+" "+q.Get("error_description")))
	}
	c := q.Get("code")
	if c == "" {
		return "", errors.New("the redirect has no code: sign in again")
	}
	return c, nil
}

func (r *authRequest) exchange(ctx context.Context, p *Provider, code string) (*oauth2.Token, error) {
	tok, err := r.conf.Exchange(ctx, code, oauth2.VerifierOption(r.verifier))
	if err != nil {
		return nil, fmt.Errorf("code exchange at %s: %s", p, flowError(err))
	}
	return tok, nil
}

// pasteFlow prints the URL and reads back the URL the browser was sent to.
func pasteFlow(ctx context.Context, p *Provider, o LoginOptions) (*oauth2.Token, error) {
	port := o.Port
	if port == 0 {
		port = 8085
	}
	r, err := newAuthRequest(p, fmt.Sprintf("http://127.0.0.1:%d/", port))
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(o.Out, "Open this URL in a browser on any machine and sign in:\n\n  %s\n\n", r.url)
	fmt.Fprintln(o.Out, "The browser then fails to load a page on 127.0.0.1: copy that page's address and paste it here:")
	line, err := bufio.NewReader(o.In).ReadString('\n')
	if err != nil && line == "" {
		return nil, errors.New("no redirected URL was pasted: paste the address the browser ended on")
	}
	u, err := url.Parse(strings.TrimSpace(line))
	if err != nil || u.RawQuery == "" {
		return nil, errors.New("that is not the redirected URL: paste the whole address, starting with http://127.0.0.1")
	}
	code, err := r.code(u.Query())
	if err != nil {
		return nil, err
	}
	return r.exchange(ctx, p, code)
}

// flowError describes an error of a token endpoint without its body,
// which may echo what was sent.
func flowError(err error) string {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return retrieveSummary(re)
	}
	return oneLine(err.Error())
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}
