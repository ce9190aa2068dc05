// Package tomlpos finds where each key of a TOML file is set, so that a
// problem with the config can name its line: a light scan of table headers
// ([smtp], [[ats]], [account.smtp] inside the last [[account]]) and key
// assignments, independent of the TOML decoder.
package tomlpos

import (
	"fmt"
	"strings"
)

// KeyLines maps dotted keys ("smtp.port", "smtp") to the line where they are
// set, by a light scan of table headers and key assignments.
func KeyLines(data []byte) map[string]int {
	out := map[string]int{}
	table := ""
	arrays := map[string]int{} // [[name]] tables seen so far, by name
	for i, line := range strings.Split(string(data), "\n") {
		s := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(s, "[["):
			if end := strings.Index(s, "]]"); end > 2 {
				name := strings.TrimSpace(s[2:end])
				arrays[name]++
				table = fmt.Sprintf("%s[%d]", name, arrays[name])
				out[table] = i + 1
			}
		case strings.HasPrefix(s, "["):
			if end := strings.Index(s, "]"); end > 0 {
				table = strings.TrimSpace(s[1:end])
				// [account.smtp] is a table of the last [[account]]: account[N].smtp.
				if name, sub, ok := strings.Cut(table, "."); ok && arrays[name] > 0 {
					table = fmt.Sprintf("%s[%d].%s", name, arrays[name], sub)
				}
				out[table] = i + 1
			}
		case s == "" || strings.HasPrefix(s, "#"):
		default:
			if eq := strings.Index(s, "="); eq > 0 {
				key := strings.Trim(strings.TrimSpace(s[:eq]), `"'`)
				full := key
				if table != "" {
					full = table + "." + key
				}
				if _, dup := out[full]; !dup {
					out[full] = i + 1
				}
			}
		}
	}
	return out
}
