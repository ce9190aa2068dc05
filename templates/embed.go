// Package templates holds followup's built-in email templates, embedded in the binary.
//
// Each kind of email has one file, NAME.tmpl: a block of mail headers (at least
// Subject:), a blank line, then the plain-text body, written in Go text/template.
// An optional NAME.html.tmpl holds an HTML alternative body in html/template.
// Users override a file by putting one with the same name in their template
// folder; internal/render loads, checks and executes them.
package templates

import "embed"

// FS holds the built-in template files (*.tmpl) at its root. It is read-only and
// safe for concurrent use.
//
//go:embed *.tmpl
var FS embed.FS
