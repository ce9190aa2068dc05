package command

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/oauth"
)

// AccountView is the sign-in state of one OAuth2 account in `followup
// status`. It never holds a token.
type AccountView struct {
	Account string     `json:"account"` // "imap" or "smtp"
	User    string     `json:"user"`
	OAuth2  string     `json:"oauth2"`            // the [oauth2.NAME]
	Token   string     `json:"token"`             // present, expired, missing, login-required, token_cmd, unreadable
	Expires *time.Time `json:"expires,omitempty"` // of the access token
	Action  string     `json:"action,omitempty"`  // what the user should do
}

// AccountViews reads, without refreshing anything, the token of every
// [imap] / [smtp] section that signs in with OAuth2.
func (a *App) AccountViews(cfg *config.Config) []AccountView {
	out := []AccountView{}
	for _, acc := range []struct {
		name string
		srv  config.Server
	}{{"imap", cfg.IMAP.Server}, {"smtp", cfg.SMTP.Server}} {
		o, ok := cfg.OAuth2For(acc.srv)
		if !acc.srv.Configured() || !ok {
			continue
		}
		out = append(out, a.accountView(acc.name, acc.srv.Username, o))
	}
	return out
}

func (a *App) accountView(account, user string, o config.OAuth2) AccountView {
	v := AccountView{Account: account, User: user, OAuth2: o.Name}
	login := fmt.Sprintf("run `followup login %s`", o.Name)
	if o.TokenCmd != "" {
		v.Token = "token_cmd"
		return v
	}
	store, err := a.TokenStore()
	if err != nil {
		v.Token, v.Action = "unreadable", err.Error()
		return v
	}
	t, err := store.Load(o.Name)
	switch {
	case errors.Is(err, oauth.ErrNoToken):
		v.Token, v.Action = "missing", login
	case err != nil:
		v.Token, v.Action = "unreadable", err.Error()
	case t.LoginRequired != "":
		v.Token, v.Action = "login-required", t.LoginRequired+": "+login
	default:
		v.Token = "present"
		if !t.Expiry.IsZero() {
			exp := t.Expiry.In(a.Location())
			v.Expires = &exp
		}
		if t.RefreshToken == "" && !t.Expiry.IsZero() && !a.Clock.Now().Before(t.Expiry) {
			v.Token, v.Action = "expired", login
		}
	}
	return v
}

// PrintAccounts prints one "login:" line for each account of `followup status`.
func (a *App) PrintAccounts(w io.Writer, views []AccountView) {
	for _, v := range views {
		fmt.Fprintf(w, "login:   %s %s via [oauth2.%s]: ", v.Account, v.User, v.OAuth2)
		switch {
		case v.Token == "token_cmd":
			fmt.Fprintln(w, "tokens from token_cmd")
		case v.Action != "":
			fmt.Fprintf(w, "%s: %s\n", v.Token, v.Action)
		case v.Expires != nil:
			fmt.Fprintf(w, "token present, access token expires %s (refreshed automatically)\n", a.When(*v.Expires))
		default:
			fmt.Fprintln(w, "token present")
		}
	}
}

// signInNeeded lists, for the digest, the OAuth2 accounts that need
// `followup login`, each with what to run.
func (a *App) signInNeeded(cfg *config.Config) func() []string {
	return func() []string {
		var out []string
		for _, v := range a.AccountViews(cfg) {
			if v.Action != "" {
				out = append(out, fmt.Sprintf("[%s] %s: %s", v.Account, v.User, v.Action))
			}
		}
		return out
	}
}
