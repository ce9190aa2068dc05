// Package mailserver is the mail provider of followup demo, inside the
// process: an SMTP submission server and an IMAP server on 127.0.0.1 (TLS
// from the caller's certificate, a password, IDLE) over one post office,
// which delivers what SMTP accepts into the recipients' mailboxes and,
// like the receiving MTA, answers with an out-of-office or a bounce after
// the transaction; and the mail the people and machines at the companies
// write (Compose).
package mailserver

import (
	"bytes"
	"fmt"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/followup-dev/followup/internal/clock"
)

// Message is one message in one of the demo's mailboxes.
type Message struct {
	Owner   string // the address whose mailbox holds it
	Mailbox string // INBOX, Sent, Drafts
	At      time.Time
	Raw     []byte
}

// Header reads one header field of the message ("" when absent).
func (m Message) Header(name string) string {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Raw))
	if err != nil {
		return ""
	}
	return msg.Header.Get(name)
}

// away is an out-of-office rule: mail arriving before Until is answered
// once per sender with an automatic reply naming the return day.
type away struct {
	Until   time.Time
	Back    string // "Thursday, November 26", as the person wrote it
	replied map[string]bool
}

// PostOffice is the demo's mail system: every account's mailboxes (in a
// go-imap memory backend that the IMAP server serves), delivery of what
// the SMTP server accepts as the receiving MTA would, vacation replies and
// bounces for mailboxes that do not exist, and a ledger of every message
// stored. Its methods are safe for concurrent use.
type PostOffice struct {
	mem   *imapmemserver.Server
	clock clock.Clock

	mu       sync.Mutex
	accounts map[string]*imapmemserver.User // by lower-case address
	domains  map[string]bool                // domains it receives mail for
	aways    map[string]*away
	ledger   []Message
	queue    []Message     // generated mail (bounces, out-of-offices) not yet delivered
	kick     chan struct{} // closed and replaced on each delivery (wakes IDLE)
}

// NewPostOffice returns a post office without accounts; c stamps what it
// stores and decides who is away.
func NewPostOffice(c clock.Clock) *PostOffice {
	return &PostOffice{mem: imapmemserver.New(), clock: c, accounts: map[string]*imapmemserver.User{},
		domains: map[string]bool{}, aways: map[string]*away{}, kick: make(chan struct{})}
}

// AddAccount creates a mailbox owner with INBOX, Drafts and Sent.
func (po *PostOffice) AddAccount(addr, password string) error {
	u := imapmemserver.NewUser(addr, password)
	for _, name := range []string{"INBOX", "Drafts", "Sent"} {
		if err := u.Create(name, nil); err != nil {
			return fmt.Errorf("create %s for %s: %w", name, addr, err)
		}
	}
	po.mem.AddUser(u)
	po.mu.Lock()
	defer po.mu.Unlock()
	po.accounts[strings.ToLower(addr)] = u
	po.domains[domainOf(addr)] = true
	return nil
}

// SetAway makes addr answer mail with an out-of-office until until.
func (po *PostOffice) SetAway(addr string, until time.Time, back string) {
	po.mu.Lock()
	defer po.mu.Unlock()
	po.aways[strings.ToLower(addr)] = &away{Until: until, Back: back, replied: map[string]bool{}}
}

// Store appends raw to owner's mailbox as received now, records it in the
// ledger and wakes every IDLE.
func (po *PostOffice) Store(owner, mailbox string, raw []byte, flags []imap.Flag) error {
	po.mu.Lock()
	u, ok := po.accounts[strings.ToLower(owner)]
	po.mu.Unlock()
	if !ok {
		return fmt.Errorf("no mailbox for %s", owner)
	}
	now := po.clock.Now()
	if _, err := u.Append(mailbox, literal{bytes.NewReader(raw)}, &imap.AppendOptions{Time: now, Flags: flags}); err != nil {
		return fmt.Errorf("deliver to %s %s: %w", owner, mailbox, err)
	}
	po.recorded(owner, mailbox, raw, now)
	return nil
}

// recorded adds a stored message to the ledger and wakes every IDLE.
func (po *PostOffice) recorded(owner, mailbox string, raw []byte, at time.Time) {
	po.mu.Lock()
	defer po.mu.Unlock()
	po.ledger = append(po.ledger, Message{Owner: strings.ToLower(owner), Mailbox: mailbox, At: at, Raw: bytes.Clone(raw)})
	close(po.kick)
	po.kick = make(chan struct{})
}

func (po *PostOffice) kicked() <-chan struct{} {
	po.mu.Lock()
	defer po.mu.Unlock()
	return po.kick
}

// receives reports whether the post office takes mail for addr's domain.
func (po *PostOffice) receives(addr string) bool {
	po.mu.Lock()
	defer po.mu.Unlock()
	return po.domains[domainOf(addr)]
}

// accept is the receiving side of one message the SMTP server took: each
// recipient with a mailbox gets it in INBOX (and may answer with an
// out-of-office); for one without, the sender gets a bounce.
func (po *PostOffice) accept(from string, to []string, raw []byte) error {
	for _, rcpt := range to {
		po.mu.Lock()
		_, exists := po.accounts[strings.ToLower(rcpt)]
		po.mu.Unlock()
		if !exists {
			po.later(from, bounceFor(from, rcpt, raw, po.clock.Now()))
			continue
		}
		stamped := append([]byte(fmt.Sprintf("Return-Path: <%s>\r\nDelivered-To: %s\r\n", from, rcpt)), raw...)
		if err := po.Store(rcpt, "INBOX", stamped, nil); err != nil {
			return err
		}
		po.vacation(rcpt, from, raw)
	}
	return nil
}

// later queues generated mail for owner's INBOX: like a real MTA, the
// post office sends bounces and out-of-offices after the transaction that
// caused them, when Flush is called.
func (po *PostOffice) later(owner string, raw []byte) {
	po.mu.Lock()
	defer po.mu.Unlock()
	po.queue = append(po.queue, Message{Owner: owner, Mailbox: "INBOX", Raw: raw})
}

// Flush delivers the queued mail.
func (po *PostOffice) Flush() error {
	po.mu.Lock()
	q := po.queue
	po.queue = nil
	po.mu.Unlock()
	for _, m := range q {
		if err := po.Store(m.Owner, m.Mailbox, m.Raw, nil); err != nil {
			return err
		}
	}
	return nil
}

// vacation queues the out-of-office of rcpt, if it is away, to from: once
// per sender.
func (po *PostOffice) vacation(rcpt, from string, raw []byte) {
	po.mu.Lock()
	a, ok := po.aways[strings.ToLower(rcpt)]
	_, local := po.accounts[strings.ToLower(from)]
	answer := ok && local && po.clock.Now().Before(a.Until) && !a.replied[strings.ToLower(from)]
	if answer {
		a.replied[strings.ToLower(from)] = true
	}
	po.mu.Unlock()
	if answer {
		po.later(from, outOfOffice(rcpt, from, a.Back, raw, po.clock.Now()))
	}
}

// Mail lists every message stored so far, in order.
func (po *PostOffice) Mail() []Message {
	po.mu.Lock()
	defer po.mu.Unlock()
	return append([]Message(nil), po.ledger...)
}

// LastUID is the highest UID in owner's mailbox (0 when empty).
func (po *PostOffice) LastUID(owner, mailbox string) (uint32, error) {
	po.mu.Lock()
	u, ok := po.accounts[strings.ToLower(owner)]
	po.mu.Unlock()
	if !ok {
		return 0, fmt.Errorf("no mailbox for %s", owner)
	}
	st, err := u.Status(mailbox, &imap.StatusOptions{UIDNext: true})
	if err != nil {
		return 0, fmt.Errorf("status of %s %s: %w", owner, mailbox, err)
	}
	return uint32(st.UIDNext) - 1, nil
}

type literal struct{ *bytes.Reader }

func (l literal) Size() int64 { return l.Reader.Size() }

func domainOf(addr string) string {
	_, d, _ := strings.Cut(strings.ToLower(addr), "@")
	return d
}
