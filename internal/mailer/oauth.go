package mailer

import (
	"context"
	"errors"
	"fmt"
	"net/textproto"

	"github.com/emersion/go-sasl"
	"github.com/wneessen/go-mail/smtp"

	"github.com/followup-dev/followup/internal/mailauth"
)

// tokenAuth authenticates with an OAuth2 access token over OAUTHBEARER or
// XOAUTH2, whichever offered comes first in that order. When the server
// refuses the token, sess.refused records it for open, which retries once
// on a new connection. A token that cannot be had (sign-in required) is
// Transient: the messages wait, unsent, until the user signs in again,
// instead of failing for good.
//
// go-mail has smtp.XOAuth2Auth, but not OAUTHBEARER and no choice between
// the two; mailauth's SASL clients, shared with IMAP, are adapted instead.
func (sess *session) tokenAuth(ctx context.Context, offered []string) *Error {
	cred := sess.s.cred
	mech, err := mailauth.ChooseMechanism(offered)
	if err != nil {
		return classify(StageAuth, fmt.Errorf("%w: %w", ErrAuthUnsupported, err))
	}
	tok, err := cred.Tokens.AccessToken(ctx)
	if err != nil {
		return &Error{Stage: StageAuth, Outcome: Transient, Err: err}
	}
	sc, err := mailauth.NewTokenClient(mech, cred.Username, tok, mailauth.Server{Host: sess.s.host, Port: sess.s.port})
	if err != nil {
		return classify(StageAuth, err)
	}
	err = sess.c.Auth(saslAuth{sc})
	if err == nil {
		return nil
	}
	var tpe *textproto.Error
	if errors.As(err, &tpe) {
		sess.refused = tok
	}
	return classify(StageAuth, contextCause(ctx, err))
}

// reopenWithFreshToken tells the token source the server refused token
// and opens a new session. A fresh token refused too is Transient, with
// advice: the messages wait rather than fail.
func (s *Sender) reopenWithFreshToken(ctx context.Context, token string) (*session, *Error) {
	s.cred.Tokens.Rejected(token)
	sess, e := s.openOnce(ctx)
	if e != nil && sess != nil {
		e.Outcome = Transient
		e.Err = fmt.Errorf("%w: a fresh token was refused too: run `followup login`", e.Err)
		return nil, e
	}
	return sess, e
}

// saslAuth adapts a SASL client to go-mail's smtp.Auth.
type saslAuth struct{ c sasl.Client }

func (a saslAuth) Start(*smtp.ServerInfo) (string, []byte, error) { return a.c.Start() }

func (a saslAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	return a.c.Next(fromServer)
}
