package render

import (
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strings"
)

// allowedHeaders are the only headers a template may set, in canonical spelling.
// Everything else (From, To, Date, Message-ID, threading) belongs to the mailer.
var allowedHeaders = []string{"Subject", "Cc", "Bcc", "Reply-To"}

// AllowedHeaders returns the headers a template may set, a new slice on each call.
func AllowedHeaders() []string {
	return slices.Clone(allowedHeaders)
}

// addressHeaders hold address lists and are checked as such after rendering.
var addressHeaders = map[string]bool{"Cc": true, "Bcc": true, "Reply-To": true}

// headerSource is one "Name: value" line of a template's header block.
type headerSource struct {
	name string // canonical header name
	text string // the value, template text
	line int    // line in the file
}

// errNotHeader marks a header-block line that is not "Name: value".
var errNotHeader = errors.New("not a header line")

var (
	headerNameRE    = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*$`)
	headerCommentRE = regexp.MustCompile(`^\{\{-?\s*/\*.*\*/\s*-?\}\}$`)
)

// splitSource splits a template file into its header lines and its body,
// reporting every problem in the header block. bodyOffset is the number of
// lines before the body.
func splitSource(file, text string) (headers []headerSource, body string, bodyOffset int, errs []error) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	lines := strings.Split(text, "\n")
	seen := map[string]bool{}
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			if !seen["Subject"] {
				errs = append(errs, &Error{File: file, Line: i + 1, Msg: "the header block has no Subject: line",
					Hint: "start the file with a line such as `Subject: Thank you`, then a blank line, then the body"})
			}
			return headers, strings.Join(lines[i+1:], "\n"), i + 1, errs
		}
		h, err := parseHeaderLine(file, i+1, l, seen)
		if errors.Is(err, errNotHeader) {
			return nil, "", 0, []error{err} // no header block at all: one error says so
		}
		if err != nil {
			errs = append(errs, err)
		} else if h.name != "" {
			headers = append(headers, h)
		}
	}
	errs = append(errs, &Error{File: file, Msg: "no blank line ends the header block",
		Hint: "put the headers (at least `Subject: ...`) first, then one blank line, then the body"})
	return nil, "", 0, errs
}

// parseHeaderLine parses one line of the header block; a line holding only a
// template comment gives a zero headerSource.
func parseHeaderLine(file string, line int, l string, seen map[string]bool) (headerSource, error) {
	if headerCommentRE.MatchString(strings.TrimSpace(l)) {
		return headerSource{}, nil
	}
	if l[0] == ' ' || l[0] == '\t' {
		return headerSource{}, &Error{File: file, Line: line, Msg: "header lines cannot be continued on the next line",
			Hint: "put the whole header on one line"}
	}
	name, value, ok := strings.Cut(l, ":")
	if !ok || !headerNameRE.MatchString(name) {
		return headerSource{}, &Error{File: file, Line: line, Msg: fmt.Sprintf("%q is not a header line", l),
			Hint: "start the file with headers such as `Subject: Thank you`, then a blank line, then the body",
			err:  errNotHeader}
	}
	canon := canonicalHeader(name)
	if canon == "" {
		return headerSource{}, &Error{File: file, Line: line, Msg: fmt.Sprintf("header %s cannot be set by a template", name),
			Hint: "allowed headers: " + strings.Join(allowedHeaders, ", ")}
	}
	if seen[canon] {
		return headerSource{}, &Error{File: file, Line: line, Msg: fmt.Sprintf("header %s appears twice", canon),
			Hint: "keep one " + canon + " line"}
	}
	seen[canon] = true
	return headerSource{name: canon, text: strings.TrimLeft(value, " \t"), line: line}, nil
}

// canonicalHeader returns the allowed spelling of name, or "" if it is not allowed.
func canonicalHeader(name string) string {
	for _, h := range allowedHeaders {
		if strings.EqualFold(h, name) {
			return h
		}
	}
	return ""
}

// checkHeaderValue refuses a rendered header value that could break the
// message: line breaks, NUL, or a malformed address list.
func checkHeaderValue(name, value string) error {
	if strings.ContainsAny(value, "\r\n\x00") {
		return fmt.Errorf("header %s: rendered value %s contains a line break or NUL; remove them from the data it is built from",
			name, shorten(value))
	}
	if addressHeaders[name] && value != "" {
		if _, err := mail.ParseAddressList(value); err != nil {
			return fmt.Errorf("header %s: rendered value %s is not a list of addresses: %w", name, shorten(value), err)
		}
	}
	return nil
}

// shorten quotes s, cut to a length fit for an error message.
func shorten(s string) string {
	const max = 60
	if len(s) > max {
		s = s[:max] + "…"
	}
	return fmt.Sprintf("%q", s)
}
