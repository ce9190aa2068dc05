package answer

import (
	"bytes"
	"strings"
)

// MayDetect is a quick, conservative Detect over a raw header block (or
// some of its fields, or a whole message: it stops at the header's end),
// for screening many messages: false means Detect
// would find no vendor. It looks at every domain after an '@' in From,
// Sender, Reply-To, Return-Path and Message-ID and at DKIM-Signature's d=
// tag, without decoding anything, and says true when one is a vendor's
// domain (or a subdomain of one) or when a field some vendor's header
// print names is present, so that Detect decides.
func (t *Table) MayDetect(fields []byte) bool {
	for len(fields) > 0 {
		line := fields
		if i := bytes.IndexByte(fields, '\n'); i >= 0 {
			line, fields = fields[:i], fields[i+1:]
		} else {
			fields = nil
		}
		if len(bytes.TrimRight(line, "\r")) == 0 {
			return false // the end of the header: the body is not read
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 || line[0] == ' ' || line[0] == '\t' {
			continue // a folded line: its field's domains were on its first line or are ignored below
		}
		key, value := bytes.TrimSpace(line[:colon]), line[colon+1:]
		switch {
		case isKey(key, "from"), isKey(key, "sender"), isKey(key, "reply-to"), isKey(key, "return-path"), isKey(key, "message-id"):
			if t.anyVendorDomain(value) {
				return true
			}
		case isKey(key, "dkim-signature"):
			if t.vendorDomain(dkimDomain(string(value))) {
				return true
			}
		case len(t.printNames) > 0:
			if t.printNames[string(bytes.ToLower(key))] {
				return true
			}
		}
	}
	return false
}

// anyVendorDomain reports whether a domain after any '@' of v is a vendor's.
func (t *Table) anyVendorDomain(v []byte) bool {
	for {
		at := bytes.IndexByte(v, '@')
		if at < 0 {
			return false
		}
		v = v[at+1:]
		end := bytes.IndexAny(v, "> \t\r,;\"()")
		if end < 0 {
			end = len(v)
		}
		if t.vendorDomain(strings.ToLower(strings.TrimSuffix(string(v[:end]), "."))) {
			return true
		}
	}
}

// vendorDomain reports whether d or one of its parent domains is a
// vendor's domain.
func (t *Table) vendorDomain(d string) bool {
	for d != "" {
		if t.domains[d] {
			return true
		}
		i := strings.IndexByte(d, '.')
		if i < 0 {
			return false
		}
		d = d[i+1:]
	}
	return false
}

// isKey reports whether the field name key is name (lower-case), in any case.
func isKey(key []byte, name string) bool {
	return len(key) == len(name) && bytes.EqualFold(key, []byte(name))
}
