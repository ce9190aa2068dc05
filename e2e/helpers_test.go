//go:build e2e

// Package e2e holds end-to-end tests that run followup's mail paths against a real Postfix and
// Dovecot on loopback, started by scripts/mailstack.
//
// Run them with:
//
//	sudo scripts/mailstack up
//	set -a && . /tmp/followup-mail/env && set +a
//	go test -tags e2e ./e2e/
package e2e

import (
	"bytes"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-smtp"
)

// startHint tells a developer how to get the stack the tests need.
const startHint = `start the mail stack first:
    sudo scripts/mailstack up
    set -a && . /tmp/followup-mail/env && set +a
    go test -tags e2e ./e2e/`

// Polling bounds for waitForMessage: Postfix hands a message to Dovecot in about 10 ms, so
// anything near these limits means the message is lost, not slow.
const (
	pollTries    = 60
	pollTimeout  = 15 * time.Second
	pollInterval = 250 * time.Millisecond
)

// Account is one test mailbox login.
type Account struct {
	User string // full address, also the login name
	Pass string // test-only password from the env file
}

// Stack describes the running mail stack, read from the FOLLOWUP_E2E_* variables.
type Stack struct {
	State           string
	Host            string
	IMAPPort        string // STARTTLS available
	IMAPSPort       string // implicit TLS
	SMTPPort        string // no AUTH from loopback, for injecting mail
	SubmissionPort  string // STARTTLS + AUTH required
	SubmissionsPort string // implicit TLS + AUTH required
	CAFile          string
	Me              Account // the job seeker, me@candidate.test
	Jane            Account // a recruiter, jane@acme.test
	Sam             Account // an interviewer, sam@acme.test
	Sink            Account // catch-all for every other recipient
}

// stack and caPool are set once by TestMain; tests only read them.
var (
	stack  Stack
	caPool *x509.CertPool
)

func TestMain(m *testing.M) {
	s, err := loadStack(os.Getenv)
	if err == nil {
		caPool, err = loadCA(s.CAFile)
	}
	if err == nil {
		err = reachable(s)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: e2e: %v\n%s\n", err, startHint)
		os.Exit(1)
	}
	stack = s
	os.Exit(m.Run())
}

// loadStack reads the stack description from getenv and reports every missing variable at once.
func loadStack(getenv func(string) string) (Stack, error) {
	if getenv("FOLLOWUP_E2E") != "1" {
		return Stack{}, fmt.Errorf("FOLLOWUP_E2E is not set to 1, so no mail stack is configured")
	}
	var missing []string
	get := func(name string) string {
		v := getenv("FOLLOWUP_E2E_" + name)
		if v == "" {
			missing = append(missing, "FOLLOWUP_E2E_"+name)
		}
		return v
	}
	account := func(prefix string) Account {
		return Account{User: get(prefix + "_USER"), Pass: get(prefix + "_PASS")}
	}
	s := Stack{
		State:           get("STATE"),
		Host:            get("HOST"),
		IMAPPort:        get("IMAP_PORT"),
		IMAPSPort:       get("IMAPS_PORT"),
		SMTPPort:        get("SMTP_PORT"),
		SubmissionPort:  get("SUBMISSION_PORT"),
		SubmissionsPort: get("SUBMISSIONS_PORT"),
		CAFile:          get("CA"),
		Me:              account("ME"),
		Jane:            account("JANE"),
		Sam:             account("SAM"),
		Sink:            account("SINK"),
	}
	if len(missing) > 0 {
		return Stack{}, fmt.Errorf("missing %s", strings.Join(missing, ", "))
	}
	return s, nil
}

// reachable checks that every port of the stack accepts connections, so a stopped stack
// fails once with a hint instead of in every test.
func reachable(s Stack) error {
	for _, port := range []string{s.IMAPPort, s.IMAPSPort, s.SMTPPort, s.SubmissionPort, s.SubmissionsPort} {
		conn, err := net.DialTimeout("tcp", net.JoinHostPort(s.Host, port), 2*time.Second)
		if err != nil {
			return fmt.Errorf("mail stack not reachable: %w", err)
		}
		conn.Close()
	}
	return nil
}

func loadCA(path string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read test CA: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("read test CA %s: no PEM certificate in it", path)
	}
	return pool, nil
}

// addr joins the stack host with port.
func addr(port string) string { return net.JoinHostPort(stack.Host, port) }

// tlsConfig returns a client TLS configuration that trusts only the stack's CA and verifies
// the server name, as a real mail client would.
func tlsConfig() *tls.Config {
	return &tls.Config{
		RootCAs:    caPool,
		ServerName: stack.Host,
		MinVersion: tls.VersionTLS12,
	}
}

// newMessage builds a minimal RFC 5322 message with a fresh Message-ID and returns it with
// that id (angle brackets included).
func newMessage(t testing.TB, from, to, subject string) (raw []byte, messageID string) {
	t.Helper()
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatalf("rand.Read: %v", err)
	}
	messageID = "<" + hex.EncodeToString(b[:]) + "@e2e.followup.test>"
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "From: %s\r\n", from)
	fmt.Fprintf(&buf, "To: %s\r\n", to)
	fmt.Fprintf(&buf, "Subject: %s\r\n", subject)
	fmt.Fprintf(&buf, "Date: %s\r\n", time.Now().Format(time.RFC1123Z))
	fmt.Fprintf(&buf, "Message-ID: %s\r\n", messageID)
	buf.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
	fmt.Fprintf(&buf, "Body of %s.\r\n", subject)
	return buf.Bytes(), messageID
}

// deliver injects raw as a message from → to over the stack's plain SMTP port (10025), the way
// a company's reply arrives. It needs no AUTH: the port trusts loopback.
func deliver(t testing.TB, from string, to []string, raw []byte) {
	t.Helper()
	c, err := smtp.Dial(addr(stack.SMTPPort))
	if err != nil {
		t.Fatalf("deliver: dial %s: %v", addr(stack.SMTPPort), err)
	}
	defer c.Close()
	if err := c.Hello("e2e.followup.test"); err != nil {
		t.Fatalf("deliver: EHLO: %v", err)
	}
	if err := c.SendMail(from, to, bytes.NewReader(raw)); err != nil {
		t.Fatalf("deliver from %s to %v: %v", from, to, err)
	}
	if err := c.Quit(); err != nil {
		t.Fatalf("deliver: QUIT: %v", err)
	}
}

// dialIMAP logs in as user over IMAPS with a verified certificate; the client is closed when
// the test ends.
func dialIMAP(t testing.TB, user, pass string) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialTLS(addr(stack.IMAPSPort), &imapclient.Options{TLSConfig: tlsConfig()})
	if err != nil {
		t.Fatalf("IMAP dial %s: %v", addr(stack.IMAPSPort), err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login(user, pass).Wait(); err != nil {
		t.Fatalf("IMAP login as %s: %v", user, err)
	}
	return c
}

// waitForMessage polls mailbox of user over IMAPS until a message with messageID (with or
// without angle brackets) is there, and returns its raw bytes and flags. It reads with
// BODY.PEEK, so it never sets \Seen. It fails the test after pollTries tries or pollTimeout.
func waitForMessage(t testing.TB, user, pass, mailbox, messageID string) (raw []byte, flags []imap.Flag) {
	t.Helper()
	id := "<" + strings.Trim(messageID, "<>") + ">"
	c := dialIMAP(t, user, pass)
	deadline := time.Now().Add(pollTimeout)
	for try := 1; ; try++ {
		raw, flags, found, err := findMessage(c, mailbox, id)
		if err != nil {
			t.Fatalf("waitForMessage(%s, %s, %s): %v", user, mailbox, id, err)
		}
		if found {
			return raw, flags
		}
		if try >= pollTries || time.Now().Add(pollInterval).After(deadline) {
			t.Fatalf("waitForMessage(%s, %s, %s): not there after %d tries; see %s/log",
				user, mailbox, id, try, stack.State)
		}
		time.Sleep(pollInterval)
	}
}

// findMessage looks once for the message with Message-ID id in mailbox.
func findMessage(c *imapclient.Client, mailbox, id string) (raw []byte, flags []imap.Flag, found bool, err error) {
	// SELECT again on every try so new deliveries are seen.
	if _, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		return nil, nil, false, fmt.Errorf("select: %w", err)
	}
	criteria := &imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Message-ID", Value: id}}}
	data, err := c.UIDSearch(criteria, nil).Wait()
	if err != nil {
		return nil, nil, false, fmt.Errorf("search: %w", err)
	}
	uids := data.AllUIDs()
	switch len(uids) {
	case 0:
		return nil, nil, false, nil
	case 1:
	default:
		return nil, nil, false, fmt.Errorf("%d messages carry this Message-ID, want 1", len(uids))
	}
	opts := &imap.FetchOptions{
		Flags:       true,
		BodySection: []*imap.FetchItemBodySection{{Peek: true}},
	}
	msgs, err := c.Fetch(imap.UIDSetNum(uids[0]), opts).Collect()
	if err != nil {
		return nil, nil, false, fmt.Errorf("fetch: %w", err)
	}
	if len(msgs) != 1 || len(msgs[0].BodySection) != 1 {
		return nil, nil, false, fmt.Errorf("fetch returned %d messages, want 1 with its body", len(msgs))
	}
	return msgs[0].BodySection[0].Bytes, msgs[0].Flags, true, nil
}
