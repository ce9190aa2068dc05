package classify

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fixture is the expected verdict for one testdata message. The expectations
// live here, not in the messages, so the messages stay real header sets.
type fixture struct {
	class      Class
	returnDate string // "2006-01-02", "" for none
	failed     string // FailedRecipient, "" for none
}

// fixtures maps every file in testdata to its expected verdict.
var fixtures = map[string]fixture{
	// Automatic replies, several threaded under our message.
	"auto-exchange-online-ooo-threaded.eml":           {AutoReply, "2026-12-07", ""},
	"auto-icloud-vacation-threaded.eml":               {AutoReply, "2026-12-14", ""},
	"auto-dovecot-sieve-vacation-null-sender.eml":     {AutoReply, "2026-12-09", ""},
	"auto-gmail-vacation-user-subject.eml":            {AutoReply, "2026-12-07", ""},
	"auto-exchange-onprem-german-latin1.eml":          {AutoReply, "2026-12-07", ""},
	"auto-abwesenheitsnotiz-utf8-b-year-rollover.eml": {AutoReply, "2027-01-11", ""},
	"auto-french-reponse-automatique.eml":             {AutoReply, "2026-12-07", ""},
	"auto-spanish-respuesta-automatica.eml":           {AutoReply, "2026-12-07", ""},
	"auto-dutch-tot-en-met.eml":                       {AutoReply, "2026-12-05", ""},
	"auto-italian-no-date.eml":                        {AutoReply, "", ""},
	"auto-portuguese-retorno.eml":                     {AutoReply, "2026-12-10", ""},
	"auto-swedish-autosvar.eml":                       {AutoReply, "2026-12-08", ""},
	"auto-japanese-subject.eml":                       {AutoReply, "", ""},
	"auto-x-autoreply-iso-date.eml":                   {AutoReply, "2026-12-07", ""},
	"auto-precedence-auto-reply-weekday.eml":          {AutoReply, "2026-12-03", ""},
	"auto-lotus-notes-dotted-date.eml":                {AutoReply, "2026-12-07", ""},
	"auto-zimbra-through.eml":                         {AutoReply, "2026-12-05", ""},
	"auto-generated-ooo-text-ordinal-day.eml":         {AutoReply, "2026-12-07", ""},
	"auto-read-receipt-mdn.eml":                       {AutoReply, "", ""},
	"auto-bracket-subject-html-only.eml":              {AutoReply, "2027-01-04", ""},
	"bounce-postfix-dsn.eml":                          {Bounce, "", "jane.doe@company.example"},
	"bounce-gmail-without-report.eml":                 {Bounce, "", "hiring@startup.example"},
	"bounce-gmail-text-only-address-in-text.eml":      {Bounce, "", "recruiter@bigcorp.example"},
	"bounce-exchange-online-ndr-report.eml":           {Bounce, "", "j.smith@contoso.example"},
	"bounce-exchange-ndr-plain-header.eml":            {Bounce, "", "bob.lee@contoso.example"},
	"bounce-exchange2003-system-administrator.eml":    {Bounce, "", "hr@oldcorp.example"},
	"bounce-exim-x-failed-recipients.eml":             {Bounce, "", "talent@agency.example"},
	"bounce-qmail-failure-notice.eml":                 {Bounce, "", "ceo@tiny.example"},
	"bounce-sendmail-returned-mail.eml":               {Bounce, "", "pat@firm.example"},
	"bounce-yahoo-failure-notice.eml":                 {Bounce, "", "jo@firm2.example"},
	"bounce-amazon-ses-dsn.eml":                       {Bounce, "", "ops@saas.example"},
	"bounce-lotus-domino.eml":                         {Bounce, "", "ann.bee@domino.example"},
	"bounce-truncated-dsn-prefix.eml":                 {Bounce, "", "lee@cut.example"},
	"bulk-newsletter-company-domain.eml":              {Bulk, "", ""},
	"bulk-list-mail-from-interviewer.eml":             {Bulk, "", ""},
	"bulk-marketing-campaign-header.eml":              {Bulk, "", ""},
	"bulk-noreply-ats.eml":                            {Bulk, "", ""},
	"bulk-linkedin-messages-noreply.eml":              {Bulk, "", ""},
	"bulk-auto-generated-notification.eml":            {Bulk, "", ""},
	"bulk-dsn-delay-warning.eml":                      {Bulk, "", ""},
	"bulk-precedence-list-person.eml":                 {Bulk, "", ""},
	"bulk-mailer-daemon-other-notice.eml":             {Bulk, "", ""},
	"reply-human-plain-threaded.eml":                  {Reply, "", ""},
	"reply-human-mentions-out-of-office.eml":          {Reply, "", ""},
	"reply-human-word-automatic.eml":                  {Reply, "", ""},
	"reply-outlook-x-auto-response-suppress.eml":      {Reply, "", ""},
	"reply-calendar-invitation.eml":                   {Reply, "", ""},
	"reply-fresh-message-new-subject.eml":             {Reply, "", ""},
	"reply-rfc2047-german-subject.eml":                {Reply, "", ""},
	"reply-human-to-automatic-reply-thread.eml":       {Reply, "", ""},
	"reply-auto-submitted-no.eml":                     {Reply, "", ""},
	"reply-html-only-gmail.eml":                       {Reply, "", ""},
	"reply-truncated-mime-prefix.eml":                 {Reply, "", ""},
	"reply-raw-8bit-headers.eml":                      {Reply, "", ""},
	"hostile-no-headers.eml":                          {Bulk, "", ""},
	"hostile-malformed-header-line.eml":               {Bulk, "", ""},
	"hostile-no-from.eml":                             {Bulk, "", ""},
	"hostile-bad-boundary-base64-garbage.eml":         {Bulk, "", ""},
	// Second corpus: providers and software not covered above.
	"auto-google-workspace-vacation-re-subject.eml":          {AutoReply, "2026-12-14", ""},
	"auto-yahoo-vacation-response.eml":                       {AutoReply, "2027-01-04", ""},
	"auto-zoho-vacation-custom-subject.eml":                  {AutoReply, "2026-12-09", ""},
	"auto-fastmail-sieve-vacation.eml":                       {AutoReply, "2026-12-09", ""},
	"auto-exchange-french-jusquau-inclus.eml":                {AutoReply, "2026-12-10", ""},
	"auto-exchange-spanish-volvere.eml":                      {AutoReply, "2026-12-14", ""},
	"auto-exchange-german-bis-einschliesslich-ab-wieder.eml": {AutoReply, "2026-12-14", ""},
	"auto-exchange-dutch-vanaf-weer.eml":                     {AutoReply, "2026-12-08", ""},
	"auto-exchange-italian-fino-all-compreso.eml":            {AutoReply, "2026-12-12", ""},
	"auto-cpanel-x-autoreply-only.eml":                       {AutoReply, "2026-12-14", ""},
	"auto-vacation-precedence-auto-reply-only.eml":           {AutoReply, "2026-12-10", ""},
	"auto-japanese-iso2022jp-jidou-outou.eml":                {AutoReply, "", ""},
	"auto-chinese-gb2312-zidong-dafu.eml":                    {AutoReply, "", ""},
	"bounce-microsoft365-ndr-undeliverable.eml":              {Bounce, "", "morgan.hale@fabrikam.example"},
	"bounce-exim-cpanel-two-failed-recipients.eml":           {Bounce, "", "hiring@oldstartup.example"},
	"bounce-qmail-no-mailbox-here.eml":                       {Bounce, "", "jobs@bakery.example"},
	"bounce-amazon-ses-original-recipient.eml":               {Bounce, "", "talent@scaleup.example"},
	"bulk-postfix-delay-dsn.eml":                             {Bulk, "", ""},
	"bulk-linkedin-job-alert.eml":                            {Bulk, "", ""},
	"bulk-greenhouse-application-received.eml":               {Bulk, "", ""},
	"bulk-lever-application-update.eml":                      {Bulk, "", ""},
	"bulk-workday-candidate-home-noreply-reply-to.eml":       {Bulk, "", ""},
	"bulk-mailchimp-company-newsletter.eml":                  {Bulk, "", ""},
	"reply-apple-mail-iphone.eml":                            {Reply, "", ""},
	"reply-thunderbird-format-flowed.eml":                    {Reply, "", ""},
	"reply-outlook-web-thread-topic.eml":                     {Reply, "", ""},
	"reply-gmail-quotes-out-of-office.eml":                   {Reply, "", ""},
	"reply-german-abwesenheit-mentioned.eml":                 {Reply, "", ""},
	"reply-calendar-accepted-method-reply.eml":               {Reply, "", ""},
}

// readFixtures returns every .eml file in testdata by base name.
func readFixtures(t testing.TB) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "*.eml"))
	if err != nil {
		t.Fatalf("glob testdata: %v", err)
	}
	out := make(map[string][]byte, len(paths))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("read %s: %v", p, err)
		}
		out[filepath.Base(p)] = data
	}
	return out
}

func TestClassifyFixtures(t *testing.T) {
	files := readFixtures(t)
	if len(files) < 85 {
		t.Errorf("testdata holds %d messages, want at least 85", len(files))
	}
	for name := range files {
		if _, ok := fixtures[name]; !ok {
			t.Errorf("testdata/%s has no entry in the fixtures table", name)
		}
	}
	for name, want := range fixtures {
		t.Run(name, func(t *testing.T) {
			raw, ok := files[name]
			if !ok {
				t.Fatalf("testdata/%s is missing", name)
			}
			got := Classify(raw)
			if got.Class != want.class {
				t.Errorf("Classify(%s).Class = %q (%s), want %q", name, got.Class, got.Reason, want.class)
			}
			if d := dateString(got.ReturnDate); d != want.returnDate {
				t.Errorf("Classify(%s).ReturnDate = %q, want %q", name, d, want.returnDate)
			}
			if got.FailedRecipient != want.failed {
				t.Errorf("Classify(%s).FailedRecipient = %q, want %q", name, got.FailedRecipient, want.failed)
			}
			if got.Reason == "" {
				t.Errorf("Classify(%s).Reason is empty", name)
			}
		})
	}
}

// dateString formats a return date for comparison, "" for the zero time.
func dateString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if t.Location() != time.UTC || t.Hour() != 0 || t.Minute() != 0 {
		return "not midnight UTC: " + t.String()
	}
	return t.Format(time.DateOnly)
}

func TestClassifyReasons(t *testing.T) {
	files := readFixtures(t)
	tests := []struct {
		name, reason string
	}{
		{"auto-dovecot-sieve-vacation-null-sender.eml", "Auto-Submitted: auto-replied"},
		{"auto-icloud-vacation-threaded.eml", "X-Apple-Action: VACATION"},
		{"auto-exchange-online-ooo-threaded.eml", "Auto-Submitted: auto-generated in reply to a message"},
		{"bounce-postfix-dsn.eml", "multipart/report delivery-status"},
		{"bounce-gmail-without-report.eml", "X-Failed-Recipients"},
		{"bulk-newsletter-company-domain.eml", "List-Unsubscribe header"},
		{"bulk-list-mail-from-interviewer.eml", "List-Id header"},
		{"reply-calendar-invitation.eml", "calendar REQUEST from a person"},
		{"hostile-no-headers.eml", "unparseable: no header"},
		{"hostile-malformed-header-line.eml", "unparseable: malformed header line"},
		{"hostile-no-from.eml", "unparseable: no From address"},
		{"hostile-bad-boundary-base64-garbage.eml", "unparseable: multipart without boundary"},
		{"bulk-workday-candidate-home-noreply-reply-to.eml", "no-reply Reply-To donotreply@myworkday.example"},
		{"bulk-postfix-delay-dsn.eml", "delivery-status report without a failure (delay or success notice)"},
		{"bounce-microsoft365-ndr-undeliverable.eml", "multipart/report delivery-status"},
		{"auto-japanese-iso2022jp-jidou-outou.eml", "automatic-reply subject"},
		{"auto-chinese-gb2312-zidong-dafu.eml", "automatic-reply subject"},
		{"reply-calendar-accepted-method-reply.eml", "calendar REPLY from a person"},
		{"reply-outlook-web-thread-topic.eml", "written by a person"},
	}
	for _, tt := range tests {
		if got := Classify(files[tt.name]).Reason; got != tt.reason {
			t.Errorf("Classify(%s).Reason = %q, want %q", tt.name, got, tt.reason)
		}
	}
}

func TestClassifyOriginalMessageID(t *testing.T) {
	files := readFixtures(t)
	tests := []struct{ name, want string }{
		{"bounce-postfix-dsn.eml", "fu.7f3a9c21@candidate.example"},
		{"bounce-exchange-online-ndr-report.eml", "fu.ndr00001@candidate.example"},
		{"bounce-sendmail-returned-mail.eml", "fu.sendmail1@candidate.example"},
		{"bounce-qmail-failure-notice.eml", ""},
	}
	for _, tt := range tests {
		if got := Classify(files[tt.name]).OriginalMessageID; got != tt.want {
			t.Errorf("Classify(%s).OriginalMessageID = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestClassifyDecodesSubjects(t *testing.T) {
	files := readFixtures(t)
	tests := []struct{ name, want string }{
		{"auto-exchange-onprem-german-latin1.eml", "Automatische Antwort: Vielen Dank für das Gespräch"},
		{"auto-abwesenheitsnotiz-utf8-b-year-rollover.eml", "Abwesenheitsnotiz: Dankeschön"},
		{"auto-french-reponse-automatique.eml", "Réponse automatique\u00a0: Merci pour l'entretien"},
		{"auto-spanish-respuesta-automatica.eml", "Respuesta automática: Gracias"},
		{"auto-japanese-subject.eml", "自動返信: Re: 面接のお礼"},
		{"reply-rfc2047-german-subject.eml", "Re: Vielen Dank für das Gespräch"},
		{"reply-raw-8bit-headers.eml", "Re: Merci pour l'entretien — à bientôt"},
		{"auto-japanese-iso2022jp-jidou-outou.eml", "自動応答: Re: 面接のお礼"},
		{"auto-chinese-gb2312-zidong-dafu.eml", "自动答复: \ufffd\ufffd\ufffd\ufffd\ufffd\ufffd"},
	}
	for _, tt := range tests {
		if got := Classify(files[tt.name]).Message.Subject; got != tt.want {
			t.Errorf("Classify(%s).Message.Subject = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestClassifyInlineMessages(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want Class
	}{
		{"empty input", "", Bulk},
		{"only blank line", "\r\n\r\nbody", Bulk},
		{"header only, no body", "From: a@b.example\r\nSubject: Re: x\r\n", Reply},
		{"null sender alone is no bounce", "Return-Path: <>\nFrom: a@b.example\nSubject: Re: x\n\nhi\n", Reply},
		{"auto-submitted no", "From: a@b.example\nAuto-Submitted: no\n\nhi\n", Reply},
		{"auto-generated not answering", "From: a@b.example\nAuto-Submitted: auto-generated\n\nreport\n", Bulk},
		{"x-auto-response-suppress does not count", "From: a@b.example\nX-Auto-Response-Suppress: OOF, AutoReply\nSubject: RE: x\n\nhi\n", Reply},
		{"out-of-office words alone", "From: a@b.example\nSubject: Out of office next week\n\nI am out of the office until December 7.\n", Reply},
		{"mbox separator line", "From a@b.example Mon Dec  7 10:00:00 2026\nFrom: a@b.example\nSubject: hi\n\nhi\n", Reply},
		{"space before colon is no mbox line", "From : a@b.example\nSubject: Re: x\n\nhi\n", Reply},
		{"continuation before any field", " folded\nFrom: a@b.example\n\nhi\n", Bulk},
		{"mailer-daemon delay subject", "From: MAILER-DAEMON@x.example\nSubject: Delayed Mail (still being retried)\n\nx\n", Bulk},
		{"exchange delay notice without report", "From: Microsoft Outlook <postmaster@contoso.example>\nX-MS-Exchange-Message-Is-Ndr:\nSubject: Delivery delayed:Thank you\n\nDelivery is delayed to these recipients or groups: a@contoso.example\n", Bulk},
		{"no-reply Reply-To", "From: Acme <acme@ats.example>\nReply-To: noreply@ats.example\nSubject: Application received\n\nThanks\n", Bulk},
		{"person's Reply-To", "From: Jo <jo@acme.example>\nReply-To: jo.private@home.example\nSubject: Re: x\n\nhi\n", Reply},
		{"failure subject and text from unknown sender", "From: Courier mail server at mx.example <@>\nSubject: Undeliverable mail\n\nYour message could not be delivered to <x@y.example>.\n", Bounce},
	}
	for _, tt := range tests {
		if got := Classify([]byte(tt.raw)); got.Class != tt.want {
			t.Errorf("Classify(%s) = %q (%s), want %q", tt.name, got.Class, got.Reason, tt.want)
		}
	}
}

func TestIsOutOfOfficeSubject(t *testing.T) {
	tests := []struct {
		subject string
		want    bool
	}{
		{"Automatic reply: Thank you", true},
		{"AutoReply: Thank you", true},
		{"Auto: Thank you", true},
		{"Out of Office: Thank you", true},
		{"Out of Office AutoReply: Thank you", true},
		{"[Auto-Reply] Re: Thank you", true},
		{"Abwesenheitsnotiz: Danke", true},
		{"Automatische Antwort: Danke", true},
		{"Réponse automatique : Merci", true},
		{"Absence : Merci", true},
		{"Respuesta automática: Gracias", true},
		{"Automatisch antwoord: Bedankt", true},
		{"Risposta automatica: Grazie", true},
		{"Resposta automática: Obrigado", true},
		{"Autosvar: Tack", true},
		{"自動返信：お礼", true},
		{"自動応答: Re: 面接のお礼", true},
		{"自动答复: 感谢您的面试", true},
		{"자동 회신: 면접 감사합니다", true},
		{"Otomatik yanıt: Teşekkürler", true},
		{"Automatická odpověď: Děkuji", true},
		{"Automatic reply", true},
		{"Jane Roe is out of the office.", true},
		{"Re: Automatic reply: Thank you", false},
		{"Out of office next week", false},
		{"Out of office", false},
		{"Absence of feedback", false},
		{"Vacation: I'm off next week", false},
		{"OOO: back Monday", false},
		{"Automation engineer role", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := isOutOfOfficeSubject(tt.subject); got != tt.want {
			t.Errorf("isOutOfOfficeSubject(%q) = %v, want %v", tt.subject, got, tt.want)
		}
	}
}
