package pgdriver

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Describe names a PostgreSQL database without its password.
func Describe(dsn string) string {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return "postgres (connection string not valid)"
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

// ParseDetail is what was wrong with a connection string, without the
// string itself (it may hold a password): the reason pgconn found, with
// anything that looks like the password blanked out.
func ParseDetail(err error, dsn string) string {
	var pe *pgconn.ParseConfigError
	if !errors.As(err, &pe) || pe.Unwrap() == nil {
		return ""
	}
	msg := pe.Unwrap().Error()
	for _, secret := range dsnPasswords(dsn) {
		msg = strings.ReplaceAll(msg, secret, "xxxxx")
	}
	return " (" + msg + ")"
}

// HasPassword reports whether a connection string holds a password:
// postgres://user:PASSWORD@host, ?password=PASSWORD, password = PASSWORD.
func HasPassword(dsn string) bool { return len(dsnPasswords(dsn)) > 0 }

// dsnPasswords are the strings of dsn that may be its password: a URL's
// userinfo after the first colon (up to the last @, which may be part of
// it) and every value after "password".
func dsnPasswords(dsn string) []string {
	var out []string
	if _, rest, ok := strings.Cut(dsn, "://"); ok {
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			if _, pass, ok := strings.Cut(rest[:at], ":"); ok && pass != "" {
				out = append(out, pass)
			}
		}
	}
	for _, m := range passwordValue.FindAllStringSubmatch(dsn, -1) {
		if m[1] != "" {
			out = append(out, strings.Trim(m[1], "'"))
		}
	}
	return out
}

// passwordValue finds password=VALUE, with spaces around = as libpq
// allows, in a key=value string or a URL's query.
var passwordValue = regexp.MustCompile(`(?i)password\s*=\s*('[^']*'|[^\s&]+)`)
