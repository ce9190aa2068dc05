package classify

import (
	"strings"

	"github.com/followup-dev/followup/internal/classify/phrase"
)

// failureSubjectWords anywhere in a subject that is not a person's reply
// report a delivery failure (after a tag such as "[SPAM]" or "Warning:").
var failureSubjectWords = []string{
	"undeliver", "undelivered", "not delivered", "delivery failure", "delivery failed", "failed delivery",
	"could not be delivered", "couldn't be delivered", "mail delivery failed", "non-delivery", "nondeliver",
	"non delivery", "failure notice", "returned mail:", "returned to sender", "mail system error",
	"delivery has failed", "permanent delivery failure", "delivery problem", "unzustellbar", "nicht zustellbar",
	"non remis", "non distribuable", "non recapitabile", "no se puede entregar", "onbestelbaar",
	"não é possível entregar", "olevererbart", "niedostarczalne", "ikke leveret", "kan ikke leveres",
	"ei voitu toimittaa", "nedoručitelné", "недоставляемое", "недоставленное сообщение", "не доставлено",
	"无法投递", "無法傳遞", "退信", "未送达", "배달되지 않음", "전달되지 않음", "mail failure",
	"(failure)", "(échec)", "(fehlgeschlagen)", "(error)", "(fallo)", "(falha)", "(mislukt)", "(errore)", "(失敗)", "（失敗）",
	"échec de la remise", "échec de remise", "zustellung fehlgeschlagen", "failure delivery", "delivery failure notification",
	"配信不能", "配信エラー", "配送エラー", "送信エラー", "配信できません", "配送できません", "送信できません",
	"配信に失敗", "送信に失敗", "配送に失敗", "不達", "未達", "返送", "届きません", "エラーメール",
}

// noticeSubjectWords make a subject a delivery notice whose outcome the
// subject does not say: from a mail system, a failure unless it says delay
// or success.
var noticeSubjectWords = []string{
	"returned mail", "delivery status notification", "delivery notification", "delivery report",
	"mail delivery", "delivery status", "nondelivery", "undelivered", "dsn", "übermittlungsstatus", "état de remise",
	"estado de entrega", "status de entrega", "bezorgingsstatus", "配信", "配送", "送信結果",
}

// systemNames are display names of mail systems ("Mail Delivery System",
// "Mail Delivery Subsystem", Exchange's "System Administrator").
var systemNames = []string{
	"mail delivery", "mailer-daemon", "mailer daemon", "mail administrator", "postmaster",
	"system administrator", "delivery subsystem", "mail system", "delivery status notification",
	"mail delivery service", "undeliverable", "returned mail", "mailerdaemon", "mail server at", "courier mail server",
	"メール配信", "配信システム",
}

// systemNameSet finds systemNames in one pass over a text.
var systemNameSet = phrase.NewSet(systemNames)

// returnedCopyMarkers introduce the copy of the returned message in bounce
// text (qmail, Exim, Sendmail, Courier, Exchange, carriers).
var returnedCopyMarkers = []string{
	"below this line is a copy of the message", "------ this is a copy of the message",
	"original message follows", "original message headers", "the original message was received",
	"returned message", "unsent message below", "headers of the original message",
	"--- the header of the original message", "元のメッセージ", "元のメール",
}

// failurePhrases appear in the text of non-delivery reports. A person's
// reply never decides by them: they count with a mail-system or automated
// sender, a failure subject, or a returned copy.
var failurePhrases = []string{
	"could not be delivered", "couldn't be delivered", "couldn’t be delivered",
	"wasn't delivered", "wasn’t delivered", "was not delivered", "undeliverable",
	"delivery has failed", "delivery to the following recipient", "permanent error",
	"permanent fatal error", "failed permanently", "user unknown", "mailbox unavailable",
	"no such user", "recipient address rejected", "this is the qmail-send program",
	"unable to deliver", "did not reach some or all of the intended recipients",
	"not listed in", "returned to the sender", "could not deliver", "address not found",
	"recipient not found", "no such recipient", "mailbox not found", "unknown recipient", "unknown user",
	"invalid recipient", "mailbox is full", "quota exceeded", "over quota", "relay access denied",
	"unrouteable address", "message was not delivered", "not be delivered", "permanent failure",
	"could not be reached", "following address(es) failed", "following addresses had permanent",
	"this message was created automatically by mail delivery software", "i'm sorry to have to inform you",
	"transcript of session follows", "delivery failed", "does not exist", "was rejected because",
	"recipient address rejected", "address rejected", "no mailbox here", "mailbox disabled", "account disabled", "retry timeout exceeded", "550 5.", "554 5.", "553 5.",
	"konnte nicht zugestellt werden", "nicht zugestellt werden", "n'a pas pu être remis", "n'a pas pu être distribué",
	"no se pudo entregar", "non è stato possibile recapitare", "kon niet worden bezorgd", "não pôde ser entregue",
	"не удалось доставить", "не может быть доставлено", "无法投递", "未能送达", "無法傳遞",
	"配信できません", "配信不能", "配送できません", "送信できません", "届きません", "届けられません",
	"届けることができません", "届かなかった", "宛先不明", "不達", "配信に失敗", "送信に失敗", "配送に失敗",
	"存在しません", "受信拒否", "返送されました", "配送エラー", "配信エラー",
}

// listNoticePhrases are what mailing-list managers (Mailman, LISTSERV,
// Sympa, Majordomo, FML, Google Groups) write about a post; the rejecting
// ones make a bounce, the others (moderation, subscription) bulk mail.
var (
	listRejectPhrases = []string{
		"not a member", "non-member", "nonmember", "non member", "only members", "members only",
		"permission to post", "not allowed to post", "posting is restricted", "posts are restricted",
		"not authorized to post", "not authorized to send", "rejected posting", "must be a member", "you are not subscribed", "not subscribed to",
		"メンバーではありません", "登録されていません",
	}
	listHoldPhrases = []string{
		"held for moderation", "awaiting moderator", "moderator approval", "held until the list moderator",
		"requires approval", "pending moderation", "approval of the moderator", "confirm your subscription",
		"subscription request", "list administrator", "mailing list software",
	}
	// listContext must accompany a list phrase from a sender that is not
	// list software, in a message that is not a person's reply, so a
	// person's "not a member of the team" stays theirs.
	listContext = []string{
		"mailing list", "mailing-list", "this list", "list owner", "list administrator", "list moderator",
		"google group", "mailman", "listserv", "majordomo", "sympa", "メーリングリスト",
	}
)

// listAgentLocals are local parts (or their ends and starts) of list software.
var (
	listAgentPrefixes = []string{"listserv", "majordomo", "mailman", "sympa", "owner-", "ecartis", "fml", "ezmlm"}
	listAgentSuffixes = []string{"-owner", "-request", "-bounces", "-admin", "-confirm"}
)

// listAgentOf returns the first From or Sender address that is list software.
func listAgentOf(m Message) string {
	for _, list := range [][]string{m.From, m.Sender} {
		for _, a := range list[:min(len(list), 4)] {
			local, _, _ := strings.Cut(a, "@")
			if phrase.HasPrefixAny(local, listAgentPrefixes) || phrase.HasSuffixAny(local, listAgentSuffixes) {
				return a
			}
		}
	}
	return ""
}

// gatherListNotice notes a mailing-list manager's notice in lead (the
// lower-cased top of the text).
func gatherListNotice(e *evidence, hits []string) {
	inContext := e.listAgent != "" || !e.personal && hits[leadListContext] != ""
	if !inContext {
		return
	}
	if p := hits[leadListHold]; p != "" {
		e.listNotice = p // a held post may still be delivered
	} else if p := hits[leadListReject]; p != "" {
		e.listNotice, e.listReject = p, true
	}
	if e.listNotice != "" {
		e.note("text: mailing-list manager notice (\"" + e.listNotice + "\")")
	}
}

// challengeMarks name challenge/response anti-spam systems or say what they
// ask; one of them is enough. challengeVerbs and challengeReasons must
// occur together otherwise ("please verify … to reduce spam").
var (
	challengeMarks = []string{
		"boxbe", "spamarrest", "spam arrest", "mailinblack", "choicemail", "sender verification",
		"challenge-response", "challenge/response", "awaiting verification", "prove that you are human",
		"confirm that you are a human", "verify that you are a human", "verify you are a human",
		"is protected by", "this account is protected", "protecting myself from", "protect myself from", "protected by a spam",
		"approved senders list", "approved sender list", "whitelist request", "allowlist request",
	}
	challengeVerbs   = []string{"verify", "verification", "confirm your message", "confirm that you"}
	challengeReasons = []string{"spam", "junk", "unsolicited", "human", "robot", "whitelist", "allowlist", "approved sender"}
)

// challengeOf returns the phrase that marks lead as a challenge/response
// verification request, or "". A verb and a reason without a mark count
// only when weak is false: the message is automated or its subject asks for
// verification, since a person may well write "verify … spam folder".
func challengeOf(hits []string, weak bool) string {
	if p := hits[leadChallengeMark]; p != "" {
		if p == "is protected by" && hits[leadChallengeVerb] == "" {
			return ""
		}
		return p
	}
	if weak {
		return ""
	}
	if v := hits[leadChallengeVerb]; v != "" {
		if r := hits[leadChallengeReason]; r != "" {
			return v + " … " + r
		}
	}
	return ""
}

// The phrase lists as sets (see phrase.Set), and the lists read from the
// top of the text, scanned together (see phrase.Lists).
var (
	failureSubjectSet = phrase.NewSet(failureSubjectWords)
	noticeSubjectSet  = phrase.NewSet(noticeSubjectWords)
	returnedSet       = phrase.NewSet(returnedCopyMarkers)
	leadLists         = phrase.NewLists(failurePhrases, oooPhrases, listRejectPhrases, listHoldPhrases,
		listContext, challengeMarks, challengeVerbs, challengeReasons)
)

// Indexes of leadLists.
const (
	leadFailure = iota
	leadOOO
	leadListReject
	leadListHold
	leadListContext
	leadChallengeMark
	leadChallengeVerb
	leadChallengeReason
)
