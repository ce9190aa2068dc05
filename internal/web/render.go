package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/outbox"
	"github.com/followup-dev/followup/internal/usage"
)

// pageNames are the templates under assets/, each rendered inside layout.html.
var pageNames = []string{"board", "interview", "today", "add", "login", "preview", "message"}

func parsePages() (map[string]*template.Template, error) {
	pages := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "assets/layout.html", "assets/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web templates: %w", err)
		}
		pages[name] = t
	}
	return pages, nil
}

var funcs = template.FuncMap{
	"day":   func(t time.Time) string { return t.Format("Mon 2 Jan 2006") },
	"stamp": func(t time.Time) string { return t.Format("Mon 2 Jan 15:04") },
	"join":  strings.Join,
	"inc":   func(n int) int { return n + 1 },
	"dec":   func(n int) int { return n - 1 },
	"list":  func(v ...string) []string { return v },
	"pair":  func(name string, v any) namedValue { return namedValue{name, v} },
}

// namedValue hands a sub-template two things.
type namedValue struct {
	Name  string
	Value any
}

// page is what every template gets: the page's own data, the CSRF token
// for its forms, and the title.
type page struct {
	Title string
	CSRF  string
	Now   time.Time
	Data  any
}

// render writes page name with data; it renders into a buffer first so
// that a template error is a clean 500, never half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	p := page{Title: name, CSRF: s.csrfToken(), Now: s.now().In(s.loc()), Data: data}
	if status == http.StatusUnauthorized {
		p.CSRF = "" // no secret-derived value for a visitor without the token
	}
	if err := s.pages[name].Execute(&buf, p); err != nil {
		s.log().Error("render page", "page", name, "err", err)
		http.Error(w, "followup web: could not render the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	buf.WriteTo(w)
}

// fail answers a failed request: a usage error (bad input, nothing to
// send) is the one line it says, on a page with a way back; any other is
// logged and reported as a server error.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if usage.Is(err) || errors.Is(err, outbox.ErrBusy) {
		s.render(w, r, http.StatusBadRequest, "message", message{Title: "Not done", Text: err.Error(), Back: back(r)})
		return
	}
	if errors.Is(err, r.Context().Err()) {
		return
	}
	s.log().Error("web request", "path", r.URL.Path, "err", err)
	s.render(w, r, http.StatusInternalServerError, "message", message{Title: "Something failed", Text: err.Error(), Back: back(r)})
}

// message is a one-line answer with a link back.
type message struct {
	Title, Text, Back string
}

// back is where a "back" link on an answer goes: the page the form was on.
func back(r *http.Request) string {
	if id := r.PathValue("id"); id != "" {
		return "/interview/" + id
	}
	if to := r.PostFormValue("back"); strings.HasPrefix(to, "/") && !strings.HasPrefix(to, "//") && !strings.ContainsAny(to, "\\\r\n") {
		return to
	}
	return "/"
}

func (s *Server) log() *slog.Logger { return s.svc().Log }
