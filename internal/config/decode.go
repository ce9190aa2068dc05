package config

import (
	"fmt"
	"sort"
	"strings"
)

// decoder turns the raw TOML map into a Config, collecting every problem.
type decoder struct {
	file  string
	lines map[string]int
	cfg   *Config
	probs Problems
}

// field is one key of the schema: how to store its value.
type field struct {
	set func(d *decoder, key string, v any)
}

func (d *decoder) problem(key, format string, args ...any) {
	d.probs = append(d.probs, Problem{File: d.file, Line: d.line(key), Key: key, Msg: fmt.Sprintf(format, args...)})
}

func (d *decoder) line(key string) int {
	for k := key; k != ""; {
		if l, ok := d.lines[k]; ok {
			return l
		}
		i := strings.LastIndex(k, ".")
		if i < 0 {
			break
		}
		k = k[:i]
	}
	return 0
}

func (d *decoder) schema() map[string]map[string]field {
	c := d.cfg
	return map[string]map[string]field{
		"me":        meFields(&c.Me),
		"smtp":      withServer(&c.SMTP.Server, map[string]field{"saves_sent": boolean(&c.SMTP.SavesSent)}),
		"imap":      withServer(&c.IMAP.Server, map[string]field{"mailboxes": strings_(&c.IMAP.Mailboxes), "drafts": str(&c.IMAP.Drafts), "sent": str(&c.IMAP.Sent)}),
		"store":     {"path": str(&c.Store.Path), "driver": str(&c.Store.Driver), "dsn": str(&c.Store.DSN), "dsn_cmd": str(&c.Store.DSNCmd)},
		"calendar":  {"workdays": weekdays(&c.Calendar.Workdays), "holidays": strings_(&c.Calendar.Holidays), "country": str(&c.Calendar.Country), "feed": str(&c.Calendar.Feed)},
		"policy":    policyFields(&c.Policy),
		"schedule":  {"digest": str(&c.Schedule.Digest)},
		"templates": {"dir": str(&c.Templates.Dir)},
		"web":       {"listen": str(&c.Web.Listen)},
	}
}

func meFields(m *Me) map[string]field {
	return map[string]field{"name": str(&m.Name), "email": str(&m.Email), "timezone": str(&m.Timezone), "signature": str(&m.Signature)}
}

func withServer(s *Server, extra map[string]field) map[string]field {
	m := map[string]field{
		"host":         str(&s.Host),
		"port":         integer(&s.Port),
		"security":     security(&s.Security),
		"ca_file":      str(&s.CAFile),
		"username":     str(&s.Username),
		"password_cmd": str(&s.PasswordCmd),
		"password_env": str(&s.PasswordEnv),
		"password":     str(&s.Password),
		"auth":         auth(&s.Auth),
		"oauth2":       str(&s.OAuth2Name),
	}
	for k, f := range extra {
		m[k] = f
	}
	return m
}

func policyFields(p *Policy) map[string]field {
	return map[string]field{
		"auto_send":            boolean(&p.AutoSend),
		"thank_you_delay":      duration(&p.ThankYouDelay),
		"check_in_grace":       integer(&p.CheckInGrace),
		"quiet_after":          integer(&p.QuietAfter),
		"networking_every":     duration(&p.NetworkingEvery),
		"max_check_ins":        integer(&p.MaxCheckIns),
		"send_window":          window(&p.SendWindow),
		"daily_send_cap":       integer(&p.DailySendCap),
		"give_up_after":        duration(&p.GiveUpAfter),
		"stale_after":          duration(&p.StaleAfter),
		"match_company_domain": boolean(&p.MatchCompanyDomain),
	}
}

func (d *decoder) decode(raw map[string]any) {
	schema := d.schema()
	for _, section := range sortedKeys(raw) {
		if section == "account" {
			continue // after the sections its accounts start from
		}
		if section == "oauth2" {
			d.decodeOAuth2(raw[section])
			continue
		}
		if section == "ats" {
			d.decodeATS(raw[section])
			continue
		}
		fields, ok := schema[section]
		if !ok {
			d.problem(section, "unknown section [%s]; known sections are %s", section, strings.Join(append(sortedKeys(schema), "oauth2.NAME", "[ats]", "[account]"), ", "))
			continue
		}
		table, ok := raw[section].(map[string]any)
		if !ok {
			d.problem(section, "must be a table: write it as [%s] with keys below it", section)
			continue
		}
		d.decodeTable(section, table, fields)
	}
	if v, ok := raw["account"]; ok {
		d.decodeAccounts(v)
	}
}

// decodeTable sets the fields of one table, refusing unknown keys.
func (d *decoder) decodeTable(section string, table map[string]any, fields map[string]field) {
	for _, key := range sortedKeys(table) {
		full := section + "." + key
		f, ok := fields[key]
		if !ok {
			d.problem(full, "unknown key%s; keys of %s are %s", suggest(key, fields), tableName(section), strings.Join(sortedKeys(fields), ", "))
			continue
		}
		f.set(d, full, table[key])
	}
}

// suggest names the closest known key when the unknown one looks like a typo.
func suggest[V any](key string, known map[string]V) string {
	best, bestD := "", 3
	for k := range known {
		if dist := editDistance(key, k); dist < bestD {
			best, bestD = k, dist
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// tableName is how a section is written in the file: [smtp], or [[ats]]
// for the tables of an array (section "ats[2]").
func tableName(section string) string {
	if name, _, ok := strings.Cut(section, "["); ok {
		return "[[" + name + "]]"
	}
	return "[" + section + "]"
}
