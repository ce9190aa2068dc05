package render

import (
	"bytes"
	"fmt"
	"strings"
)

// normalize checks that data has the type kind needs and returns it as a
// value with its derived fields filled.
func normalize(kind string, data any) (any, error) {
	switch d := data.(type) {
	case *Data:
		if d != nil {
			return normalize(kind, *d)
		}
	case *DigestData:
		if d != nil {
			return normalize(kind, *d)
		}
	case *NoticeData:
		if d != nil {
			return normalize(kind, *d)
		}
	case Data:
		if kind != KindDigest && kind != KindNotice {
			return d.withDefaults(), nil
		}
	case DigestData:
		if kind == KindDigest {
			return d, nil
		}
	case NoticeData:
		if kind == KindNotice {
			return d, nil
		}
	}
	return nil, fmt.Errorf("data of type %T cannot render %s; want %s", data, kind, wantType(kind))
}

// wantType names the data type kind renders from.
func wantType(kind string) string {
	switch kind {
	case KindDigest:
		return "render.DigestData"
	case KindNotice:
		return "render.NoticeData"
	}
	return "render.Data"
}

// render executes the templates of c with data, already normalized.
func (c *compiled) render(data any) (Message, error) {
	var m Message
	for _, h := range c.headers {
		var b strings.Builder
		if err := h.tmpl.Execute(&b, data); err != nil {
			return Message{}, templateError(h.src, err, true)
		}
		value := strings.TrimSpace(b.String())
		if err := checkHeaderValue(h.name, value); err != nil {
			return Message{}, &Error{File: h.src.file, Line: h.src.offset + 1, Msg: err.Error()}
		}
		switch {
		case h.name == "Subject":
			m.Subject = value
		case value != "":
			m.Headers = append(m.Headers, [2]string{h.name, value})
		}
	}
	if m.Subject == "" {
		return Message{}, &Error{File: c.bodySrc.file, Msg: "the Subject rendered empty",
			Hint: "make sure the Subject: line has text whatever the data"}
	}
	var b bytes.Buffer
	if err := c.body.Execute(&b, data); err != nil {
		return Message{}, templateError(c.bodySrc, err, true)
	}
	m.Text = tidyText(b.String())
	if c.html != nil {
		b.Reset()
		if err := c.html.Execute(&b, data); err != nil {
			return Message{}, templateError(c.htmlSrc, err, true)
		}
		m.HTML = strings.TrimSpace(b.String()) + "\n"
	}
	return m, nil
}

// tidyText removes trailing spaces, leading and trailing blank lines, and
// collapses runs of blank lines into one, so templates can put actions on
// lines of their own. The signature separator "-- " keeps its space.
func tidyText(s string) string {
	var out []string
	blank := true // true while the previous kept line was blank, or at the start
	for _, l := range strings.Split(s, "\n") {
		if l != "-- " {
			l = strings.TrimRight(l, " \t\r")
		}
		if l == "" {
			if !blank {
				out = append(out, l)
			}
			blank = true
			continue
		}
		blank = false
		out = append(out, l)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n") + "\n"
}
