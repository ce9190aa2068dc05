package imapconn

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/mailauth"
	"github.com/followup-dev/followup/internal/testca"
)

// scriptedServer accepts one connection on loopback and runs script on
// it; got is everything the client sent in cleartext.
type scriptedServer struct {
	addr string
	mu   sync.Mutex
	got  bytes.Buffer
	done chan struct{}
}

func newScriptedServer(t *testing.T, script func(conn net.Conn, s *scriptedServer)) *scriptedServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &scriptedServer{addr: ln.Addr().String(), done: make(chan struct{})}
	t.Cleanup(func() { ln.Close(); <-s.done })
	go func() {
		defer close(s.done)
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(10 * time.Second))
		script(conn, s)
		s.record(conn) // whatever the client sends after the script
	}()
	return s
}

// record reads what conn sends until it closes.
func (s *scriptedServer) record(r io.Reader) {
	b, _ := io.ReadAll(r)
	s.mu.Lock()
	s.got.Write(b)
	s.mu.Unlock()
}

// readLine reads one line the client sent, recording it.
func (s *scriptedServer) readLine(conn net.Conn) string {
	line, _ := readLine(conn)
	s.mu.Lock()
	s.got.WriteString(line + "\n")
	s.mu.Unlock()
	return line
}

func (s *scriptedServer) sent() string {
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.got.String()
}

func (s *scriptedServer) config(t *testing.T, caFile string) config.IMAP {
	host, port, _ := net.SplitHostPort(s.addr)
	p, _ := strconv.Atoi(port)
	return config.IMAP{Server: config.Server{Host: host, Port: p, Security: config.SecurityStartTLS, CAFile: caFile,
		Credentials: config.Credentials{Username: "me@example.test"}}, Mailboxes: []string{"INBOX"}}
}

// A STARTTLS that does not end in TLS with the server fails the dial
// before anything but STARTTLS is sent: a pre-authenticated or closing
// greeting, a refusal, a tagged answer that is not ours, or cleartext the
// server sent after its OK (read as TLS, it fails the handshake).
func TestStartTLSRefusedSendsNoPassword(t *testing.T) {
	ca := testca.New(t, "starttls CA")
	caFile := ca.WriteFile(t)
	tests := []struct {
		name    string
		script  func(conn net.Conn, s *scriptedServer)
		wantErr string
	}{
		{"preauth greeting", func(conn net.Conn, s *scriptedServer) {
			io.WriteString(conn, "* PREAUTH logged in as you\r\n")
		}, "PREAUTH"},
		{"bye greeting", func(conn net.Conn, s *scriptedServer) {
			io.WriteString(conn, "* BYE too busy\r\n")
		}, "too busy"},
		{"refused", func(conn net.Conn, s *scriptedServer) {
			io.WriteString(conn, "* OK ready\r\n")
			s.readLine(conn)
			io.WriteString(conn, "* CAPABILITY IMAP4rev1\r\nFU0 BAD no STARTTLS here\r\n")
		}, "no STARTTLS here"},
		{"bye while waiting", func(conn net.Conn, s *scriptedServer) {
			io.WriteString(conn, "* OK ready\r\n")
			s.readLine(conn)
			io.WriteString(conn, "* BYE shutting down for maintenance\r\n")
		}, "shutting down for maintenance"},
		{"a literal in the greeting", func(conn net.Conn, s *scriptedServer) {
			io.WriteString(conn, "* OK {16}\r\nFU0 OK begin TLS\r\n")
		}, "not an IMAP greeting"},
		{"continuation instead of an answer", func(conn net.Conn, s *scriptedServer) {
			io.WriteString(conn, "* OK ready\r\n")
			s.readLine(conn)
			io.WriteString(conn, "+ go on\r\n")
		}, "+ go on"},
		{"cleartext after the OK", func(conn net.Conn, s *scriptedServer) {
			io.WriteString(conn, "* OK ready\r\n")
			s.readLine(conn)
			io.WriteString(conn, "FU0 OK begin TLS\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n")
			tls.Server(conn, ca.ServerTLS(t)).Handshake()
		}, "tls"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScriptedServer(t, tt.script)
			c, err := Dial(t.Context(), s.config(t, caFile), "secret-password", Options{CommandTimeout: 5 * time.Second})
			if err == nil {
				c.Close()
				t.Fatal("Dial = nil, want an error")
			}
			if !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "the password was not sent") {
				t.Errorf("Dial = %v, want it to say %q and that the password was not sent", err, tt.wantErr)
			}
			got := s.sent()
			if strings.Contains(got, "secret-password") || strings.Contains(got, "LOGIN") || strings.Count(got, "STARTTLS") > 1 {
				t.Errorf("the client sent %q, want STARTTLS at most", got)
			}
		})
	}
}

// Untagged lines before the tagged OK are passed over, and the connection
// handed on is TLS from the first byte after the OK.
func TestStartTLSPassesUntaggedLines(t *testing.T) {
	ca := testca.New(t, "starttls CA")
	s := newScriptedServer(t, func(conn net.Conn, s *scriptedServer) {
		io.WriteString(conn, "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n")
		s.readLine(conn)
		io.WriteString(conn, "* CAPABILITY IMAP4rev1 STARTTLS\r\n* OK [ALERT] be nice {tonight}\r\nFU0 OK begin TLS now\r\n")
		tc := tls.Server(conn, ca.ServerTLS(t))
		if err := tc.Handshake(); err != nil {
			return
		}
		io.WriteString(tc, "over TLS\r\n")
		tc.Read(make([]byte, 1))
	})
	cfg := s.config(t, ca.WriteFile(t))
	tc, err := cfg.TLSConfig()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tlsConn, err := startTLS(t.Context(), conn, tc)
	if err != nil {
		t.Fatalf("startTLS = %v", err)
	}
	line, err := readLine(tlsConn)
	if err != nil || line != "over TLS" {
		t.Errorf("first line over the TLS connection = %q, %v; want %q", line, err, "over TLS")
	}
	tlsConn.Close()
	if got := s.sent(); !strings.HasPrefix(got, "FU0 STARTTLS\n") {
		t.Errorf("the client sent %q in cleartext, want FU0 STARTTLS first", got)
	}
}

// tlsScript greets in cleartext offering pre, answers STARTTLS, and over
// TLS answers CAPABILITY with post and refuses everything else; what the
// client sent over TLS is in *overTLS.
func tlsScript(t *testing.T, ca *testca.CA, pre, post string, mu *sync.Mutex, overTLS *strings.Builder) func(net.Conn, *scriptedServer) {
	return func(conn net.Conn, s *scriptedServer) {
		io.WriteString(conn, "* OK [CAPABILITY IMAP4rev1 STARTTLS "+pre+"] ready\r\n")
		s.readLine(conn)
		io.WriteString(conn, "FU0 OK begin\r\n")
		tc := tls.Server(conn, ca.ServerTLS(t))
		if err := tc.Handshake(); err != nil {
			return
		}
		br := bufio.NewReader(tc)
		for {
			line, err := br.ReadString('\n')
			mu.Lock()
			overTLS.WriteString(line)
			mu.Unlock()
			if err != nil {
				return
			}
			tag, rest, _ := strings.Cut(strings.TrimSpace(line), " ")
			if strings.EqualFold(rest, "CAPABILITY") {
				io.WriteString(tc, "* CAPABILITY IMAP4rev1 "+post+"\r\n"+tag+" OK done\r\n")
			} else {
				io.WriteString(tc, tag+" NO nope\r\n")
			}
		}
	}
}

// The capabilities of the cleartext greeting are not trusted once TLS is
// on: the client asks again over TLS, and what it hears there decides
// (found in review).
func TestStartTLSAsksForCapabilitiesAgain(t *testing.T) {
	ca := testca.New(t, "starttls CA")
	t.Run("LOGINDISABLED over TLS", func(t *testing.T) {
		var mu sync.Mutex
		var overTLS strings.Builder
		s := newScriptedServer(t, tlsScript(t, ca, "AUTH=PLAIN", "LOGINDISABLED", &mu, &overTLS))
		c, err := Dial(t.Context(), s.config(t, ca.WriteFile(t)), "secret-password", Options{CommandTimeout: 5 * time.Second})
		if err == nil {
			c.Close()
		}
		s.sent()
		mu.Lock()
		defer mu.Unlock()
		if err == nil || !strings.Contains(err.Error(), "LOGINDISABLED") || strings.Contains(overTLS.String(), "secret-password") {
			t.Errorf("Dial = %v, sent over TLS %q; want LOGIN refused, no password sent", err, overTLS.String())
		}
	})
	t.Run("OAuth2 offered only before TLS", func(t *testing.T) {
		var mu sync.Mutex
		var overTLS strings.Builder
		s := newScriptedServer(t, tlsScript(t, ca, "AUTH=XOAUTH2 AUTH=OAUTHBEARER", "", &mu, &overTLS))
		cred := mailauth.Credential{Username: "me@example.test", Tokens: fixedTokens{}}
		c, err := DialWith(t.Context(), s.config(t, ca.WriteFile(t)), cred, Options{CommandTimeout: 5 * time.Second})
		if err == nil {
			c.Close()
		}
		s.sent()
		mu.Lock()
		defer mu.Unlock()
		if err == nil || strings.Contains(overTLS.String(), "AUTHENTICATE") || strings.Contains(overTLS.String(), "secret-token") {
			t.Errorf("Dial = %v, sent over TLS %q; want no AUTHENTICATE", err, overTLS.String())
		}
	})
	t.Run("a certificate of another CA", func(t *testing.T) {
		var mu sync.Mutex
		var overTLS strings.Builder
		s := newScriptedServer(t, tlsScript(t, ca, "", "", &mu, &overTLS))
		other := testca.New(t, "other CA")
		c, err := Dial(t.Context(), s.config(t, other.WriteFile(t)), "secret-password", Options{CommandTimeout: 5 * time.Second})
		if err == nil {
			c.Close()
		}
		s.sent()
		mu.Lock()
		defer mu.Unlock()
		if err == nil || !strings.Contains(err.Error(), "certificate") || overTLS.Len() > 0 {
			t.Errorf("Dial = %v, sent over TLS %q; want the certificate refused, nothing sent", err, overTLS.String())
		}
	})
}

type fixedTokens struct{}

func (fixedTokens) AccessToken(context.Context) (string, error) { return "secret-token", nil }
func (fixedTokens) Rejected(string)                             {}

// A server that stalls before TLS (silent, never ending its line, or in
// the handshake) fails the dial when the command timeout passes: the
// timeout closes the connection under the byte-at-a-time reads.
func TestStartTLSStalledServerTimesOut(t *testing.T) {
	for name, script := range map[string]func(net.Conn, *scriptedServer, <-chan struct{}){
		"silent": func(conn net.Conn, s *scriptedServer, end <-chan struct{}) { <-end },
		"a greeting without its line end": func(conn net.Conn, s *scriptedServer, end <-chan struct{}) {
			io.WriteString(conn, "* OK ready")
			<-end
		},
		"stalled in the handshake": func(conn net.Conn, s *scriptedServer, end <-chan struct{}) {
			io.WriteString(conn, "* OK ready\r\n")
			s.readLine(conn)
			io.WriteString(conn, "FU0 OK go\r\n")
			<-end
		},
	} {
		t.Run(name, func(t *testing.T) {
			end := make(chan struct{})
			s := newScriptedServer(t, func(conn net.Conn, s *scriptedServer) { script(conn, s, end) })
			c, err := Dial(t.Context(), s.config(t, ""), "secret-password", Options{CommandTimeout: 200 * time.Millisecond})
			close(end)
			if err == nil {
				c.Close()
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("Dial = %v, want the command timeout", err)
			}
			if got := s.sent(); strings.Contains(got, "secret-password") {
				t.Errorf("the client sent %q", got)
			}
		})
	}
}
