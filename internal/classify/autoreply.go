package classify

import (
	"strings"

	"github.com/followup-dev/followup/internal/classify/mailread"
	"github.com/followup-dev/followup/internal/classify/phrase"
	"github.com/followup-dev/followup/internal/classify/returndate"
)

// oooLabels are subject labels of automatic replies, compared with the
// subject's leading label (the text before its first colon, or inside
// leading brackets). Several languages: English, German, French, Spanish,
// Dutch, Italian, Portuguese, Swedish, Danish/Norwegian, Finnish, Polish,
// Russian, Turkish, Czech, Hungarian, Greek, Japanese, Chinese, Korean (the
// labels Outlook and the common web mailers write). Words a person might put before a colon
// ("Vacation:", "OOO:", "Away:") are deliberately absent.
var oooLabels = map[string]bool{
	"auto": true, "autoreply": true, "auto-reply": true, "auto reply": true, "automatic reply": true,
	"automatic response": true, "auto response": true, "auto-response": true, "autoresponse": true,
	"automated response": true, "automated reply": true, "out of office": true, "out of the office": true,
	"out of office reply": true, "out of office autoreply": true, "out of office auto reply": true,
	"vacation reply": true, "vacation auto-reply": true,
	"abwesenheitsnotiz": true, "automatische antwort": true, "abwesend": true, "automatische antwort abwesenheit": true,
	"réponse automatique": true, "reponse automatique": true, "absence": true, "absent du bureau": true,
	"respuesta automática": true, "respuesta automatica": true, "fuera de la oficina": true, "ausente": true,
	"automatisch antwoord": true, "afwezig": true, "afwezigheid": true,
	"risposta automatica": true, "fuori ufficio": true, "assente": true,
	"resposta automática": true, "resposta automatica": true, "ausência": true, "fora do escritório": true,
	"autosvar": true, "automatiskt svar": true, "automatisk svar": true, "frånvaro": true, "fraværende": true,
	"automaattinen vastaus": true, "poissa": true, "odpowiedź automatyczna": true, "autoodpowiedź": true,
	"автоматический ответ": true, "автоответ": true, "otomatik yanıt": true, "otomatik cevap": true,
	"automatická odpověď": true, "automatikus válasz": true, "αυτόματη απάντηση": true,
	"תשובה אוטומטית": true, "رد تلقائي": true, "ตอบกลับอัตโนมัติ": true, "trả lời tự động": true,
	"balasan otomatis": true, "balasan automatik": true, "автоматична відповідь": true, "răspuns automat": true,
	"автоматичен отговор": true, "automatski odgovor": true, "automatická odpoveď": true, "samodejni odgovor": true,
	"automatinis atsakymas": true, "automātiskā atbilde": true, "automaatvastus": true, "स्वचालित उत्तर": true,
	"resposta automàtica": true, "sjálfvirkt svar": true, "absence du bureau": true, "fuori sede": true,
	"ausência temporária": true, "poza biurem": true, "mimo kancelář": true, "házon kívül": true,
	"нет на месте": true, "frånvarande": true, "poissa toimistolta": true, "niet op kantoor": true,
	"自動返信": true, "自動応答": true, "自动回复": true, "自动答复": true, "自動回覆": true, "自動答覆": true,
	"자동 회신": true, "자동회신": true, "자동 응답": true, "不在通知": true, "不在のお知らせ": true,
	"休暇のお知らせ": true, "自動送信": true, "부재중": true, "부재 중": true,
}

// autoSubjects are whole subjects that are automatic replies without a
// colon (only unambiguous "automatic" words; "Out of office" alone may be a
// person's subject line).
var autoSubjects = []string{
	"automatic reply", "autoreply", "auto-reply", "auto reply", "auto response",
	"automatische antwort", "abwesenheitsnotiz", "réponse automatique", "respuesta automática",
	"automatisch antwoord", "risposta automatica", "resposta automática", "autosvar",
}

// oooPhrases mark out-of-office text. They never make an auto-reply alone;
// they only decide between auto-reply and bulk for machine-sent messages.
var oooPhrases = []string{
	"out of the office", "out of office", "on vacation", "on holiday", "on leave", "on annual leave",
	"away from the office", "away from my desk", "limited access to email", "limited access to e-mail",
	"nicht im büro", "abwesend", "im urlaub", "absent du bureau", "en congé", "fuera de la oficina",
	"de vacaciones", "afwezig", "met vakantie", "fuori ufficio", "in ferie", "fora do escritório",
	"de férias", "på semester", "automatic reply", "auto-reply", "autoreply", "automated response",
	"不在にして", "不在です", "不在の", "休暇", "出張中", "外出中", "留守",
}

// detectAutoReply recognises automatic answers: RFC 3834 Auto-Submitted
// replies, vendor vacation headers, read receipts, out-of-office subject
// labels and challenge/response verification requests. Body text alone
// never makes an auto-reply, except a challenge/response request.
func detectAutoReply(h *mailread.Header, b *mailread.Body, e *evidence) (Result, bool) {
	reason := autoReplyReason(h, b, e)
	if reason == "" {
		return Result{}, false
	}
	text := h.Msg.Subject + "\n" + b.Text
	return Result{Class: AutoReply, Reason: reason, ReturnDate: returndate.Find(text, h.Msg.Date)}, true
}

// autoReplyReason returns why h is an automatic reply, or "".
func autoReplyReason(h *mailread.Header, b *mailread.Body, e *evidence) string {
	auto, precedence := e.auto, e.precedence
	switch {
	case auto == "auto-replied":
		return "Auto-Submitted: auto-replied"
	case auto != "" && e.answering:
		return "Auto-Submitted: " + auto + " in reply to a message"
	case auto != "" && (e.oooSubject || e.oooText):
		return "Auto-Submitted: " + auto + " with out-of-office text"
	case saysYes(h, "x-autoreply"):
		return "X-Autoreply header"
	case saysYes(h, "x-autorespond") || saysYes(h, "x-autoresponder"):
		return "X-Autorespond header"
	case precedence == "auto_reply":
		return "Precedence: auto_reply"
	case strings.EqualFold(strings.TrimSpace(h.Get("x-apple-action")), "vacation"):
		return "X-Apple-Action: VACATION"
	case b.ReportType == "disposition-notification":
		return "multipart/report disposition-notification (read receipt)"
	case e.challenge != "" && !hasListHeader(h):
		return "challenge/response verification request (\"" + e.challenge + "\")"
	case e.oooSubject:
		return "automatic-reply subject"
	case (precedence == "bulk" || precedence == "junk") && e.answering && e.oooText:
		return "Precedence: " + precedence + " answer with out-of-office text"
	case (precedence == "bulk" || precedence == "junk") && vacationLike(h, e):
		return "Precedence: " + precedence + " from a person's address with out-of-office text"
	case e.nullSender && e.oooText && !hasListHeader(h):
		return "null Return-Path with out-of-office text"
	case e.responder != "" && e.noReply == "" && !hasListHeader(h):
		return "out-of-office responder text (\"" + e.responder + "\")"
	}
	return ""
}

// vacationLike reports whether a Precedence: bulk/junk message is the
// answer of a vacation program (BSD vacation(1), procmail, old Exchange):
// out-of-office words in its subject or at the top of its text, sent from a
// person's address, without list or campaign headers.
func vacationLike(h *mailread.Header, e *evidence) bool {
	if hasListHeader(h) || e.noReply != "" || e.system != "" || e.listAgent != "" {
		return false
	}
	for _, c := range campaignHeaders {
		if h.Has(c.key) {
			return false
		}
	}
	return e.oooText || phrase.ContainsAny(e.subject, oooPhrases) || phrase.ContainsAny(e.subject, awaySubjectWords)
}

// awaySubjectWords are subject words of vacation programs' answers.
var awaySubjectWords = []string{"away from my mail", "away from the office", "vacation", "absent", "abwesen", "absence", "urlaub", "congé", "vacaciones", "不在", "休暇"}

// saysYes reports whether the header field key is present with a value
// other than "no", "false" or "0" (some clients write "X-Autoreply: no").
func saysYes(h *mailread.Header, key string) bool {
	if !h.Has(key) {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(h.Get(key))) {
	case "no", "false", "0":
		return false
	}
	return true
}

// hasListHeader reports whether h has a mailing-list header.
func hasListHeader(h *mailread.Header) bool {
	for _, l := range listHeaders {
		if h.Has(l.key) {
			return true
		}
	}
	return false
}

// autoSubmitted returns the lower-cased Auto-Submitted keyword, or "" when
// the header is absent or "no".
func autoSubmitted(h *mailread.Header) string {
	v, _, _ := strings.Cut(h.Get("auto-submitted"), ";")
	v = strings.ToLower(strings.TrimSpace(mailread.StripComments(v)))
	if v == "no" {
		return ""
	}
	return v
}

// isOutOfOfficeSubject reports whether subject carries an automatic-reply
// label ("Automatic reply: …", "[Auto-Reply] …", "Abwesenheitsnotiz: …"),
// is exactly an automatic-reply phrase, or is a Lotus Notes
// "X is out of the office." notice. A "Re:" subject never matches.
func isOutOfOfficeSubject(subject string) bool {
	s := strings.ToLower(strings.TrimSpace(subject))
	if oooLabels[subjectLabel(s)] {
		return true
	}
	for _, a := range autoSubjects {
		if s == a {
			return true
		}
	}
	return !strings.Contains(s, ":") &&
		(strings.HasSuffix(s, " is out of the office.") || strings.HasSuffix(s, " is out of the office"))
}

// subjectLabel returns the label at the start of a lower-cased subject: the
// text inside leading brackets, or before the first colon (ASCII or
// full-width), trimmed. It returns "" when there is no label.
func subjectLabel(s string) string {
	if strings.HasPrefix(s, "[") {
		if end := strings.IndexByte(s, ']'); end > 0 {
			return strings.TrimSpace(s[1:end])
		}
	}
	i := strings.IndexAny(s, ":：")
	if i <= 0 || i > 60 {
		return ""
	}
	return strings.TrimSpace(s[:i])
}
