package mailer

import (
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
)

// fallbackDomain names Message-IDs when the sender address has no usable
// domain. ".invalid" is reserved (RFC 2606) and never a real host.
const fallbackDomain = "followup.invalid"

// maxMessageIDLen bounds a msg-id so that it fits on one header line.
const maxMessageIDLen = 250

// ErrInvalidMessageID is wrapped by errors about malformed msg-ids.
var ErrInvalidMessageID = errors.New("invalid message id")

var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewMessageID returns a fresh msg-id, without angle brackets, of the form
// random@domain where domain is the sender address's domain, so that the
// machine's host name never appears in mail. The random part holds 160 bits
// from crypto/rand.
func NewMessageID(senderAddr string) string {
	var b [20]byte
	rand.Read(b[:]) // never fails (crypto/rand panics rather than return an error)
	return strings.ToLower(idEncoding.EncodeToString(b[:])) + "@" + idDomain(senderAddr)
}

// idDomain is the lower-cased domain of addr, or fallbackDomain when it is
// missing or not a plain ASCII dot-atom.
func idDomain(addr string) string {
	i := strings.LastIndexByte(addr, '@')
	if i < 0 {
		return fallbackDomain
	}
	d := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(addr[i+1:]), ">"))
	if !isDotAtom(d) {
		return fallbackDomain
	}
	return d
}

// ValidMessageID reports whether id, given without angle brackets, is an
// RFC 5322 msg-id: dot-atom-text "@" (dot-atom-text / "[" dtext "]"). The
// obsolete forms (quoted strings, comments, folding) are refused: they are
// never needed to thread mail and are easy to abuse.
func ValidMessageID(id string) error {
	if id == "" || len(id) > maxMessageIDLen {
		return fmt.Errorf("%w: %q: must be 1-%d characters", ErrInvalidMessageID, id, maxMessageIDLen)
	}
	left, right, ok := strings.Cut(id, "@")
	if !ok || !isDotAtom(left) || !(isDotAtom(right) || isDomainLiteral(right)) {
		return fmt.Errorf("%w: %q: want local@domain without angle brackets", ErrInvalidMessageID, id)
	}
	return nil
}

func isDotAtom(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '.' && !isAtext(s[i]) {
			return false
		}
	}
	return true
}

func isAtext(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// isDomainLiteral accepts "[" dtext "]" where dtext is printable ASCII
// other than "[", "]" and "\".
func isDomainLiteral(s string) bool {
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return false
	}
	for i := 1; i < len(s)-1; i++ {
		c := s[i]
		if c < 33 || c > 126 || c == '[' || c == ']' || c == '\\' {
			return false
		}
	}
	return true
}
