package ics

import (
	"bytes"
	"io"
	"unicode/utf8"
)

// maxLine is the longest content line RFC 5545 3.1 wants, in octets,
// without the CRLF.
const maxLine = 75

// folder folds the content lines the encoder writes (one whole line, CRLF
// included, per Write) at maxLine octets, never inside a UTF-8 sequence.
// The encoder does not fold; calendar apps expect it.
type folder struct {
	w   io.Writer
	err error
}

func (f *folder) Write(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	line := bytes.TrimSuffix(p, []byte("\r\n"))
	var out bytes.Buffer
	limit := maxLine
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		out.Write(line[:cut])
		out.WriteString("\r\n ")
		line = line[cut:]
		limit = maxLine - 1 // the leading space counts
	}
	out.Write(line)
	out.WriteString("\r\n")
	if _, f.err = f.w.Write(out.Bytes()); f.err != nil {
		return 0, f.err
	}
	return len(p), nil
}
