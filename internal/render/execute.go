package render

import (
	"fmt"
	"regexp"
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
			return d, checkEvent(d.Event)
		}
	}
	return nil, fmt.Errorf("data of type %T cannot render %s; want %s", data, kind, wantType(kind))
}

// checkEvent refuses a notice event the templates do not know.
func checkEvent(event string) error {
	switch event {
	case EventReply, EventBounce, EventSendFailed, EventInvite, EventInviteUpdated, EventInviteCancelled:
		return nil
	}
	return fmt.Errorf("notice event %q is not one of %q, %q, %q, %q, %q, %q", event, EventReply, EventBounce, EventSendFailed,
		EventInvite, EventInviteUpdated, EventInviteCancelled)
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
	m, err := c.renderHeaders(data)
	if err != nil {
		return Message{}, err
	}
	if m.Text, err = c.renderText(data); err != nil {
		return Message{}, err
	}
	if m.HTML, err = c.renderHTML(data); err != nil {
		return Message{}, err
	}
	return m, nil
}

// renderHeaders executes the header templates into the Subject and Headers of a Message.
func (c *compiled) renderHeaders(data any) (Message, error) {
	var m Message
	hasSubject := false
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
			m.Subject, hasSubject = value, true
		case value != "":
			m.Headers = append(m.Headers, [2]string{h.name, value})
		}
	}
	if hasSubject && m.Subject == "" {
		return Message{}, &Error{File: c.bodySrc.file, Msg: "the Subject rendered empty",
			Hint: "make sure the Subject: line has text whatever the data"}
	}
	return m, nil
}

// renderText executes the body template and tidies the result.
func (c *compiled) renderText(data any) (string, error) {
	var b strings.Builder
	if err := c.body.Execute(&b, data); err != nil {
		return "", templateError(c.bodySrc, err, true)
	}
	return tidyText(doubleStop.ReplaceAllString(b.String(), "$1.$2")), nil
}

// doubleStop is a full stop of the template right after a value that ends
// in one ("at Acme Co." + "." gives "Co.."); an ellipsis is left alone.
var doubleStop = regexp.MustCompile(`([\p{L}\p{N})\]"'’])\.\.(\s|$)`)

// renderHTML executes the HTML template, if there is one.
func (c *compiled) renderHTML(data any) (string, error) {
	if c.html == nil {
		return "", nil
	}
	var b strings.Builder
	if err := c.html.Execute(&b, data); err != nil {
		return "", templateError(c.htmlSrc, err, true)
	}
	return strings.TrimSpace(b.String()) + "\n", nil
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
