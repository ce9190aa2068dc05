package config

import (
	"fmt"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/config/unit"
)

// tomlType names a decoded TOML value's type for messages.
func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("a %T", v)
}

func str(dst *string) field {
	return field{func(d *decoder, key string, v any) {
		s, ok := v.(string)
		if !ok {
			d.problem(key, "must be a string, not %s: put the value in quotes", tomlType(v))
			return
		}
		if msg := badText(key, s); msg != "" {
			d.problem(key, "%s", msg) // kept all the same, so that no follow-on problem is reported
		}
		*dst = s
	}}
}

// multiLine are the string settings that may span lines.
var multiLine = map[string]bool{"me.signature": true, "smtp.password_cmd": true, "imap.password_cmd": true,
	"smtp.password": true, "imap.password": true}

// badText says what is wrong with a string setting: a NUL anywhere, or a
// line break in one that ends up in a header, a command or a path. The
// value itself is not repeated: it may be a secret.
func badText(key, s string) string {
	if strings.ContainsRune(s, 0) {
		return `must not contain a NUL character ("\u0000")`
	}
	if !multiLine[key] && strings.ContainsAny(s, "\r\n") {
		return "must be one line: remove the line break"
	}
	return ""
}

func boolean(dst *bool) field {
	return field{func(d *decoder, key string, v any) {
		b, ok := v.(bool)
		if !ok {
			d.problem(key, "must be true or false (no quotes), not %s", tomlType(v))
			return
		}
		*dst = b
	}}
}

func integer(dst *int) field {
	return field{func(d *decoder, key string, v any) {
		n, ok := v.(int64)
		if !ok {
			d.problem(key, "must be a whole number (no quotes), not %s", tomlType(v))
			return
		}
		if n < 0 || n > 1<<31 {
			d.problem(key, "%d is out of range: use a number from 0 up", n)
			return
		}
		*dst = int(n)
	}}
}

func strings_(dst *[]string) field {
	return field{func(d *decoder, key string, v any) {
		arr, ok := v.([]any)
		if !ok {
			d.problem(key, `must be an array of strings such as ["a", "b"], not %s`, tomlType(v))
			return
		}
		out := make([]string, 0, len(arr))
		for i, e := range arr {
			s, ok := e.(string)
			if !ok {
				d.problem(key, "element %d must be a string, not %s", i+1, tomlType(e))
				return
			}
			if msg := badText(key, s); msg != "" {
				d.problem(key, "element %d %s", i+1, msg)
				return
			}
			out = append(out, s)
		}
		*dst = out
	}}
}

func security(dst *Security) field {
	return field{func(d *decoder, key string, v any) {
		s, ok := v.(string)
		if !ok {
			d.problem(key, `must be a string: "tls", "starttls" or "none"`)
			return
		}
		switch sec := Security(strings.ToLower(s)); sec {
		case SecurityTLS, SecurityStartTLS, SecurityNone:
			*dst = sec
		default:
			d.problem(key, `%q is not a security mode: use "tls" (implicit TLS, port 465/993), "starttls" (587/143) or "none" (loopback only)`, s)
		}
	}}
}

func weekdays(dst *[]time.Weekday) field {
	return field{func(d *decoder, key string, v any) {
		var names []string
		strings_(&names).set(d, key, v)
		out := make([]time.Weekday, 0, len(names))
		for _, n := range names {
			wd, ok := unit.ParseWeekday(n)
			if !ok {
				d.problem(key, `%q is not a weekday: use "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" or "Sun"`, n)
				return
			}
			out = append(out, wd)
		}
		if names != nil {
			*dst = out
		}
	}}
}

// duration accepts Go durations ("2h", "90m") and days or weeks ("14d", "2w").
func duration(dst *time.Duration) field {
	return field{func(d *decoder, key string, v any) {
		s, ok := v.(string)
		if !ok {
			d.problem(key, `must be a quoted duration such as "2h", "14d" or "2w", not %s`, tomlType(v))
			return
		}
		dur, err := unit.ParseDuration(s)
		if err != nil {
			d.problem(key, "%v", err)
			return
		}
		*dst = dur
	}}
}

func window(dst *Window) field {
	return field{func(d *decoder, key string, v any) {
		s, ok := v.(string)
		if !ok {
			d.problem(key, `must be a quoted range such as "09:00-17:00", not %s`, tomlType(v))
			return
		}
		w, err := unit.ParseWindow(s)
		if err != nil {
			d.problem(key, "%v", err)
			return
		}
		*dst = w
	}}
}
