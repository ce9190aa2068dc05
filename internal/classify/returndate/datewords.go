package returndate

import "time"

// months maps lower-case month names and abbreviations in English, German,
// French, Spanish, Dutch, Italian, Portuguese and Swedish to their number.
var months = map[string]time.Month{
	"january": 1, "jan": 1, "januar": 1, "jänner": 1, "janvier": 1, "enero": 1, "januari": 1, "gennaio": 1, "janeiro": 1,
	"february": 2, "feb": 2, "februar": 2, "février": 2, "fevrier": 2, "febrero": 2, "februari": 2, "febbraio": 2, "fevereiro": 2,
	"march": 3, "mar": 3, "märz": 3, "maerz": 3, "mars": 3, "marzo": 3, "maart": 3, "março": 3,
	"april": 4, "apr": 4, "avril": 4, "abril": 4, "aprile": 4,
	"may": 5, "mai": 5, "mayo": 5, "mei": 5, "maggio": 5, "maio": 5, "maj": 5,
	"june": 6, "jun": 6, "juni": 6, "juin": 6, "junio": 6, "giugno": 6, "junho": 6,
	"july": 7, "jul": 7, "juli": 7, "juillet": 7, "julio": 7, "luglio": 7, "julho": 7,
	"august": 8, "aug": 8, "août": 8, "aout": 8, "agosto": 8, "augustus": 8, "augusti": 8,
	"september": 9, "sep": 9, "sept": 9, "septembre": 9, "septiembre": 9, "setiembre": 9, "settembre": 9, "setembro": 9,
	"october": 10, "oct": 10, "oktober": 10, "okt": 10, "octobre": 10, "octubre": 10, "ottobre": 10, "outubro": 10,
	"november": 11, "nov": 11, "novembre": 11, "noviembre": 11, "novembro": 11,
	"december": 12, "dec": 12, "dezember": 12, "dez": 12, "décembre": 12, "decembre": 12, "diciembre": 12, "dicembre": 12, "dezembro": 12,
}

// weekdays maps lower-case weekday names to time.Weekday.
var weekdays = map[string]time.Weekday{
	"monday": time.Monday, "mon": time.Monday, "montag": time.Monday, "lundi": time.Monday, "lunes": time.Monday, "maandag": time.Monday, "lunedì": time.Monday, "måndag": time.Monday,
	"tuesday": time.Tuesday, "tue": time.Tuesday, "tues": time.Tuesday, "dienstag": time.Tuesday, "mardi": time.Tuesday, "martes": time.Tuesday, "dinsdag": time.Tuesday, "martedì": time.Tuesday, "tisdag": time.Tuesday,
	"wednesday": time.Wednesday, "wed": time.Wednesday, "mittwoch": time.Wednesday, "mercredi": time.Wednesday, "miércoles": time.Wednesday, "woensdag": time.Wednesday, "mercoledì": time.Wednesday, "onsdag": time.Wednesday,
	"thursday": time.Thursday, "thu": time.Thursday, "thurs": time.Thursday, "donnerstag": time.Thursday, "jeudi": time.Thursday, "jueves": time.Thursday, "donderdag": time.Thursday, "giovedì": time.Thursday, "torsdag": time.Thursday,
	"friday": time.Friday, "fri": time.Friday, "freitag": time.Friday, "vendredi": time.Friday, "viernes": time.Friday, "vrijdag": time.Friday, "venerdì": time.Friday, "fredag": time.Friday,
	"saturday": time.Saturday, "samstag": time.Saturday, "samedi": time.Saturday, "sábado": time.Saturday, "zaterdag": time.Saturday, "sabato": time.Saturday, "lördag": time.Saturday,
	"sunday": time.Sunday, "sonntag": time.Sunday, "dimanche": time.Sunday, "domingo": time.Sunday, "zondag": time.Sunday, "domenica": time.Sunday, "söndag": time.Sunday,
}

// tomorrowWords name the day after the message.
var tomorrowWords = map[string]bool{
	"tomorrow": true, "morgen": true, "demain": true, "mañana": true, "domani": true, "amanhã": true, "imorgon": true,
}

// cueKind says how a cue word relates the date after it to the day the
// person is back.
type cueKind int

const (
	cueBack    cueKind = iota + 1 // "back on D": back on D
	cueUntil                      // "until D": back on D (as the brief reads "until")
	cueThrough                    // "through D": absent on D, back the day after
	cueFrom                       // "ab D … wieder": back on D, only with an "again" word
)

// cues are the words that introduce a return date.
var cues = map[string]cueKind{
	"back": cueBack, "return": cueBack, "returning": cueBack, "returns": cueBack, "zurück": cueBack,
	"wieder": cueBack, "retour": cueBack, "vuelta": cueBack, "regreso": cueBack, "regresaré": cueBack,
	"volveré": cueBack, "terug": cueBack, "weer": cueBack, "rientro": cueBack, "rientrerò": cueBack,
	"tornerò": cueBack, "ritorno": cueBack, "retorno": cueBack, "regresso": cueBack, "tillbaka": cueBack,
	"until": cueUntil, "till": cueUntil, "til": cueUntil, "untill": cueUntil, "bis": cueUntil,
	"jusqu": cueUntil, "hasta": cueUntil, "tot": cueUntil, "fino": cueUntil, "até": cueUntil,
	"through": cueThrough, "thru": cueThrough,
	"ab": cueFrom, "vanaf": cueFrom,
}

// againWords must follow a cueFrom date ("ab dem 7. Dezember wieder").
var againWords = map[string]bool{"wieder": true, "weer": true, "zurück": true, "terug": true}

// fillers may stand between a cue and its date.
var fillers = map[string]bool{
	"on": true, "in": true, "the": true, "office": true, "to": true, "at": true, "work": true, "my": true,
	"desk": true, "be": true, "will": true, "i": true, "am": true, "again": true, "and": true, "into": true,
	"expected": true, "available": true, "including": true,
	"dem": true, "den": true, "der": true, "zum": true, "im": true, "büro": true, "einschließlich": true, "einschliesslich": true,
	"le": true, "la": true, "au": true, "du": true, "bureau": true, "el": true, "de": true, "del": true, "en": true, "oficina": true,
	"op": true, "met": true, "kantoor": true, "aanwezig": true, "il": true, "al": true, "all": true, "ufficio": true,
	"em": true, "o": true, "a": true, "och": true, "med": true, "på": true, "kontoret": true,
}

// inclusiveBefore and inclusiveAfter make an "until" date inclusive
// ("tot en met 6 december", "jusqu'au 6 décembre inclus"): back the day after.
var (
	inclusiveBefore = map[string]bool{"including": true, "met": true, "med": true, "einschließlich": true, "einschliesslich": true}
	inclusiveAfter  = map[string]bool{
		"inclusive": true, "incl": true, "inclus": true, "inclusief": true, "einschließlich": true,
		"einschliesslich": true, "incluido": true, "incluso": true, "included": true, "inklusive": true, "inkl": true,
		"compreso": true, "compresa": true, "inclusa": true,
	}
)

// maxCueGap is how many filler words may stand between a cue and its date.
const maxCueGap = 6
