// Package web is `followup web`: a small HTML interface over the same use
// cases as the CLI (board, interview page, today view and their actions),
// served from embedded templates and CSS, behind a per-install token,
// CSRF checks on every form, a strict Content-Security-Policy and a Host
// check against DNS rebinding.
package web

import (
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"time"

	"github.com/followup-dev/followup/internal/daemon"
)

//go:embed assets
var assets embed.FS

// Options configure the handler. Services and Token are required.
type Options struct {
	// Services are the use cases every page reads and every form calls.
	Services *daemon.Services
	// Current, when set, gives the use cases for each request instead of
	// Services: the daemon's, which a reload replaces.
	Current func() *daemon.Services
	// Token is the secret every request must carry (a cookie set by
	// /login?token=…); see LoadToken.
	Token string
	// Hosts are the Host header values accepted besides 127.0.0.1, [::1]
	// and localhost (with any port): the listen address, typically.
	Hosts []string
	// PageSize is how many interviews a board column shows; 0 means 200.
	PageSize int
}

// Server is the http.Handler of `followup web`. It is safe for concurrent
// use; every request reads the store afresh, so changes made by the CLI
// or the daemon show at once.
type Server struct {
	opts  Options
	pages map[string]*template.Template
	mux   *http.ServeMux
}

// New builds the handler.
func New(opts Options) (*Server, error) {
	if opts.Services == nil || len(opts.Token) < 32 {
		return nil, errors.New("web: Services and a token of at least 32 characters are required")
	}
	if opts.PageSize <= 0 {
		opts.PageSize = 200
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, pages: pages, mux: http.NewServeMux()}
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	static, _ := fs.Sub(assets, "assets/static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /login", s.login)
	s.mux.HandleFunc("GET /{$}", s.board)
	s.mux.HandleFunc("GET /today", s.today)
	s.mux.HandleFunc("GET /interview/{id}", s.interview)
	s.mux.HandleFunc("GET /add", s.addForm)
	s.mux.HandleFunc("POST /add", s.add)
	s.mux.HandleFunc("POST /interview/{id}/close", s.close)
	s.mux.HandleFunc("POST /interview/{id}/signals", s.logSignals)
	s.mux.HandleFunc("POST /interview/{id}/edit", s.edit)
	s.mux.HandleFunc("POST /interview/{id}/preview", s.preview)
	s.mux.HandleFunc("POST /action/{n}/send", s.send)
	s.mux.HandleFunc("POST /action/{n}/snooze", s.snooze)
	s.mux.HandleFunc("POST /action/{n}/skip", s.skip)
	s.mux.HandleFunc("POST /action/{n}/undo", s.undo)
	s.mux.HandleFunc("POST /pause", s.pause)
	s.mux.HandleFunc("POST /resume", s.resume)
}

// ServeHTTP checks the Host, sets the security headers, requires the
// token (but for /login and the stylesheet) and the CSRF token on every
// POST, then serves the page.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setSecurityHeaders(w)
	if !s.hostAllowed(r.Host) {
		http.Error(w, "followup web: unknown Host header (open the address `followup web` printed)", http.StatusMisdirectedRequest)
		return
	}
	open := r.URL.Path == "/login" || r.URL.Path == "/static/style.css"
	if !open && !s.authenticated(r) {
		s.render(w, r, http.StatusUnauthorized, "login", nil)
		return
	}
	if r.Method == http.MethodPost && !s.sameOrigin(r) {
		http.Error(w, "followup web: cross-site request refused", http.StatusForbidden)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// svc is the use cases for this request.
func (s *Server) svc() *daemon.Services {
	if s.opts.Current != nil {
		if svc := s.opts.Current(); svc != nil {
			return svc
		}
	}
	return s.opts.Services
}

// now is the use cases' clock.
func (s *Server) now() time.Time { return s.svc().Clock.Now() }

// loc is the user's zone.
func (s *Server) loc() *time.Location { return s.svc().Config.Me.Location() }
