// Package mailauth is how followup proves who it is to a mail server: a
// Credential (a password or an OAuth2 access token source), the SASL client
// mechanisms for tokens (OAUTHBEARER, RFC 7628, and XOAUTH2, Google's and
// Microsoft's) and the choice between them from the server's capabilities.
// IMAP and SMTP share it, so both pick mechanisms the same way.
package mailauth
