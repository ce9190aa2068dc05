package imapconn

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/followup-dev/followup/internal/imapwatch/headertap"
	"github.com/followup-dev/followup/internal/imapwatch/imaptest"
)

var tapFields = []string{"Message-ID", "Subject", "From", "X-Odd"}

// tapMessages are the messages of the tap tests: plain ones, header
// values that look like IMAP syntax, a folded line, 8-bit text, none of
// the fields asked for, and a header bigger than the tap's buffer.
func tapMessages() [][]byte {
	msg := func(header string) []byte { return []byte(header + "\r\nbody\r\n") }
	return [][]byte{
		msg("Message-ID: <1@acme.example>\r\nSubject: plain\r\nFrom: Ann <ann@acme.example>\r\n"),
		msg("Subject: ] ) {5}\r\n \"quoted\\\" (folded) NIL\r\nX-Odd: * 3 EXISTS\r\nMessage-ID: <2@acme.example>\r\n"),
		msg("Subject: =?utf-8?q?Caf=C3=A9?= Zürich\r\nFrom: Zoë <z@acme.example>\r\n"),
		msg("To: nobody@example.test\r\nDate: Fri, 20 Nov 2026 10:00:00 +0000\r\n"),
		msg("Subject: big\r\nX-Odd: " + strings.Repeat("x", 100<<10) + "\r\n"),
		msg("Message-ID: <6@acme.example>\r\nSubject: last\r\n"),
	}
}

func newTapServer(t *testing.T, sec ...imaptest.Security) *imaptest.Server {
	o := imaptest.Options{}
	if len(sec) > 0 {
		o.Security = sec[0]
	}
	s := imaptest.New(t, o)
	for i, m := range tapMessages() {
		s.Deliver("INBOX", m, time.Date(2026, 11, 20, 10, i, 0, 0, time.UTC))
	}
	return s
}

func dialTap(t *testing.T, s *imaptest.Server) *Client {
	t.Helper()
	c, err := Dial(t.Context(), s.Config(), s.Password(), Options{})
	if err != nil {
		t.Fatalf("Dial = %v", err)
	}
	t.Cleanup(func() { c.Close() })
	if _, err := c.Examine(t.Context(), "INBOX"); err != nil {
		t.Fatalf("Examine = %v", err)
	}
	return c
}

type screened struct {
	UID    uint32
	Fields string
}

func (s screened) String() string { return fmt.Sprintf("%d:%q", s.UID, s.Fields) }

func screenAll(t *testing.T, c *Client, uids ...imap.UID) []screened {
	t.Helper()
	var got []screened
	err := c.ScreenHeaders(t.Context(), uids, tapFields, func(h Header) error {
		got = append(got, screened{h.UID, string(h.Fields)})
		return nil
	})
	if err != nil {
		t.Fatalf("ScreenHeaders = %v", err)
	}
	return got
}

// The tap hands over what imapclient's decoder reads from the same
// server, and leaves the connection to imapclient after it.
func TestTapReadsWhatIMAPClientReads(t *testing.T) {
	s := newTapServer(t)
	tapped, plain := dialTap(t, s), dialTap(t, s)
	if tapped.tap == nil {
		t.Fatal("no tap under a plain connection")
	}
	plain.tap = nil // imapclient reads
	uids := []imap.UID{1, 2, 3, 4, 5, 6}
	want := screenAll(t, plain, uids...)
	if len(want) != len(uids) {
		t.Fatalf("imapclient read %d messages, want %d", len(want), len(uids))
	}
	if got := screenAll(t, tapped, uids...); !slices.Equal(got, want) {
		t.Errorf("tap read\n%q\nimapclient read\n%q", got, want)
	}
	if st, err := tapped.Status(t.Context(), "INBOX"); err != nil || st.UIDNext != 7 {
		t.Fatalf("Status after a tapped FETCH = %+v, %v; want UIDNEXT 7", st, err)
	}
	if got := screenAll(t, tapped, 2, 6); !slices.Equal(got, []screened{want[1], want[5]}) {
		t.Errorf("second tapped FETCH read %q", got)
	}
}

// Under STARTTLS, which imapconn negotiates before imapclient sees the
// connection, the tap sits over TLS and reads what imapclient reads.
func TestTapUnderStartTLS(t *testing.T) {
	s := newTapServer(t, imaptest.StartTLS)
	tapped, plain := dialTap(t, s), dialTap(t, s)
	if tapped.tap == nil {
		t.Fatal("no tap under STARTTLS")
	}
	plain.tap = nil
	uids := []imap.UID{1, 2, 3, 4, 5, 6}
	want := screenAll(t, plain, uids...)
	if got := screenAll(t, tapped, uids...); len(want) != len(uids) || !slices.Equal(got, want) {
		t.Errorf("tap read\n%q\nimapclient read\n%q", got, want)
	}
	if ok, err := tapped.HasMessageID(t.Context(), "INBOX", "nobody@example.test"); err != nil || ok {
		t.Errorf("HasMessageID after a tapped FETCH = %v, %v; want false, nil", ok, err)
	}
}

// oneByteConn reads one byte at a time: every response, and the line end
// imapclient reads after the command before a tap, split everywhere.
type oneByteConn struct{ net.Conn }

func (c oneByteConn) Read(p []byte) (int, error) { return c.Conn.Read(p[:min(len(p), 1)]) }

// loggedInOver is a Client logged in to s over a tap over wrap of its
// TCP connection.
func loggedInOver(t *testing.T, s *imaptest.Server, wrap func(net.Conn) net.Conn) *Client {
	t.Helper()
	conn, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	tap := headertap.New(wrap(conn))
	ic := imapclient.New(tap, nil)
	t.Cleanup(func() { ic.Close() })
	if err := ic.Login(imaptest.DefaultUser, s.Password()).Wait(); err != nil {
		t.Fatalf("Login = %v", err)
	}
	return tappedClient(ic, tap, time.Minute)
}

// tappedClient is a Client over ic, with tap under it.
func tappedClient(ic *imapclient.Client, tap *headertap.Conn, timeout time.Duration) *Client {
	return &Client{ic: ic, tap: tap, timeout: timeout, changes: make(chan struct{}, 1)}
}

func TestTapSurvivesOneByteReads(t *testing.T) {
	s := newTapServer(t)
	want := screenAll(t, dialTap(t, s), 1, 2, 3, 4, 5, 6)
	c := loggedInOver(t, s, func(conn net.Conn) net.Conn { return oneByteConn{conn} })
	for range 3 {
		if _, err := c.Examine(t.Context(), "INBOX"); err != nil {
			t.Fatalf("Examine = %v", err)
		}
		if got := screenAll(t, c, 1, 2, 3, 4, 5, 6); !slices.Equal(got, want) {
			t.Fatalf("tap over one-byte reads read\n%q\nwant\n%q", got, want)
		}
	}
}

// gateConn reads one byte at a time and, once armed, holds back the
// line end of the tagged response to the next command imapclient writes
// until the tapped command is written: imapclient has completed that
// command when it reads the line end, so the next command's tap is set
// first and the line end reaches the tap's Read. With join, the line end
// comes in one read with the first bytes of the tapped command's answer.
type gateConn struct {
	net.Conn
	join          bool
	armed, tapped atomic.Bool
	mu            sync.Mutex
	tag           string // of the command imapclient wrote last, once armed
	line          []byte // the line being read
}

func (c *gateConn) Write(p []byte) (int, error) {
	if strings.HasPrefix(string(p), "FU") {
		c.tapped.Store(true)
	} else if tag, _, ok := strings.Cut(string(p), " "); ok && c.armed.Load() {
		c.mu.Lock()
		c.tag = tag
		c.mu.Unlock()
	}
	return c.Conn.Write(p)
}

func (c *gateConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p[:min(len(p), 1)])
	if n == 1 && c.track(p[0]) {
		for !c.tapped.Load() {
			runtime.Gosched()
		}
		c.armed.Store(false)
		c.tapped.Store(false)
		if c.join {
			m, err := c.Conn.Read(p[1:]) // the tapped command's first response
			for _, b := range p[1 : 1+m] {
				c.track(b)
			}
			return 1 + m, err
		}
	}
	return n, err
}

// track follows the lines read, b one byte of them, and reports the end
// of the tagged response the gate waits for.
func (c *gateConn) track(b byte) bool {
	c.line = append(c.line, b)
	if b != '\n' {
		return false
	}
	line := string(c.line)
	c.line = c.line[:0]
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.armed.Load() && c.tag != "" && strings.HasPrefix(line, c.tag+" ")
}

func TestTapLeavesTheLineEndBeforeItToIMAPClient(t *testing.T) {
	for _, join := range []bool{false, true} {
		t.Run(fmt.Sprintf("join=%v", join), func(t *testing.T) {
			s := newTapServer(t)
			want := screenAll(t, dialTap(t, s), 1, 2, 3, 4, 5, 6)
			var gate *gateConn
			c := loggedInOver(t, s, func(conn net.Conn) net.Conn {
				gate = &gateConn{Conn: conn, join: join}
				return gate
			})
			for range 2 {
				gate.mu.Lock()
				gate.tag = ""
				gate.mu.Unlock()
				gate.armed.Store(true)
				if _, err := c.Examine(t.Context(), "INBOX"); err != nil {
					t.Fatalf("Examine = %v", err)
				}
				if got := screenAll(t, c, 1, 2, 3, 4, 5, 6); !slices.Equal(got, want) {
					t.Fatalf("read\n%q\nwant\n%q", got, want)
				}
			}
		})
	}
}

// pipeClient is a Client over a tap on one end of a pipe; the test plays
// the server on the other: after the greeting, serve reads the tapped
// command and answers.
func pipeClient(t *testing.T, serve func(server net.Conn, cmd string)) *Client {
	client, server := net.Pipe()
	tap := headertap.New(client)
	ic := imapclient.New(tap, nil)
	t.Cleanup(func() { ic.Close(); server.Close() })
	go func() {
		io.WriteString(server, "* OK [CAPABILITY IMAP4rev1] ready\r\n")
		cmd, _ := bufio.NewReader(server).ReadString('\n')
		serve(server, cmd)
	}()
	if err := ic.WaitGreeting(); err != nil {
		t.Fatal(err)
	}
	return tappedClient(ic, tap, time.Minute)
}

const pipeFirst = "* 1 FETCH (UID 4 BODY[HEADER.FIELDS (Subject)] {3}\r\nabc)\r\n"

// A context ended during a tapped FETCH (here by each, after the first
// of two messages, the server silent after it) ends the command with the
// context's error.
func TestTapEndsWithTheContext(t *testing.T) {
	c := pipeClient(t, func(server net.Conn, _ string) { io.WriteString(server, pipeFirst) })
	ctx, cancel := context.WithCancel(t.Context())
	err := c.ScreenHeaders(ctx, []imap.UID{4, 5}, []string{"Subject"}, func(Header) error {
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("ScreenHeaders = %v, want context.Canceled", err)
	}
}

func TestTapEndsWhenTheServerHangsUp(t *testing.T) {
	c := pipeClient(t, func(server net.Conn, _ string) {
		io.WriteString(server, pipeFirst+"* BYE going away\r\n")
		server.Close()
	})
	if err := c.ScreenHeaders(t.Context(), []imap.UID{4, 5}, []string{"Subject"}, func(Header) error { return nil }); err == nil {
		t.Fatal("ScreenHeaders = nil after the server hung up mid-FETCH")
	}
	<-c.ic.Closed() // imapclient knows too
}

// A panic in each is the caller's, as it was when imapclient read the
// responses, not a closed connection.
func TestTapPanicInEachReachesTheCaller(t *testing.T) {
	c := pipeClient(t, func(server net.Conn, _ string) { io.WriteString(server, pipeFirst+"FU1 OK done\r\n") })
	defer func() {
		if v, _ := recover().(string); !strings.HasPrefix(v, "bug in each\n") || !strings.Contains(v, "tap_test.go") {
			t.Errorf("recovered %q, want the panic of each with where it was", v)
		}
	}()
	c.ScreenHeaders(t.Context(), []imap.UID{4, 5}, []string{"Subject"}, func(Header) error { panic("bug in each") })
	t.Error("ScreenHeaders returned")
}

func TestTapEachErrorEndsTheFetchNotTheConnection(t *testing.T) {
	s := newTapServer(t)
	c := dialTap(t, s)
	stop := errors.New("stop")
	calls := 0
	err := c.ScreenHeaders(t.Context(), []imap.UID{1, 2, 3, 4, 5, 6}, tapFields, func(Header) error {
		calls++
		if calls == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 2 {
		t.Fatalf("ScreenHeaders = %v after %d calls, want stop after 2", err, calls)
	}
	if got := screenAll(t, c, 6); len(got) != 1 || got[0].UID != 6 {
		t.Errorf("the next FETCH read %q", got)
	}
}

// From IDLE's start until the server has seen it end, a header FETCH is
// imapclient's (which holds its commands back meanwhile), never a tap's,
// which would be written in the middle of the IDLE.
func TestNoTapWhileIdling(t *testing.T) {
	s := newTapServer(t)
	c := dialTap(t, s)
	fields := []string{"Subject"}
	var during *headertap.Conn
	err := c.WaitIdle(t.Context(), time.Minute, func() {
		during = c.tapFor(fields)
		s.Deliver("INBOX", tapMessages()[0], time.Now()) // ends the IDLE
	})
	if err != nil {
		t.Fatalf("WaitIdle = %v", err)
	}
	if during != nil {
		t.Error("a tap was offered while IDLE was under way")
	}
	if c.tapFor(fields) == nil {
		t.Error("no tap once IDLE was over")
	}
	ctx, cancel := context.WithCancel(t.Context())
	if err := c.WaitIdle(ctx, time.Minute, cancel); !errors.Is(err, context.Canceled) {
		t.Fatalf("WaitIdle = %v, want context.Canceled", err)
	}
	if c.tapFor(fields) != nil {
		t.Error("a tap was offered after WaitIdle left an IDLE under way")
	}
}

// failWrite fails every write of a tapped command.
type failWrite struct{ net.Conn }

var errWriteBroke = errors.New("write broke")

func (c failWrite) Write(p []byte) (int, error) {
	if strings.HasPrefix(string(p), "FU") {
		return 0, errWriteBroke
	}
	return c.Conn.Write(p)
}

func TestTapWriteFailureClosesTheConnection(t *testing.T) {
	client, server := net.Pipe()
	tap := headertap.New(failWrite{client})
	ic := imapclient.New(tap, nil)
	t.Cleanup(func() { ic.Close(); server.Close() })
	go func() {
		io.WriteString(server, "* OK [CAPABILITY IMAP4rev1] ready\r\n")
		io.Copy(io.Discard, server)
	}()
	if err := ic.WaitGreeting(); err != nil {
		t.Fatal(err)
	}
	c := tappedClient(ic, tap, 10*time.Second)
	if err := c.ScreenHeaders(t.Context(), []imap.UID{1}, []string{"Subject"}, func(Header) error { return nil }); !errors.Is(err, errWriteBroke) {
		t.Fatalf("ScreenHeaders = %v, want the write's error", err)
	}
	<-ic.Closed()
}

// deadlineConn tells of every read deadline imapclient sets.
type deadlineConn struct {
	net.Conn
	set chan time.Time
}

func (c deadlineConn) SetReadDeadline(d time.Time) error {
	c.set <- d
	return c.Conn.SetReadDeadline(d)
}

// An unsolicited response imapclient has begun to read when the tap is
// set is imapclient's to the end; the tap reads what comes after.
func TestTapLeavesAResponseBegunToIMAPClient(t *testing.T) {
	client, server := net.Pipe()
	deadlines := make(chan time.Time, 100)
	exists := make(chan uint32, 1)
	tap := headertap.New(deadlineConn{client, deadlines})
	ic := imapclient.New(tap, &imapclient.Options{UnilateralDataHandler: &imapclient.UnilateralDataHandler{
		Mailbox: func(d *imapclient.UnilateralDataMailbox) {
			if d.NumMessages != nil {
				exists <- *d.NumMessages
			}
		}}})
	t.Cleanup(func() { ic.Close(); server.Close() })
	go io.WriteString(server, "* OK [CAPABILITY IMAP4rev1] ready\r\n")
	if err := ic.WaitGreeting(); err != nil {
		t.Fatal(err)
	}
	for d := range deadlines { // the greeting read to its end
		if d.IsZero() {
			break
		}
	}
	sr := bufio.NewReader(server)
	go func() {
		io.WriteString(server, "* 9 EXI")
		if cmd, err := sr.ReadString('\n'); err != nil || !strings.HasPrefix(cmd, "FU1 ") {
			t.Errorf("server read %q, %v", cmd, err)
		}
		io.WriteString(server, "STS\r\n"+pipeFirst+"FU1 OK done\r\n")
	}()
	for d := range deadlines { // imapclient is inside "* 9 EXI"
		if !d.IsZero() {
			break
		}
	}
	var got []screened
	err := tap.FetchHeaders(ic, imap.UIDSetNum(4, 5), []string{"Subject"}, func(h Header) error {
		got = append(got, screened{h.UID, string(h.Fields)})
		return nil
	}, func() { t.Error("imapclient's EXISTS went to the tap") })
	if err != nil || !slices.Equal(got, []screened{{4, "abc"}}) {
		t.Fatalf("FetchHeaders = %q, %v", got, err)
	}
	if n := <-exists; n != 9 {
		t.Errorf("imapclient saw EXISTS %d, want 9", n)
	}
}
