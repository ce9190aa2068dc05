package render

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Error is a problem with one template file, located as precisely as possible.
type Error struct {
	File string // file name of a built-in template, or the path of an override
	Line int    // 1-based line in File; 0 when the problem is not on one line
	Msg  string // what is wrong
	Hint string // how to fix it; may be empty
	err  error  // a sentinel for errors.Is, or nil
}

// Unwrap returns the sentinel error e carries, if any.
func (e *Error) Unwrap() error { return e.err }

// Error returns "file:line: message; hint".
// UsageError marks a template Error as the user's to fix (usage.Marker).
func (e *Error) UsageError() {}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
	}
	b.WriteString(": " + e.Msg)
	if e.Hint != "" {
		b.WriteString("; " + e.Hint)
	}
	return b.String()
}

// templateErrRE matches the errors of text/template and html/template:
// "template: body:3: msg", "template: body:3:7: executing "body" at <.X>: msg",
// "html/template:body:3:7: msg".
var templateErrRE = regexp.MustCompile(`(?s)^(?:html/)?template: ?[\w-]+:(\d+)(?::\d+)?: (?:executing "[^"]*" at <(.*?)>: )?(.*)$`)

// Hints for the common template mistakes.
const (
	hintField  = "check the spelling; `followup templates doc` lists every field"
	hintFunc   = "functions you can use: date, shortdate, clock, firstname, join, plural and Go's built-ins (and, or, not, eq, ne, lt, le, gt, ge, len, index, print, printf, println)"
	hintArgs   = "check the arguments; `followup templates doc` describes each function"
	hintSyntax = "check that every {{ has its }} and every if, range and with has its {{end}}; syntax: https://pkg.go.dev/text/template"
	hintHTML   = "html/template could not make this safe; see https://pkg.go.dev/html/template"
)

// source locates a template inside a file: the template's line 1 is line
// offset+1 of the file.
type source struct {
	file   string // file name for messages
	offset int    // lines of the file before the template's text
	html   bool   // whether it is an html/template
}

// templateError turns an error from parsing or executing the template at src
// into an *Error naming the file and line.
func templateError(src source, err error, executing bool) *Error {
	m := templateErrRE.FindStringSubmatch(err.Error())
	if m == nil {
		return &Error{File: src.file, Msg: err.Error(), Hint: hintFor(err.Error(), executing, src.html)}
	}
	line, _ := strconv.Atoi(m[1])
	msg := m[3]
	if m[2] != "" {
		msg = fmt.Sprintf("{{%s}}: %s", m[2], msg)
	}
	return &Error{File: src.file, Line: line + src.offset, Msg: msg, Hint: hintFor(msg, executing, src.html)}
}

// hintFor picks the advice for a template error message.
func hintFor(msg string, executing, html bool) string {
	switch {
	case strings.Contains(msg, "can't evaluate field"), strings.Contains(msg, "map has no entry"),
		strings.Contains(msg, "nil pointer evaluating"):
		return hintField
	case strings.Contains(msg, "function") && strings.Contains(msg, "not defined"):
		return hintFunc
	case strings.Contains(msg, "wrong number of args"), strings.Contains(msg, "wrong type for value"),
		strings.Contains(msg, "incompatible types"):
		return hintArgs
	case html && executing:
		return hintHTML
	case executing:
		return "see `followup templates doc`"
	}
	return hintSyntax
}
