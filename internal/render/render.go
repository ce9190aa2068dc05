// Package render turns followup's email templates and the data of one note,
// digest or notice into a message: subject, allowed headers, text and HTML body.
package render

import (
	"errors"
	"fmt"
	htmltemplate "html/template"
	"reflect"
	"regexp"
	"slices"
	"strings"
	texttemplate "text/template"
)

// Kinds of template, in the order they are documented.
const (
	KindThankYou   = "thank-you"
	KindCheckIn    = "check-in"
	KindNetworking = "networking"
	KindDigest     = "digest"
	KindNotice     = "notice"
)

var kinds = []string{KindThankYou, KindCheckIn, KindNetworking, KindDigest, KindNotice}

// Kinds returns the names of the template kinds, a new slice on each call.
func Kinds() []string {
	return slices.Clone(kinds)
}

var kindRE = regexp.MustCompile(`^[a-z0-9-]+$`)

// ValidKind returns nil if kind names a known template kind and an error
// saying which kinds exist otherwise. It never touches the file system.
func ValidKind(kind string) error {
	known := "known kinds: " + strings.Join(kinds, ", ")
	if !kindRE.MatchString(kind) || strings.Contains(kind, "..") {
		return fmt.Errorf("template kind %q is not valid: a kind uses only a-z, 0-9 and '-' (%s)", kind, known)
	}
	if !slices.Contains(kinds, kind) {
		return fmt.Errorf("template kind %q does not exist (%s)", kind, known)
	}
	return nil
}

// Message is a rendered email, before addressing and sending.
type Message struct {
	Subject string      // never empty, never contains CR, LF or NUL
	Headers [][2]string // other allowed headers (Cc, Bcc, Reply-To) with non-empty values
	Text    string      // plain-text body, ending in one newline
	HTML    string      // HTML alternative body; "" when the kind has none
}

// Set is a loaded, checked set of templates: one per kind. It is immutable and
// safe for concurrent use.
type Set struct {
	kinds map[string]*compiled
	// broken holds the problems of each kind that did not load (LoadEach).
	broken map[string]error
}

// compiled holds the parsed templates of one kind.
type compiled struct {
	headers []compiledHeader
	body    *texttemplate.Template
	bodySrc source
	html    *htmltemplate.Template // nil when there is no HTML alternative
	htmlSrc source
}

// compiledHeader is the parsed value template of one header line.
type compiledHeader struct {
	name string
	tmpl *texttemplate.Template
	src  source
}

// Load parses every built-in template, then every override file in
// overrideDir (same file names: KIND.tmpl, KIND.html.tmpl) in place of the
// built-in, and renders each against sample data so that unknown fields and
// functions are found now rather than when a note is due. It returns every
// problem joined into one error. An empty overrideDir, or one that does not
// exist, means no overrides. Overriding KIND.tmpl drops the built-in
// KIND.html.tmpl unless KIND.html.tmpl is overridden too; an empty
// KIND.html.tmpl override turns the HTML alternative off. Files for unknown
// kinds are ignored here and reported by Check.
func Load(overrideDir string) (*Set, error) {
	s, errs, _ := load(overrideDir)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return s, nil
}

// LoadEach is Load, except that a kind whose templates have problems does
// not stop the others: the Set renders every kind that loaded, and
// rendering a broken kind returns that kind's problems (usage errors).
// errs lists every problem, as Check does.
func LoadEach(overrideDir string) (s *Set, errs []error) {
	s, errs, unknown := load(overrideDir)
	return s, append(errs, unknown...)
}

// Check loads the built-in templates and the overrides in overrideDir and
// renders each against every sample, returning every problem found,
// including override files that match no kind. A nil result means the
// templates are fine.
func Check(overrideDir string) []error {
	_, errs, unknown := load(overrideDir)
	return append(errs, unknown...)
}

// load does the work of Load and Check.
func load(overrideDir string) (s *Set, errs, unknown []error) {
	files, errs, unknown := sources(overrideDir)
	s = &Set{kinds: map[string]*compiled{}, broken: map[string]error{}}
	for _, kind := range kinds {
		c, cerrs := compile(kind, files[kind+".tmpl"], files[kind+".html.tmpl"])
		kerrs := distinct(append(cerrs, c.trySamples(kind)...))
		if len(kerrs) > 0 {
			s.broken[kind] = errors.Join(kerrs...)
		}
		errs = append(errs, kerrs...)
		s.kinds[kind] = c
	}
	return s, errs, unknown
}

// compile parses the text template of one kind and its HTML alternative
// (html.text == "" means none) and checks the fields they use.
func compile(kind string, text, html fileText) (*compiled, []error) {
	root := dataType(kind)
	headers, body, offset, errs := splitSource(text.name, text.text)
	c := &compiled{bodySrc: source{file: text.name, offset: offset}}
	for _, h := range headers {
		src := source{file: text.name, offset: h.line - 1}
		t, err := newText(h.text)
		if err != nil {
			errs = append(errs, templateError(src, err, false))
			continue
		}
		errs = append(errs, checkFields(t.Tree, root, src)...)
		c.headers = append(c.headers, compiledHeader{name: h.name, tmpl: t, src: src})
	}
	if offset > 0 { // the header block ended, so there is a body
		t, err := newText(body)
		if err != nil {
			errs = append(errs, templateError(c.bodySrc, err, false))
		} else {
			errs = append(errs, checkFields(t.Tree, root, c.bodySrc)...)
		}
		c.body = t // nil after a parse error
	}
	if strings.TrimSpace(html.text) != "" {
		c.htmlSrc = source{file: html.name, html: true}
		var herrs []error
		c.html, herrs = compileHTML(html.text, root, c.htmlSrc)
		errs = append(errs, herrs...)
	}
	return c, errs
}

// compileHTML parses an HTML alternative and checks the fields it uses; the
// template is nil after a parse error.
func compileHTML(text string, root reflect.Type, src source) (*htmltemplate.Template, []error) {
	t, err := htmltemplate.New("html").Option("missingkey=error").Funcs(funcs()).Parse(text)
	if err != nil {
		return nil, []error{templateError(src, err, false)}
	}
	return t, checkFields(t.Tree, root, src)
}

// newText parses text as a text/template with the helper functions.
func newText(text string) (*texttemplate.Template, error) {
	return texttemplate.New("body").Option("missingkey=error").Funcs(funcs()).Parse(text)
}

// trySamples renders every part of c that parsed against every sample of
// kind and returns the problems.
func (c *compiled) trySamples(kind string) []error {
	var errs []error
	note := func(_ string, err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	for _, data := range samples(kind) {
		_, err := c.renderHeaders(data)
		note("", err)
		if c.body != nil {
			note(c.renderText(data))
		}
		note(c.renderHTML(data))
	}
	return errs
}

// Render renders the template of kind with data, which must be a Data (or
// *Data) for thank-you, check-in and networking, a DigestData for digest and a
// NoticeData for notice. Data values are only ever inserted as text, never
// interpreted as templates. It refuses a header whose rendered value holds a
// line break or NUL.
func (s *Set) Render(kind string, data any) (Message, error) {
	if err := ValidKind(kind); err != nil {
		return Message{}, fmt.Errorf("render: %w", err)
	}
	if err := s.broken[kind]; err != nil {
		return Message{}, fmt.Errorf("the %s template has problems (followup templates check): %w", kind, err)
	}
	data, err := normalize(kind, data)
	if err != nil {
		return Message{}, fmt.Errorf("render %s: %w", kind, err)
	}
	m, err := s.kinds[kind].render(data)
	if err != nil {
		return Message{}, fmt.Errorf("render %s: %w", kind, err)
	}
	return m, nil
}

// distinct returns errs without repeated messages, in their first order.
func distinct(errs []error) []error {
	var out []error
	seen := map[string]bool{}
	for _, err := range errs {
		if !seen[err.Error()] {
			seen[err.Error()] = true
			out = append(out, err)
		}
	}
	return out
}
