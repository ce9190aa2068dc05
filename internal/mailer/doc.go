// Package mailer turns rendered follow-ups into RFC 5322 messages and
// delivers stored messages over SMTP, classifying every outcome as sent,
// transient, permanent or ambiguous so that the outbox never sends twice.
//
// Composing uses go-mail v0.8.1 (never its EML parser or
// SetListUnsubscribe). Sending deliberately does not use go-mail's Msg: the
// outbox stores the composed bytes before the network is touched, and
// Sender writes exactly those bytes inside DATA with go-mail's low-level
// client (github.com/wneessen/go-mail/smtp), so what was stored is what went
// out and a retry resends the same Message-ID.
package mailer
