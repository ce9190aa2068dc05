// Package imaptest is a real IMAP server for tests: go-imap's imapserver
// over the in-memory backend, on a loopback port, with plain text, STARTTLS
// or implicit TLS from a throwaway CA. Its mail survives a Stop and Start
// on the same address; it counts logins and accepted IDLE commands so a
// test knows when a client waits for news, and it reports mail delivered
// before IDLE began, as real servers do.
package imaptest

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"net"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/testca"
)

// Defaults of Options.
const (
	DefaultUser     = "max@example.org"
	DefaultPassword = "imap-test-pass"
)

// Security is how the server protects connections.
type Security int

const (
	Plain    Security = iota // no TLS; LOGIN allowed in clear (loopback only)
	StartTLS                 // STARTTLS offered and required before LOGIN
	TLS                      // implicit TLS from the first byte
)

// Options configure a Server; the zero value is a plain-text server with
// INBOX, Drafts and Sent for DefaultUser.
type Options struct {
	User, Password string
	// Caps are the capabilities advertised; default IMAP4rev1 + IMAP4rev2.
	Caps imap.CapSet
	// Mailboxes are created at start; default INBOX, Drafts and Sent.
	Mailboxes []string
	Security  Security
}

// Server is one running in-process IMAP server. Its methods are safe for
// concurrent use.
type Server struct {
	t      testing.TB
	o      Options
	user   *imapmemserver.User
	opts   imapserver.Options
	caFile string
	roots  *x509.CertPool

	mu      sync.Mutex
	addr    string
	srv     *imapserver.Server
	done    chan error
	logins  int
	lists   int
	idles   map[string]int
	changed chan struct{} // closed and replaced when idles changes
	kick    chan struct{} // closed and replaced on each delivery
}

// New starts a server on 127.0.0.1 and a random port; it stops when the
// test ends.
func New(t testing.TB, o Options) *Server {
	t.Helper()
	if o.User == "" {
		o.User, o.Password = DefaultUser, DefaultPassword
	}
	if o.Caps == nil {
		o.Caps = imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}}
	}
	if o.Mailboxes == nil {
		o.Mailboxes = []string{"INBOX", "Drafts", "Sent"}
	}
	mem := imapmemserver.New()
	s := &Server{t: t, o: o, user: imapmemserver.NewUser(o.User, o.Password), idles: map[string]int{},
		changed: make(chan struct{}), kick: make(chan struct{})}
	mem.AddUser(s.user)
	for _, name := range o.Mailboxes {
		if err := s.user.Create(name, nil); err != nil {
			t.Fatalf("imaptest: create %s: %v", name, err)
		}
	}
	s.opts = imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &session{SessionIMAP4rev2: mem.NewSession().(imapserver.SessionIMAP4rev2), srv: s}, nil, nil
		},
		Caps:         o.Caps,
		Logger:       quiet{},
		InsecureAuth: o.Security == Plain,
	}
	if o.Security != Plain {
		ca := testca.New(t, "imaptest CA")
		s.caFile = ca.WriteFile(t)
		s.roots = x509.NewCertPool()
		s.roots.AppendCertsFromPEM(ca.PEM())
		s.opts.TLSConfig = ca.ServerTLS(t)
	}
	s.listen("127.0.0.1:0")
	t.Cleanup(s.Stop)
	return s
}

type quiet struct{}

func (quiet) Printf(string, ...any) {}

func (s *Server) listen(addr string) {
	s.t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		s.t.Fatalf("imaptest: listen on %s: %v", addr, err)
	}
	opts := s.opts
	if s.o.Security == TLS {
		ln = tls.NewListener(ln, s.opts.TLSConfig)
		opts.TLSConfig = nil // no STARTTLS inside TLS
	}
	srv, done := imapserver.New(&opts), make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	s.mu.Lock()
	s.addr, s.srv, s.done = ln.Addr().String(), srv, done
	s.mu.Unlock()
}

// Stop closes the listener and every connection and waits for the server.
func (s *Server) Stop() {
	s.mu.Lock()
	srv, done := s.srv, s.done
	s.srv = nil
	s.mu.Unlock()
	if srv != nil {
		srv.Close()
		<-done
	}
}

// Start listens again on the same address, with the same mail.
func (s *Server) Start() { s.listen(s.Addr()) }

// Addr is the server's host:port.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

// Password is the test user's password.
func (s *Server) Password() string { return s.o.Password }

// User is the test user's mail store, to create or delete mailboxes.
func (s *Server) User() *imapmemserver.User { return s.user }

// Config is followup's [imap] section for this server: the test user,
// INBOX watched, Drafts and Sent left to discovery; with TLS the security
// and the CA file are set too.
func (s *Server) Config() config.IMAP {
	host, port, _ := net.SplitHostPort(s.Addr())
	p, _ := strconv.Atoi(port)
	sec := map[Security]config.Security{Plain: config.SecurityNone, StartTLS: config.SecurityStartTLS, TLS: config.SecurityTLS}[s.o.Security]
	return config.IMAP{Server: config.Server{Host: host, Port: p, Security: sec, CAFile: s.caFile,
		Credentials: config.Credentials{Username: s.o.User}}, Mailboxes: []string{"INBOX"}}
}

// Deliver puts raw into mailbox as an MTA would, received at t0, and
// wakes every IDLE.
func (s *Server) Deliver(mailbox string, raw []byte, t0 time.Time) {
	s.t.Helper()
	if _, err := s.user.Append(mailbox, literal{bytes.NewReader(raw)}, &imap.AppendOptions{Time: t0}); err != nil {
		s.t.Fatalf("imaptest: deliver to %s: %v", mailbox, err)
	}
	s.mu.Lock()
	close(s.kick)
	s.kick = make(chan struct{})
	s.mu.Unlock()
}

type literal struct{ *bytes.Reader }

func (l literal) Size() int64 { return l.Reader.Size() }

// Logins is how many LOGIN commands the server has seen.
func (s *Server) Logins() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logins
}

// Lists is how many LIST commands the server has answered.
func (s *Server) Lists() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lists
}

// IdleCount is how many IDLE commands were accepted on mailbox so far.
func (s *Server) IdleCount(mailbox string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.idles[mailbox]
}

// WaitIdle waits until more than after IDLE commands were accepted on
// mailbox; it fails the test after 5 s.
func (s *Server) WaitIdle(mailbox string, after int) {
	s.t.Helper()
	timer := time.NewTimer(5 * time.Second)
	defer timer.Stop()
	for {
		s.mu.Lock()
		n, changed := s.idles[mailbox], s.changed
		s.mu.Unlock()
		if n > after {
			return
		}
		select {
		case <-changed:
		case <-timer.C:
			s.t.Fatalf("imaptest: no IDLE on %s within 5s (%d so far)", mailbox, n)
		}
	}
}

// Flags fetches the flags of every message in mailbox by UID through an
// independent client.
func (s *Server) Flags(mailbox string) map[imap.UID][]imap.Flag {
	s.t.Helper()
	ic := s.rawClient()
	defer ic.Close()
	if _, err := ic.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		s.t.Fatalf("imaptest: select %s: %v", mailbox, err)
	}
	msgs, err := ic.Fetch(imap.SeqSet{{Start: 1, Stop: 0}}, &imap.FetchOptions{UID: true, Flags: true}).Collect()
	if err != nil {
		s.t.Fatalf("imaptest: fetch flags in %s: %v", mailbox, err)
	}
	out := map[imap.UID][]imap.Flag{}
	for _, m := range msgs {
		out[m.UID] = m.Flags
	}
	return out
}

// AssertNotSeen fails the test when a message in mailboxes has \Seen.
func (s *Server) AssertNotSeen(mailboxes ...string) {
	s.t.Helper()
	for _, mailbox := range mailboxes {
		for uid, flags := range s.Flags(mailbox) {
			if slices.Contains(flags, imap.FlagSeen) {
				s.t.Errorf("%s UID %d flags = %v, want no \\Seen", mailbox, uid, flags)
			}
		}
	}
}

// Expunge deletes the message with uid from mailbox over a connection of
// its own, as another mail client would.
func (s *Server) Expunge(mailbox string, uid imap.UID) {
	s.t.Helper()
	ic := s.rawClient()
	defer ic.Close()
	if _, err := ic.Select(mailbox, nil).Wait(); err != nil {
		s.t.Fatalf("imaptest: select %s: %v", mailbox, err)
	}
	flags := &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{imap.FlagDeleted}, Silent: true}
	if err := ic.Store(imap.UIDSetNum(uid), flags, nil).Close(); err != nil {
		s.t.Fatalf("imaptest: store \\Deleted: %v", err)
	}
	if err := ic.Expunge().Close(); err != nil {
		s.t.Fatalf("imaptest: expunge: %v", err)
	}
}

func (s *Server) rawClient() *imapclient.Client {
	s.t.Helper()
	var ic *imapclient.Client
	var err error
	switch s.o.Security {
	case TLS:
		ic, err = imapclient.DialTLS(s.Addr(), &imapclient.Options{TLSConfig: s.clientTLS()})
	case StartTLS:
		ic, err = imapclient.DialStartTLS(s.Addr(), &imapclient.Options{TLSConfig: s.clientTLS()})
	default:
		ic, err = imapclient.DialInsecure(s.Addr(), nil)
	}
	if err != nil {
		s.t.Fatalf("imaptest: dial: %v", err)
	}
	if err := ic.Login(s.o.User, s.o.Password).Wait(); err != nil {
		ic.Close()
		s.t.Fatalf("imaptest: login: %v", err)
	}
	return ic
}

func (s *Server) clientTLS() *tls.Config {
	return &tls.Config{RootCAs: s.roots, ServerName: "127.0.0.1"}
}

func (s *Server) idled(mailbox string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.idles[mailbox]++
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) kicked() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.kick
}

// session counts LOGIN, LIST and IDLE, and makes IDLE report updates queued
// before it began (imapmemserver alone reports only those that arrive
// during it, which would make tests racy).
type session struct {
	imapserver.SessionIMAP4rev2
	srv     *Server
	mailbox string
}

func (ss *session) Login(username, password string) error {
	ss.srv.mu.Lock()
	ss.srv.logins++
	ss.srv.mu.Unlock()
	return ss.SessionIMAP4rev2.Login(username, password)
}

func (ss *session) List(w *imapserver.ListWriter, ref string, patterns []string, options *imap.ListOptions) error {
	ss.srv.mu.Lock()
	ss.srv.lists++
	ss.srv.mu.Unlock()
	return ss.SessionIMAP4rev2.List(w, ref, patterns, options)
}

func (ss *session) Select(mailbox string, o *imap.SelectOptions) (*imap.SelectData, error) {
	ss.mailbox = mailbox
	return ss.SessionIMAP4rev2.Select(mailbox, o)
}

func (ss *session) Idle(w *imapserver.UpdateWriter, stop <-chan struct{}) error {
	ss.srv.idled(ss.mailbox)
	for {
		kicked := ss.srv.kicked()
		if err := ss.SessionIMAP4rev2.Poll(w, true); err != nil {
			return err
		}
		select {
		case <-stop:
			return nil
		case <-kicked:
		}
	}
}
