// Package headertap reads the responses of a header FETCH past
// imapclient, on the same connection: Conn sits under an
// imapclient.Client and hands the bytes of a tapped command to a parser
// made for that one shape of response.
package headertap

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Header is one message's header fields as a header FETCH answers them
// (its literal, unchanged). Fields is valid only during the call it is
// handed to (its memory is reused).
type Header struct {
	UID    uint32
	Fields []byte
}

// Conn is the connection under imapclient, through which a header
// FETCH's responses are read by followup's own parser (headerTap) instead
// of imapclient's: imapclient's decoder, general and careful, reads a
// response byte by byte and builds a string of every header name each
// response echoes, which costs more CPU than all the rest of a catch-up,
// while a catch-up's header FETCH is tens of thousands of responses of one
// shape. While a tap is set, the bytes read are the tap's, on imapclient's
// reader goroutine (which is always in Read when no response is under
// way), up to the tap's tagged completion; bytes after it go back to
// imapclient. Only commands that imapclient knows nothing of are tapped,
// and only while none of imapclient's is under way (the Client's command
// lock), so imapclient never sees a response of them nor misses one of
// its own. Under STARTTLS the Conn must sit over the TLS connection, so
// the caller negotiates STARTTLS before imapclient sees it (AfterGreeting).
type Conn struct {
	net.Conn
	mu      sync.Mutex
	tap     *headerTap
	seq     int
	pending []byte // bytes read past a tap's end, not yet handed to imapclient
	// the read deadline imapclient last set
	readDeadline time.Time
}

// New is a Conn over c, for imapclient.New.
func New(c net.Conn) *Conn { return &Conn{Conn: c} }

// AfterGreeting is a Conn over c whose first bytes are greeting, for
// imapclient.New over a connection whose greeting was read already (a
// STARTTLS its caller negotiated: the server greets once, before it).
func AfterGreeting(c net.Conn, greeting string) *Conn {
	return &Conn{Conn: c, pending: []byte(greeting)}
}

// Read is imapclient's read: the bytes of a tapped command go to its tap.
func (t *Conn) Read(p []byte) (int, error) {
	for {
		if n := t.takePending(p); n > 0 {
			return n, nil
		}
		var first []byte
		var err error
		tap := t.current()
		if tap != nil && len(tap.early) > 0 {
			first, tap.early = tap.early, nil
		} else {
			n, rerr := t.Conn.Read(p)
			if tap = t.current(); tap == nil || (n == 0 && rerr == nil) {
				return n, rerr
			}
			first, err = p[:n], rerr
		}
		// imapclient is still reading a response of its own (it sets a
		// read deadline for each, none while it waits for one): the line
		// end of the tagged response before the tapped command, which it
		// reads after that command has completed, or an unsolicited
		// response that came in parts. It gets the bytes to the end of a
		// line; the rest waits for its next Read.
		if t.midResponse() {
			k := bytes.IndexByte(first, '\n') + 1
			if k == 0 {
				k = len(first)
			}
			n := copy(p, first[:k])
			tap.early = append([]byte(nil), first[n:]...)
			return n, err
		}
		rest, runErr := t.runTap(tap, first, err)
		if runErr != nil {
			return 0, runErr
		}
		t.keep(rest)
	}
}

func (t *Conn) midResponse() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return !t.readDeadline.IsZero()
}

// runTap runs tap on the reader goroutine and ends it. It runs only while
// imapclient waits for a response (no read deadline set). A panic of the
// tap's (of its each) is the command's, re-raised by FetchHeaders.
func (t *Conn) runTap(tap *headerTap, first []byte, firstErr error) (rest []byte, err error) {
	defer func() {
		if v := recover(); v != nil {
			tap.panicked = fmt.Sprintf("%v\n\n[where it panicked, on imapclient's reader goroutine]\n%s", v, debug.Stack())
			tap.readErr = errors.New("header fetch: panic while handling a response")
			rest, err = nil, tap.readErr
		}
		t.finish(tap)
	}()
	return tap.run(first, firstErr, t.Conn)
}

// SetReadDeadline is imapclient's: noted, for it tells whether imapclient
// is in the middle of a response (midResponse).
func (t *Conn) SetReadDeadline(d time.Time) error {
	t.mu.Lock()
	t.readDeadline = d
	t.mu.Unlock()
	return t.Conn.SetReadDeadline(d)
}

// SetDeadline is SetReadDeadline and the connection's SetWriteDeadline.
func (t *Conn) SetDeadline(d time.Time) error {
	if err := t.Conn.SetWriteDeadline(d); err != nil {
		return err
	}
	return t.SetReadDeadline(d)
}

func (t *Conn) current() *headerTap {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.tap
}

func (t *Conn) keep(b []byte) {
	if len(b) > 0 {
		t.mu.Lock()
		t.pending = append(t.pending, b...)
		t.mu.Unlock()
	}
}

func (t *Conn) takePending(p []byte) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := copy(p, t.pending)
	t.pending = t.pending[n:]
	if len(t.pending) == 0 {
		t.pending = nil
	}
	return n
}

// finish ends tap: the next bytes are imapclient's again.
func (t *Conn) finish(tap *headerTap) {
	t.drop(tap)
	close(tap.done)
}

// Tappable reports whether fields can be written as atoms: a field that
// would need quoting is left to imapclient.
func Tappable(fields []string) bool {
	for _, f := range fields {
		if f == "" {
			return false
		}
		for i := 0; i < len(f); i++ {
			if c := f[i]; c <= ' ' || c >= 0x7f || strings.IndexByte(`(){}%*"\]`, c) >= 0 {
				return false
			}
		}
	}
	return len(fields) > 0
}

// FetchHeaders sends UID FETCH set (UID BODY.PEEK[HEADER.FIELDS (fields)])
// with its responses read by a tap, each message's fields handed to each
// (see headerTap), and waits for the tagged completion. ic is the client
// over t, with no command under way until FetchHeaders returns (the
// caller holds its command lock). notify is called for
// an EXISTS among the responses.
func (t *Conn) FetchHeaders(ic *imapclient.Client, set imap.UIDSet, fields []string, each func(Header) error, notify func()) error {
	t.mu.Lock()
	t.seq++
	tap := &headerTap{tag: fmt.Sprintf("FU%d", t.seq), each: each, notify: notify, done: make(chan struct{})}
	t.tap = tap
	t.mu.Unlock()
	cmd := tap.tag + " UID FETCH " + set.String() + " (UID BODY.PEEK[HEADER.FIELDS (" + strings.Join(fields, " ") + ")])\r\n"
	_, werr := io.WriteString(t.Conn, cmd)
	if werr != nil {
		ic.Close() // a tap that started on other bytes ends too, and is waited for
	}
	select {
	case <-tap.done:
	case <-ic.Closed():
		t.drop(tap) // the reader goroutine had ended: nobody reads for the tap
		select {
		case <-tap.done:
		default:
			return cmp.Or(werr, errors.New("connection closed"))
		}
	}
	if tap.panicked != "" {
		panic(tap.panicked)
	}
	return cmp.Or(werr, tap.result())
}

// drop unsets tap (one that has not run, or has ended).
func (t *Conn) drop(tap *headerTap) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tap == tap {
		t.tap = nil
	}
}

// headerTap reads the responses of one tapped header FETCH.
type headerTap struct {
	tag    string
	each   func(Header) error
	notify func()
	early  []byte // bytes read before the tap ran, imapclient's response before them
	done   chan struct{}
	// set by run, read after done
	status   error  // the tagged NO or BAD; nil for OK
	eachErr  error  // the first error of each; each is not called after it
	readErr  error  // the connection broke or a response could not be read
	panicked string // a panic of the tap's (of each), with its stack
}

func (h *headerTap) result() error { return cmp.Or(h.readErr, h.status, h.eachErr) }

// run reads the responses, first (bytes already read, with the error
// that came with them, if any) then from conn, to the tagged completion,
// and returns the bytes read past it. An error is the connection's:
// imapclient gets it too.
func (h *headerTap) run(first []byte, firstErr error, conn io.Reader) (rest []byte, err error) {
	r0 := &prefixReader{b: first, err: firstErr, r: conn}
	r := bufio.NewReaderSize(r0, 64<<10)
	if err = h.readAll(r); err != nil {
		h.readErr = err
		return nil, err
	}
	rest = make([]byte, r.Buffered())
	r.Read(rest)
	return append(rest, r0.b...), nil
}

// prefixReader reads b, then err if set, then r.
type prefixReader struct {
	b   []byte
	err error
	r   io.Reader
}

func (p *prefixReader) Read(buf []byte) (int, error) {
	if len(p.b) > 0 {
		n := copy(buf, p.b)
		p.b = p.b[n:]
		return n, nil
	}
	if p.err != nil {
		return 0, p.err
	}
	return p.r.Read(buf)
}
