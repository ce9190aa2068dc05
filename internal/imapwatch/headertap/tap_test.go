package headertap

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Reading a real server's responses through a Conn under imapclient is
// tested with imapconn's Client (imapconn/tap_test.go).

type screened struct {
	UID    uint32
	Fields string
}

func (s screened) String() string { return fmt.Sprintf("%d:%q", s.UID, s.Fields) }

// The responses real servers send around and inside a FETCH, each read
// through a one-byte reader.
func TestTapParsesResponses(t *testing.T) {
	const ok = "FU1 OK done\r\n"
	tests := []struct {
		name, in string
		want     []screened
		notified int
		err      string // in the result; "" for none
		rest     string
	}{
		{name: "literal", in: "* 1 FETCH (UID 7 BODY[HEADER.FIELDS (SUBJECT FROM)] {11}\r\nSubject: a\n)\r\n" + ok,
			want: []screened{{7, "Subject: a\n"}}},
		{name: "UID after the body, lower case", in: "* 1 fetch (body[HEADER.FIELDS (\"SUBJECT\")] {3}\r\nabc uid 9)\r\n" + ok,
			want: []screened{{9, "abc"}}},
		{name: "quoted value with escapes", in: `* 2 FETCH (UID 3 BODY[HEADER.FIELDS (SUBJECT)] "a\"b\\c")` + "\r\n" + ok,
			want: []screened{{3, `a"b\c`}}},
		{name: "NIL value", in: "* 2 FETCH (UID 3 BODY[HEADER.FIELDS (SUBJECT)] NIL)\r\n" + ok,
			want: []screened{{3, ""}}},
		{name: "origin and other attributes", in: "* 2 FETCH (FLAGS (\\Seen $Junk) MODSEQ (12) INTERNALDATE \"20-Nov-2026 10:00:00 +0000\" UID 4 BODY[HEADER.FIELDS (SUBJECT)]<0> {2}\r\nab RFC822.SIZE 99)\r\n" + ok,
			want: []screened{{4, "ab"}}},
		{name: "section with a bracket in quotes", in: "* 1 FETCH (UID 5 BODY[HEADER.FIELDS (\"X-]\" SUBJECT)] {1}\r\nz)\r\n" + ok,
			want: []screened{{5, "z"}}},
		{name: "unsolicited flags, expunge, exists, keep-alive", in: "* 3 FETCH (UID 8 FLAGS (\\Flagged))\r\n* 4 EXPUNGE\r\n* OK Still here\r\n* 12 EXISTS\r\n* 1 RECENT\r\n" +
			"* 5 FETCH (UID 9 ENVELOPE (\"date\" {3}\r\nsub NIL NIL NIL NIL NIL NIL NIL \"<id>\") BODY[HEADER.FIELDS (SUBJECT)] {1}\r\nq)\r\n" + ok,
			want: []screened{{9, "q"}}, notified: 1},
		{name: "status text that ends like a literal", in: "* OK Still here {5}\r\n* 1 FETCH (UID 1 BODY[HEADER.FIELDS (SUBJECT)] {1}\r\nw)\r\n" + ok,
			want: []screened{{1, "w"}}},
		{name: "BODY.PEEK echoed", in: "* 1 FETCH (UID 2 BODY.PEEK[HEADER.FIELDS (SUBJECT)] {1}\r\nv)\r\n" + ok,
			want: []screened{{2, "v"}}},
		{name: "untagged with a literal", in: "* LIST () \"/\" {5}\r\nINBOX\r\n* 1 FETCH (UID 1 BODY[HEADER.FIELDS (SUBJECT)] {1}\r\nw)\r\n" + ok,
			want: []screened{{1, "w"}}},
		{name: "tagged NO", in: "* 1 FETCH (UID 1 BODY[HEADER.FIELDS (SUBJECT)] {1}\r\nw)\r\nFU1 NO [SERVERBUG] oops\r\n",
			want: []screened{{1, "w"}}, err: "server said NO [SERVERBUG] oops"},
		{name: "bytes after the completion stay", in: ok + "* 13 EXISTS\r\n", rest: "* 13 EXISTS\r\n"},
		{name: "another tag", in: "T3 OK done\r\n", err: `unexpected response "T3"`},
		{name: "literal too big", in: "* 1 FETCH (UID 1 BODY[HEADER.FIELDS (SUBJECT)] {999999999}\r\n", err: "literal size"},
		{name: "cut short", in: "* 1 FETCH (UID 1 BODY[HEADER.FIELDS (SUBJECT)] {10}\r\nabc", err: "EOF"},
		{name: "not a number", in: "* 1 FETCH (UID x BODY[HEADER.FIELDS (SUBJECT)] NIL)\r\n" + ok, err: `UID "x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []screened
			notified := 0
			h := &headerTap{tag: "FU1", notify: func() { notified++ }, each: func(h Header) error {
				got = append(got, screened{h.UID, string(h.Fields)})
				return nil
			}}
			r := bufio.NewReaderSize(iotest.OneByteReader(strings.NewReader(tt.in)), 16)
			if err := h.readAll(r); err != nil {
				h.readErr = err
			}
			err := h.result()
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Fatalf("result = %v, want %q", err, tt.err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("handed over %q, want %q", got, tt.want)
			}
			if notified != tt.notified {
				t.Errorf("notified %d times, want %d", notified, tt.notified)
			}
			if tt.err == "" {
				if rest, _ := io.ReadAll(r); string(rest) != tt.rest {
					t.Errorf("left %q, want %q", rest, tt.rest)
				}
			}
		})
	}
}

func TestErrorsQuoteABoundedExcerpt(t *testing.T) {
	h := &headerTap{tag: "FU1"}
	err := h.readAll(bufio.NewReaderSize(strings.NewReader(strings.Repeat("x", 300)+" OK\r\n"), 4096))
	if want := `unexpected response "` + strings.Repeat("x", 64) + `..." during a header FETCH`; err == nil || err.Error() != want {
		t.Errorf("readAll = %v, want %s", err, want)
	}
}

func TestTappable(t *testing.T) {
	for _, tt := range []struct {
		fields []string
		want   bool
	}{
		{[]string{"Message-ID", "X-Autoreply", "List-Unsubscribe"}, true},
		{nil, false},
		{[]string{"Subject", ""}, false},
		{[]string{"Has Space"}, false},
		{[]string{`Quote"`}, false},
		{[]string{"Brace{"}, false},
		{[]string{"Zürich"}, false},
	} {
		if got := Tappable(tt.fields); got != tt.want {
			t.Errorf("Tappable(%q) = %v, want %v", tt.fields, got, tt.want)
		}
	}
}

// Bytes the server sent after the tapped command's completion, in the same
// read, reach imapclient: here an EXISTS, which it reports.
func TestTapHandsBytesAfterItToIMAPClient(t *testing.T) {
	client, server := net.Pipe()
	exists := make(chan uint32, 1)
	tap := New(client)
	ic := imapclient.New(tap, &imapclient.Options{UnilateralDataHandler: &imapclient.UnilateralDataHandler{
		Mailbox: func(d *imapclient.UnilateralDataMailbox) {
			if d.NumMessages != nil {
				exists <- *d.NumMessages
			}
		}}})
	t.Cleanup(func() { ic.Close(); server.Close() })
	sr := bufio.NewReader(server)
	go func() {
		io.WriteString(server, "* OK [CAPABILITY IMAP4rev1] ready\r\n")
		if cmd, err := sr.ReadString('\n'); err != nil || !strings.HasPrefix(cmd, "FU1 UID FETCH 4:5 (UID BODY.PEEK[HEADER.FIELDS (Subject)])") {
			t.Errorf("server read %q, %v", cmd, err)
		}
		io.WriteString(server, "* 1 FETCH (UID 4 BODY[HEADER.FIELDS (Subject)] {3}\r\nabc)\r\nFU1 OK done\r\n* 9 EXISTS\r\n")
	}()
	if err := ic.WaitGreeting(); err != nil {
		t.Fatal(err)
	}
	var got []screened
	err := tap.FetchHeaders(ic, imap.UIDSetNum(4, 5), []string{"Subject"}, func(h Header) error {
		got = append(got, screened{h.UID, string(h.Fields)})
		return nil
	}, func() { t.Error("the EXISTS after the completion went to the tap") })
	if err != nil || !slices.Equal(got, []screened{{4, "abc"}}) {
		t.Fatalf("fetchHeaders = %q, %v", got, err)
	}
	select {
	case n := <-exists:
		if n != 9 {
			t.Errorf("imapclient saw EXISTS %d, want 9", n)
		}
	case <-time.After(10 * time.Second): // a bound on failure, not a wait for timing
		t.Error("imapclient never saw the EXISTS after the tapped command")
	}
}

// chunkReader returns at most n bytes a read.
type chunkReader struct {
	r io.Reader
	n int
}

func (c chunkReader) Read(p []byte) (int, error) { return c.r.Read(p[:min(len(p), c.n)]) }

// FuzzTapReadsWhatTheServerWrote: whatever the header fields hold and
// however the responses are cut into reads, the tap hands over each
// message's fields unchanged, under its UID, in order, and leaves what
// follows its completion unread. The fuzzer picks the fields (cut into
// messages at each 0xff byte), how each is written (literal or quoted,
// with or without FLAGS and unsolicited responses around it) and the read
// size.
func FuzzTapReadsWhatTheServerWrote(f *testing.F) {
	f.Add([]byte("Subject: a\r\n\xffFrom: b\r\n\r\n"), uint8(1), uint8(0))
	f.Add([]byte("X: {3}\r\n) ] \"\xff\xff* 1 EXISTS\r\n"), uint8(7), uint8(5))
	f.Add([]byte("plain text\xffwith \\ and \" quotes"), uint8(255), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, chunk, style uint8) {
		var in strings.Builder
		var want []screened
		for i, fields := range strings.Split(string(data), "\xff") {
			uid := uint32(i + 1)
			s := int(style) + i
			if s&4 != 0 {
				fmt.Fprintf(&in, "* %d FETCH (FLAGS (\\Seen))\r\n* OK [HIGHESTMODSEQ %d] still here\r\n", uid, uid)
			}
			fmt.Fprintf(&in, "* %d FETCH (", uid)
			if s&1 != 0 {
				fmt.Fprintf(&in, "UID %d ", uid)
			}
			in.WriteString("BODY[HEADER.FIELDS (SUBJECT FROM)] ")
			if s&2 != 0 && !strings.ContainsAny(fields, "\r\n") {
				in.WriteString(`"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(fields) + `"`)
			} else {
				fmt.Fprintf(&in, "{%d}\r\n%s", len(fields), fields)
			}
			if s&1 == 0 {
				fmt.Fprintf(&in, " UID %d", uid)
			}
			in.WriteString(")\r\n")
			want = append(want, screened{uid, fields})
		}
		in.WriteString("FU1 OK done\r\n* 3 EXISTS\r\n")
		var got []screened
		h := &headerTap{tag: "FU1", notify: func() {}, each: func(h Header) error {
			got = append(got, screened{h.UID, string(h.Fields)})
			return nil
		}}
		r := bufio.NewReaderSize(chunkReader{strings.NewReader(in.String()), max(1, int(chunk))}, 16)
		if err := h.readAll(r); err != nil || h.result() != nil {
			t.Fatalf("readAll = %v, %v", err, h.result())
		}
		if !slices.Equal(got, want) {
			t.Fatalf("handed over %q, want %q", got, want)
		}
		if rest, _ := io.ReadAll(r); string(rest) != "* 3 EXISTS\r\n" {
			t.Fatalf("left %q", rest)
		}
	})
}
