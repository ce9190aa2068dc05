package mailer

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/textproto"
)

// Outcome is what became of one message handed to Sender.Send.
type Outcome int

// The outcomes. The zero value is not an outcome, so a forgotten Result is
// never mistaken for a sent message.
const (
	// Sent: the server answered 2xx to the end of DATA.
	Sent Outcome = iota + 1
	// Transient: not delivered, and the server cannot have accepted it
	// (4xx reply, or the connection failed before the end of DATA): retry
	// later with NextAttempt.
	Transient
	// Permanent: not delivered and retrying will not help (5xx reply, a
	// refused configuration, an untrusted certificate, an invalid message).
	Permanent
	// Ambiguous: the whole message and the final dot were written but no
	// reply came (connection lost, timeout, cancellation). The server may
	// have accepted it: never resend without asking the user.
	Ambiguous
)

func (o Outcome) String() string {
	switch o {
	case Sent:
		return "sent"
	case Transient:
		return "transient"
	case Permanent:
		return "permanent"
	case Ambiguous:
		return "ambiguous"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// Stage is the step of the SMTP exchange an error happened in.
type Stage string

// The stages, in protocol order.
const (
	StageMessage   Stage = "message"  // checking the Outgoing before connecting
	StageConnect   Stage = "connect"  // dial, implicit TLS handshake, greeting, EHLO
	StageTLS       Stage = "starttls" // STARTTLS and its handshake
	StageAuth      Stage = "auth"
	StageMail      Stage = "mail from"
	StageRcpt      Stage = "rcpt to"
	StageData      Stage = "data"        // the DATA command and writing the message
	StageEndOfData Stage = "end of data" // the final dot and waiting for its reply
)

// Configuration and security errors. They come wrapped in an *Error with
// Outcome Permanent: the user must change the configuration.
var (
	// ErrCertificateUntrusted: the server's certificate is not signed by
	// a trusted authority.
	ErrCertificateUntrusted = errors.New("certificate not trusted: set [smtp] ca_file to the server's CA certificate")
	// ErrCertificateInvalid: the certificate is signed by a trusted
	// authority but is for another host, expired or otherwise unusable.
	ErrCertificateInvalid = errors.New("certificate invalid for this server: check [smtp] host")
	// ErrStartTLSUnavailable: security is "starttls" but the server did
	// not offer STARTTLS. Nothing was sent, in particular not the password.
	ErrStartTLSUnavailable = errors.New(`server does not offer STARTTLS: nothing was sent; use security = "tls" (port 465) or ask the provider`)
	// ErrInsecureRefused: security "none" with a host that is not loopback.
	ErrInsecureRefused = errors.New(`security = "none" is allowed only for a loopback host`)
	// ErrAuthUnsupported: a username is set but the server offers neither
	// PLAIN nor LOGIN.
	ErrAuthUnsupported = errors.New("server offers no supported AUTH mechanism (PLAIN, LOGIN)")
	// ErrAuthFailed: the server refused the credentials (535 and the like).
	ErrAuthFailed = errors.New("authentication failed: check [smtp] username and password")
	// ErrNotAttempted: the connection was lost before this message's turn.
	ErrNotAttempted = errors.New("not attempted: connection lost before this message")
)

// Error is why one message was not sent. Code is the SMTP reply code, 0
// when the server did not reply. Err is the underlying cause; errors.Is
// finds the sentinels above through it.
type Error struct {
	Stage   Stage
	Outcome Outcome
	Code    int
	Err     error
}

func (e *Error) Error() string {
	return fmt.Sprintf("smtp %s: %s: %v", e.Stage, e.Outcome, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// ErrNotTLS: security is "tls" but the server answered in plain text (a
// submission port such as 587 or 25): a configuration error, not a
// network one, so it is not retried.
var ErrNotTLS = errors.New(`the server does not speak TLS on this port: use security = "starttls" for port 587, or port 465 with "tls"`)

// isPlainTextReply reports whether a TLS handshake failed because the
// server sent plain text (an SMTP greeting) instead of a TLS record.
func isPlainTextReply(err error) bool {
	var rh tls.RecordHeaderError
	return errors.As(err, &rh)
}

// Settings reports whether e is the account's configuration and not the
// message: the connection could not be secured (no STARTTLS, an untrusted
// or wrong certificate, plain text on a TLS port) or the login was refused.
// No message was handed over, so none should be marked failed: the whole
// batch waits until the settings are fixed.
func (e *Error) Settings() bool {
	if e == nil || e.Outcome != Permanent {
		return false
	}
	switch e.Stage {
	case StageConnect, StageTLS, StageAuth:
		return true
	}
	return false
}

// classify decides the outcome of err at stage. The mapping of go-mail's
// smtp client errors:
//
//   - *textproto.Error (the server replied): 4xx → Transient, 5xx →
//     Permanent; at the end of DATA a 2xx other than 250 → Sent; any other
//     unexpected code → Permanent before the end of DATA, Ambiguous after.
//   - x509 verification errors from the TLS handshake (wrapped by
//     *tls.CertificateVerificationError) → Permanent, wrapping
//     ErrCertificateUntrusted or ErrCertificateInvalid.
//   - our own sentinels (ErrStartTLSUnavailable, ErrAuth…) → Permanent.
//   - anything else (dial refused, DNS, timeouts, resets, EOF, TLS alerts,
//     context cancellation): Transient before StageEndOfData, Ambiguous at it.
func classify(stage Stage, err error) *Error {
	e := &Error{Stage: stage, Err: err}
	var tpe *textproto.Error
	switch {
	case errors.As(err, &tpe):
		e.Code = tpe.Code
		e.Outcome = replyOutcome(stage, tpe.Code)
		if stage == StageAuth && e.Outcome == Permanent {
			e.Err = fmt.Errorf("%w: %w", ErrAuthFailed, err)
		}
	case isCertificateError(err):
		e.Outcome = Permanent
		e.Err = certificateError(err)
	case isPlainTextReply(err):
		e.Outcome = Permanent
		e.Err = fmt.Errorf("%w: %w", ErrNotTLS, err)
	case errors.Is(err, ErrStartTLSUnavailable), errors.Is(err, ErrInsecureRefused),
		errors.Is(err, ErrAuthUnsupported), errors.Is(err, ErrInvalidOutgoing):
		e.Outcome = Permanent
	case stage == StageEndOfData:
		e.Outcome = Ambiguous
	default:
		e.Outcome = Transient
	}
	return e
}

// replyOutcome classifies an SMTP reply code that was not the expected one.
func replyOutcome(stage Stage, code int) Outcome {
	switch {
	case code >= 400 && code < 500:
		return Transient
	case code >= 500 && code < 600:
		return Permanent
	case stage == StageEndOfData && code >= 200 && code < 300:
		return Sent
	case stage == StageEndOfData:
		return Ambiguous
	}
	return Permanent
}

func isCertificateError(err error) bool {
	var (
		ua x509.UnknownAuthorityError
		he x509.HostnameError
		ci x509.CertificateInvalidError
	)
	return errors.As(err, &ua) || errors.As(err, &he) || errors.As(err, &ci)
}

func certificateError(err error) error {
	var ua x509.UnknownAuthorityError
	if errors.As(err, &ua) {
		return fmt.Errorf("%w: %w", ErrCertificateUntrusted, err)
	}
	return fmt.Errorf("%w: %w", ErrCertificateInvalid, err)
}

// contextCause prefers the context's error when ctx ended: a closed
// connection is then reported as the cancellation it is.
func contextCause(ctx context.Context, err error) error {
	if ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		return fmt.Errorf("%w (%w)", context.Cause(ctx), err)
	}
	return err
}
