package answer

import (
	"net/mail"
	"slices"
	"strings"
)

// Detection says which applicant-tracking system sent a message and how
// that was recognised.
type Detection struct {
	Vendor string // the vendor's name, "Greenhouse"
	// Evidence is the fingerprint that matched, for example
	// "From domain us.greenhouse-mail.io" or "DKIM d=hire.lever.co".
	Evidence string
}

// Detect reports whether the header h (lower-cased names, as in Header)
// comes from a known applicant-tracking system. It looks at the domains of
// From, Sender, Reply-To and Return-Path, at the Message-ID's domain, at the
// d= of DKIM signatures and at the vendors' header fingerprints, in that
// order, so a sender address wins over a relay's signature.
func (t *Table) Detect(h Header) (Detection, bool) {
	for _, src := range headerDomains(h) {
		for _, v := range t.vendors {
			if hasDomain(v.Domains, src.domain) {
				return Detection{Vendor: v.Name, Evidence: src.what + " " + src.domain}, true
			}
		}
	}
	for _, v := range t.vendors {
		if e, ok := headerPrint(v.Headers, h); ok {
			return Detection{Vendor: v.Name, Evidence: e}, true
		}
	}
	return Detection{}, false
}

// domainSource is a domain found in a header field.
type domainSource struct{ what, domain string }

// headerDomains lists the domains Detect compares, most telling first.
func headerDomains(h Header) []domainSource {
	var out []domainSource
	for _, f := range []struct{ key, what string }{{"from", "From domain"}, {"sender", "Sender domain"}, {"reply-to", "Reply-To domain"}, {"return-path", "Return-Path domain"}} {
		for _, a := range fieldAddresses(h.Get(f.key)) {
			out = append(out, domainSource{f.what, domainOf(a)})
		}
	}
	if id := strings.Trim(strings.TrimSpace(h.Get("message-id")), "<>"); strings.Contains(id, "@") {
		out = append(out, domainSource{"Message-ID domain", domainOf(id)})
	}
	for _, sig := range h.Values("dkim-signature") {
		if d := dkimDomain(sig); d != "" {
			out = append(out, domainSource{"DKIM d=", d})
		}
	}
	return out
}

// fieldAddresses returns the lower-cased addresses of an address field,
// falling back to the text between angle brackets.
func fieldAddresses(v string) []string {
	if v == "" {
		return nil
	}
	if list, err := mail.ParseAddressList(decodeWords(v)); err == nil {
		out := make([]string, 0, len(list))
		for _, a := range list[:min(len(list), 8)] {
			out = append(out, strings.ToLower(a.Address))
		}
		return out
	}
	if i := strings.LastIndexByte(v, '<'); i >= 0 {
		v = v[i+1:]
	}
	v = strings.ToLower(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(v), ">")))
	if strings.Contains(v, "@") && !strings.ContainsAny(v, " \t") {
		return []string{v}
	}
	return nil
}

// domainOf is the lower-cased domain of an address or msg-id.
func domainOf(a string) string {
	i := strings.LastIndexByte(a, '@')
	if i < 0 {
		return ""
	}
	return strings.TrimSuffix(strings.ToLower(strings.Trim(a[i+1:], " >")), ".")
}

// dkimDomain is the d= tag of a DKIM-Signature value.
func dkimDomain(sig string) string {
	for _, tag := range strings.Split(sig, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(tag), "=")
		if ok && strings.TrimSpace(k) == "d" {
			return strings.ToLower(strings.TrimSpace(v))
		}
	}
	return ""
}

// hasDomain reports whether d is one of domains or a subdomain of one.
func hasDomain(domains []string, d string) bool {
	if d == "" {
		return false
	}
	for _, v := range domains {
		if d == v || strings.HasSuffix(d, "."+v) {
			return true
		}
	}
	return false
}

// headerPrint checks fingerprints "Name" (present) and "Name: text" (value
// contains text, case-insensitively).
func headerPrint(prints []string, h Header) (string, bool) {
	for _, p := range prints {
		name, want, hasValue := strings.Cut(p, ":")
		name, want = strings.ToLower(strings.TrimSpace(name)), strings.ToLower(strings.TrimSpace(want))
		for _, v := range h.Values(name) {
			if !hasValue || strings.Contains(strings.ToLower(v), want) {
				return "header " + strings.TrimSpace(p), true
			}
		}
	}
	return "", false
}

// HeaderNames are the header fields Detect reads: the sender fields,
// Message-ID, DKIM-Signature and every field a vendor's header print names,
// without repeats (compared without case). A screen that fetches only some
// header fields fetches these for Detect to see what it would see in the
// whole header. Case is kept as written.
func (t *Table) HeaderNames() []string {
	names := []string{"From", "Sender", "Reply-To", "Return-Path", "Message-ID", "DKIM-Signature"}
	for _, v := range t.vendors {
		for _, p := range v.Headers {
			name, _, _ := strings.Cut(p, ":")
			name = strings.TrimSpace(name)
			if name != "" && !slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, name) }) {
				names = append(names, name)
			}
		}
	}
	return names
}
