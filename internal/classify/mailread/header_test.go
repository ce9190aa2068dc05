package mailread

import (
	"slices"
	"testing"
	"time"
)

func TestParseHeader(t *testing.T) {
	raw := []byte("Return-Path: <>\r\n" +
		"From: \"Doe, Jane\" <Jane.Doe@Company.Example>\r\n" +
		"Sender: Calendar <calendar-notification@google.example>\r\n" +
		"Reply-To: rita@acme.example, Bob <BOB@acme.example>\r\n" +
		"To: alex@candidate.example\r\n" +
		"Subject: =?UTF-8?Q?Re:_Gespr=C3=A4ch?=\r\n" +
		"  =?UTF-8?Q?_morgen?=\r\n" +
		"Date: Wed, 2 Dec 2026 16:20:00 +0100 (CET)\r\n" +
		"Message-ID: <abc@company.example>\r\n" +
		"In-Reply-To: <fu.1@candidate.example> (comment)\r\n" +
		"References: <fu.0@candidate.example>\r\n" +
		"\t<fu.1@candidate.example>\r\n" +
		"\r\n" +
		"body\r\n")
	got := ParseHeader(raw)
	want := Message{
		MessageID:  "abc@company.example",
		InReplyTo:  []string{"fu.1@candidate.example"},
		References: []string{"fu.0@candidate.example", "fu.1@candidate.example"},
		From:       []string{"jane.doe@company.example"},
		ReplyTo:    []string{"rita@acme.example", "bob@acme.example"},
		Sender:     []string{"calendar-notification@google.example"},
		To:         []string{"alex@candidate.example"},
		Subject:    "Re: Gespräch morgen",
		Date:       time.Date(2026, 12, 2, 15, 20, 0, 0, time.UTC),
		NullSender: true,
	}
	if !messagesEqual(got, want) {
		t.Errorf("ParseHeader(raw) = %+v, want %+v", got, want)
	}
}

// messagesEqual compares Messages, dates as instants.
func messagesEqual(a, b Message) bool {
	return a.MessageID == b.MessageID && slices.Equal(a.InReplyTo, b.InReplyTo) &&
		slices.Equal(a.References, b.References) && slices.Equal(a.From, b.From) &&
		slices.Equal(a.ReplyTo, b.ReplyTo) && slices.Equal(a.Sender, b.Sender) &&
		slices.Equal(a.To, b.To) && a.Subject == b.Subject && a.Date.Equal(b.Date) &&
		a.NullSender == b.NullSender
}

func TestParseHeaderHeaderOnlyFetch(t *testing.T) {
	// An IMAP BODY.PEEK[HEADER] fetch ends with the blank line and no body.
	got := ParseHeader([]byte("From: a@b.example\r\nIn-Reply-To: <x@y>\r\n\r\n"))
	if !slices.Equal(got.InReplyTo, []string{"x@y"}) || !slices.Equal(got.From, []string{"a@b.example"}) {
		t.Errorf("ParseHeader(header only) = %+v, want From [a@b.example], InReplyTo [x@y]", got)
	}
}

func TestMsgIDs(t *testing.T) {
	tests := []struct {
		in          string
		first, last int
		want        []string
	}{
		{"<a@b>", 10, 10, []string{"a@b"}},
		{"<a@b> <c@d>\r\n <e@f>", 10, 10, []string{"a@b", "c@d", "e@f"}},
		{"<a@b><c@d><e@f><g@h><i@j>", 1, 2, []string{"a@b", "g@h", "i@j"}},
		{"<a@b><c@d><e@f>", 2, 0, []string{"a@b", "c@d"}},
		{"a@b c@d", 10, 10, []string{"a@b", "c@d"}},
		{"<bad id@x> <ok@x>", 10, 10, []string{"ok@x"}},
		{"<unterminated@x", 10, 10, nil},
		{"<>", 10, 10, nil},
		{"", 10, 10, nil},
		{"no ids here", 10, 10, nil},
	}
	for _, tt := range tests {
		if got := MsgIDs([]byte(tt.in), tt.first, tt.last); !slices.Equal(got, tt.want) {
			t.Errorf("msgIDs(%q, %d, %d) = %q, want %q", tt.in, tt.first, tt.last, got, tt.want)
		}
	}
}

func TestAddresses(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Jane <Jane@Example.com>", []string{"jane@example.com"}},
		{"a@b.example, \"X, Y\" <c@d.example>", []string{"a@b.example", "c@d.example"}},
		{"MAILER-DAEMON (Mail Delivery System)", []string{"mailer-daemon"}},
		{"MAILER-DAEMON@mx.example (Mail Delivery System)", []string{"mailer-daemon@mx.example"}},
		{"=?utf-8?q?J=C3=BCrgen?= <j@x.example>", []string{"j@x.example"}},
		{"Broken \"quote <a@b.example>", []string{"a@b.example"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Addresses(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("addresses(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDecodeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"=?UTF-8?B?QWJ3ZXNlbmhlaXRzbm90aXo=?=", "Abwesenheitsnotiz"},
		{"=?windows-1252?Q?=93quoted=94?=", "“quoted”"},
		{"=?iso-8859-15?Q?=A4uro?=", "€uro"},
		{"=?x-unknown?Q?abc?=", "abc"},
		{"Caf\xe9", "Café"},
		{"a\tb\x00c", "a b c"},
	}
	for _, tt := range tests {
		if got := DecodeText(tt.in); got != tt.want {
			t.Errorf("decodeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseDSN(t *testing.T) {
	dsn := "Reporting-MTA: dns; mx.example\n\n" +
		"Final-Recipient: rfc822; ok@x.example\nAction: delivered\nStatus: 2.0.0\n\n" +
		"Original-Recipient: rfc822;Orig@X.example\nFinal-Recipient: rfc822; alias@x.example\nAction: failed\nStatus: 5.1.1\n"
	got := parseDSN(dsn)
	if r := FailedRecipient(got); r != "orig@x.example" {
		t.Errorf("failedRecipient(parseDSN(dsn)) = %q, want %q", r, "orig@x.example")
	}
	if OnlyDelayed(got) {
		t.Errorf("onlyDelayed(parseDSN(dsn)) = true, want false")
	}
}

func TestCompleteLinesDropsCutLine(t *testing.T) {
	raw := "From: m@x.example\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\n\n" +
		"--b\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; lee@cut.ex"
	b := ReadBody(ReadHeader([]byte(raw)))
	if len(b.DSN) != 0 {
		t.Errorf("readBody(truncated DSN).dsn = %+v, want none (the cut line is dropped)", b.DSN)
	}
}

func TestStripHTML(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>Hi&nbsp;there</p>", "\nHi\u00a0there\n"},
		{"<script>var x = '<p>';</script>ok", "  ok"},
		{"<STYLE>p{}</STYLE>ok", "  ok"},
		{"a<br/>b", "a\nb"},
		{"unclosed <tag", "unclosed "},
	}
	for _, tt := range tests {
		if got := stripHTML(tt.in); got != tt.want {
			t.Errorf("stripHTML(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
