package command

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/daemon"
	"github.com/followup-dev/followup/internal/imapwatch"
	"github.com/followup-dev/followup/internal/mailauth"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/oauth"
	"github.com/followup-dev/followup/internal/usage"
)

// TokenStore is where `followup login` keeps tokens: the OS keyring when
// one answers (unless FOLLOWUP_NO_KEYRING is set), else private files in
// DATA/oauth2.
func (a *App) TokenStore() (oauth.Store, error) {
	dir, err := config.DataDir(a.Env)
	if err != nil {
		return nil, usage.Wrap(err)
	}
	return oauth.OpenStore(filepath.Join(dir, "oauth2"), a.Env("FOLLOWUP_NO_KEYRING") == ""), nil
}

// tokenSources hands out one token source per [oauth2.NAME], shared by
// every connection of the process, so a refreshed token is reused.
type tokenSources struct {
	a   *App
	cfg *config.Config
	log *slog.Logger

	mu      sync.Mutex
	sources map[string]mailauth.TokenSource
}

// credential is how to log in to s ([imap] or [smtp], named by section):
// its password, or the token source of its [oauth2.NAME].
func (ts *tokenSources) credential(ctx context.Context, section string, s config.Server) (mailauth.Credential, error) {
	if s.Auth != config.AuthOAuth2 {
		if s.Username == "" {
			return mailauth.Credential{}, nil
		}
		pw, err := s.Secret(ctx)
		if err != nil {
			return mailauth.Credential{}, usage.Errorf("[%s]: %w", section, err)
		}
		return mailauth.Password(s.Username, pw), nil
	}
	o, ok := ts.cfg.OAuth2For(s)
	if !ok {
		return mailauth.Credential{}, usage.Errorf("[%s] auth = \"oauth2\" names no [oauth2.NAME] section: run `followup config check`", section)
	}
	src, err := ts.source(ctx, o)
	if err != nil {
		return mailauth.Credential{}, err
	}
	return mailauth.Credential{Username: s.Username, Tokens: src}, nil
}

func (ts *tokenSources) source(ctx context.Context, o config.OAuth2) (mailauth.TokenSource, error) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if src, ok := ts.sources[o.Name]; ok {
		return src, nil
	}
	var src mailauth.TokenSource
	if o.TokenCmd != "" {
		src = &oauth.CommandSource{Name: o.Name, Command: o.TokenCmd}
	} else {
		p, err := oauth.NewProvider(ctx, o)
		if err != nil {
			return nil, usage.Wrap(err)
		}
		store, err := ts.a.TokenStore()
		if err != nil {
			return nil, err
		}
		src = oauth.NewSource(p, store, oauth.SourceOptions{Now: ts.a.Clock.Now, Log: ts.log})
	}
	if ts.sources == nil {
		ts.sources = map[string]mailauth.TokenSource{}
	}
	ts.sources[o.Name] = src
	return src, nil
}

// wireOAuth replaces d's IMAP and SMTP dialers by ones that sign in with
// OAuth2 for the sections with auth = "oauth2"; password sections keep
// theirs. withSMTP says whether d gets an SMTP sender.
func (a *App) wireOAuth(d *daemon.Deps, withSMTP bool) {
	cfg := d.Config
	ts := &tokenSources{a: a, cfg: cfg, log: d.Log}
	if len(cfg.OAuth2) > 0 {
		d.SignInNeeded = a.signInNeeded(cfg)
	}
	if cfg.IMAP.Configured() && cfg.IMAP.Auth == config.AuthOAuth2 {
		d.DialIMAP = oauthWatchDialer(ts, cfg.IMAP, d.Log)
	}
	if withSMTP && cfg.SMTP.Configured() && cfg.SMTP.Auth == config.AuthOAuth2 {
		d.NewSender = oauthSender(ts, cfg.SMTP)
	}
}

func oauthWatchDialer(ts *tokenSources, c config.IMAP, log *slog.Logger) imapwatch.DialFunc {
	return func(ctx context.Context) (*imapwatch.Client, error) {
		cred, err := ts.credential(ctx, "imap", c.Server)
		if err != nil {
			return nil, err
		}
		return imapwatch.DialWith(ctx, c, cred, imapwatch.Options{Logger: log})
	}
}

// oauthSender gets a token before it returns the sender, so that a sign-in
// that is needed stops the send before any message is claimed.
func oauthSender(ts *tokenSources, c config.SMTP) func(context.Context) (daemon.Sender, error) {
	return func(ctx context.Context) (daemon.Sender, error) {
		cred, err := ts.credential(ctx, "smtp", c.Server)
		if err != nil {
			return nil, err
		}
		if _, err := cred.Tokens.AccessToken(ctx); err != nil {
			return nil, fmt.Errorf("[smtp]: %w", err)
		}
		s, err := mailer.NewSenderWith(c, cred)
		if err != nil {
			return nil, usage.Errorf("[smtp]: %w", err)
		}
		return s, nil
	}
}
