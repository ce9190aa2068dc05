package imapwatch

import (
	"context"
	"errors"
	"fmt"

	"github.com/emersion/go-imap/v2"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/mailauth"
)

// login authenticates with cred: LOGIN for a password; for a token,
// AUTHENTICATE with OAUTHBEARER or XOAUTH2 (whichever the server offers,
// OAUTHBEARER first). A refused token is reported to the source and tried
// once more with a fresh one, on the same connection.
func (c *Client) login(ctx context.Context, srv config.Server, cred mailauth.Credential) error {
	if !cred.OAuth() {
		return c.do(ctx, "login as "+cred.Username, func() error {
			if c.ic.Caps().Has(imap.CapLoginDisabled) {
				return errors.New("server refuses LOGIN (LOGINDISABLED)")
			}
			return c.ic.Login(cred.Username, cred.Password).Wait()
		})
	}
	mech, err := mailauth.ChooseMechanism(c.ic.Caps().AuthMechanisms())
	if err != nil {
		return fmt.Errorf("oauth2 login as %s: %w", cred.Username, err)
	}
	err = c.authenticate(ctx, srv, cred, mech)
	var refused refusedToken
	if errors.As(err, &refused) {
		cred.Tokens.Rejected(refused.token)
		c.log.Debug("imap token refused: refreshing once", "mechanism", mech)
		err = c.authenticate(ctx, srv, cred, mech)
		if errors.As(err, &refused) {
			return fmt.Errorf("%w (a fresh token was refused too: run `followup login`)", err)
		}
	}
	return err
}

// refusedToken is a server's NO to AUTHENTICATE with a token.
type refusedToken struct {
	token string
	err   error
}

func (r refusedToken) Error() string { return r.err.Error() }
func (r refusedToken) Unwrap() error { return r.err }

func (c *Client) authenticate(ctx context.Context, srv config.Server, cred mailauth.Credential, mech string) error {
	tok, err := cred.Tokens.AccessToken(ctx)
	if err != nil {
		return fmt.Errorf("oauth2 login as %s: %w", cred.Username, err)
	}
	sc, err := mailauth.NewTokenClient(mech, cred.Username, tok, mailauth.Server{Host: srv.Host, Port: srv.Port})
	if err != nil {
		return err
	}
	err = c.do(ctx, mech+" login as "+cred.Username, func() error { return c.ic.Authenticate(mailauth.ForIMAP(sc)) })
	var ie *imap.Error
	if errors.As(err, &ie) {
		return refusedToken{token: tok, err: err}
	}
	return err
}
