package reading

import "github.com/followup-dev/followup/internal/answer/words"

// The phrases the reader knows, by label. Strong cues decide a label on
// their own; weak ones only in pairs (rejection) or when nothing strong was
// found. Patterns are written in the syntax of pattern.go, lower-case, with
// plain apostrophes. To support another wording, add a line here and a
// case to reader_test.go.

// rejectionCues are decisions against the candidate. They carry their own
// negation, so a "not" near them does not cancel them.
var rejectionCues = []string{
	// English
	"move|moving|go|going|proceed|proceeding|continue|continuing forward|ahead with * other|another candidate*|applicant*|profile*|person|finalist*|individual*",
	"decided|decision|chosen|chose|opted|elected to pursue|select|proceed|continue|progress * other|another candidate*|applicant*",
	"pursue|pursuing other candidate*|applicant*|profile*",
	"proceed|proceeding|continue|continuing|forward|ahead|go|going with * candidate|candidates|applicant|applicants|profiles|people|someone whose|who|that",
	"different direction", "another direction",
	"offered|given|gave|awarded the position|role|job|offer to someone|somebody|another|other|a",
	"decided|chose|chosen|opted to hire|select|appoint|offer * candidate|someone|somebody|another|other",
	"not * match|fit|meet * looking for|requirements|needs|criteria",
	"gegen * entschieden",
	"selected|chosen|hired|offered * another|other candidate*|applicant*|person",
	"offer * to another|other candidate*|applicant*",
	"went|go|gone with another|other candidate*|applicant*",
	"more closely match*|matches|align*",
	"not be moving|progressing|proceeding|continuing|advancing|taking",
	"not * move|moving|progress|progressing|proceed|proceeding|advance|advancing forward|further",
	"not to move|proceed|progress|advance|continue|pursue",
	"not move|proceed|progress|advance forward|further|ahead with your|you",
	"not be offering|extending",
	"not * move|moving|progress|progressing|advance|advancing|take|taking|bring|put you|your forward|further|to|through|ahead",
	"not * a|the|good|right|strong fit|match",
	"not make|made it", "not make|made the cut",
	"not * make|making you * offer",
	"decided|chosen not to",
	"position|role|vacancy|job|opening|requisition|req|posting * filled|closed|cancelled|canceled|withdrawn",
	"filled the role|position internally",
	"position|role|vacancy|job|opening is no longer available|open",
	"filled the position|role|vacancy",
	"not * selected|shortlisted|successful",
	"unsuccessful",
	"regret to inform|tell|let|advise",
	"unable|cannot offer|extend|move|progress|proceed|invite",
	"unable to offer|extend|move|progress|proceed|invite",
	"not able to offer|extend|move|progress|proceed|invite",
	"not offer you",
	"no longer * consideration|considered|considering", "no longer in the running|process",
	"not in a position to offer|move|progress|proceed",
	"not the right fit|match for",
	"not a fit|match for",
	"will not be inviting|scheduling|pursuing",
	"decline your application|candidacy",
	// German
	"absage*",
	"anderen|andere|anderes|anderweitig kandidat*|bewerber*|person*|profil*|entschieden|besetzt|vergeben",
	"nicht * berücksichtig*|weiterverfolg*|entsprechen*|positiv", "nicht * weiter verfolgen|berücksichtigen",
	"nicht * in|für die engere", "nicht * zum zuge",
	"keine positive|zusage|positiven",
	"bereits|schon besetzt|vergeben",
	"nicht weiter * berücksichtig*|verfolg*|fortsetzen|fortführen",
	"nicht * einladen|anbieten",
	// French
	"pas été retenue|retenu",
	"pas * retenir|poursuivre", "pas * donner suite",
	"d'autres candidat*", "un|une autre candidat*",
	"poste a été pourvu",
	"suite défavorable",
	// Spanish
	"otros|otras|otro candidat*",
	"no ha|has sido seleccionad*",
	"no * continuar|avanzar|seguir con tu|su candidatura|proceso",
	"puesto ha sido cubierto",
	// Italian, Portuguese
	"altri|altre candidat*|profili", "altro|altra candidat*", "non * proseguire|procedere|selezionat*", "posizione * coperta",
	"outros|outras|outro candidat*", "não * seguir|avançar|prosseguir|selecionad*", "vaga * preenchida",
	// Dutch
	"andere kandidaat|kandidaten",
	"niet * verder|uitnodigen|door", "niet * uit te nodigen",
	"afwijzing",
	"vacature is vervuld|ingevuld",
}

// weakRejectionCues count for a rejection only two of a kind together: a
// sentiment ("unfortunately") and a farewell ("best of luck in your job
// search", "keep your CV on file").
var (
	rejectionSentiments = []string{
		"unfortunately", "regret*", "sadly", "sorry to", "disappoint*", "leider", "bedauer*",
		"malheureusement", "regrettons", "lamentablemente", "desafortunadamente", "lamentamos", "helaas",
		"purtroppo", "dispiace", "infelizmente",
	}
	rejectionFarewells = []string{
		"wish you * best|luck|success|well", "best of luck", "future endeavo*|opportunit*|openings|roles|positions|vacancies",
		"keep * resume|cv|profile|details|information on file", "keep * resume|cv|profile|details|information|you in mind", "encourage you to apply",
		"weiteren weg|berufsweg", "beruflichen|weitere zukunft", "jobsuche", "stellensuche", "viel erfolg", "alles gute",
		"in evidenz", "bonne continuation", "mucho éxito", "veel succes",
	}
)

// offerCues are offers of the job.
var offerCues = []string{
	"pleased|happy|delighted|excited|thrilled|glad to offer you",
	"offer you the|a position|role|job",
	"extend|extending|extended * offer",
	"make|making you * offer", "attached offer", "sign|return|accept * offer", "offer letter", "offer of employment", "employment offer", "job offer", "formal|verbal|written offer", "your offer",
	"contract offer", "compensation package",
	"vertragsangebot", "arbeitsvertrag", "angebot * unterbreiten", "stelle * anbieten", "jobangebot",
	"proposition d'embauche", "promesse d'embauche", "offre d'embauche",
	"oferta de empleo|trabajo", "ofrecerte|ofrecerle el puesto",
	"arbeidsvoorwaarden", "aanbod",
}

// nextRoundCues invite the candidate further: an interview, a call, an
// assessment, or a time to pick.
var nextRoundCues = []string{
	"invite|invited|inviting you to|for * interview*|call|chat|conversation|meeting|onsite|on|round|stage|assessment|challenge|visit|talk|panel",
	"like|love|happy|pleased|glad|excited|want to invite|schedule|arrange|book|organize|organise|set|move|advance|proceed|progress|meet|speak|talk|chat|continue",
	"move|moving|moved|advance|advancing|advanced|progress|progressing|progressed you forward|to|through",
	"move|moving|go|going forward|ahead with your application|candidacy|profile",
	"gerne|gern * kennenlernen|einladen|sprechen|vorstellen",
	"your availability", "availability for|to|next|this", "when are you available|free", "are you available|free",
	"when you're|you are available|free", "times that work|suit", "time slot*", "time that works|suits",
	"pick|choose|select|book|grab * time|slot|date",
	"scheduling link", "calendar invite|invitation", "interview invitation|invite|request",
	"bring|have you in|back", "days|times|dates|day|time work|works|suit best", "what days|times|dates work|suit",
	"open to * second|another|follow|final|next|further conversation|call|chat|interview|round",
	"termin * buchen|auswählen|wählen", "buchen sie * termin", "termin für * interview|gespräch|kennenlernen",
	"shortlisted", "selected for * interview|round|stage",
	"progressed|advanced|moved|through to|into * next|final|second|third|assessment|interview|onsite|stage|round",
	// German
	"einladen|einzuladen|einladung|eingeladen",
	"terminvorschl*", "hätten|haben sie|du * zeit", "termin * vereinbaren|finden|abstimmen", "wann * zeit", "ihre|deine verfügbarkeit", "zeitfenster",
	// French
	"vous inviter", "vos disponibilités", "prochaine étape", "entretien avec", "vous proposer un entretien|rendez-vous", "vous convier",
	// Spanish
	"invitarte|invitarle", "tu|su disponibilidad", "siguiente etapa|fase", "agendar|coordinar una entrevista|llamada",
	// Italian, Portuguese
	"invitarla|invitarti", "sua|tua disponibilità", "prossima fase", "convidar você|convidá", "sua disponibilidade", "próxima etapa|fase",
	// Dutch
	"uitnodigen", "uitnodiging", "beschikbaarheid",
}

// weakNextRoundCues point at a next round but lose to any rejection;
// mentionCues, which only name a later stage, also lose to a request or a
// hold ("for the next step we need your references").
var (
	mentionCues = []string{
		"next|second|final|technical|onsite|panel round|stage|interview", "next step|steps in|of|is|will",
		"nächste|nächsten|zweite|zweiten runde|schritt|gespräch", "kennenlernen", "proceed|continue with your application|candidacy", "volgende ronde|stap",
	}
	weakNextRoundCues = []string{"meet the|our team", "take home", "coding challenge|exercise|test", "technical assessment|test", "case study", "home assignment",
		"video interview", "phone screen", "onsite", "fallstudie", "probearbeit*",
	}
)

// requestCues ask the candidate for something: references, documents,
// checks, details.
var requestCues = []string{
	"reference|background check*|screening|verification",
	"background check*|screening",
	"drug test|screening",
	"right to work", "work permit|authorization|authorisation",
	"referees",
	"please|kindly * send|provide|share|upload|submit|complete|fill|sign|return|forward|email",
	"could|can|would you * send|provide|share|upload|submit|complete|fill|sign|return|forward|email",
	"send|provide|share|upload|submit|forward us|me * references|documents|transcript*|diploma*|certificate*|passport|id|portfolio|sample*|form|questionnaire|details|copy",
	"salary expectation*|requirements",
	"notice period",
	"need|require|requires|needs * references|documents|transcript*|copy|details|passport|id|proof|referees",
	// German
	"bitte * senden|sende|sendet|zusenden|schicken|schicke|schick|zukommen|übermitteln|nachreichen|ausfüllen|hochladen|unterschreiben|mitteilen",
	"referenzen", "zeugnisse", "gehaltsvorstellung*", "kündigungsfrist", "führungszeugnis", "unterlagen * nachreichen|zusenden",
	// French, Spanish, Dutch
	"merci de nous envoyer|transmettre", "prétentions salariales", "por favor envía|envíanos|envíe", "referencias",
	"stuur|stuurt * ons", "referenties",
}

// onHoldCues say the process is paused or slower, or that the answer comes
// later; the date is read with the next-step parser (nextstep.Parse).
var onHoldCues = []string{
	"on hold", "paused", "pausing", "pause * hiring|role|position|search|process", "hiring freeze", "freeze on hiring",
	"delayed", "delay", "delays", "postponed", "postpone",
	"waiting on|for * approval|sign|budget|feedback|decision", "have an|some update|news|answer|decision in|within|by|next|soon", "taking longer", "take longer",
	"still reviewing|interviewing|evaluating|considering|meeting|deciding|waiting",
	"not * made a|any|our|the decision", "no decision", "not yet decided",
	"be back in touch", "get back to you in|within|by|next|after|once|early|later|soon",
	"circle back", "update you in|within|by|next|after|once|soon", "in touch in|within|by|next|after|early",
	"reach out in|within|by|next|after",
	// German
	"auf eis", "pausiert", "verzögert", "verzögerung", "verschoben", "noch keine entscheidung", "noch nicht entschieden",
	"melden uns * in|innerhalb|bis|spätestens|nächste*|anfang|ende|sobald", "noch etwas zeit|geduld",
	// French, Spanish, Dutch
	"en pause", "suspendu", "en attente", "retardé", "en pausa", "en espera", "retrasado", "vertraagd", "uitgesteld",
	"in sospeso", "sospes*", "em espera", "suspens*",
}

// noticeCues mark a status notification that is not an answer: receipt of
// an application, "viewed" notices, reminders, job alerts.
var noticeCues = []string{
	"received your application", "application has|was been received|submitted|viewed|reviewed|opened",
	"application was received|submitted|viewed|opened", "thank you for applying", "thanks for applying", "thank you for your application", "thanks for your application",
	"successfully submitted|applied", "confirm|confirming * receipt", "receipt of your application",
	"viewed your application|profile", "application status", "under review", "in review", "reviewing your application",
	"interview is|was confirmed|scheduled|booked", "interview has been confirmed|scheduled|booked", "interview reminder", "reminder", "withdrawn", "withdrew",
	"job alert*", "new jobs", "neue jobs", "abmelden", "jobs you may", "recommended jobs", "talent community|network|pool", "newsletter",
	"complete your profile", "unsubscribe",
	"eingang ihrer|deiner bewerbung", "bewerbung * erhalten|eingegangen", "vielen dank für ihre|deine bewerbung",
	"eingangsbestätigung", "wird * geprüft", "prüfen * unterlagen|bewerbung",
	"bewerbung * angesehen|gesichtet|weitergeleitet", "angesehen", "gesichtet", "candidature a été consultée|reçue", "candidatura ha sido vista|recibida",
	"bien reçu votre candidature", "accusé de réception", "merci pour votre candidature", "hemos recibido tu|su candidatura|solicitud",
	"gracias por postularte|postular|tu postulación|tu candidatura", "abbiamo ricevuto la|sua|tua candidatura", "grazie per la candidatura|candidarti",
	"recebemos sua|a sua candidatura", "obrigado|obrigada por se candidatar",
	"bedankt voor je|uw sollicitatie", "ontvangen",
}

// negations cancel a cue in their clause (not rejection cues, which carry
// their own).
var negations = words.Set("not", "no", "never", "cannot", "unable", "neither", "nor", "without",
	"nicht", "kein", "keine", "keinen", "keinem", "keiner", "nie", "niemals", "pas", "jamais", "nunca", "niet", "geen", "nooit",
	"non", "não")

// conditionals make a cue hypothetical ("if your profile matches, we will
// invite you").
var conditionals = words.Set("if", "unless", "whether", "wenn", "falls", "sofern", "sobald", "ob", "si", "indien", "mocht")

// clauseConditionals are conditional only at the start of a sentence
// ("Should you have questions", "Once we have reviewed"; not "you should
// receive", "and should have an update").
var clauseConditionals = words.Set("should", "once", "sollten", "sollte", "provided")

// thanks look back: an invitation phrase after them in the same clause is
// gratitude for what happened ("thank you for your availability").
var thanks = words.Set("thank", "thanks", "appreciate", "appreciated", "grateful", "danke", "bedanken", "merci", "gracias", "bedankt")

// apologies look back too: "sorry for the delay" is no hold.
var apologies = words.Set("sorry", "apologies", "apologize", "apologise", "apologizing", "entschuldigung", "entschuldige", "entschuldigen", "désolé", "désolée", "perdón", "sorry's")

// futures mark a promise about later, which a condition makes hypothetical.
var futures = words.Set("will", "may", "might", "shall", "werden", "wird", "werde", "zullen", "zal", "pourrons", "podremos")
