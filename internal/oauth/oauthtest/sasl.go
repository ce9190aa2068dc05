package oauthtest

import (
	"bytes"
	"errors"
	"strings"

	"github.com/emersion/go-sasl"
)

// Mechanisms are the token mechanisms SASLServer serves.
var Mechanisms = []string{"OAUTHBEARER", "XOAUTH2"}

// ErrTokenRefused is what a SASL server returns for a bad token.
var ErrTokenRefused = errors.New("token refused")

// SASLServer returns the server side of mech (OAUTHBEARER or XOAUTH2) that
// accepts a login only with a currently valid access token for the
// server's user; ok runs on success.
func (s *Server) SASLServer(mech string, ok func(user string) error) (sasl.Server, error) {
	check := func(user, token string) error {
		if !strings.EqualFold(user, s.o.User) || !s.Valid(token) {
			return ErrTokenRefused
		}
		return ok(user)
	}
	switch strings.ToUpper(mech) {
	case "OAUTHBEARER":
		return sasl.NewOAuthBearerServer(func(o sasl.OAuthBearerOptions) *sasl.OAuthBearerError {
			if check(o.Username, o.Token) != nil {
				return &sasl.OAuthBearerError{Status: "invalid_token", Schemes: "bearer"}
			}
			return nil
		}), nil
	case "XOAUTH2":
		return &xoauth2Server{check: check}, nil
	}
	return nil, errors.New("unsupported mechanism " + mech)
}

// xoauth2Server: on a bad token it sends a JSON challenge, waits for the
// client's empty answer, then fails.
type xoauth2Server struct {
	check  func(user, token string) error
	failed error
}

func (x *xoauth2Server) Next(resp []byte) ([]byte, bool, error) {
	if x.failed != nil {
		return nil, true, x.failed
	}
	if resp == nil {
		return []byte{}, false, nil
	}
	var user, token string
	for _, f := range bytes.Split(resp, []byte{1}) {
		k, v, _ := strings.Cut(string(f), "=")
		switch k {
		case "user":
			user = v
		case "auth":
			token, _ = strings.CutPrefix(v, "Bearer ")
		}
	}
	if err := x.check(user, token); err != nil {
		x.failed = err
		return []byte(`{"status":"401","schemes":"Bearer","scope":"https://mail.google.com/"}`), false, nil
	}
	return nil, true, nil
}
