// Package config reads, checks and explains followup's TOML configuration:
// its schema, its defaults, where it lives and how secrets are obtained.
package config

import (
	"time"

	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/config/unit"
)

// Security is how a mail connection is protected.
type Security string

// The connection security modes.
const (
	SecurityTLS      Security = "tls"      // implicit TLS (RFC 8314), usually ports 465 / 993
	SecurityStartTLS Security = "starttls" // mandatory STARTTLS, usually ports 587 / 143
	SecurityNone     Security = "none"     // clear text: loopback hosts only
)

// Config is the whole configuration. The zero value is not useful; start
// from Default.
type Config struct {
	// Path is the file it was read from; empty when running on defaults.
	Path      string
	Me        Me
	SMTP      SMTP
	IMAP      IMAP
	Store     Store
	Calendar  Calendar
	Policy    Policy
	Schedule  Schedule
	Templates Templates
	Web       Web
	// OAuth2 are the [oauth2.NAME] sections by NAME.
	OAuth2 map[string]OAuth2
	// ATS are applicant-tracking systems added to the built-in list.
	ATS []ATSVendor
	// Accounts are the [[account]] sections, in file order.
	Accounts []Account
	// Account is the account this config is for (ForAccount): "" for the
	// top-level sections' (DefaultAccount), whose store rows are account "".
	Account string
}

// Me describes the user.
type Me struct {
	Name      string
	Email     string
	Timezone  string // IANA name; empty: the system's zone
	Signature string
}

// Location is the user's time zone.
func (m Me) Location() *time.Location {
	if m.Timezone == "" {
		return clock.SystemLocation()
	}
	if loc, err := time.LoadLocation(m.Timezone); err == nil {
		return loc
	}
	return clock.SystemLocation()
}

// Credentials says where a password comes from; at most one is set.
type Credentials struct {
	Username    string
	PasswordCmd string // shell command whose stdout is the password
	PasswordEnv string // environment variable holding the password
	Password    string // inline; refused unless the file is private
}

// Server is a mail server connection.
type Server struct {
	Host     string
	Port     int
	Security Security
	CAFile   string
	// Auth is how to log in: AuthPassword (also when empty) or AuthOAuth2.
	Auth Auth
	// OAuth2Name names the [oauth2.NAME] section to use; empty: the only one.
	OAuth2Name string
	Credentials
}

// Configured reports whether a host was given.
func (s Server) Configured() bool { return s.Host != "" }

// SMTP is the outgoing mail server.
type SMTP struct {
	Server
	// SavesSent says the provider files sent mail in Sent itself (Gmail does),
	// so followup does not append a copy.
	SavesSent bool
}

// IMAP is the incoming mail server.
type IMAP struct {
	Server
	Mailboxes []string // watched for replies
	Drafts    string   // where drafts are saved; empty: found by \Drafts
	Sent      string   // where sent mail is; empty: found by \Sent
}

// Store says where the database lives: an SQLite file (the default), or
// a PostgreSQL database for a team (Driver "postgres").
type Store struct {
	Path   string
	Driver string // "" or "sqlite", or "postgres"
	DSN    string // postgres: the connection string (libpq's URL or key=value form)
	DSNCmd string // postgres: a command printing the connection string
}

// Store drivers.
const (
	DriverSQLite   = "sqlite"
	DriverPostgres = "postgres"
)

// Postgres reports whether the store is a PostgreSQL database.
func (s Store) Postgres() bool { return s.Driver == DriverPostgres }

// Web is the [web] section: the daemon also serves `followup web`'s pages
// on Listen (a loopback host:port) when it is set.
type Web struct {
	Listen string
}

// Calendar is the user's business calendar.
type Calendar struct {
	Workdays []time.Weekday
	Holidays []string // YYYY-MM-DD
	Country  string   // ISO 3166 code of a public-holiday set, optional
	// Feed is an .ics file the daemon keeps up to date with every interview
	// and planned follow-up, for a calendar app to subscribe to; "" is off.
	Feed string
}

// Policy is how and when followup follows up.
type Policy struct {
	AutoSend           bool
	ThankYouDelay      time.Duration
	CheckInGrace       int // business days after the promised date
	QuietAfter         int // business days after the interview when nothing was promised
	NetworkingEvery    time.Duration
	MaxCheckIns        int
	SendWindow         Window
	DailySendCap       int
	GiveUpAfter        time.Duration // a deferred send is abandoned after this
	StaleAfter         time.Duration // overdue by more than this → needs review
	MatchCompanyDomain bool          // a message from the company's domain counts as an answer
}

// Window is a daily time-of-day range, in minutes after midnight.
type Window = unit.Window

// Schedule holds the cron specs of periodic jobs.
type Schedule struct {
	Digest string
}

// Templates says where template overrides live.
type Templates struct {
	Dir string
}

// Default is the configuration used when there is no config file: drafts
// only, no mail servers, the store in the data folder.
func Default() *Config {
	return &Config{
		IMAP: IMAP{Mailboxes: []string{"INBOX"}},
		Calendar: Calendar{
			Workdays: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
		},
		Policy: Policy{
			ThankYouDelay:      2 * time.Hour,
			CheckInGrace:       1,
			QuietAfter:         10,
			NetworkingEvery:    14 * 24 * time.Hour,
			MaxCheckIns:        3,
			SendWindow:         Window{Start: 9 * 60, End: 17 * 60},
			DailySendCap:       20,
			GiveUpAfter:        24 * time.Hour,
			StaleAfter:         48 * time.Hour,
			MatchCompanyDomain: true,
		},
		Schedule: Schedule{Digest: "0 8 * * MON-FRI"},
	}
}
