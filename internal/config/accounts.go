package config

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/followup-dev/followup/internal/usage"
)

// DefaultAccount names the account of the top-level sections ([me],
// [smtp], [imap], [policy]): the only account of a config without
// [[account]] sections. Its rows in the store are account "".
const DefaultAccount = "default"

// Account is one [[account]] section: a mailbox of its own — the person's
// address, sender, inbox and policy. It starts from the top-level [me] and
// [policy] (a key it sets replaces theirs); its [account.smtp] and
// [account.imap] are its own and inherit nothing, so that no account uses
// another's server or secrets.
type Account struct {
	Name   string
	Me     Me
	SMTP   SMTP
	IMAP   IMAP
	Policy Policy
}

// accountName is what an account may be called (sqldb.AccountName too).
var accountName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// decodeAccounts reads [[account]], after the sections it starts from.
func (d *decoder) decodeAccounts(v any) {
	tables, ok := v.([]map[string]any)
	if !ok {
		d.problem("account", `must be a list of tables: write each account as [[account]] with name = "…" below it`)
		return
	}
	for i, table := range tables {
		at := fmt.Sprintf("account[%d]", i+1) // as keyLines numbers the [[account]] tables
		a := Account{Me: d.cfg.Me, Policy: d.cfg.Policy}
		subs := map[string]map[string]field{
			"me":     meFields(&a.Me),
			"smtp":   withServer(&a.SMTP.Server, map[string]field{"saves_sent": boolean(&a.SMTP.SavesSent)}),
			"imap":   withServer(&a.IMAP.Server, map[string]field{"mailboxes": strings_(&a.IMAP.Mailboxes), "drafts": str(&a.IMAP.Drafts), "sent": str(&a.IMAP.Sent)}),
			"policy": policyFields(&a.Policy),
		}
		for _, key := range sortedKeys(table) {
			fields, sub := subs[key]
			switch t, isTable := table[key].(map[string]any); {
			case key == "name":
				str(&a.Name).set(d, at+".name", table[key])
			case sub && isTable:
				d.decodeTable(at+"."+key, t, fields)
			case sub:
				d.problem(at+"."+key, "must be a table: write it as [account.%s] below the account's [[account]]", key)
			default:
				d.problem(at+"."+key, "unknown key%s; an [[account]] has name and the tables [account.me], [account.smtp], [account.imap], [account.policy]",
					suggest(key, map[string]bool{"name": true, "me": true, "smtp": true, "imap": true, "policy": true}))
			}
		}
		d.cfg.Accounts = append(d.cfg.Accounts, a)
	}
}

// validateAccounts checks each [[account]]: a name of its own, and its
// address, servers and policy as the top-level ones are checked.
func (d *decoder) validateAccounts() {
	seen := map[string]bool{}
	for i, a := range d.cfg.Accounts {
		at := fmt.Sprintf("account[%d]", i+1)
		switch {
		case a.Name == "":
			d.problem(at, `needs a name, e.g. name = "uni" (lower-case letters, digits, - or _)`)
		case !accountName.MatchString(a.Name):
			d.problem(at+".name", "%q is not an account name: use 1-40 lower-case letters, digits, - or _, e.g. \"uni\"", a.Name)
		case a.Name == DefaultAccount:
			d.problem(at+".name", `"default" is the name of the top-level sections' account: choose another`)
		case seen[a.Name]:
			d.problem(at+".name", "%q names two accounts: give each its own name", a.Name)
		}
		seen[a.Name] = true
		if a.Me.Email != d.cfg.Me.Email {
			d.validateEmail(at+".me.email", a.Me.Email)
		}
		d.validateServer(at+".smtp", a.SMTP.Server, 465, 587)
		d.validateServer(at+".imap", a.IMAP.Server, 993, 143)
		d.validateServerAuth(at+".smtp", a.SMTP.Server)
		d.validateServerAuth(at+".imap", a.IMAP.Server)
		if a.Policy != d.cfg.Policy { // what it inherits is checked once, at [policy]
			d.validatePolicyOf(at+".policy", a.Policy)
		}
	}
}

// hasDefaultAccount: the top-level sections are an account without
// [[account]] sections, and beside them when they name an address or server.
func (c *Config) hasDefaultAccount() bool {
	return len(c.Accounts) == 0 || c.Me.Email != "" || c.SMTP.Configured() || c.IMAP.Configured()
}

// AccountNames lists the accounts: "default" (when it is one), then each [[account]].
func (c *Config) AccountNames() []string {
	var names []string
	if c.hasDefaultAccount() {
		names = append(names, DefaultAccount)
	}
	for _, a := range c.Accounts {
		names = append(names, a.Name)
	}
	return names
}

// ForAccount is the config as one account sees it: its [me], [smtp],
// [imap] and [policy] in place of the top-level ones, Account set to its
// name ("" for the default account). name "" chooses the default account
// when the top-level sections are one, else the only [[account]]; a config
// of several [[account]] sections alone needs a name (a usage error lists
// them).
func (c *Config) ForAccount(name string) (*Config, error) {
	names := c.AccountNames()
	if name == "" && c.hasDefaultAccount() {
		name = DefaultAccount
	}
	if name == "" {
		if len(names) != 1 {
			return nil, usage.Errorf("this config has %d accounts (%s): choose one with --account", len(names), strings.Join(names, ", "))
		}
		name = names[0]
	}
	if !slices.Contains(names, name) {
		return nil, usage.Errorf("no account %q in %s: its accounts are %s", name, c.Path, strings.Join(names, ", "))
	}
	if name == DefaultAccount {
		return c, nil
	}
	i := slices.IndexFunc(c.Accounts, func(a Account) bool { return a.Name == name })
	cp := *c
	a := c.Accounts[i]
	cp.Me, cp.SMTP, cp.IMAP, cp.Policy, cp.Account = a.Me, a.SMTP, a.IMAP, a.Policy, a.Name
	// Each account's daemon writes a feed of its own (followup-uni.ics
	// beside followup.ics); the pages [web] listen serves are the default
	// account's daemon's (another account's: followup web --account NAME).
	if cp.Calendar.Feed != "" {
		ext := filepath.Ext(cp.Calendar.Feed)
		cp.Calendar.Feed = strings.TrimSuffix(cp.Calendar.Feed, ext) + "-" + a.Name + ext
	}
	cp.Web.Listen = ""
	return &cp, nil
}
