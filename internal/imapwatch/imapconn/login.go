package imapconn

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/mailauth"
)

// login authenticates with cred: LOGIN for a password; for a token,
// AUTHENTICATE with OAUTHBEARER or XOAUTH2 (whichever the server offers,
// OAUTHBEARER first). A refused token is reported to the source and tried
// once more with a fresh one, on the same connection.
func login(ctx context.Context, ic *imapclient.Client, srv config.Server, cred mailauth.Credential, log *slog.Logger) error {
	if !cred.OAuth() {
		return Bounded(ctx, ic, "login as "+cred.Username, func() error {
			if ic.Caps().Has(imap.CapLoginDisabled) {
				return errors.New("server refuses LOGIN (LOGINDISABLED)")
			}
			return ic.Login(cred.Username, cred.Password).Wait()
		})
	}
	mech, err := mailauth.ChooseMechanism(ic.Caps().AuthMechanisms())
	if err != nil {
		return fmt.Errorf("oauth2 login as %s: %w", cred.Username, err)
	}
	err = authenticate(ctx, ic, srv, cred, mech)
	var refused refusedToken
	if errors.As(err, &refused) {
		cred.Tokens.Rejected(refused.token)
		log.Debug("imap token refused: refreshing once", "mechanism", mech)
		err = authenticate(ctx, ic, srv, cred, mech)
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

func authenticate(ctx context.Context, ic *imapclient.Client, srv config.Server, cred mailauth.Credential, mech string) error {
	tok, err := cred.Tokens.AccessToken(ctx)
	if err != nil {
		return fmt.Errorf("oauth2 login as %s: %w", cred.Username, err)
	}
	sc, err := mailauth.NewTokenClient(mech, cred.Username, tok, mailauth.Server{Host: srv.Host, Port: srv.Port})
	if err != nil {
		return err
	}
	err = Bounded(ctx, ic, mech+" login as "+cred.Username, func() error { return ic.Authenticate(mailauth.ForIMAP(sc)) })
	var ie *imap.Error
	if errors.As(err, &ie) {
		return refusedToken{token: tok, err: err}
	}
	return err
}

// Bounded runs the command fn, closing the connection when ctx ends first
// so that fn returns (the context's error is then reported); its error is
// wrapped with what.
func Bounded(ctx context.Context, ic *imapclient.Client, what string, fn func() error) error {
	stop := context.AfterFunc(ctx, func() { ic.Close() })
	err := fn()
	if !stop() {
		return fmt.Errorf("%s: %w (connection closed)", what, ctx.Err())
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
