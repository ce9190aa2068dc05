package imapconn

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
)

// startTLSGreeting is what imapclient reads as the greeting of a
// connection whose STARTTLS startTLS negotiated. It names no
// capabilities: imapclient asks for them again, as a client must once TLS
// is on (RFC 9051 section 6.2.1).
const startTLSGreeting = "* OK TLS started by followup\r\n"

// maxLineBefore bounds a line before TLS: the greeting, a CAPABILITY.
const maxLineBefore = 8 << 10

// startTLS reads the server's greeting on conn, asks for STARTTLS and
// returns the TLS connection over conn, handshake done. It does this
// itself, before imapclient sees the connection, so that the Client can
// be given the TLS connection through a headertap.Conn (imapclient's own
// STARTTLS puts its TLS layer over the connection it was given, where no
// reader can sit between them). It reads one byte at a time, so that it
// reads nothing past the tagged OK: what the server sent after it is the
// TLS layer's, and cleartext injected there fails the handshake. A
// PREAUTH or BYE greeting, a refusal, or anything but untagged lines and
// the tagged answer is an error; no credential has been sent.
func startTLS(ctx context.Context, conn net.Conn, tc *tls.Config) (*tls.Conn, error) {
	if err := readGreeting(conn); err != nil {
		return nil, err
	}
	if err := askStartTLS(conn); err != nil {
		return nil, err
	}
	tlsConn := tls.Client(conn, tc)
	if err := tlsConn.HandshakeContext(ctx); err != nil {
		return nil, fmt.Errorf("TLS handshake: %w", err)
	}
	return tlsConn, nil
}

// readGreeting reads the server's greeting: nil for an OK.
func readGreeting(conn net.Conn) error {
	greeting, err := readLine(conn)
	if err != nil {
		return fmt.Errorf("greeting: %w", err)
	}
	switch status, _, _ := strings.Cut(strings.TrimPrefix(greeting, "* "), " "); {
	case !strings.HasPrefix(greeting, "* ") || endsInLiteral(greeting):
		return fmt.Errorf("greeting %q is not an IMAP greeting", quoteLine(greeting))
	case strings.EqualFold(status, "PREAUTH"):
		return errors.New("the server logged the connection in before TLS (PREAUTH), so STARTTLS cannot follow")
	case !strings.EqualFold(status, "OK"):
		return fmt.Errorf("the server greeted with %q", quoteLine(greeting))
	}
	return nil
}

// askStartTLS sends STARTTLS and reads up to its tagged answer: nil for
// an OK, the last byte read being that answer's line end.
func askStartTLS(conn net.Conn) error {
	if _, err := conn.Write([]byte("FU0 STARTTLS\r\n")); err != nil {
		return err
	}
	for {
		line, err := readLine(conn)
		if err != nil {
			return err
		}
		if !strings.HasPrefix(line, "* ") || endsInLiteral(line) {
			status, _, _ := strings.Cut(strings.TrimPrefix(line, "FU0 "), " ")
			if !strings.HasPrefix(line, "FU0 ") || !strings.EqualFold(status, "OK") {
				return fmt.Errorf("the server answered %q", quoteLine(line))
			}
			return nil
		}
		if status, _, _ := strings.Cut(line[2:], " "); strings.EqualFold(status, "BYE") {
			return fmt.Errorf("the server closed the connection: %q", quoteLine(line))
		}
		// CAPABILITY, OK [ALERT] and the like: not ours to read.
	}
}

// readLine reads one CRLF-ended line from conn, a byte at a time, and
// returns it without its line end.
func readLine(conn net.Conn) (string, error) {
	var line []byte
	b := make([]byte, 1)
	for len(line) < maxLineBefore {
		if _, err := io.ReadFull(conn, b); err != nil {
			return "", err
		}
		if b[0] == '\n' {
			return string(bytes.TrimSuffix(line, []byte("\r"))), nil
		}
		line = append(line, b[0])
	}
	return "", fmt.Errorf("a line longer than %d bytes before TLS", maxLineBefore)
}

// endsInLiteral reports whether line announces a literal ("{12}" or
// "{12+}" at its end): its bytes would follow, not a line.
func endsInLiteral(line string) bool {
	open := strings.LastIndexByte(line, '{')
	if open < 0 || !strings.HasSuffix(line, "}") {
		return false
	}
	n := strings.TrimSuffix(strings.TrimSuffix(line[open+1:], "}"), "+")
	return n != "" && strings.Trim(n, "0123456789") == ""
}

// quoteLine is at most 64 bytes of a server's line, for an error message.
func quoteLine(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}
