package answer

import (
	"bytes"
	"strings"
)

// MayDetect is a quick, conservative Detect over a raw header block (or
// some of its fields, or a whole message: it stops at the header's end),
// for screening many messages: false means Detect would find no vendor. It
// looks, without decoding, at every domain after an '@' in From, Sender,
// Reply-To, Return-Path and Message-ID and at DKIM-Signature's d= tag,
// folded lines included, and says true when one is a vendor's domain (or a
// subdomain of one), when one of those fields holds an encoded word (an
// address may hide in it), or when a field some vendor's header print
// names is present, so that Detect decides.
func (t *Table) MayDetect(fields []byte) bool {
	var key, value []byte // the field being read, unfolded
	for len(fields) > 0 {
		line := fields
		if i := bytes.IndexByte(fields, '\n'); i >= 0 {
			line, fields = fields[:i], fields[i+1:]
		} else {
			fields = nil
		}
		line = bytes.TrimRight(line, "\r")
		if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') {
			value = append(value, line...) // a folded line: the field goes on
			continue
		}
		if key != nil && t.fieldMayDetect(key, value) {
			return true
		}
		key, value = nil, value[:0]
		if len(line) == 0 {
			return false // the end of the header: the body is not read
		}
		if colon := bytes.IndexByte(line, ':'); colon > 0 {
			key, value = bytes.TrimSpace(line[:colon]), append(value, line[colon+1:]...)
		}
	}
	return key != nil && t.fieldMayDetect(key, value)
}

// fieldMayDetect is MayDetect's test of one unfolded field.
func (t *Table) fieldMayDetect(key, value []byte) bool {
	if len(t.printNames) > 0 && t.printNames[string(bytes.ToLower(key))] {
		return true
	}
	switch {
	case isKey(key, "from"), isKey(key, "sender"), isKey(key, "reply-to"), isKey(key, "return-path"), isKey(key, "message-id"):
		return bytes.Contains(value, []byte("=?")) || t.anyVendorDomain(value)
	case isKey(key, "dkim-signature"):
		return t.vendorDomain(dkimDomain(string(value)))
	}
	return false
}

// isKey reports whether the field name key is name (lower-case), in any case.
func isKey(key []byte, name string) bool {
	return len(key) == len(name) && bytes.EqualFold(key, []byte(name))
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
