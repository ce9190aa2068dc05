// Package schema is the store's tables and indexes, as the migrations that
// made them, in SQLite's dialect (internal/store/sqldb translates them for
// PostgreSQL and applies them).
package schema

// Migration is one schema step; versions ascend and are never reused.
type Migration struct {
	Version int
	SQL     string
}

// Migrations are the store's schema steps. Each concern takes versions
// from its own range so that work on one does not collide with another: 1-9 foundation, 10-19 plan, 20-29 drafts and
// outbox, 30-35 IMAP. The schema version (PRAGMA user_version) is a
// high-water mark, so from 36 on every migration takes the next number.
var Migrations = []Migration{
	{Version: 1, SQL: `
CREATE TABLE interviews (
	id              TEXT PRIMARY KEY,
	company         TEXT NOT NULL,
	role            TEXT NOT NULL,
	start_utc       TEXT NOT NULL,          -- RFC 3339 UTC
	zone            TEXT NOT NULL,          -- IANA zone the start was given in
	duration_s      INTEGER NOT NULL DEFAULT 0,
	actual_s        INTEGER NOT NULL DEFAULT 0,
	next_steps      TEXT NOT NULL DEFAULT '',
	notes           TEXT NOT NULL DEFAULT '',
	signals         TEXT NOT NULL DEFAULT '{}', -- JSON
	status          TEXT NOT NULL,
	outcome         TEXT NOT NULL DEFAULT '',
	created_utc     TEXT NOT NULL,
	updated_utc     TEXT NOT NULL
) STRICT;
CREATE INDEX interviews_start ON interviews(start_utc);

CREATE TABLE people (
	interview_id    TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
	pos             INTEGER NOT NULL,
	role            TEXT NOT NULL,          -- interviewer | contact
	name            TEXT NOT NULL DEFAULT '',
	email           TEXT NOT NULL,
	title           TEXT NOT NULL DEFAULT '',
	topics          TEXT NOT NULL DEFAULT '',
	undeliverable   INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (interview_id, pos)
) STRICT;
CREATE INDEX people_email ON people(email);

-- Planned follow-ups. key is stable across re-planning within an interview.
CREATE TABLE actions (
	id              INTEGER PRIMARY KEY,
	interview_id    TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
	key             TEXT NOT NULL,
	kind            TEXT NOT NULL,
	recipients      TEXT NOT NULL DEFAULT '[]', -- JSON array of addresses
	due_utc         TEXT NOT NULL,
	zone            TEXT NOT NULL,
	state           TEXT NOT NULL,
	reason          TEXT NOT NULL DEFAULT '',
	message_id      TEXT NOT NULL DEFAULT '',
	updated_utc     TEXT NOT NULL,
	UNIQUE (interview_id, key)
) STRICT;
CREATE INDEX actions_due ON actions(state, due_utc);

-- Every message followup drafted or sent, and messages the user sent to a
-- tracked contact from their own client: replies to any of them are matched.
CREATE TABLE messages (
	message_id      TEXT PRIMARY KEY,       -- without angle brackets
	interview_id    TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
	action_id       INTEGER,                -- NULL for mail the user wrote
	kind            TEXT NOT NULL,          -- thank-you | check-in | networking | user
	recipient       TEXT NOT NULL,
	subject         TEXT NOT NULL DEFAULT '',
	location        TEXT NOT NULL,          -- stdout | file:PATH | imap:MAILBOX | smtp | sent-folder
	created_utc     TEXT NOT NULL
) STRICT;
CREATE INDEX messages_interview ON messages(interview_id);

-- The outbox: one row per message to send, written before any byte goes out.
CREATE TABLE outbox (
	id              INTEGER PRIMARY KEY,
	action_id       INTEGER REFERENCES actions(id) ON DELETE SET NULL,
	interview_id    TEXT,
	message_id      TEXT NOT NULL UNIQUE,
	recipient       TEXT NOT NULL,
	purpose         TEXT NOT NULL DEFAULT 'follow-up', -- follow-up | digest | notice
	raw             BLOB NOT NULL,
	state           TEXT NOT NULL,          -- queued | sending | sent | deferred | failed | unknown | needs-review | dropped
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_utc TEXT NOT NULL DEFAULT '',
	first_try_utc   TEXT NOT NULL DEFAULT '',
	last_error      TEXT NOT NULL DEFAULT '',
	created_utc     TEXT NOT NULL,
	updated_utc     TEXT NOT NULL,
	sent_utc        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX outbox_state ON outbox(state, next_attempt_utc);

-- Messages seen in the watched mailboxes that matched an interview.
CREATE TABLE replies (
	id              INTEGER PRIMARY KEY,
	interview_id    TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
	message_id      TEXT NOT NULL,
	mailbox         TEXT NOT NULL DEFAULT '',
	from_addr       TEXT NOT NULL DEFAULT '',
	subject         TEXT NOT NULL DEFAULT '',
	date_utc        TEXT NOT NULL DEFAULT '',
	class           TEXT NOT NULL,          -- reply | auto-reply | bounce | bulk
	reason          TEXT NOT NULL DEFAULT '',
	return_date     TEXT NOT NULL DEFAULT '',
	failed_recipient TEXT NOT NULL DEFAULT '',
	seen_utc        TEXT NOT NULL,
	UNIQUE (interview_id, message_id)
) STRICT;

-- Where the IMAP watcher left off in each mailbox.
CREATE TABLE imap_state (
	mailbox         TEXT PRIMARY KEY,
	uidvalidity     INTEGER NOT NULL,
	last_uid        INTEGER NOT NULL,
	synced_utc      TEXT NOT NULL,
	result          TEXT NOT NULL DEFAULT ''
) STRICT;

-- What happened, for the digest, notices and status: one row per event.
CREATE TABLE events (
	id              INTEGER PRIMARY KEY,
	at_utc          TEXT NOT NULL,
	interview_id    TEXT,
	kind            TEXT NOT NULL,          -- e.g. sent, drafted, reply, bounce, quiet, failed
	detail          TEXT NOT NULL DEFAULT '',
	notified        INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX events_at ON events(at_utc);

-- Small named values: pause flag, daemon lease, last digest, and so on.
CREATE TABLE meta (
	key             TEXT PRIMARY KEY,
	value           TEXT NOT NULL
) STRICT;
`},
	// 35: matching received mail to interviews: people by address
	// (case-insensitive) and by domain, replies by Message-ID alone.
	{Version: 35, SQL: `
CREATE INDEX people_email_lower ON people(lower(email));
CREATE INDEX people_domain ON people(lower(substr(email, instr(email, '@') + 1)));
CREATE INDEX replies_message ON replies(message_id);
`},
	// 36: the Sent copy of a sent follow-up that is still to be filed
	// (user_version is a high-water mark, so a later migration takes the
	// next number whatever its concern).
	{Version: 36, SQL: `
ALTER TABLE outbox ADD COLUMN sent_copy_pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_sent_copy ON outbox(sent_copy_pending) WHERE sent_copy_pending = 1;
`},
	// 37: the calendar feed's memory of what it exported: each event's
	// SEQUENCE and a hash of its times, so that a change bumps it.
	{Version: 37, SQL: `
CREATE TABLE calendar_items (
	uid             TEXT PRIMARY KEY,
	hash            TEXT NOT NULL,
	sequence        INTEGER NOT NULL DEFAULT 0,
	updated_utc     TEXT NOT NULL
) STRICT;
`},
	// 38: what an answer says (rejection, next-round, …, with the phrase
	// that decided it), and the applicant-tracking system it came through.
	{Version: 38, SQL: `
ALTER TABLE replies ADD COLUMN label TEXT NOT NULL DEFAULT '';
ALTER TABLE replies ADD COLUMN label_phrase TEXT NOT NULL DEFAULT '';
ALTER TABLE replies ADD COLUMN via TEXT NOT NULL DEFAULT '';
`},
	// 39: the user's own decision about one follow-up (snooze, skip,
	// reschedule), by interview and action key, so that replanning keeps it.
	{Version: 39, SQL: `
CREATE TABLE action_overrides (
	interview_id    TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
	key             TEXT NOT NULL,          -- the action's key, e.g. check-in:1
	kind            TEXT NOT NULL,          -- snooze | skip | reschedule
	at_utc          TEXT NOT NULL DEFAULT '', -- snooze: not before; reschedule: due at; skip: ''
	zone            TEXT NOT NULL DEFAULT '',
	set_utc         TEXT NOT NULL,
	PRIMARY KEY (interview_id, key)
) STRICT;
`},
	// 40: calendar invitations received by mail, proposed as interviews
	// until the user accepts or dismisses them (see received/invites.go).
	{Version: 40, SQL: inviteSchema},
	// 41: several accounts in one store (issue 16). Every interview belongs
	// to one account, and so does the mail about none (digest, notices),
	// each event, invitation and mailbox position; '' is the account of a
	// config without [[account]] sections, so an existing store is that
	// account's as it is.
	{Version: 41, SQL: accountSchema},
	// 42: an invitation's UID is unique within its account (the same
	// invitation may reach two accounts), and the calendar feed's memory
	// belongs to an account too.
	{Version: 42, SQL: accountSchema2},
	// 43: a count of each account's write transactions, so that a daemon
	// wakes for its own account's changes, not every other account's
	// heartbeat (a daemon of many accounts).
	{Version: 43, SQL: `
CREATE TABLE account_changes (
	account         TEXT PRIMARY KEY,
	n               INTEGER NOT NULL
) STRICT;
`},
}

// accountSchema2 is migration 42: invites made again with UNIQUE (account,
// uid) in place of UNIQUE (uid).
const accountSchema2 = `
CREATE TABLE invites_42 (
	id              INTEGER PRIMARY KEY,
	uid             TEXT NOT NULL,
	sequence        INTEGER NOT NULL DEFAULT 0,
	method          TEXT NOT NULL,
	proposal        TEXT NOT NULL,
	start_utc       TEXT NOT NULL,
	zone            TEXT NOT NULL,
	state           TEXT NOT NULL,
	interview_id    TEXT REFERENCES interviews(id) ON DELETE SET NULL,
	about_id        TEXT REFERENCES interviews(id) ON DELETE SET NULL,
	message_id      TEXT NOT NULL,
	sent_utc        TEXT NOT NULL DEFAULT '',
	received_utc    TEXT NOT NULL,
	updated_utc     TEXT NOT NULL,
	account         TEXT NOT NULL DEFAULT '',
	UNIQUE (account, uid)
) STRICT;
INSERT INTO invites_42 (id, uid, sequence, method, proposal, start_utc, zone, state, interview_id, about_id,
	message_id, sent_utc, received_utc, updated_utc, account)
	SELECT id, uid, sequence, method, proposal, start_utc, zone, state, interview_id, about_id,
	message_id, sent_utc, received_utc, updated_utc, account FROM invites;
DROP TABLE invites;
ALTER TABLE invites_42 RENAME TO invites;
CREATE INDEX invites_state ON invites(state);
ALTER TABLE calendar_items ADD COLUMN account TEXT NOT NULL DEFAULT '';
`

// accountSchema is migration 41. imap_state's key becomes (account,
// mailbox): the table is made again, as SQLite cannot change a key.
const accountSchema = `
ALTER TABLE interviews ADD COLUMN account TEXT NOT NULL DEFAULT '';
CREATE INDEX interviews_account ON interviews(account, start_utc);
ALTER TABLE outbox ADD COLUMN account TEXT NOT NULL DEFAULT '';
CREATE INDEX outbox_account ON outbox(account, state);
ALTER TABLE events ADD COLUMN account TEXT NOT NULL DEFAULT '';
ALTER TABLE invites ADD COLUMN account TEXT NOT NULL DEFAULT '';
CREATE TABLE imap_state_41 (
	account         TEXT NOT NULL DEFAULT '',
	mailbox         TEXT NOT NULL,
	uidvalidity     INTEGER NOT NULL,
	last_uid        INTEGER NOT NULL,
	synced_utc      TEXT NOT NULL,
	result          TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (account, mailbox)
) STRICT;
INSERT INTO imap_state_41 (account, mailbox, uidvalidity, last_uid, synced_utc, result)
	SELECT '', mailbox, uidvalidity, last_uid, synced_utc, result FROM imap_state;
DROP TABLE imap_state;
ALTER TABLE imap_state_41 RENAME TO imap_state;
`

// inviteSchema is migration 40: one row per invitation UID, holding the
// latest version of it that was applied.
const inviteSchema = `
CREATE TABLE invites (
	id              INTEGER PRIMARY KEY,
	uid             TEXT NOT NULL UNIQUE,   -- the invitation's UID
	sequence        INTEGER NOT NULL DEFAULT 0,
	method          TEXT NOT NULL,          -- REQUEST | CANCEL
	proposal        TEXT NOT NULL,          -- JSON of ics.Proposal
	start_utc       TEXT NOT NULL,
	zone            TEXT NOT NULL,
	state           TEXT NOT NULL,          -- proposed | accepted | dismissed | cancelled
	interview_id    TEXT REFERENCES interviews(id) ON DELETE SET NULL, -- created by accept-invite
	about_id        TEXT REFERENCES interviews(id) ON DELETE SET NULL, -- whose contact or company sent it
	message_id      TEXT NOT NULL,          -- the last message applied
	sent_utc        TEXT NOT NULL DEFAULT '', -- that message's Date
	received_utc    TEXT NOT NULL,
	updated_utc     TEXT NOT NULL
) STRICT;
CREATE INDEX invites_state ON invites(state);
`
