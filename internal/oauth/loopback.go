package oauth

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"golang.org/x/oauth2"
)

// loopbackFlow listens on 127.0.0.1, prints (and opens) the URL and waits
// for the browser to come back with the code (RFC 8252, with PKCE).
func loopbackFlow(ctx context.Context, p *Provider, o LoginOptions) (*oauth2.Token, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(o.Port)))
	if err != nil {
		return nil, fmt.Errorf("cannot listen on 127.0.0.1:%d for the sign-in redirect (%v): choose another --port, or leave it out for a random one", o.Port, unwrapOp(err))
	}
	port := ln.Addr().(*net.TCPAddr).Port
	r, err := newAuthRequest(p, fmt.Sprintf("http://127.0.0.1:%d/", port))
	if err != nil {
		ln.Close()
		return nil, err
	}
	results := make(chan codeResult, 1)
	srv := &http.Server{Handler: r.handler(results), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan struct{})
	go func() { defer close(served); _ = srv.Serve(ln) }()
	defer func() { _ = srv.Close(); <-served }()

	fmt.Fprintf(o.Out, "Open this URL in a browser to sign in:\n\n  %s\n\n", r.url)
	if o.Open != nil {
		if err := o.Open(r.url); err != nil {
			fmt.Fprintln(o.Out, "(the browser could not be opened: open the URL yourself)")
		}
	}
	fmt.Fprintf(o.Out, "Waiting for the browser on 127.0.0.1:%d…\n", port)
	select {
	case <-ctx.Done():
		return nil, fmt.Errorf("sign-in not finished: %w", ctx.Err())
	case res := <-results:
		if res.err != nil {
			return nil, res.err
		}
		return r.exchange(ctx, p, res.code)
	}
}

type codeResult struct {
	code string
	err  error
}

// handler answers the one redirect: the first request to / ends the
// login, with its code or its error (a wrong state included).
func (r *authRequest) handler(results chan<- codeResult) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path != "/" {
			http.NotFound(w, req)
			return
		}
		code, err := r.code(req.URL.Query())
		select {
		case results <- codeResult{code, err}:
		default: // a later request: the login already has its answer
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintln(w, "followup: sign-in refused: "+err.Error())
			return
		}
		fmt.Fprintln(w, "followup: signed in. You can close this page.")
	})
}

func unwrapOp(err error) error {
	if oe, ok := err.(*net.OpError); ok {
		return oe.Err
	}
	return err
}
