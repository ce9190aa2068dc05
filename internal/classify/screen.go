package classify

// Screened is what a message's header alone tells a screen deciding
// whether the whole message must be read: the fields an interview is
// matched on, and whether the message may be a non-delivery report (whose
// failed address and returned Message-ID are only in its body).
type Screened struct {
	Message     Message
	MayBeBounce bool
}

// Screen reads only the header of raw — the whole header block, or some of
// its fields, with or without a body after it — with the same parser as
// Classify, so the addresses and msg-ids are the ones Classify would
// report. MayBeBounce is true for anything with a sign of a delivery
// report in its header (a mail-system, mailing-list-software or null
// sender, a delivery subject, multipart/report, X-Failed-Recipients, an
// Exchange NDR header) and for input with no header field at all. Every
// bounce fixture of the classifier's tests is flagged; what is not is a
// bounce recognised by its body text alone, from a sender that looks like
// a person or an ordinary program (no-reply, Auto-Submitted) at a domain
// no interview knows.
func Screen(raw []byte) Screened {
	h := scanHeader(raw)
	if h.fields == 0 {
		return Screened{Message: h.msg, MayBeBounce: true}
	}
	e := &evidence{}
	gatherSender(e, h)
	gatherHeaders(e, h)
	gatherSubject(e, h.msg.Subject)
	return Screened{Message: h.msg, MayBeBounce: mayBeBounce(h, e)}
}

func mayBeBounce(h *header, e *evidence) bool {
	ct, _ := mediaType(h.get("content-type"))
	return e.system != "" || e.listAgent != "" || e.nullSender || e.failSubject || e.weakSubject || e.delay != "" ||
		ct == "multipart/report" || h.has("x-failed-recipients") || h.has("x-ms-exchange-message-is-ndr")
}
