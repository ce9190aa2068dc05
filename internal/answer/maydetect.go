package answer

import (
	"bytes"
	"unicode/utf8"
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
	var key, value, folded []byte // the field being read; folded holds an unfolded copy
	for len(fields) > 0 {
		line := fields
		if i := bytes.IndexByte(fields, '\n'); i >= 0 {
			line, fields = fields[:i], fields[i+1:]
		} else {
			fields = nil
		}
		line = bytes.TrimRight(line, "\r")
		if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') {
			if key != nil { // a folded line: the field goes on
				if len(folded) == 0 {
					folded = append(folded, value...)
				}
				folded = append(folded, line...)
				value = folded
			}
			continue
		}
		if key != nil && t.fieldMayDetect(key, value) {
			return true
		}
		key, value, folded = nil, nil, folded[:0]
		if len(line) == 0 {
			return false // the end of the header: the body is not read
		}
		if colon := bytes.IndexByte(line, ':'); colon > 0 {
			key, value = bytes.TrimSpace(line[:colon]), line[colon+1:]
		}
	}
	return key != nil && t.fieldMayDetect(key, value)
}

// fieldMayDetect is MayDetect's test of one unfolded field.
func (t *Table) fieldMayDetect(key, value []byte) bool {
	if len(t.printNames) > 0 {
		var buf [64]byte
		if len(key) <= len(buf) && t.printNames[string(lowerInto(buf[:0], key))] {
			return true
		}
	}
	switch {
	case isKey(key, "from"), isKey(key, "sender"), isKey(key, "reply-to"), isKey(key, "return-path"), isKey(key, "message-id"):
		return bytes.Contains(value, []byte("=?")) || t.anyVendorDomain(value)
	case isKey(key, "dkim-signature"):
		return t.vendorDomain(dkimDomainOf(value))
	}
	return false
}

// lowerInto appends s lower-cased to dst: bytes.ToLower's result, without
// its allocation when s is ASCII (a name or domain with other characters
// folds as bytes.ToLower folds it: "\u212A" is "k").
func lowerInto(dst, s []byte) []byte {
	for _, c := range s {
		if c >= utf8.RuneSelf {
			return append(dst, bytes.ToLower(s)...)
		}
	}
	for _, c := range s {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// dkimDomainOf is dkimDomain over raw bytes, lower-cased, without an
// allocation for a short domain.
func dkimDomainOf(sig []byte) []byte {
	for len(sig) > 0 {
		tag := sig
		if i := bytes.IndexByte(sig, ';'); i >= 0 {
			tag, sig = sig[:i], sig[i+1:]
		} else {
			sig = nil
		}
		k, v, ok := bytes.Cut(bytes.TrimSpace(tag), []byte("="))
		if ok && string(bytes.TrimSpace(k)) == "d" {
			return bytes.TrimSpace(v)
		}
	}
	return nil
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
		if t.vendorDomain(bytes.TrimSuffix(v[:end], []byte("."))) {
			return true
		}
	}
}

// vendorDomain reports whether d (in any case) or one of its parent
// domains is a vendor's domain. It reads d from its end, a label at a
// time, while what it has read is the end of some vendor's domain.
func (t *Table) vendorDomain(d []byte) bool {
	var buf [128]byte
	if len(d) > len(buf) {
		d = bytes.ToLower(d)
	} else {
		d = lowerInto(buf[:0], d)
	}
	for i := len(d); i > 0; {
		i = bytes.LastIndexByte(d[:i-1], '.') + 1 // the start of the next label leftwards
		if i == 0 && len(d) > 0 && d[0] == '.' {
			return false
		}
		s := d[i:]
		if !t.suffixes[string(s)] {
			return false
		}
		if t.domains[string(s)] {
			return true
		}
		if i == 0 {
			return false
		}
	}
	return false
}
