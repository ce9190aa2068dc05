package answer

import (
	"strings"

	"github.com/followup-dev/followup/internal/answer/words"
)

// legalSuffixes are dropped from the end of a company name before it is
// looked for ("Acme GmbH" is named as "Acme").
var legalSuffixes = words.Set("inc", "llc", "ltd", "limited", "gmbh", "ag", "se", "sa", "sas", "sarl", "bv", "nv", "plc",
	"corp", "corporation", "co", "company", "group", "holding", "holdings", "kg", "ug", "oy", "ab", "as", "aps", "srl",
	"spa", "pty", "lp", "llp", "mbh", "ltda", "kk")

// slugAffixes may stand beside a company name in an ATS slug
// ("careers-acme", "acmeinc", "acme-jobs").
var slugAffixes = words.Set("careers", "career", "jobs", "job", "hr", "hire", "hiring", "talent", "recruiting", "inc", "gmbh",
	"ag", "llc", "ltd", "corp", "co", "io", "hq", "group", "tech", "labs", "team", "work", "apply")

// companyWords is the company name's words without a trailing legal form.
func companyWords(company string) []string {
	w := words.Split(strings.ReplaceAll(company, "&", " and "))
	for len(w) > 1 && legalSuffixes[w[len(w)-1]] {
		w = w[:len(w)-1]
	}
	return w
}

// normalized is text as its words separated by single blanks, with a
// blank at each end, so that a name is found with one strings.Contains.
func normalized(text string) string {
	return " " + strings.Join(words.Split(text), " ") + " "
}

// namesIn reports whether the words of name appear in norm (made by
// normalized) as whole words, in order and adjacent.
func namesIn(norm string, name []string) bool {
	if len(name) == 0 {
		return false
	}
	return strings.Contains(norm, " "+strings.Join(name, " ")+" ")
}

// slugNames reports whether an ATS slug ("acme", "careers-acme",
// "globex-corp", "AcmeInc") stands for the company: the slug's words
// without affixes such as "careers" or "jobs" spell the company's name, or
// the first word of a longer name of at least four letters ("wayne" for
// Wayne Enterprises).
func slugNames(slug string, company []string) bool {
	joined := strings.Join(company, "")
	if len(joined) < 3 {
		return false
	}
	parts := words.Split(slug)
	var kept []string
	for _, p := range parts {
		if !slugAffixes[p] {
			kept = append(kept, p)
		}
	}
	flat := strings.Join(kept, "")
	if flat == joined || len(company) > 1 && len(company[0]) >= 4 && flat == company[0] {
		return true
	}
	affix := func(a string) bool { return slugAffixes[a] || legalSuffixes[a] }
	if rest, ok := strings.CutPrefix(flat, joined); ok && affix(rest) {
		return true
	}
	if rest, ok := strings.CutSuffix(flat, joined); ok && affix(rest) {
		return true
	}
	return false
}

// slugsIn finds the slugs of vendor v in the lower-cased haystack (links in
// the body, addresses in the header).
func slugsIn(v Vendor, hay string) []string {
	var out []string
	for _, p := range v.Slugs {
		before, after, _ := strings.Cut(p, "{slug}")
		switch {
		case before == "": // {slug}.host or {slug}@host
			out = append(out, leftLabels(hay, after)...)
		default: // host/{slug}
			out = append(out, pathSegments(hay, before)...)
		}
		if len(out) > 8 {
			break
		}
	}
	return out
}

// leftLabels returns the label right before each occurrence of suffix
// (".myworkdayjobs.com" in "acme.wd5.myworkdayjobs.com" gives "wd5"; the
// first label of the host is what is kept, so "acme").
func leftLabels(hay, suffix string) []string {
	var out []string
	for i := 0; len(out) < 8; {
		j := strings.Index(hay[i:], suffix)
		if j < 0 {
			break
		}
		end := i + j
		start := end
		for start > 0 && isHostByte(hay[start-1]) {
			start--
		}
		if host := hay[start:end]; host != "" {
			first, _, _ := strings.Cut(host, ".")
			out = append(out, first)
		}
		i = end + len(suffix)
	}
	return out
}

// pathSegments returns the path segment after each occurrence of prefix.
func pathSegments(hay, prefix string) []string {
	var out []string
	for i := 0; len(out) < 8; {
		j := strings.Index(hay[i:], prefix)
		if j < 0 {
			break
		}
		start := i + j + len(prefix)
		end := start
		for end < len(hay) && isHostByte(hay[end]) && hay[end] != '.' {
			end++
		}
		if end > start {
			out = append(out, hay[start:end])
		}
		i = start
	}
	return out
}

func isHostByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
}
