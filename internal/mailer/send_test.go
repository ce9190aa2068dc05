package mailer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/mailer/smtptest"
	"github.com/followup-dev/followup/internal/render"
)

const (
	testUser     = "ana@me.example"
	testPassword = "s3cret-Pa55word"
)

var sendDate = time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC)

// outgoing composes n messages to different people.
func outgoing(t *testing.T, n int) []mailer.Outgoing {
	t.Helper()
	var out []mailer.Outgoing
	for i := range n {
		c, err := mailer.Compose(mailer.Draft{
			From:    mailer.Address{Name: "Ana", Address: "ana@me.example"},
			To:      mailer.Address{Name: "Person", Address: fmt.Sprintf("p%d@acme.example", i)},
			Message: render.Message{Subject: fmt.Sprintf("Thanks %d", i), Text: "Hi,\n.leading dot\n..two\n"},
			Date:    sendDate,
		})
		if err != nil {
			t.Fatalf("Compose = %v", err)
		}
		out = append(out, mailer.Outgoing{MessageID: c.MessageID, From: c.From, To: c.Recipients, Raw: c.Raw})
	}
	return out
}

func sender(t *testing.T, cfg config.SMTP, password string) *mailer.Sender {
	t.Helper()
	s, err := mailer.NewSender(cfg, password, mailer.WithTimeouts(10*time.Second, 10*time.Second))
	if err != nil {
		t.Fatalf("NewSender(%+v) = %v", cfg, err)
	}
	return s
}

func reply(code int, msg string) error {
	return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 0, 0}, Message: msg}
}

func TestSendOutcomes(t *testing.T) {
	tests := []struct {
		name         string
		opts         smtptest.Options
		security     config.Security // overrides the server's; "" keeps it
		password     string
		want         mailer.Outcome
		wantCode     int
		wantErr      error
		wantAuth     int
		wantMessages int
	}{
		{name: "starttls delivers", opts: smtptest.Options{Mode: smtptest.StartTLS},
			want: mailer.Sent, wantAuth: 1, wantMessages: 1},
		{name: "implicit tls delivers", opts: smtptest.Options{Mode: smtptest.ImplicitTLS},
			want: mailer.Sent, wantAuth: 1, wantMessages: 1},
		{name: "none on loopback delivers", opts: smtptest.Options{Mode: smtptest.Plain},
			want: mailer.Sent, wantAuth: 1, wantMessages: 1},
		{name: "451 is transient", opts: smtptest.Options{Mode: smtptest.StartTLS, Script: func(int, smtptest.Delivery) error { return reply(451, "try later") }},
			want: mailer.Transient, wantCode: 451, wantAuth: 1},
		{name: "550 is permanent", opts: smtptest.Options{Mode: smtptest.StartTLS, Script: func(int, smtptest.Delivery) error { return reply(550, "no such user") }},
			want: mailer.Permanent, wantCode: 550, wantAuth: 1},
		{name: "drop after data is ambiguous", opts: smtptest.Options{Mode: smtptest.StartTLS, Script: func(int, smtptest.Delivery) error { return smtptest.ErrDrop }},
			want: mailer.Ambiguous, wantAuth: 1},
		{name: "no starttls offered aborts before auth", opts: smtptest.Options{Mode: smtptest.Plain}, security: config.SecurityStartTLS,
			want: mailer.Permanent, wantErr: mailer.ErrStartTLSUnavailable},
		{name: "untrusted certificate (starttls)", opts: smtptest.Options{Mode: smtptest.StartTLS, Untrusted: true},
			want: mailer.Permanent, wantErr: mailer.ErrCertificateUntrusted},
		{name: "untrusted certificate (tls)", opts: smtptest.Options{Mode: smtptest.ImplicitTLS, Untrusted: true},
			want: mailer.Permanent, wantErr: mailer.ErrCertificateUntrusted},
		{name: "wrong password", opts: smtptest.Options{Mode: smtptest.StartTLS}, password: "wrong",
			want: mailer.Permanent, wantCode: 535, wantErr: mailer.ErrAuthFailed, wantAuth: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Username, tt.opts.Password = testUser, testPassword
			srv := smtptest.New(t, tt.opts)
			cfg := srv.Config()
			if tt.security != "" {
				cfg.Security = tt.security
			}
			pw := testPassword
			if tt.password != "" {
				pw = tt.password
			}
			msgs := outgoing(t, 1)
			res := sender(t, cfg, pw).Send(t.Context(), msgs)
			if len(res) != 1 || res[0].Outcome != tt.want || res[0].Code != tt.wantCode || res[0].MessageID != msgs[0].MessageID {
				t.Fatalf("Send = %+v, want one %v result with code %d", res, tt.want, tt.wantCode)
			}
			if (res[0].Err == nil) != (tt.want == mailer.Sent) || (tt.wantErr != nil && !errors.Is(res[0].Err, tt.wantErr)) {
				t.Errorf("Send error = %v, want %v", res[0].Err, tt.wantErr)
			}
			if got := srv.AuthAttempts(); got != tt.wantAuth {
				t.Errorf("server AuthAttempts() = %d, want %d", got, tt.wantAuth)
			}
			if got := len(srv.Messages()); got != tt.wantMessages {
				t.Errorf("server Messages() = %d, want %d", got, tt.wantMessages)
			}
			if got := srv.Connections(); got != 1 {
				t.Errorf("server Connections() = %d, want 1", got)
			}
			if tt.want == mailer.Sent && !bytes.Equal(srv.Messages()[0], msgs[0].Raw) {
				t.Errorf("server received\n%q\nwant the stored bytes\n%q", srv.Messages()[0], msgs[0].Raw)
			}
		})
	}
}

func TestSendWithoutStartTLSNeverSendsPassword(t *testing.T) {
	srv := smtptest.New(t, smtptest.Options{Mode: smtptest.Plain, Username: testUser, Password: testPassword})
	cfg := srv.Config()
	cfg.Security = config.SecurityStartTLS
	res := sender(t, cfg, testPassword).Send(t.Context(), outgoing(t, 1))
	if res[0].Outcome != mailer.Permanent {
		t.Errorf("Send = %+v, want Permanent", res[0])
	}
	wire := srv.Transcript()
	for _, secret := range []string{testPassword, "AUTH", "MAIL FROM"} {
		if bytes.Contains(wire, []byte(secret)) {
			t.Errorf("client sent %q on a connection without STARTTLS:\n%s", secret, wire)
		}
	}
	if bytes.Contains([]byte(res[0].Err.Error()), []byte(testPassword)) {
		t.Errorf("Send error %q contains the password", res[0].Err)
	}
}

func TestSendBatchOverOneConnection(t *testing.T) {
	srv := smtptest.New(t, smtptest.Options{Mode: smtptest.StartTLS, Username: testUser, Password: testPassword,
		Script: func(n int, _ smtptest.Delivery) error {
			if n == 1 {
				return reply(550, "mailbox unavailable")
			}
			return nil
		}})
	msgs := outgoing(t, 3)
	res := sender(t, srv.Config(), testPassword).Send(t.Context(), msgs)
	want := []mailer.Outcome{mailer.Sent, mailer.Permanent, mailer.Sent}
	for i, r := range res {
		if r.Outcome != want[i] || r.MessageID != msgs[i].MessageID {
			t.Errorf("Send result %d = %+v, want %v for %s", i, r, want[i], msgs[i].MessageID)
		}
	}
	if got := srv.Connections(); got != 1 {
		t.Errorf("server Connections() = %d, want 1", got)
	}
	got := srv.Messages()
	if len(got) != 2 || !bytes.Equal(got[0], msgs[0].Raw) || !bytes.Equal(got[1], msgs[2].Raw) {
		t.Errorf("server Messages() = %d messages, want messages 0 and 2 byte for byte", len(got))
	}
	if d := srv.Deliveries(); len(d) != 3 || d[2].To[0] != "p2@acme.example" || d[2].From != "ana@me.example" {
		t.Errorf("server Deliveries() = %+v, want 3 with envelope ana@me.example → p2@acme.example last", d)
	}
}

func TestSendDropMidBatch(t *testing.T) {
	srv := smtptest.New(t, smtptest.Options{Mode: smtptest.ImplicitTLS, Script: func(n int, _ smtptest.Delivery) error {
		if n == 1 {
			return smtptest.ErrDrop
		}
		return nil
	}})
	res := sender(t, srv.Config(), "").Send(t.Context(), outgoing(t, 3))
	want := []mailer.Outcome{mailer.Sent, mailer.Ambiguous, mailer.Transient}
	for i, r := range res {
		if r.Outcome != want[i] {
			t.Errorf("Send result %d = %+v, want %v", i, r, want[i])
		}
	}
	if !errors.Is(res[2].Err, mailer.ErrNotAttempted) {
		t.Errorf("Send result 2 error = %v, want ErrNotAttempted", res[2].Err)
	}
	if got := len(srv.Deliveries()); got != 2 {
		t.Errorf("server Deliveries() = %d, want 2 (the third never started)", got)
	}
}

func TestSendWithoutConnection(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedPort := l.Addr().(*net.TCPAddr).Port
	l.Close()
	srv := smtptest.New(t, smtptest.Options{Mode: smtptest.StartTLS})
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	invalid := outgoing(t, 1)[0]
	invalid.To = []string{"bob@acme.example\r\nRCPT TO:<x@evil.example>"}

	tests := []struct {
		name string
		ctx  context.Context
		port int
		msgs []mailer.Outgoing
		want mailer.Outcome
	}{
		{"connection refused", t.Context(), closedPort, outgoing(t, 2), mailer.Transient},
		{"cancelled context", cancelled, srv.Port, outgoing(t, 1), mailer.Transient},
		{"invalid envelope", t.Context(), srv.Port, []mailer.Outgoing{invalid}, mailer.Permanent},
		{"empty message", t.Context(), srv.Port, []mailer.Outgoing{{MessageID: "x@y", From: "a@b.example", To: []string{"c@d.example"}}}, mailer.Permanent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := srv.Config()
			cfg.Port = tt.port
			res := sender(t, cfg, "").Send(tt.ctx, tt.msgs)
			for i, r := range res {
				if r.Outcome != tt.want || r.Err == nil {
					t.Errorf("Send(%s) result %d = %+v, want %v", tt.name, i, r, tt.want)
				}
			}
		})
	}
	if got := srv.Connections(); got != 0 {
		t.Errorf("server Connections() = %d, want 0", got)
	}
}

func TestSendNothingOpensNoConnection(t *testing.T) {
	srv := smtptest.New(t, smtptest.Options{Mode: smtptest.StartTLS})
	if res := sender(t, srv.Config(), "").Send(t.Context(), nil); len(res) != 0 {
		t.Errorf("Send(nil) = %+v, want no results", res)
	}
	if got := srv.Connections(); got != 0 {
		t.Errorf("server Connections() = %d, want 0", got)
	}
}

func TestNewSenderRefuses(t *testing.T) {
	tests := []struct {
		name    string
		cfg     config.Server
		wantErr error
	}{
		{"none on a remote host", config.Server{Host: "smtp.example.com", Port: 25, Security: config.SecurityNone}, mailer.ErrInsecureRefused},
		{"unknown security", config.Server{Host: "smtp.example.com", Port: 25, Security: "maybe"}, nil},
		{"no port", config.Server{Host: "smtp.example.com", Security: config.SecurityTLS}, nil},
		{"missing ca_file", config.Server{Host: "smtp.example.com", Port: 465, Security: config.SecurityTLS, CAFile: "/nonexistent/ca.pem"}, nil},
	}
	for _, tt := range tests {
		_, err := mailer.NewSender(config.SMTP{Server: tt.cfg}, "pw")
		if err == nil || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
			t.Errorf("NewSender(%s) = %v, want error %v", tt.name, err, tt.wantErr)
		}
	}
}

func TestVerify(t *testing.T) {
	srv := smtptest.New(t, smtptest.Options{Mode: smtptest.StartTLS, Username: testUser, Password: testPassword})
	if err := sender(t, srv.Config(), testPassword).Verify(t.Context()); err != nil {
		t.Errorf("Verify = %v, want nil", err)
	}
	if err := sender(t, srv.Config(), "bad").Verify(t.Context()); !errors.Is(err, mailer.ErrAuthFailed) {
		t.Errorf("Verify(bad password) = %v, want ErrAuthFailed", err)
	}
	if got := len(srv.Deliveries()); got != 0 {
		t.Errorf("server Deliveries() after Verify = %d, want 0", got)
	}
}

// TestSendEachRecordsBeforeTheNext: each outcome reaches After before the
// next message is handed to the server, Before can skip a message, and a
// refused message does not stop the batch.
func TestSendEachRecordsBeforeTheNext(t *testing.T) {
	var (
		mu    sync.Mutex
		after []int
	)
	seen := func() []int { mu.Lock(); defer mu.Unlock(); return slices.Clone(after) }
	var atDelivery [][]int
	srv := smtptest.New(t, smtptest.Options{Mode: smtptest.StartTLS, Script: func(n int, _ smtptest.Delivery) error {
		atDelivery = append(atDelivery, seen())
		if n == 1 {
			return reply(550, "5.1.1 no such user")
		}
		return nil
	}})
	msgs := outgoing(t, 4)
	each := mailer.Each{
		Before: func(i int) bool { return i != 2 },
		After:  func(i int, _ mailer.Result) { mu.Lock(); after = append(after, i); mu.Unlock() },
	}
	res := sender(t, srv.Config(), "").SendEach(t.Context(), msgs, each)
	if got := seen(); !slices.Equal(got, []int{0, 1, 3}) {
		t.Errorf("After calls = %v, want [0 1 3] (2 skipped by Before)", got)
	}
	want := [][]int{{}, {0}, {0, 1}}
	if len(atDelivery) != 3 || !slices.Equal(atDelivery[1], want[1]) || !slices.Equal(atDelivery[2], want[2]) {
		t.Errorf("outcomes recorded when each message reached the server = %v, want %v", atDelivery, want)
	}
	if res[0].Outcome != mailer.Sent || res[1].Outcome != mailer.Permanent || res[3].Outcome != mailer.Sent {
		t.Errorf("SendEach outcomes = %+v, want sent, permanent, -, sent", res)
	}
}
