package classify

import (
	"strings"

	"github.com/followup-dev/followup/internal/classify/phrase"
)

// Vacation responders that set no header at all are still recognisable by
// their text: the announcement of an absence together with the phrases of
// a responder template (a promise to answer on return, limited access, who
// to contact in urgent cases), at the top of a text that quotes nothing. A
// person's reply quotes the thread or says one of these things, not several.

// responderCues are template phrases of out-of-office responders in the
// languages of oooPhrases; responderText needs minResponderCues of them.
var responderCues = [][]string{
	{"thank you for your email", "thank you for your e-mail", "thank you for your message", "thanks for your email",
		"thanks for your message", "vielen dank für ihre nachricht", "vielen dank für ihre e-mail", "danke für ihre nachricht",
		"merci pour votre message", "merci de votre message", "gracias por su mensaje", "gracias por su correo",
		"bedankt voor uw bericht", "bedankt voor je bericht", "grazie per il messaggio", "grazie per la sua email",
		"obrigado pelo seu e-mail", "obrigado pela sua mensagem", "tack för ditt mejl", "tack för ditt meddelande"},
	{"limited access to email", "limited access to e-mail", "limited access to my email", "no access to email",
		"without access to email", "eingeschränkt", "keinen zugriff", "accès limité", "acceso limitado", "beperkt toegang"},
	{"respond to your email", "respond to your e-mail", "respond to your message", "reply to your email",
		"reply to your e-mail", "reply to your message", "get back to you when i return", "get back to you upon my return",
		"upon my return", "on my return", "when i return", "after my return", "as soon as i return", "as soon as i am back",
		"nach meiner rückkehr", "bearbeite ihre nachricht", "à mon retour", "dès mon retour", "a mi regreso", "a mi vuelta",
		"na mijn terugkomst", "al mio rientro", "no meu regresso", "no meu retorno", "när jag är tillbaka"},
	{"for urgent matters", "for urgent requests", "for urgent issues", "if your matter is urgent", "if this is urgent",
		"if it is urgent", "in urgent cases", "in case of urgency", "for anything urgent", "in dringenden fällen",
		"en cas d'urgence", "en caso de urgencia", "in dringende gevallen", "per urgenze", "em caso de urgência", "i brådskande"},
	{"will not be forwarded", "will not be read", "not be monitored", "wird nicht weitergeleitet", "ne sera pas transféré",
		"no será reenviado", "wordt niet doorgestuurd", "non verrà inoltrata"},
	{"i am currently out", "i'm currently out", "i am currently away", "i'm currently away", "i am currently on",
		"i'm currently on", "i am presently", "i am out of the office", "i will be out of the office", "ich bin derzeit",
		"ich bin zurzeit", "ich bin momentan", "je suis actuellement", "estoy actualmente", "sono attualmente",
		"ik ben momenteel", "estou atualmente", "jag är för närvarande"},
	{"will return on", "will be back on", "will be returning on", "returning on", "back in the office on",
		"return to the office on", "i will return", "i'll return", "ab dem", "wieder im büro", "de retour le",
		"regresaré el", "rientrerò il", "weer aanwezig", "estarei de volta", "tillbaka den"},
}

// conversationMarkers in the sender's own text show a person writing back,
// whatever else it says.
var conversationMarkers = []string{
	"let's", "let’s", "sorry", "sounds good", "happy to", "looking forward", "great to", "can we",
	"could you", "would you", "talk soon", "quickly:", "entschuldig", "désolé", "perdón", "scusa",
}

// minResponderCues is how many groups of responderCues the text must hit.
const minResponderCues = 2

// quoteMarkers start the quoted part of a reply.
var quoteMarkers = []string{
	"\n> ", "\n>>", " wrote:", " schrieb:", " a écrit :", " a écrit:", " escribió:", " schreef:", " ha scritto:", " escreveu:",
	"-----original message-----", "-------- original message --------", "________________________________",
	"\nfrom: ", "\nvon: ", "\nde : ", "\nde: ",
}

// Sets of the lists above.
var (
	quoteSet = phrase.NewSet(quoteMarkers)
	// responderLists are responderCues, then oooPhrases and conversationMarkers.
	responderLists = phrase.NewLists(append(append([][]string(nil), responderCues...), oooPhrases, conversationMarkers)...)
)

// ownText returns the lower-cased text before the first quote marker,
// at most 2 KB: what the sender wrote themselves.
func ownText(lower string) string {
	lower = lower[:min(len(lower), 2<<10)]
	if i, _ := quoteSet.Index(lower); i >= 0 {
		return lower[:i]
	}
	return lower
}

// responderText returns why the text reads like a header-less vacation
// responder, or "": out-of-office words and at least minResponderCues
// template phrases in the sender's own text.
func responderText(lower string) string {
	own := phrase.CollapseSpace(ownText(lower))
	found := responderLists.Firsts(own)
	n := len(responderCues)
	if found[n] == "" || found[n+1] != "" || strings.Contains(own, "not an automatic") {
		return ""
	}
	var hits []string
	for _, p := range found[:n] {
		if p != "" {
			hits = append(hits, p)
		}
	}
	if len(hits) < minResponderCues {
		return ""
	}
	return strings.Join(hits, "\", \"")
}
