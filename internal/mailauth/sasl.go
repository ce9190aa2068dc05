package mailauth

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/emersion/go-sasl"
)

// The token mechanism names, in order of preference.
const (
	OAuthBearer = "OAUTHBEARER"
	XOAuth2     = "XOAUTH2"
)

// ErrNoTokenMechanism is returned by ChooseMechanism when the server offers
// neither OAUTHBEARER nor XOAUTH2.
var ErrNoTokenMechanism = fmt.Errorf("the server offers neither %s nor %s", OAuthBearer, XOAuth2)

// ChooseMechanism picks the token mechanism from the server's offer
// (case-insensitive): OAUTHBEARER, the standard, when offered, else XOAUTH2.
func ChooseMechanism(offered []string) (string, error) {
	for _, want := range []string{OAuthBearer, XOAuth2} {
		if slices.ContainsFunc(offered, func(m string) bool { return strings.EqualFold(m, want) }) {
			return want, nil
		}
	}
	return "", fmt.Errorf("%w (offered: %s)", ErrNoTokenMechanism, strings.Join(offered, " "))
}

// Server names the host and port in the OAUTHBEARER message.
type Server struct {
	Host string
	Port int
}

// NewTokenClient returns the SASL client for mech (OAuthBearer or XOAuth2)
// logging in as username with token. A server's error challenge is
// answered as each mechanism requires (a %x01 or an empty response), and
// the server's JSON status is kept for the error, so the exchange ends with
// the server's failure reply rather than a client abort.
func NewTokenClient(mech, username, token string, srv Server) (sasl.Client, error) {
	switch mech {
	case OAuthBearer:
		inner := sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: username, Token: token, Host: srv.Host, Port: srv.Port})
		return &tokenClient{inner: inner, answer: []byte{0x01}}, nil
	case XOAuth2:
		return &tokenClient{inner: xoauth2{username: username, token: token}, answer: []byte{}}, nil
	}
	return nil, fmt.Errorf("unknown token mechanism %q", mech)
}

// tokenClient answers the one error challenge of a token mechanism.
type tokenClient struct {
	inner  sasl.Client
	answer []byte
	status *ServerStatus
}

func (c *tokenClient) Start() (string, []byte, error) { return c.inner.Start() }

func (c *tokenClient) Next(challenge []byte) ([]byte, error) {
	if c.status != nil {
		return nil, fmt.Errorf("unexpected second challenge after %s", c.status)
	}
	c.status = parseStatus(challenge)
	return c.answer, nil
}

// ServerStatus is the JSON error a server sends before refusing a token.
type ServerStatus struct {
	Status string `json:"status"`
	Scope  string `json:"scope"`
}

func (s *ServerStatus) String() string { return "status " + s.Status }

func parseStatus(challenge []byte) *ServerStatus {
	s := &ServerStatus{}
	if json.Unmarshal(challenge, s) != nil || s.Status == "" {
		s.Status = "unreadable"
	}
	return s
}

// xoauth2 is the client side of XOAUTH2: one initial response,
// "user=NAME\x01auth=Bearer TOKEN\x01\x01".
type xoauth2 struct{ username, token string }

func (x xoauth2) Start() (string, []byte, error) {
	return XOAuth2, []byte("user=" + x.username + "\x01auth=Bearer " + x.token + "\x01\x01"), nil
}

func (x xoauth2) Next([]byte) ([]byte, error) { return []byte{}, nil }

// ForIMAP adapts a token client to go-imap, which writes an empty SASL
// response as "=" (right for an initial response, RFC 4959, but not for
// an answer to a challenge: Dovecot refuses it as bad base64, a BAD instead
// of the NO the failed token deserves). The empty answer to XOAUTH2's error
// challenge is sent as RFC 7628's %x01 instead, which servers take as the
// end of the failed exchange.
func ForIMAP(c sasl.Client) sasl.Client { return imapClient{c} }

type imapClient struct{ sasl.Client }

func (c imapClient) Next(challenge []byte) ([]byte, error) {
	resp, err := c.Client.Next(challenge)
	if err == nil && len(resp) == 0 {
		resp = []byte{0x01}
	}
	return resp, err
}
