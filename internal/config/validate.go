package config

import (
	"fmt"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/followup-dev/followup/internal/calendar"
	"github.com/followup-dev/followup/internal/config/tomlpos"
	"github.com/followup-dev/followup/internal/store/pgdriver"
)

func (d *decoder) validate() {
	c := d.cfg
	if c.Me.Timezone != "" {
		if _, err := time.LoadLocation(c.Me.Timezone); err != nil || c.Me.Timezone == "Local" {
			d.problem("me.timezone", "%q is not an IANA time zone: use a name such as \"Europe/Berlin\" or \"America/New_York\"", c.Me.Timezone)
		}
	}
	d.validateEmail("me.email", c.Me.Email)
	d.validateServer("smtp", c.SMTP.Server, 465, 587)
	d.validateServer("imap", c.IMAP.Server, 993, 143)
	d.validateOAuth2()
	d.validateCalendar()
	d.validatePolicy()
	d.validateCron("schedule.digest", c.Schedule.Digest)
	d.validatePath("store.path", c.Store.Path, false, "followup.db")
	d.validateStore(c.Store)
	d.validateAccounts()
	d.validatePath("templates.dir", c.Templates.Dir, true, "")
	d.validatePath("calendar.feed", c.Calendar.Feed, false, "followup.ics")
	d.validateWebListen(c.Web.Listen)
}

// validateEmail accepts "" or a plain address.
func (d *decoder) validateEmail(key, email string) {
	if a, err := mail.ParseAddress(email); email != "" && (err != nil || a.Name != "") {
		d.problem(key, "%q is not a plain email address: write it as \"you@example.com\"", email)
	}
}

// validateStore checks [store]: a driver it knows, and for PostgreSQL one
// way to the connection string and no file path.
func (d *decoder) validateStore(s Store) {
	switch s.Driver {
	case "", DriverSQLite:
		if s.DSN != "" || s.DSNCmd != "" {
			key := "store.dsn"
			if s.DSN == "" {
				key = "store.dsn_cmd"
			}
			d.problem(key, `is for driver = "postgres": set that too, or remove it to keep the SQLite file`)
		}
	case DriverPostgres:
		switch {
		case s.DSN == "" && s.DSNCmd == "":
			d.problem("store.driver", `"postgres" needs dsn = "postgres://user@host:5432/followup" or dsn_cmd = "a command printing it"`)
		case s.DSN != "" && s.DSNCmd != "":
			d.problem("store.dsn_cmd", "is set together with dsn: keep one of them")
		}
		if s.Path != "" {
			d.problem("store.path", `is the SQLite file and is not used with driver = "postgres": remove it`)
		}
	default:
		d.problem("store.driver", `%q is not a store driver: use "sqlite" (the default) or "postgres"`, s.Driver)
	}
}

// validateWebListen accepts "" or a loopback host:port: the daemon's pages
// are for this machine only (`followup web --allow-remote` is the way out).
func (d *decoder) validateWebListen(listen string) {
	if listen == "" {
		return
	}
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		d.problem("web.listen", "%q is not host:port: write it as \"127.0.0.1:8427\"", listen)
		return
	}
	if ip := net.ParseIP(host); (ip == nil || !ip.IsLoopback()) && host != "localhost" {
		d.problem("web.listen", "%q is not a loopback address: the daemon serves its pages on 127.0.0.1 only", listen)
	}
}

// validatePath checks a path setting: absolute or under ~/, and, when it
// exists, a folder (wantDir) or not one. example names a file to suggest.
func (d *decoder) validatePath(key, p string, wantDir bool, example string) {
	if p == "" {
		return
	}
	if !filepath.IsAbs(p) && !strings.HasPrefix(p, "~/") {
		d.problem(key, "%q is relative to whatever folder followup runs in: write a full path, or one starting with ~/", p)
		return
	}
	fi, err := os.Stat(p)
	switch {
	case err != nil:
	case wantDir && !fi.IsDir():
		d.problem(key, "%s is a file: name a folder (it may be missing: then the built-ins are used)", p)
	case !wantDir && fi.IsDir():
		d.problem(key, "%s is a folder: name the file inside it, e.g. %q", p, filepath.Join(p, example))
	}
}

func (d *decoder) validateServer(section string, s Server, tlsPort, startTLSPort int) {
	if !s.Configured() {
		return
	}
	if s.Security == "" {
		d.problem(section+".security", `is required when host is set: "tls" (port %d), "starttls" (port %d) or "none" (loopback only)`, tlsPort, startTLSPort)
	}
	if s.Security == SecurityNone && !IsLoopback(s.Host) {
		d.problem(section+".security", `"none" is allowed only for localhost or a loopback address, because credentials must never cross a network in clear text; use "tls" or "starttls" for %s`, s.Host)
	}
	if s.Port == 0 || s.Port > 65535 {
		d.problem(section+".port", "is required and must be 1-65535 (usually %d for tls, %d for starttls)", tlsPort, startTLSPort)
	}
	n := 0
	for _, v := range []string{s.PasswordCmd, s.PasswordEnv, s.Password} {
		if v != "" {
			n++
		}
	}
	if n > 1 {
		d.problem(section+".password", "set only one of password_cmd, password_env and password")
	}
	if s.Username != "" && n == 0 && s.Auth != AuthOAuth2 {
		d.problem(section+".username", "has no password: set password_cmd (recommended), password_env or password")
	}
	if s.CAFile != "" {
		if _, err := os.Stat(s.CAFile); err != nil {
			d.problem(section+".ca_file", "cannot be read: %v", unwrapPathError(err))
		}
	}
}

// IsLoopback reports whether host is "localhost" or a loopback IP.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

func (d *decoder) validateCalendar() {
	cal := d.cfg.Calendar
	if len(cal.Workdays) == 0 {
		d.problem("calendar.workdays", `needs at least one day, e.g. ["Mon","Tue","Wed","Thu","Fri"]`)
	}
	for _, h := range cal.Holidays {
		if _, err := time.Parse("2006-01-02", h); err != nil {
			d.problem("calendar.holidays", "%q is not a date: write holidays as \"2026-12-25\"", h)
		}
	}
	if cal.Country != "" {
		if _, err := calendar.New(nil, nil, cal.Country); err != nil {
			d.problem("calendar.country", "%s (or leave it empty for no public holidays)", strings.TrimPrefix(err.Error(), "new calendar: "))
		}
	}
}

func (d *decoder) validatePolicy() { d.validatePolicyOf("policy", d.cfg.Policy) }

// validatePolicyOf checks a policy table: section is "policy" or an
// account's "account[N].policy".
func (d *decoder) validatePolicyOf(section string, p Policy) {
	if p.MaxCheckIns < 1 || p.MaxCheckIns > 10 {
		d.problem(section+".max_check_ins", "must be from 1 to 10, not %d", p.MaxCheckIns)
	}
	if p.NetworkingEvery < 24*time.Hour {
		d.problem(section+".networking_every", "must be at least a day (e.g. \"14d\"), not %s", p.NetworkingEvery)
	}
	if p.QuietAfter < 1 {
		d.problem(section+".quiet_after", "must be at least 1 business day")
	}
	if p.DailySendCap < 1 {
		d.problem(section+".daily_send_cap", "must be at least 1 (set auto_send = false to stop sending)")
	}
	if p.ThankYouDelay > 7*24*time.Hour {
		d.problem(section+".thank_you_delay", "%s is too late for a thank-you note: use at most \"7d\"", p.ThankYouDelay)
	}
}

func (d *decoder) validateCron(key, spec string) {
	if spec == "" {
		return
	}
	if err := CheckCron(spec); err != nil {
		d.problem(key, "%v", err)
	}
}

// CronParser is the parser followup uses for every cron spec: five fields and
// descriptors such as "@daily".
var CronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// CheckCron parses a cron spec, turning a parser panic into an error. The
// zone comes from [me] timezone, so TZ= prefixes are refused.
func CheckCron(spec string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%q is not a valid cron spec: write five fields such as \"0 8 * * MON-FRI\"", spec)
		}
	}()
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		return fmt.Errorf("%q: leave out TZ=; the schedule runs in [me] timezone", spec)
	}
	if _, err := CronParser.Parse(spec); err != nil {
		return fmt.Errorf("%q is not a valid cron spec (%v): write five fields such as \"0 8 * * MON-FRI\"", spec, err)
	}
	return nil
}

// checkPerms refuses an inline password in a file others can read.
func checkPerms(path string, cfg *Config) Problems {
	if cfg == nil {
		return nil
	}
	var keys []string
	if cfg.SMTP.Password != "" {
		keys = append(keys, "smtp.password")
	}
	if cfg.IMAP.Password != "" {
		keys = append(keys, "imap.password")
	}
	if pgdriver.HasPassword(cfg.Store.DSN) {
		keys = append(keys, "store.dsn")
	}
	for i, a := range cfg.Accounts {
		if a.SMTP.Password != "" || a.IMAP.Password != "" {
			keys = append(keys, fmt.Sprintf("account[%d]", i+1))
		}
	}
	if len(keys) == 0 {
		return nil
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm()&0o077 == 0 {
		return nil
	}
	lines := tomlpos.KeyLines(mustRead(path))
	var out Problems
	for _, k := range keys {
		instead := "password_cmd"
		if k == "store.dsn" {
			instead = "dsn_cmd, or a dsn without the password and ~/.pgpass"
		}
		out = append(out, Problem{File: path, Line: lines[k], Key: k,
			Msg: fmt.Sprintf("an inline password is refused because the file is readable by others (mode %04o): run `chmod 600 %s`, or use %s", fi.Mode().Perm(), path, instead)})
	}
	return out
}

func mustRead(path string) []byte {
	b, _ := os.ReadFile(path)
	return b
}
