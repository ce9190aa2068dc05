// Package oauth signs followup in to a mail provider with OAuth2 and keeps
// the tokens: the built-in Google and Microsoft endpoints, the login flows
// (authorization code with PKCE on a loopback redirect, the same with the
// redirected URL pasted back, and the device flow), the token store (the
// OS keyring, else a private file in the data folder), token_cmd, and a
// Source that hands out access tokens, refreshing them before they expire.
//
// Tokens, codes and secrets are never logged or put in an error message.
// An error that only a new `followup login` can clear wraps
// mailauth.ErrLoginRequired.
package oauth
