package received

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/classify"
	"github.com/followup-dev/followup/internal/followup/reply"
	"github.com/followup-dev/followup/internal/store/sqldb"
)

// MatchOptions tune MatchMessage. The zero value matches by thread and by
// person only.
type MatchOptions struct {
	// CompanyDomain turns on the domain rule ([policy] match_company_domain):
	// a sender on an interviewer's (non-free-mail) domain belongs to that
	// interview.
	CompanyDomain bool
	// FromUser says the user wrote the message (it is in the Sent mailbox):
	// it is matched by its thread and its recipients, never by domain.
	FromUser bool
	// IgnoreDomains are never taken for a company's, such as the user's own.
	IgnoreDomains []string
	// At is when the message was written. A person or domain match prefers
	// an interview that had started by then to one still ahead: an answer
	// is about the interview that took place, not a second round already
	// scheduled. Zero counts every interview as started.
	At time.Time
}

// How a message was matched to an interview.
const (
	MatchThread = "thread" // it answers a message followup or the user sent
	MatchPerson = "person" // it is from (or to) an interviewer or contact
	MatchDomain = "domain" // it is from the company's domain
)

// Match is the interview a received message belongs to.
type Match struct {
	InterviewID string // empty when no interview matched
	How         string // MatchThread, MatchPerson or MatchDomain
	// Recipient is whom the answered message went to (a thread match) or
	// the matched person's address (a person match).
	Recipient string
	// Known says the message's own Message-ID is one recorded in messages:
	// followup drafted or sent it, or already counted it as the user's.
	Known bool
}

// interviewRank orders candidate interviews: still waiting for an answer
// and started by the time bound to its parameter first, then quiet, then
// those not started yet, then the rest; the most recent start first.
const interviewRank = `ORDER BY CASE WHEN i.status IN ('awaiting', 'upcoming') AND i.start_utc <= ? THEN 0
	WHEN i.status = 'quiet' THEN 1 WHEN i.status IN ('awaiting', 'upcoming') THEN 2
	WHEN i.status = 'replied' THEN 3 ELSE 4 END, i.start_utc DESC, i.id LIMIT 1`

// rankArg is the time interviewRank compares start times with.
func rankArg(at time.Time) string {
	if at.IsZero() {
		return "9999-12-31T23:59:59Z"
	}
	return sqldb.FormatTime(at)
}

// MatchMessage finds the interview a classified message belongs to, trying
// in order: a Message-ID it answers (In-Reply-To, References, a bounce's
// returned message) that is recorded in messages; a sender (or, for the
// user's own mail, a recipient; for a bounce, the failed recipient) who is
// an interviewer or contact, case-insensitively; and, when enabled, a
// sender's domain that is an interviewer's, never a free-mail domain. Each
// step is one indexed query.
func (s Mail) MatchMessage(ctx context.Context, r classify.Result, opts MatchOptions) (Match, error) {
	keys := reply.KeysOf(r, opts.FromUser)
	m, err := s.matchThread(ctx, r.Message.MessageID, keys.MessageIDs)
	if err != nil || m.InterviewID != "" || m.Known {
		return m, err
	}
	if m, err = s.matchPerson(ctx, keys.People, opts.At); err != nil || m.InterviewID != "" {
		return m, err
	}
	if !opts.CompanyDomain || opts.FromUser {
		return Match{}, nil
	}
	return s.matchDomain(ctx, withoutFold(keys.Domains, opts.IgnoreDomains), opts.At)
}

// matchThread looks up own (the message's Message-ID) and ids in messages;
// the first of ids recorded wins.
func (s Mail) matchThread(ctx context.Context, own string, ids []string) (Match, error) {
	all := ids
	if own != "" {
		all = append([]string{own}, ids...)
	}
	if len(all) == 0 {
		return Match{}, nil
	}
	rows, err := s.Q().QueryContext(ctx, threadQuery(len(all))+s.AndInterviewOfAccount("interview_id"), sqldb.Args(all)...)
	if err != nil {
		return Match{}, fmt.Errorf("match by thread: %w", err)
	}
	defer rows.Close()
	found := map[string]Match{}
	for rows.Next() {
		var id string
		var m Match
		if err := rows.Scan(&id, &m.InterviewID, &m.Recipient); err != nil {
			return Match{}, fmt.Errorf("match by thread: %w", err)
		}
		m.How = MatchThread
		found[id] = m
	}
	if err := rows.Err(); err != nil {
		return Match{}, fmt.Errorf("match by thread: %w", err)
	}
	if _, ok := found[own]; ok && own != "" {
		return Match{Known: true}, nil
	}
	for _, id := range ids {
		if m, ok := found[id]; ok {
			return m, nil
		}
	}
	return Match{}, nil
}

// matchPerson finds the best interview one of addrs is a person on.
func (s Mail) matchPerson(ctx context.Context, addrs []string, at time.Time) (Match, error) {
	if len(addrs) == 0 {
		return Match{}, nil
	}
	m := Match{How: MatchPerson}
	args := append(sqldb.Args(addrs), rankArg(at))
	err := s.Q().QueryRowContext(ctx, personQuery(len(addrs), s.AndAccount("i.account")), args...).Scan(&m.InterviewID, &m.Recipient)
	return noRows(m, err, "match by person")
}

// matchDomain finds the best interview with an interviewer on one of domains.
func (s Mail) matchDomain(ctx context.Context, domains []string, at time.Time) (Match, error) {
	if len(domains) == 0 {
		return Match{}, nil
	}
	m := Match{How: MatchDomain}
	args := append(sqldb.Args(domains), rankArg(at))
	err := s.Q().QueryRowContext(ctx, domainQuery(len(domains), s.AndAccount("i.account")), args...).Scan(&m.InterviewID)
	return noRows(m, err, "match by domain")
}

// threadQuery finds which of n Message-IDs are recorded (primary key).
func threadQuery(n int) string {
	return "SELECT message_id, interview_id, recipient FROM messages WHERE message_id IN (" + sqldb.Params(n) + ")"
}

// personQuery finds the best interview with one of n addresses on it
// (people_email_lower index); and is the account's condition on i.
func personQuery(n int, and string) string {
	return `SELECT p.interview_id, lower(p.email) FROM people p JOIN interviews i ON i.id = p.interview_id
		WHERE lower(p.email) IN (` + sqldb.Params(n) + `)` + and + ` ` + interviewRank
}

// domainQuery finds the best interview with an interviewer on one of n
// domains (people_domain index).
func domainQuery(n int, and string) string {
	return `SELECT p.interview_id FROM people p JOIN interviews i ON i.id = p.interview_id
		WHERE lower(substr(p.email, instr(p.email, '@') + 1)) IN (` + sqldb.Params(n) + `) AND p.role = 'interviewer'` + and + ` ` + interviewRank
}

// noRows turns "no row" into no match.
func noRows(m Match, err error, what string) (Match, error) {
	if errors.Is(err, sql.ErrNoRows) {
		return Match{}, nil
	}
	if err != nil {
		return Match{}, fmt.Errorf("%s: %w", what, err)
	}
	return m, nil
}

// ReplyRecord is a received message matched to an interview, and what it
// changes there.
type ReplyRecord struct {
	InterviewID string
	Mailbox     string
	Result      classify.Result // Result.Message.MessageID must not be empty
	Effect      reply.Effect
	Seen        time.Time
	// Label is what the answer says ("rejection", "next-round", …) and
	// LabelPhrase the phrase that decided it; "" when not read.
	Label, LabelPhrase string
	// Via names the applicant-tracking system the answer came through; ""
	// for mail from a person.
	Via string
}

// RecordReply stores a received message and applies its effect in one
// transaction: the replies row, the changed actions (only while they are
// still pending or waiting for review), the interview's status (never
// reopening a closed one), undeliverable people and one event per notice.
// A Message-ID already recorded, for any interview, changes nothing and
// recorded is false, so the same message seen again after a restart or a
// rescan is harmless.
func (s Mail) RecordReply(ctx context.Context, rec ReplyRecord) (recorded bool, err error) {
	if rec.Result.Message.MessageID == "" {
		return false, fmt.Errorf("record reply for %s: no Message-ID", rec.InterviewID)
	}
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		q := s.InTx(ctx, tx)
		if recorded, err = insertReply(ctx, q, rec, s.AndInterviewOfAccount("interview_id")); err != nil || !recorded {
			return err
		}
		return s.applyEffect(ctx, q, rec.InterviewID, rec.Effect, rec.Seen)
	})
	if err != nil {
		return false, fmt.Errorf("record reply %s for %s: %w", rec.Result.Message.MessageID, rec.InterviewID, err)
	}
	return recorded, nil
}

// seenReplyQuery counts the replies rows of a Message-ID (replies_message index).
const seenReplyQuery = "SELECT count(*) FROM replies WHERE message_id = ?"

// insertReply adds the replies row unless the Message-ID is already there.
// and (Handle.AndInterviewOfAccount) limits "already there" to the
// account's own replies.
func insertReply(ctx context.Context, tx sqldb.Querier, rec ReplyRecord, and string) (bool, error) {
	r, m := rec.Result, rec.Result.Message
	var n int
	if err := tx.QueryRowContext(ctx, seenReplyQuery+and, m.MessageID).Scan(&n); err != nil || n > 0 {
		return false, err
	}
	var back string
	if !r.ReturnDate.IsZero() {
		back = r.ReturnDate.UTC().Format(time.DateOnly)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO replies (interview_id, message_id, mailbox, from_addr, subject, date_utc,
		class, reason, return_date, failed_recipient, seen_utc, label, label_phrase, via) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		rec.InterviewID, m.MessageID, rec.Mailbox, strings.Join(m.From, ", "), m.Subject, sqldb.FormatTime(m.Date),
		string(r.Class), r.Reason, back, r.FailedRecipient, sqldb.FormatTime(rec.Seen), rec.Label, rec.LabelPhrase, rec.Via)
	if err != nil {
		return false, fmt.Errorf("insert reply: %w", err)
	}
	return true, nil
}

// applyEffect writes a received message's effect on interview id.
func (s Mail) applyEffect(ctx context.Context, tx sqldb.Querier, id string, e reply.Effect, now time.Time) error {
	for _, ac := range e.Actions {
		_, err := tx.ExecContext(ctx, `UPDATE actions SET state = ?, reason = ?, due_utc = ?, zone = ?, updated_utc = ?
			WHERE id = ? AND interview_id = ? AND state IN ('pending', 'needs-review')`,
			string(ac.State), ac.Reason, sqldb.FormatTime(ac.Due), ac.Zone, sqldb.FormatTime(now), ac.ID, id)
		if err != nil {
			return fmt.Errorf("update action %s: %w", ac.Key, err)
		}
	}
	if e.Status != "" {
		_, err := tx.ExecContext(ctx, "UPDATE interviews SET status = ?, updated_utc = ? WHERE id = ? AND status <> 'closed'",
			string(e.Status), sqldb.FormatTime(now), id)
		if err != nil {
			return fmt.Errorf("update status: %w", err)
		}
	}
	for _, addr := range e.Undeliverable {
		_, err := tx.ExecContext(ctx, "UPDATE people SET undeliverable = 1 WHERE interview_id = ? AND lower(email) = lower(?)", id, addr)
		if err != nil {
			return fmt.Errorf("mark %s undeliverable: %w", addr, err)
		}
	}
	for _, n := range e.Notices {
		if err := s.InsertEvent(ctx, tx, sqldb.Event{At: now, InterviewID: id, Kind: n.Kind, Detail: n.Detail}); err != nil {
			return err
		}
	}
	return nil
}

// Touch is mail the user sent a tracked contact from their own client.
type Touch struct {
	InterviewID string
	MessageID   string
	Recipient   string
	Subject     string
	At          time.Time // when the user wrote it
}

// RecordTouch records the user's own message in messages (kind "user",
// location "sent-folder"), so that answers to it are matched and the plan
// counts from it. A Message-ID already recorded changes nothing and
// recorded is false.
func (s Mail) RecordTouch(ctx context.Context, t Touch) (recorded bool, err error) {
	if t.MessageID == "" {
		return false, fmt.Errorf("record touch for %s: no Message-ID", t.InterviewID)
	}
	res, err := s.Q().ExecContext(ctx, `INSERT INTO messages (message_id, interview_id, kind, recipient, subject, location, created_utc)
		VALUES (?,?,'user',?,?,'sent-folder',?) ON CONFLICT (message_id) DO NOTHING`,
		t.MessageID, t.InterviewID, t.Recipient, t.Subject, sqldb.FormatTime(t.At))
	if err != nil {
		return false, fmt.Errorf("record touch %s for %s: %w", t.MessageID, t.InterviewID, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// ReturnDates are the return dates announced by auto-replies about an
// interview, latest per sender address, as YYYY-MM-DD: what the planner
// needs to keep check-ins held while someone is away.
func (s Mail) ReturnDates(ctx context.Context, interviewID string) (map[string]string, error) {
	rows, err := s.Q().QueryContext(ctx, `SELECT from_addr, max(return_date) FROM replies
		WHERE interview_id = ? AND class = 'auto-reply' AND return_date <> '' GROUP BY from_addr`, interviewID)
	if err != nil {
		return nil, fmt.Errorf("list return dates: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var from, back string
		if err := rows.Scan(&from, &back); err != nil {
			return nil, fmt.Errorf("list return dates: %w", err)
		}
		out[from] = back
	}
	return out, rows.Err()
}

// withoutFold returns ss minus the members of drop.
func withoutFold(ss, drop []string) []string {
	var out []string
	for _, s := range ss {
		keep := true
		for _, d := range drop {
			keep = keep && !strings.EqualFold(s, d)
		}
		if keep {
			out = append(out, s)
		}
	}
	return out
}

// ScreenKeys are what can tie a received message to an interview before
// its body is read: every recorded Message-ID (sent follow-ups, drafts,
// answers, the user's own mail) and every person's address, lower-cased.
// A catch-up reads them once per sync to screen new mail by its header.
type ScreenKeys struct {
	MessageIDs, People []string
}

// LoadScreenKeys reads the ScreenKeys.
func (s Mail) LoadScreenKeys(ctx context.Context) (ScreenKeys, error) {
	ids, err := s.column(ctx, "SELECT message_id FROM messages WHERE 1 = 1"+s.AndInterviewOfAccount("interview_id"))
	if err != nil {
		return ScreenKeys{}, fmt.Errorf("screen keys: %w", err)
	}
	people, err := s.column(ctx, "SELECT DISTINCT lower(email) FROM people WHERE email <> ''"+s.AndInterviewOfAccount("interview_id"))
	if err != nil {
		return ScreenKeys{}, fmt.Errorf("screen keys: %w", err)
	}
	return ScreenKeys{MessageIDs: ids, People: people}, nil
}

// column returns the one text column query selects.
func (s Mail) column(ctx context.Context, query string) ([]string, error) {
	rows, err := s.Q().QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
