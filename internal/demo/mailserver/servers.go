package mailserver

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Servers are the demo's SMTP submission server and IMAP server, both on
// 127.0.0.1 with implicit TLS and a password, over one post office.
type Servers struct {
	SMTPAddr, IMAPAddr string
	close              func()
}

// Start listens on two free loopback ports. Only user, with
// password, may submit mail (AUTH PLAIN over TLS); every account logs in
// to IMAP with its own password. Close stops both and waits for them.
func Start(po *PostOffice, tc *tls.Config, user, password string) (*Servers, error) {
	smtpLn, err := tls.Listen("tcp", "127.0.0.1:0", tc)
	if err != nil {
		return nil, fmt.Errorf("smtp listen: %w", err)
	}
	imapLn, err := tls.Listen("tcp", "127.0.0.1:0", tc)
	if err != nil {
		smtpLn.Close()
		return nil, fmt.Errorf("imap listen: %w", err)
	}
	ss := smtp.NewServer(&submission{po: po, user: user, password: password})
	ss.Domain = "localhost"
	ss.ErrorLog = log.New(io.Discard, "", 0)
	ss.ReadTimeout, ss.WriteTimeout = time.Minute, time.Minute
	is := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &imapSession{SessionIMAP4rev2: po.mem.NewSession().(imapserver.SessionIMAP4rev2), po: po}, nil, nil
		},
		Caps:   imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		Logger: log.New(io.Discard, "", 0),
	})
	smtpDone, imapDone := make(chan struct{}), make(chan struct{})
	go func() { defer close(smtpDone); ss.Serve(smtpLn) }()
	go func() { defer close(imapDone); is.Serve(imapLn) }()
	s := &Servers{SMTPAddr: smtpLn.Addr().String(), IMAPAddr: imapLn.Addr().String()}
	s.close = func() {
		ss.Close()
		smtpLn.Close() // Close misses the listener when Serve has not started yet
		is.Close()
		imapLn.Close()
		<-smtpDone
		<-imapDone
	}
	return s, nil
}

// submission is the SMTP backend: the user's provider, which takes mail
// from the authenticated user and hands it to the post office.
type submission struct {
	po             *PostOffice
	user, password string
}

func (b *submission) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &smtpSession{b: b}, nil
}

type smtpSession struct {
	b      *submission
	authed bool
	from   string
	to     []string
}

func (s *smtpSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *smtpSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, username, password string) error {
		if !strings.EqualFold(username, s.b.user) || password != s.b.password {
			return smtp.ErrAuthFailed
		}
		s.authed = true
		return nil
	}), nil
}

func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if !s.b.po.receives(to) {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "relay access denied: the demo delivers only to its own domains"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *smtpSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	return s.b.po.accept(s.from, s.to, raw)
}

func (s *smtpSession) Reset() { s.from, s.to = "", nil }

func (s *smtpSession) Logout() error { return nil }

// imapSession is one IMAP connection to the post office. It records what
// a client appends (drafts, sent copies) in the ledger, and makes IDLE
// report mail delivered just before it began, as real servers do
// (imapmemserver alone reports only what arrives during it).
type imapSession struct {
	imapserver.SessionIMAP4rev2
	po    *PostOffice
	owner string
}

func (s *imapSession) Login(username, password string) error {
	if err := s.SessionIMAP4rev2.Login(username, password); err != nil {
		return err
	}
	s.owner = username
	return nil
}

func (s *imapSession) Append(mailbox string, r imap.LiteralReader, o *imap.AppendOptions) (*imap.AppendData, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	data, err := s.SessionIMAP4rev2.Append(mailbox, literal{bytes.NewReader(raw)}, o)
	if err != nil {
		return nil, err
	}
	s.po.recorded(s.owner, mailbox, raw, s.po.clock.Now())
	return data, nil
}

func (s *imapSession) Idle(w *imapserver.UpdateWriter, stop <-chan struct{}) error {
	for {
		kicked := s.po.kicked()
		if err := s.SessionIMAP4rev2.Poll(w, true); err != nil {
			return err
		}
		select {
		case <-stop:
			return nil
		case <-kicked:
		}
	}
}

// Close stops both servers and waits for them.
func (s *Servers) Close() { s.close() }
