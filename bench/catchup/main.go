// Command catchup is the helper of bench/catchup.sh: it fills a Maildir
// folder with a synthetic mailbox, and times the yardstick of a first
// catch-up, one raw header FETCH over one connection.
//
//	catchup fill -dir MAILDIR_FOLDER -n 100000 -companies 20 -ratio 0.01
//	catchup raw -mailbox Bench   (server and login from FOLLOWUP_E2E_* variables)
//
// fill writes n messages received over the last day into DIR/cur (the
// folder must exist): a share ratio of them from the interviewers' company
// domains co1.example … coN.example (half from the interviewer
// p<i>@co<i>.example, half from hr@co<i>.example), the rest newsletters,
// notifications and personal mail from elsewhere, a few of them bounces of
// mail to strangers. It prints the number of messages from the companies.
//
// raw logs in, EXAMINEs the mailbox and runs one
// UID FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (...)]) of the fields
// followup's screen fetches, reading every response as it arrives, and
// prints how many messages it read. With -reader imapclient (the default)
// go-imap's client reads the responses; with -reader tap followup's own
// reader of a header FETCH does (internal/imapwatch/headertap, which
// followup's catch-up reads with): the yardstick with nothing of
// followup's but its reading.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/followup-dev/followup/internal/imapwatch/headertap"
	"github.com/followup-dev/followup/internal/inbox"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: catchup fill|raw [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "fill":
		err = fill(os.Args[2:])
	case "raw":
		err = raw(os.Args[2:])
	default:
		err = fmt.Errorf("unknown mode %q: fill or raw", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "catchup:", err)
		os.Exit(1)
	}
}

func fill(args []string) error {
	fs := flag.NewFlagSet("fill", flag.ExitOnError)
	dir := fs.String("dir", "", "the Maildir folder (holding cur/)")
	n := fs.Int("n", 10000, "messages")
	companies := fs.Int("companies", 20, "interviewers' companies")
	ratio := fs.Float64("ratio", 0.01, "share of the messages from the companies")
	to := fs.String("to", "me@candidate.test", "the mailbox owner")
	fs.Parse(args)
	if *dir == "" {
		return errors.New("fill: -dir is required")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	now := time.Now().UTC()
	answers := 0
	for i := range *n {
		at := now.Add(-time.Duration(*n-i) * 24 * time.Hour / time.Duration(*n+1))
		var msg string
		if rng.Float64() < *ratio {
			answers++
			msg = companyMessage(i, 1+rng.IntN(*companies), *to, at)
		} else {
			msg = otherMessage(i, rng, *to, at)
		}
		// Named as Dovecot names a delivered message it has moved to cur/
		// without flags (its size and CRLF size, no ":2,"): Dovecot finds
		// the file of such a message by its name; one named "...:2," with
		// no flags it finds only by reading the whole directory again,
		// once per connection that opens a message.
		name := fmt.Sprintf("%d.M%dP1.bench,S=%d,W=%d", at.Unix(), i, len(msg), len(msg))
		if err := os.WriteFile(filepath.Join(*dir, "cur", name), []byte(msg), 0o600); err != nil {
			return err
		}
	}
	fmt.Println(answers)
	return nil
}

const body = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.\r\n"

func header(from, to, subject, id string, at time.Time, extra string) string {
	return "Return-Path: <" + address(from) + ">\r\nReceived: from mx.example (mx.example [192.0.2.1])\r\n\tby mail.candidate.test with ESMTPS; " + at.Format(time.RFC1123Z) + "\r\n" +
		"DKIM-Signature: v=1; a=rsa-sha256; d=" + domain(from) + "; s=s1; h=from:to:subject; bh=abc; b=def\r\n" +
		"From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nDate: " + at.Format(time.RFC1123Z) + "\r\n" +
		"Message-ID: <" + id + ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n" + extra + "\r\n"
}

func address(from string) string {
	if i, j := indexByte(from, '<'), indexByte(from, '>'); i >= 0 && j > i {
		return from[i+1 : j]
	}
	return from
}

func domain(from string) string {
	a := address(from)
	return a[indexByte(a, '@')+1:]
}

func indexByte(s string, c byte) int {
	for i := range len(s) {
		if s[i] == c {
			return i
		}
	}
	return -1
}

func companyMessage(i, co int, to string, at time.Time) string {
	from := fmt.Sprintf("Pat Interviewer <p%d@co%d.example>", co, co)
	if i%2 == 1 {
		from = fmt.Sprintf("Recruiting <hr%d@co%d.example>", i, co)
	}
	text := "Hi,\r\n\r\nThank you for your time last week. We would like to invite you to the next round of interviews.\r\n\r\nBest,\r\nPat\r\n"
	return header(from, to, "Re: Our conversation", fmt.Sprintf("answer.%d@co%d.example", i, co), at, "") + text
}

func otherMessage(i int, rng *rand.Rand, to string, at time.Time) string {
	id := fmt.Sprintf("m.%d@list%d.example", i, i%97)
	switch k := rng.IntN(100); {
	case k < 55:
		return header(fmt.Sprintf("Weekly News <news@list%d.example>", i%97), to, fmt.Sprintf("This week's digest #%d", i), id, at,
			fmt.Sprintf("List-Id: <news.list%d.example>\r\nList-Unsubscribe: <mailto:unsubscribe@list%d.example>\r\nPrecedence: bulk\r\n", i%97, i%97)) +
			body + body + body + body + body + body + body + body
	case k < 85:
		return header(fmt.Sprintf("Service <notify@svc%d.example>", i%31), to, fmt.Sprintf("Your receipt %d", i), id, at, "Auto-Submitted: auto-generated\r\n") + body + body
	case k < 99:
		return header(fmt.Sprintf("Friend %d <friend%d@mail%d.example>", i%500, i%500, i%13), to, fmt.Sprintf("Weekend plans %d", i), id, at, "") + body
	}
	// A bounce of mail the user sent to a stranger: its header flags it,
	// so its body is read too.
	return header("Mail Delivery System <MAILER-DAEMON@mx.example>", to, "Undelivered Mail Returned to Sender", id, at, "") +
		"This is the mail system at host mx.example.\r\n\r\n<stranger" + fmt.Sprint(i) + "@elsewhere.example>: host said: 550 5.1.1 user unknown\r\n"
}

func raw(args []string) error {
	fs := flag.NewFlagSet("raw", flag.ExitOnError)
	mailbox := fs.String("mailbox", "INBOX", "the mailbox to read")
	reader := fs.String("reader", "imapclient", "who reads the responses: imapclient or tap")
	fs.Parse(args)
	if *reader != "imapclient" && *reader != "tap" {
		return fmt.Errorf("-reader %q: imapclient or tap", *reader)
	}
	env := func(k string) string { return os.Getenv("FOLLOWUP_E2E_" + k) }
	pem, err := os.ReadFile(env("CA"))
	if err != nil {
		return err
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(pem)
	conn, err := tls.Dial("tcp", env("HOST")+":"+env("IMAPS_PORT"), &tls.Config{RootCAs: roots, NextProtos: []string{"imap"}})
	if err != nil {
		return err
	}
	var under net.Conn = conn // imapclient's reader alone: nothing between it and the connection
	var tap *headertap.Conn
	if *reader == "tap" {
		tap = headertap.New(conn)
		under = tap
	}
	c := imapclient.New(under, nil)
	defer c.Close()
	if err := c.Login(env("ME_USER"), env("ME_PASS")).Wait(); err != nil {
		return err
	}
	if _, err := c.Select(*mailbox, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		return err
	}
	all := imap.UIDSet{imap.UIDRange{Start: 1, Stop: 0}}
	n := 0
	if tap != nil {
		err = tap.FetchHeaders(c, all, inbox.ScreenFields(), func(headertap.Header) error {
			n++
			return nil
		}, func() {})
	} else {
		n, err = fetchAll(c, all)
	}
	if err != nil {
		return err
	}
	fmt.Println(n)
	return c.Logout().Wait()
}

// fetchAll is the raw FETCH read by imapclient: every literal read and
// thrown away; it returns how many messages were answered.
func fetchAll(c *imapclient.Client, all imap.UIDSet) (int, error) {
	section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, HeaderFields: inbox.ScreenFields(), Peek: true}
	cmd := c.Fetch(all, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}})
	n := 0
	for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
		for item := msg.Next(); item != nil; item = msg.Next() {
			if b, ok := item.(imapclient.FetchItemDataBodySection); ok && b.Literal != nil {
				if _, err := io.Copy(io.Discard, b.Literal); err != nil {
					cmd.Close()
					return n, err
				}
			}
		}
		n++
	}
	return n, cmd.Close()
}
