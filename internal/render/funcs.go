package render

import (
	"fmt"
	"strings"
	"time"
)

// funcs returns the helper functions every template may call. They are pure.
func funcs() map[string]any {
	return map[string]any{
		"date":      date,
		"shortdate": shortdate,
		"clock":     clock,
		"firstname": firstname,
		"join":      join,
		"plural":    plural,
	}
}

// date formats t as "Friday, November 27"; the zero time gives "".
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("Monday, January 2")
}

// shortdate formats t as "Fri 27 Nov"; the zero time gives "".
func shortdate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("Mon 2 Jan")
}

// clock formats the time of day of t as "16:05"; the zero time gives "".
func clock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("15:04")
}

// honorifics are skipped when looking for a first name.
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "mx": true, "dr": true, "prof": true,
}

// firstname returns the name to greet someone by: the first word of name
// after any honorific, or the part after the comma in "Last, First".
func firstname(name string) string {
	if last, first, ok := strings.Cut(name, ","); ok && strings.TrimSpace(last) != "" {
		name = first
	}
	for _, w := range strings.Fields(name) {
		if !honorifics[strings.ToLower(strings.TrimSuffix(w, "."))] {
			return w
		}
	}
	return ""
}

// join joins items with sep, like strings.Join.
func join(items []string, sep string) string {
	return strings.Join(items, sep)
}

// plural returns n followed by singular when n is 1 and by the plural form
// otherwise; the plural form defaults to singular + "s".
func plural(n int, singular string, pluralForm ...string) string {
	word := singular
	if n != 1 {
		word = singular + "s"
		if len(pluralForm) > 0 {
			word = pluralForm[0]
		}
	}
	return fmt.Sprintf("%d %s", n, word)
}
