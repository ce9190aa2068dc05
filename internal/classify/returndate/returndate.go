// Package returndate reads the day an absent person says they are back from
// the text of an out-of-office reply: a date after a cue ("back on", "until",
// "ab … wieder", "jusqu'au"), in words or digits, in several languages.
//
// The package is pure: it does no I/O and never reads the clock; the caller
// passes the reference time (the message's Date) in.
package returndate

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// maxTokens caps the words of text examined for a return date.
const maxTokens = 20000

// Find finds the day an absent person says they are back in an
// out-of-office text, at 00:00 UTC, or the zero time. Only a date introduced
// by a cue counts ("back on", "returning", "until", "through", German "ab …
// wieder", "bis", French "jusqu'au", "de retour le", and the like), so
// other dates in the text are ignored. "until D" and "back on D" both give D;
// "through D" and inclusive forms ("tot en met D", "D inclus") give the day
// after D.
//
// An explicit return ("back on", "ab … wieder") wins over an end of absence
// ("until", "bis einschließlich Freitag") anywhere in the text; otherwise the
// first match counts.
//
// Dates without a year resolve to their next occurrence on or after ref (the
// message's Date, in its own zone); a bare weekday to its next occurrence
// after ref. Without ref only dates with a year are found, and dates with a
// year more than a day before ref or over a year after it are ignored.
//
// Numeric dates: ISO 2026-12-07 is read as such; dotted 7.12. or 07.12.2026
// as day.month (the convention where dots are used); slashed a/b only when
// unambiguous (one part over 12, or both equal), since 12/7 means July in
// some places and December in others.
func Find(text string, ref time.Time) time.Time {
	toks := tokenize(text)
	var until time.Time
	for i, t := range toks {
		kind, ok := cues[t.w]
		if !ok {
			kind, ok = rangeEndCue(toks, i)
		}
		if !ok {
			continue
		}
		d, ok := dateAfterCue(toks, i, kind, ref)
		switch {
		case ok && (kind == cueBack || kind == cueFrom):
			return d
		case ok && until.IsZero():
			until = d
		}
	}
	return until
}

// rangeEndWords end a range of absence that fromWords opened: "from
// December 1 to December 11", "du 1er au 11 décembre", "del 1 al 11 de
// diciembre". The end day is the last day away, as with "through".
var (
	rangeEndWords = map[string]bool{"to": true, "au": true, "al": true}
	fromWords     = map[string]bool{"from": true, "du": true, "del": true, "dal": true}
)

// rangeEndCue reports a range end at toks[i] opened by a from-word at most
// five words before it.
func rangeEndCue(toks []token, i int) (cueKind, bool) {
	if !rangeEndWords[toks[i].w] || !anyWithin(toks, max(0, i-5), min(5, i), fromWords) {
		return 0, false
	}
	return cueThrough, true
}

// dateAfterCue looks for a date within maxCueGap filler words after the cue
// at toks[i].
func dateAfterCue(toks []token, i int, kind cueKind, ref time.Time) (time.Time, bool) {
	inclusive := false
	for j := i + 1; j < len(toks) && j <= i+1+maxCueGap; j++ {
		if m, ok := parseDateAt(toks, j); ok {
			if kind == cueFrom && !anyWithin(toks, m.end, 4, againWords) {
				return time.Time{}, false
			}
			t, ok := m.resolve(ref)
			if !ok {
				return time.Time{}, false
			}
			if kind == cueThrough || inclusive || (m.end < len(toks) && inclusiveAfter[toks[m.end].w]) {
				t = t.AddDate(0, 0, 1)
			}
			return t, true
		}
		w := toks[j].w
		if !fillers[w] {
			return time.Time{}, false
		}
		inclusive = inclusive || inclusiveBefore[w]
	}
	return time.Time{}, false
}

// anyWithin reports whether one of words occurs in toks[from:from+n].
func anyWithin(toks []token, from, n int, words map[string]bool) bool {
	for j := from; j < len(toks) && j < from+n; j++ {
		if words[toks[j].w] {
			return true
		}
	}
	return false
}

// token is one word of text, lower-cased, trailing dots removed.
type token struct {
	w   string
	dot bool // the word ended with a dot ("7." in German dates, "Dec.")
}

// tokenize splits text into words at blanks and punctuation other than the
// dots, slashes and hyphens inside dates. Apostrophes split ("jusqu'au").
func tokenize(text string) []token {
	var toks []token
	for _, f := range strings.FieldsFunc(text, isWordBreak) {
		w := strings.TrimLeft(f, ".-/")
		trimmed := strings.TrimRight(w, ".-/")
		if trimmed == "" {
			continue
		}
		toks = append(toks, token{w: strings.ToLower(trimmed), dot: strings.HasSuffix(w, ".")})
		if len(toks) >= maxTokens {
			break
		}
	}
	return toks
}

// isWordBreak reports whether r separates words.
func isWordBreak(r rune) bool {
	if unicode.IsSpace(r) {
		return true
	}
	if r == '.' || r == '/' || r == '-' {
		return false
	}
	return unicode.IsPunct(r) || unicode.IsSymbol(r)
}

// dateKind is the form of a date found in text.
type dateKind int

const (
	fullDate    dateKind = iota // month and day, maybe a year
	dayOnly                     // "the 7th"
	weekdayOnly                 // "Monday"
	nextDay                     // "tomorrow"
)

// dateMatch is a date expression found at some token.
type dateMatch struct {
	kind    dateKind
	year    int // 0 when not written
	month   time.Month
	day     int
	weekday time.Weekday
	end     int // index of the token after the expression
}

// parseDateAt parses a date expression starting at toks[j].
func parseDateAt(toks []token, j int) (dateMatch, bool) {
	w := toks[j].w
	if m, ok := numericDate(w); ok {
		m.end = j + 1
		return m, true
	}
	if mo, ok := months[w]; ok {
		return monthFirst(toks, j, mo)
	}
	if wd, ok := weekdays[w]; ok {
		return weekdayDate(toks, j, wd)
	}
	if tomorrowWords[w] {
		return dateMatch{kind: nextDay, end: j + 1}, true
	}
	return dayFirst(toks, j)
}

// weekdayDate reads "Monday", "Monday, December 7", "Monday the 7th",
// "Montag, dem 7. Dezember".
func weekdayDate(toks []token, j int, wd time.Weekday) (dateMatch, bool) {
	k := j + 1
	if k < len(toks) && (toks[k].w == "the" || toks[k].w == "dem" || toks[k].w == "den" || toks[k].w == "le" || toks[k].w == "el" || toks[k].w == "il") {
		k++
	}
	if k < len(toks) {
		if _, isWeekday := weekdays[toks[k].w]; !isWeekday {
			if m, ok := parseDateAt(toks, k); ok && (m.kind == fullDate || m.kind == dayOnly) {
				return m, true
			}
		}
	}
	return dateMatch{kind: weekdayOnly, weekday: wd, end: j + 1}, true
}

// monthFirst reads "December 7", "Dec. 7th, 2026".
func monthFirst(toks []token, j int, mo time.Month) (dateMatch, bool) {
	if j+1 >= len(toks) {
		return dateMatch{}, false
	}
	d, ok := dayNumber(toks[j+1])
	if !ok {
		return dateMatch{}, false
	}
	m := dateMatch{kind: fullDate, month: mo, day: d, end: j + 2}
	m.year, m.end = yearAt(toks, m.end)
	return m, true
}

// dayFirst reads "7 December", "7th of December", "7. Dezember",
// "7 de diciembre de 2026", or an ordinal day alone ("the 7th").
func dayFirst(toks []token, j int) (dateMatch, bool) {
	d, ok := dayNumber(toks[j])
	if !ok {
		return dateMatch{}, false
	}
	k := j + 1
	if k < len(toks) && (toks[k].w == "of" || toks[k].w == "de") {
		k++
	}
	if k < len(toks) {
		if mo, ok := months[toks[k].w]; ok {
			m := dateMatch{kind: fullDate, month: mo, day: d, end: k + 1}
			m.year, m.end = yearAt(toks, m.end)
			return m, true
		}
	}
	if hasOrdinalSuffix(toks[j].w) {
		return dateMatch{kind: dayOnly, day: d, end: j + 1}, true
	}
	return dateMatch{}, false
}

// yearAt reads an optional four-digit year at toks[k] (after an optional
// "de"), returning the year (0 if none) and the index after it.
func yearAt(toks []token, k int) (int, int) {
	at := k
	if at < len(toks) && toks[at].w == "de" {
		at++
	}
	if at < len(toks) && len(toks[at].w) == 4 {
		if y, err := strconv.Atoi(toks[at].w); err == nil && y >= 1900 && y <= 2999 {
			return y, at + 1
		}
	}
	return 0, k
}

// ordinalSuffixes follow day numbers in English and French.
var ordinalSuffixes = []string{"st", "nd", "rd", "th", "er", "e"}

// dayNumber reads a day of the month: "7", "07", "7th", "1er".
func dayNumber(t token) (int, bool) {
	w := t.w
	for _, s := range ordinalSuffixes {
		if strings.HasSuffix(w, s) && len(w) > len(s) {
			w = strings.TrimSuffix(w, s)
			break
		}
	}
	if len(w) == 0 || len(w) > 2 {
		return 0, false
	}
	d, err := strconv.Atoi(w)
	if err != nil || d < 1 || d > 31 {
		return 0, false
	}
	return d, true
}

// hasOrdinalSuffix reports whether w is a number with an English ordinal
// suffix ("7th").
func hasOrdinalSuffix(w string) bool {
	for _, s := range ordinalSuffixes[:4] {
		if strings.HasSuffix(w, s) && len(w) > len(s) && w[0] >= '0' && w[0] <= '9' {
			return true
		}
	}
	return false
}
