package imapwatch

import (
	"bytes"
	"fmt"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/followup-dev/followup/internal/config"
)

const (
	testUser     = "jo@example.test"
	testPassword = "s3cret-pass"
)

// testServer is an in-process IMAP server on loopback whose mail survives
// restarts (the memory backend is kept).
type testServer struct {
	t     *testing.T
	mem   *imapmemserver.Server
	user  *imapmemserver.User
	opts  imapserver.Options
	addr  string
	srv   *imapserver.Server
	done  chan error
	rawLn func(net.Listener) net.Listener

	mu     sync.Mutex
	kick   chan struct{} // closed and replaced on each delivery
	logins int
}

func (k *kickSession) Login(username, password string) error {
	k.srv.mu.Lock()
	k.srv.logins++
	k.srv.mu.Unlock()
	return k.SessionIMAP4rev2.Login(username, password)
}

func (s *testServer) loginCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logins
}

// kickSession makes IDLE report updates queued before it began, as real
// servers do (imapmemserver only reports those queued during IDLE, which
// would make tests racy): it polls at the start and after every delivery.
type kickSession struct {
	imapserver.SessionIMAP4rev2
	srv *testServer
}

func (k *kickSession) Idle(w *imapserver.UpdateWriter, stop <-chan struct{}) error {
	for {
		kicked := k.srv.kicked()
		if err := k.SessionIMAP4rev2.Poll(w, true); err != nil {
			return err
		}
		select {
		case <-stop:
			return nil
		case <-kicked:
		}
	}
}

func (s *testServer) kicked() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.kick == nil {
		s.kick = make(chan struct{})
	}
	return s.kick
}

func (s *testServer) kickAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.kick != nil {
		close(s.kick)
		s.kick = nil
	}
}

type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}

// newTestServer starts a server advertising caps (IMAP4rev2 when nil) with
// INBOX, Drafts and Sent.
func newTestServer(t *testing.T, caps imap.CapSet, setup ...func(*testServer)) *testServer {
	t.Helper()
	if caps == nil {
		caps = imap.CapSet{imap.CapIMAP4rev2: {}, imap.CapIMAP4rev1: {}}
	}
	s := &testServer{t: t, mem: imapmemserver.New(), user: imapmemserver.NewUser(testUser, testPassword)}
	s.mem.AddUser(s.user)
	for _, name := range []string{"INBOX", "Drafts", "Sent"} {
		if err := s.user.Create(name, nil); err != nil {
			t.Fatalf("Create(%s) = %v", name, err)
		}
	}
	s.opts = imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &kickSession{SessionIMAP4rev2: s.mem.NewSession().(imapserver.SessionIMAP4rev2), srv: s}, nil, nil
		},
		Caps:         caps,
		Logger:       discardLogger{},
		InsecureAuth: true,
	}
	for _, f := range setup {
		f(s)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	s.addr = ln.Addr().String()
	s.serve(ln)
	t.Cleanup(s.stop)
	return s
}

func (s *testServer) serve(ln net.Listener) {
	if s.rawLn != nil {
		ln = s.rawLn(ln)
	}
	s.srv = imapserver.New(&s.opts)
	s.done = make(chan error, 1)
	go func() { s.done <- s.srv.Serve(ln) }()
}

// stop closes the listener and every connection and waits for Serve.
func (s *testServer) stop() {
	if s.srv == nil {
		return
	}
	s.srv.Close()
	<-s.done
	s.srv = nil
}

// start listens again on the same address, with the same mail.
func (s *testServer) start() {
	s.t.Helper()
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		s.t.Fatalf("listen again on %s: %v", s.addr, err)
	}
	s.serve(ln)
}

// config is the client configuration for this server: plain text on
// loopback, Drafts and Sent left to discovery.
func (s *testServer) config() config.IMAP {
	host, port, _ := net.SplitHostPort(s.addr)
	p, _ := strconv.Atoi(port)
	return config.IMAP{
		Server: config.Server{
			Host: host, Port: p, Security: config.SecurityNone,
			Credentials: config.Credentials{Username: testUser},
		},
		Mailboxes: []string{"INBOX"},
	}
}

// deliver puts a message straight into mailbox, as an MTA would.
func (s *testServer) deliver(mailbox string, raw []byte, t0 time.Time) {
	s.t.Helper()
	if _, err := s.user.Append(mailbox, literal{bytes.NewReader(raw)}, &imap.AppendOptions{Time: t0}); err != nil {
		s.t.Fatalf("deliver to %s: %v", mailbox, err)
	}
	s.kickAll()
}

type literal struct{ *bytes.Reader }

func (l literal) Size() int64 { return l.Reader.Size() }

func testMessage(id, subject string) []byte {
	return []byte(fmt.Sprintf("From: Ann <ann@acme.example>\r\nTo: jo@example.test\r\nSubject: %s\r\nMessage-ID: <%s>\r\nDate: Fri, 20 Nov 2026 10:00:00 +0000\r\n\r\nHello, thanks for your time.\r\n", subject, id))
}

func dialTest(t *testing.T, s *testServer) *Client {
	t.Helper()
	c, err := Dial(t.Context(), s.config(), testPassword, Options{})
	if err != nil {
		t.Fatalf("Dial = %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// flags fetches the flags of every message in mailbox by UID, through an
// independent raw client.
func (s *testServer) flags(mailbox string) map[imap.UID][]imap.Flag {
	s.t.Helper()
	ic, err := imapclient.DialInsecure(s.addr, nil)
	if err != nil {
		s.t.Fatalf("dial: %v", err)
	}
	defer ic.Close()
	if err := ic.Login(testUser, testPassword).Wait(); err != nil {
		s.t.Fatalf("login: %v", err)
	}
	if _, err := ic.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		s.t.Fatalf("select %s: %v", mailbox, err)
	}
	out := map[imap.UID][]imap.Flag{}
	all := imap.SeqSet{}
	all.AddRange(1, 0)
	msgs, err := ic.Fetch(all, &imap.FetchOptions{UID: true, Flags: true}).Collect()
	if err != nil {
		s.t.Fatalf("fetch flags: %v", err)
	}
	for _, m := range msgs {
		out[m.UID] = m.Flags
	}
	return out
}

// within waits for a value on ch for at most a generous bound.
func within[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	timer := time.NewTimer(10 * time.Second)
	defer timer.Stop()
	select {
	case v := <-ch:
		return v
	case <-timer.C:
		t.Fatalf("%s: nothing within 10s", what)
	}
	var zero T
	return zero
}

var fixedTime = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
