// Command smtpsend sends N messages over one connection with followup's own
// mailer.Sender.SendEach, the path the outbox uses, configured from the
// [smtp] section of a followup config file. bench/throughput.sh times it
// against bench/smtpsend.py, which sends the same messages with Python's
// smtplib.
//
//	go run ./bench/smtpsend -config config.toml -n 200 -token T
//
// Message i goes to tp<i>.<token>@bench.example and is built byte for byte
// as bench/smtpsend.py builds it. It exits 1 unless every message was
// accepted. It prints nothing on success.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/mailer"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "smtpsend:", err)
		os.Exit(1)
	}
}

func run() error {
	path := flag.String("config", "", "followup config file whose [smtp] section is used")
	n := flag.Int("n", 200, "messages to send")
	token := flag.String("token", "", "unique token in every recipient address and subject")
	flag.Parse()
	if *path == "" || *token == "" {
		return fmt.Errorf("-config and -token are required")
	}
	cfg, err := config.Load(*path, true)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	pw, err := cfg.SMTP.Secret(ctx)
	if err != nil {
		return err
	}
	s, err := mailer.NewSender(cfg.SMTP, pw)
	if err != nil {
		return err
	}
	from := cfg.SMTP.Username
	msgs := make([]mailer.Outgoing, *n)
	for i := range msgs {
		to := fmt.Sprintf("tp%d.%s@bench.example", i+1, *token)
		id := fmt.Sprintf("%s.%d@bench.example", *token, i+1)
		msgs[i] = mailer.Outgoing{MessageID: id, From: from, To: []string{to}, Raw: message(from, to, id, *token, i+1)}
	}
	failed := 0
	for _, r := range s.SendEach(ctx, msgs, mailer.Each{}) {
		if r.Outcome != mailer.Sent {
			failed++
			if failed <= 3 {
				fmt.Fprintf(os.Stderr, "smtpsend: %s: %v\n", r.MessageID, r.Err)
			}
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d messages not accepted", failed, *n)
	}
	return nil
}

// message is the same message bench/smtpsend.py sends: a thank-you sized
// plain-text mail (about 1.7 KB) with CRLF line ends.
func message(from, to, id, token string, i int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: Casey Candidate <%s>\r\n", from)
	fmt.Fprintf(&b, "To: <%s>\r\n", to)
	fmt.Fprintf(&b, "Subject: Thank you for the interview %s %d\r\n", token, i)
	b.WriteString("Date: Wed, 02 Dec 2026 10:00:00 +0000\r\n")
	fmt.Fprintf(&b, "Message-ID: <%s>\r\n", id)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n")
	for line := range 16 {
		fmt.Fprintf(&b, "Line %02d of the thank-you note: thank you again for your time today, it was great.\r\n", line)
	}
	return []byte(b.String())
}
