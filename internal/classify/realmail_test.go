package classify

import (
	"slices"
	"strings"
	"testing"
)

// realMailFixtures are the messages of issue 17, one group per class of
// failure seen against outside corpora: system mail that must never be a
// reply, bounces in other dialects, vacation programs that also say
// Precedence: bulk/junk, broken MIME a client still shows, and people's
// replies from common clients that must stay replies.
var realMailFixtures = map[string]fixture{
	// Mail from a system is never a person's reply.
	"bulk-mailman-held-for-moderation.eml":                {Bulk, "", ""},
	"bounce-mailman3-non-member-rejected.eml":             {Bounce, "", "recruiting@lists.scaleup.example"},
	"bounce-listserv-rejected-posting.eml":                {Bounce, "", "careers@lists.uni.example"},
	"bounce-fml-not-member.eml":                           {Bounce, "", "hiring@ml.shoji.example"},
	"bulk-sympa-internal-error.eml":                       {Bulk, "", ""},
	"bounce-mailer-daemon-returned-mail-bare.eml":         {Bounce, "", "robin.park@oldhost.example"},
	"bounce-name-only-system-dsn-subject.eml":             {Bounce, "", "hr@small-shop.example"},
	"bulk-postmaster-dsn-success.eml":                     {Bulk, "", ""},
	"bounce-multipart-report-without-dsn-part.eml":        {Bounce, "", "lee.wong@fabrikam.example"},
	"auto-challenge-boxbe-guest-list.eml":                 {AutoReply, "", ""},
	"auto-challenge-verify-protected-account.eml":         {AutoReply, "", ""},
	"auto-challenge-spam-filter-please-verify.eml":        {AutoReply, "", ""},
	"bounce-noreply-sender-failure-subject.eml":           {Bounce, "", "jobs@retailco.example"},
	"bounce-japanese-iso2022jp-carrier.eml":               {Bounce, "", "tanaka@shoji.example"},
	"bounce-japanese-shiftjis-postmaster.eml":             {Bounce, "", "sato@kaisha.example"},
	"bounce-japanese-eucjp-support-sender.eml":            {Bounce, "", "yamada@corp.example"},
	"bounce-quoted-original-to-not-sender.eml":            {Bounce, "", "dana@closed.example"},
	"bounce-text-original-recipient-line.eml":             {Bounce, "", "hr@corp.example"},
	"bounce-message-from-to-sentence.eml":                 {Bounce, "", "mo@gone.example"},
	"auto-bsd-vacation-precedence-bulk.eml":               {AutoReply, "2026-12-14", ""},
	"auto-procmail-vacation-precedence-junk-french.eml":   {AutoReply, "2026-12-09", ""},
	"auto-exchange-ooo-label-precedence-bulk.eml":         {AutoReply, "2026-12-12", ""},
	"auto-sieve-auto-replied-precedence-bulk-spanish.eml": {AutoReply, "2026-12-10", ""},
	"auto-headerless-responder-english-threaded.eml":      {AutoReply, "2026-12-14", ""},
	"auto-headerless-responder-german.eml":                {AutoReply, "2026-12-11", ""},
	"auto-null-sender-dutch-afwezig.eml":                  {AutoReply, "2026-12-05", ""},
	"reply-human-on-vacation-thanks-for-message.eml":      {Reply, "", ""},
	// Broken MIME that a client shows.
	"reply-leading-blank-lines.eml":                  {Reply, "", ""},
	"reply-multipart-without-boundary-parameter.eml": {Reply, "", ""},
	"reply-multipart-without-parts.eml":              {Reply, "", ""},
	"reply-missing-boundary-plain-body.eml":          {Reply, "", ""},
	// People's replies in common clients' formats.
	"reply-gmail-top-posted-alternative.eml":               {Reply, "", ""},
	"reply-outlook-desktop-html-only-original-message.eml": {Reply, "", ""},
	"reply-outlook-ios-inline.eml":                         {Reply, "", ""},
	"reply-apple-mail-macos-inline.eml":                    {Reply, "", ""},
	"reply-samsung-email-android.eml":                      {Reply, "", ""},
	"reply-japanese-iso2022jp-gmail-android.eml":           {Reply, "", ""},
	"reply-japanese-shiftjis-outlook-no-threading.eml":     {Reply, "", ""},
	"reply-chinese-foxmail-utf8.eml":                       {Reply, "", ""},
	"reply-korean-euc-kr-naver.eml":                        {Reply, "", ""},
	"reply-russian-thunderbird-inline.eml":                 {Reply, "", ""},
	"reply-arabic-outlook-web-html-only.eml":               {Reply, "", ""},
	"reply-yahoo-mail-html-only.eml":                       {Reply, "", ""},
	"reply-protonmail-mixed.eml":                           {Reply, "", ""},
	"reply-person-mentions-bounce-and-spam.eml":            {Reply, "", ""},
	"reply-k9-mail-plain-fresh.eml":                        {Reply, "", ""},
}

func init() {
	for name, f := range realMailFixtures {
		fixtures[name] = f
	}
}

func TestClassifySignals(t *testing.T) {
	files := readFixtures(t)
	tests := []struct {
		name string
		want []string // each must be one of the signals
	}{
		{"bounce-noreply-sender-failure-subject.eml", []string{"no-reply sender no-reply@notify.mailhost.example", "subject: delivery failure"}},
		{"bounce-japanese-iso2022jp-carrier.eml", []string{"From: mail system name \"メール配信システム\"", "text: delivery failure (\"配信できません\")"}},
		{"auto-challenge-verify-protected-account.eml", []string{"threaded: In-Reply-To or References",
			"not a reply although threaded: challenge/response verification request (\"this account is protected\") outweighs In-Reply-To/References"}},
		{"bulk-sympa-internal-error.eml", []string{"From: mailing-list software sympa@lists.research.example"}},
		{"reply-person-mentions-bounce-and-spam.eml", []string{"text: delivery failure (\"was not delivered\")",
			"no bounce, auto-reply or bulk signal: written by a person"}},
		{"auto-bsd-vacation-precedence-bulk.eml", []string{"Precedence: bulk", "text: out-of-office words"}},
	}
	for _, tt := range tests {
		got := Classify(files[tt.name]).Signals
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("Classify(%s).Signals = %q, want it to hold %q", tt.name, got, w)
			}
		}
	}
}

func TestClassifyEverySignalWeighed(t *testing.T) {
	for name, raw := range readFixtures(t) {
		r := Classify(raw)
		if len(r.Signals) == 0 && r.Class != Bulk {
			t.Errorf("Classify(%s).Signals is empty for class %q", name, r.Class)
		}
		if r.Class == Reply && !slices.Contains(r.Signals, "no bounce, auto-reply or bulk signal: written by a person") {
			t.Errorf("Classify(%s).Signals = %q, want the reply's own signal", name, r.Signals)
		}
	}
}

func TestClassifyRealMailInline(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want Class
	}{
		{"postmaster with Returned mail and nothing else", "From: postmaster@mx.example\nSubject: Returned mail\n\n(no text)\n", Bounce},
		{"mail delivery system name, notice subject", "From: Mail Delivery System <daemon@mx.example>\nSubject: Delivery status notification\nIn-Reply-To: <a@b>\n\nsee attached\n", Bounce},
		{"mail delivery system name, other notice", "From: Mail Delivery System <daemon@mx.example>\nSubject: Mailbox maintenance\nIn-Reply-To: <a@b>\n\nHi\n", Bulk},
		{"multipart/report without report-type or failure", "From: gw@x.example\nContent-Type: multipart/report; boundary=r\n\n--r\nContent-Type: text/plain\n\nnotice\n--r--\n", Bulk},
		{"list software notice", "From: majordomo@lists.example\nSubject: Majordomo results\n\n>>>> help\n", Bulk},
		{"person says not a member", "From: jo@acme.example\nSubject: Re: x\nIn-Reply-To: <a@b>\n\nI'm not a member of this list, sorry.\n", Reply},
		{"only CRLF blank lines before header", "\r\n\r\nFrom: a@b.example\r\nSubject: Re: x\r\n\r\nhi\r\n", Reply},
		{"multipart with no parts, binary body", "From: a@b.example\nContent-Type: multipart/mixed; boundary=q\nContent-Transfer-Encoding: base64\n\n" + strings.Repeat("@@@@!!!!", 4) + "\n", Bulk},
		{"newsletter with spam words", "From: News <news@shop.example>\nList-Unsubscribe: <mailto:u@shop.example>\nSubject: Deals\n\nAdd us so we don't land in spam. Click here to verify your email.\n", Bulk},
		{"Courier null-address sender", "From: Courier mail server at mx.example <@>\nSubject: NOTICE: mail delivery status.\n\n<bob@x.example>: 550 no such user\n", Bounce},
		{"Yandex in Russian", "From: mailer-daemon@yandex.example\nSubject: =?utf-8?B?0J3QtdC00L7RgdGC0LDQstC70LXQvdC90L7QtSDRgdC+0L7QsdGJ0LXQvdC40LU=?=\nContent-Type: text/plain; charset=utf-8\n\nСообщение не удалось доставить по адресу ivan@corp.example\n", Bounce},
		{"Exchange NDR in French", "From: postmaster@contoso.example\nSubject: Non remis : Merci\n\nVotre message n'a pas pu être remis à claire@contoso.example.\n", Bounce},
		{"Chinese bounce", "From: system@mail.qq.example\nSubject: 退信: Thank you\nContent-Type: text/plain; charset=utf-8\n\n很抱歉，您的邮件无法投递到 wang@corp.example\n", Bounce},
		{"X-Autoreply: no from a client", "From: jo@acme.example\nX-Autoreply: no\nSubject: Re: x\nIn-Reply-To: <a@b>\n\nSure, Tuesday works.\n", Reply},
		{"undeclared ISO-2022-JP bounce", "From: info@mail.carrier.example\nSubject: \x1b$BG[?.%(%i!<\x1b(B\n\n\x1b$BAw?.$G$-$^$;$s$G$7$?\x1b(B: <ito@corp.example>\n", Bounce},
		{"minimal header-less responder", "From: Sam <sam@co.example>\nSubject: Re: Thank you\nIn-Reply-To: <a@b>\n\nI am currently out of the office and will return on Monday, December 7.\n", AutoReply},
		{"person out of office writing back", "From: Sam <sam@co.example>\nSubject: Re: Thank you\nIn-Reply-To: <a@b>\n\nSorry, I'm currently out of the office; I will return on the 7th and we can talk then.\n", Reply},
		{"precedence bulk newsletter with holiday words", "From: Shop <info@shop.example>\nPrecedence: bulk\nList-Id: <deals.shop.example>\nSubject: Holiday hours\n\nOur stores are closed on holiday.\n", Bulk},
	}
	for _, tt := range tests {
		if got := Classify([]byte(tt.raw)); got.Class != tt.want {
			t.Errorf("Classify(%s) = %q (%s), want %q; signals %q", tt.name, got.Class, got.Reason, tt.want, got.Signals)
		}
	}
}

func TestOutOfOfficeLabelsMoreLanguages(t *testing.T) {
	for _, s := range []string{"Automatická odpoveď: Ďakujem", "Răspuns automat: Mulțumesc", "Poza biurem: Dziękuję",
		"Автоматична відповідь: Дякую", "Trả lời tự động: Cảm ơn", "Fuori sede: Grazie", "Házon kívül: Köszönöm"} {
		if !isOutOfOfficeSubject(s) {
			t.Errorf("isOutOfOfficeSubject(%q) = false, want true", s)
		}
	}
}
