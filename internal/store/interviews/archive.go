package interviews

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store/sqldb"
)

// Dump is everything the store keeps about interviews, for an export:
// interviews with their people, every action in every state, the
// messages drafted or sent, the replies received and the events.
type Dump struct {
	Interviews []*followup.Interview
	Actions    []followup.Action
	Messages   []Message
	Replies    []Reply
	Events     []sqldb.Event
	// Calendar is the feed's memory of SEQUENCE numbers, so that a
	// restored store does not send calendar apps numbers they ignore.
	Calendar []CalendarItem
	// Overrides are the user's snoozes, skips and reschedules.
	Overrides []followup.Override
}

// Dump reads everything for an export, one table after the other: a
// change written meanwhile (by the daemon) may show in a later table only,
// which a second export picks up.
func (s Interviews) Dump(ctx context.Context) (Dump, error) {
	var d Dump
	var err error
	if d.Interviews, err = s.ListInterviews(ctx, Filter{}); err != nil {
		return d, fmt.Errorf("dump: %w", err)
	}
	if d.Actions, err = s.queryActions(ctx, "ORDER BY id"); err != nil {
		return d, fmt.Errorf("dump: %w", err)
	}
	if d.Messages, err = s.queryMessages(ctx, "ORDER BY created_utc, message_id"); err != nil {
		return d, fmt.Errorf("dump: %w", err)
	}
	if d.Replies, err = s.queryReplies(ctx, "ORDER BY id"); err != nil {
		return d, fmt.Errorf("dump: %w", err)
	}
	if d.Events, err = s.QueryEvents(ctx, "ORDER BY id"); err != nil {
		return d, fmt.Errorf("dump: %w", err)
	}
	if d.Calendar, err = s.CalendarItems(ctx); err != nil {
		return d, fmt.Errorf("dump: %w", err)
	}
	if d.Overrides, err = s.AllOverrides(ctx); err != nil {
		return d, fmt.Errorf("dump: %w", err)
	}
	return d, nil
}

// refuseOtherAccounts fails a restore into a handle scoped to one account
// that would write over another account's rows: an interview of the dump,
// or an action, reply or event of the dump by id, or a row about an
// interview the dump does not hold, that is another account's.
func (s Interviews) refuseOtherAccounts(ctx context.Context, tx *sql.Tx, d Dump) error {
	if !s.Scoped() {
		return nil
	}
	mine := "(SELECT id FROM interviews WHERE account = ?)"
	check := func(what, query string, arg any) error {
		var n int
		if err := tx.QueryRowContext(ctx, query, arg, s.Account()).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("%s belongs to another account of this store: restore it into that account (--account), or into a store of its own", what)
		}
		return nil
	}
	for _, iv := range d.Interviews {
		if err := check("interview "+iv.ID, "SELECT count(*) FROM interviews WHERE id = ? AND account <> ?", iv.ID); err != nil {
			return err
		}
	}
	for _, ac := range d.Actions {
		if err := check(fmt.Sprintf("follow-up #%d", ac.ID), "SELECT count(*) FROM actions WHERE id = ? AND interview_id NOT IN "+mine, ac.ID); err != nil {
			return err
		}
	}
	for _, r := range d.Replies {
		if err := check(fmt.Sprintf("reply %d", r.ID), "SELECT count(*) FROM replies WHERE id = ? AND interview_id NOT IN "+mine, r.ID); err != nil {
			return err
		}
	}
	for _, e := range d.Events {
		if err := check(fmt.Sprintf("event %d", e.ID), "SELECT count(*) FROM events WHERE id = ? AND account <> ?", e.ID); err != nil {
			return err
		}
	}
	own := map[string]bool{}
	for _, iv := range d.Interviews {
		own[iv.ID] = true
	}
	for _, ac := range d.Actions {
		if !own[ac.InterviewID] {
			if err := check("interview "+ac.InterviewID, "SELECT count(*) FROM interviews WHERE id = ? AND account <> ?", ac.InterviewID); err != nil {
				return err
			}
		}
	}
	return nil
}

// RestoreCounts says what Restore wrote: rows new to the store, and rows
// that were already there by id and were replaced.
type RestoreCounts struct {
	New, Replaced int // interviews
	Actions       int
	Messages      int
	Replies       int
	Events        int
}

// Restore writes a dump back in one transaction, by id: an interview,
// action, message (by Message-ID), reply or event that exists is replaced,
// one that does not is inserted with its id, so restoring the same dump
// twice changes nothing. Restored events count as already notified. On
// any error nothing is written.
func (s Interviews) Restore(ctx context.Context, d Dump) (RestoreCounts, error) {
	var c RestoreCounts
	err := s.Tx(sqldb.WithWholeStore(ctx), func(tx *sql.Tx) error {
		if err := s.refuseOtherAccounts(ctx, tx, d); err != nil {
			return err
		}
		for _, iv := range d.Interviews {
			existed, err := restoreInterview(ctx, tx, iv, s.Account())
			if err != nil {
				return fmt.Errorf("interview %s: %w", iv.ID, err)
			}
			if existed {
				c.Replaced++
			} else {
				c.New++
			}
		}
		if err := restoreRest(ctx, tx, d, &c, s.Account()); err != nil {
			return err
		}
		return s.ResetIdentities(ctx, tx)
	})
	if err != nil {
		return RestoreCounts{}, fmt.Errorf("restore: %w", err)
	}
	return c, nil
}

func restoreRest(ctx context.Context, tx *sql.Tx, d Dump, c *RestoreCounts, account string) error {
	for _, ac := range d.Actions {
		if err := restoreAction(ctx, tx, ac); err != nil {
			return fmt.Errorf("action %d: %w", ac.ID, err)
		}
		c.Actions++
	}
	for _, m := range d.Messages {
		if err := restoreMessage(ctx, tx, m); err != nil {
			return fmt.Errorf("message %s: %w", m.MessageID, err)
		}
		c.Messages++
	}
	for _, r := range d.Replies {
		if err := restoreReply(ctx, tx, r); err != nil {
			return fmt.Errorf("reply %d: %w", r.ID, err)
		}
		c.Replies++
	}
	for _, e := range d.Events {
		if err := restoreEvent(ctx, tx, e, account); err != nil {
			return fmt.Errorf("event %d: %w", e.ID, err)
		}
		c.Events++
	}
	for _, item := range d.Calendar {
		if err := restoreCalendarItem(ctx, tx, item, account); err != nil {
			return fmt.Errorf("calendar item %s: %w", item.UID, err)
		}
	}
	for _, o := range d.Overrides {
		if err := restoreOverride(ctx, tx, o); err != nil {
			return fmt.Errorf("decision about %s %s: %w", o.InterviewID, o.Key, err)
		}
	}
	return nil
}

func restoreOverride(ctx context.Context, tx *sql.Tx, o followup.Override) error {
	at, zone := "", ""
	if !o.At.IsZero() {
		at, zone = sqldb.FormatTime(o.At), o.At.Location().String()
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO action_overrides (interview_id, key, kind, at_utc, zone, set_utc)
		VALUES (?,?,?,?,?,?) ON CONFLICT (interview_id, key) DO UPDATE SET
		kind = excluded.kind, at_utc = excluded.at_utc, zone = excluded.zone, set_utc = excluded.set_utc`,
		o.InterviewID, o.Key, string(o.Kind), at, zone, sqldb.FormatTime(o.SetAt))
	return err
}

func restoreInterview(ctx context.Context, tx *sql.Tx, iv *followup.Interview, account string) (existed bool, err error) {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM interviews WHERE id = ?", iv.ID).Scan(&n); err != nil {
		return false, err
	}
	sig, err := json.Marshal(iv.Signals)
	if err != nil {
		return false, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO interviews (`+interviewCols+`, account) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT (id) DO UPDATE SET company = excluded.company, role = excluded.role, start_utc = excluded.start_utc,
		zone = excluded.zone, duration_s = excluded.duration_s, actual_s = excluded.actual_s, next_steps = excluded.next_steps,
		notes = excluded.notes, signals = excluded.signals, status = excluded.status, outcome = excluded.outcome,
		created_utc = excluded.created_utc, updated_utc = excluded.updated_utc`,
		iv.ID, iv.Company, iv.Role, sqldb.FormatTime(iv.Start), iv.Zone(), int64(iv.Duration/time.Second),
		int64(iv.ActualDuration/time.Second), iv.NextSteps, iv.Notes, string(sig), string(iv.Status),
		string(iv.Outcome), sqldb.FormatTime(iv.CreatedAt), sqldb.FormatTime(iv.UpdatedAt), account)
	if err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM people WHERE interview_id = ?", iv.ID); err != nil {
		return false, err
	}
	return n > 0, insertPeople(ctx, tx, iv)
}

func restoreAction(ctx context.Context, tx *sql.Tx, ac followup.Action) error {
	to := ac.To
	if to == nil {
		to = []string{}
	}
	recips, err := json.Marshal(to)
	if err != nil {
		return err
	}
	// A row planned since under the same key but another id gives way.
	if _, err := tx.ExecContext(ctx, "DELETE FROM actions WHERE interview_id = ? AND key = ? AND id != ?", ac.InterviewID, ac.Key, ac.ID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO actions (`+actionCols+`) VALUES (?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT (id) DO UPDATE SET interview_id = excluded.interview_id, key = excluded.key, kind = excluded.kind,
		recipients = excluded.recipients, due_utc = excluded.due_utc, zone = excluded.zone, state = excluded.state,
		reason = excluded.reason, message_id = excluded.message_id, updated_utc = excluded.updated_utc`,
		ac.ID, ac.InterviewID, ac.Key, string(ac.Kind), string(recips), sqldb.FormatTime(ac.Due), ac.Zone, string(ac.State),
		ac.Reason, ac.MessageID, sqldb.FormatTime(ac.UpdatedAt))
	return err
}

func restoreMessage(ctx context.Context, tx *sql.Tx, m Message) error {
	var action any
	if m.ActionID != 0 {
		action = m.ActionID
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO messages (message_id, interview_id, action_id, kind, recipient, subject, location, created_utc)
		VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (message_id) DO UPDATE SET interview_id = excluded.interview_id,
		action_id = excluded.action_id, kind = excluded.kind, recipient = excluded.recipient, subject = excluded.subject,
		location = excluded.location, created_utc = excluded.created_utc`,
		m.MessageID, m.InterviewID, action, m.Kind, m.Recipient, m.Subject, m.Location, sqldb.FormatTime(m.Created))
	return err
}

func restoreReply(ctx context.Context, tx *sql.Tx, r Reply) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO replies (id, interview_id, message_id, mailbox, from_addr, subject, date_utc,
		class, reason, return_date, failed_recipient, seen_utc, label, label_phrase, via) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT (id) DO UPDATE SET interview_id = excluded.interview_id, message_id = excluded.message_id,
		mailbox = excluded.mailbox, from_addr = excluded.from_addr, subject = excluded.subject, date_utc = excluded.date_utc,
		class = excluded.class, reason = excluded.reason, return_date = excluded.return_date,
		failed_recipient = excluded.failed_recipient, seen_utc = excluded.seen_utc,
		label = excluded.label, label_phrase = excluded.label_phrase, via = excluded.via`,
		r.ID, r.InterviewID, r.MessageID, r.Mailbox, r.From, r.Subject, sqldb.FormatTime(r.Date), r.Class, r.Reason,
		r.ReturnDate, r.FailedRecipient, sqldb.FormatTime(r.Seen), r.Label, r.LabelPhrase, r.Via)
	return err
}

func restoreEvent(ctx context.Context, tx *sql.Tx, e sqldb.Event, account string) error {
	var iv any
	if e.InterviewID != "" {
		iv = e.InterviewID
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO events (id, at_utc, interview_id, kind, detail, notified, account)
		VALUES (?1, ?2, ?3, ?4, ?5, 1, coalesce((SELECT account FROM interviews WHERE id = ?3), ?6))
		ON CONFLICT (id) DO UPDATE SET at_utc = excluded.at_utc, interview_id = excluded.interview_id,
		kind = excluded.kind, detail = excluded.detail, account = excluded.account`, e.ID, sqldb.FormatTime(e.At), iv, e.Kind, e.Detail, account)
	return err
}

// AddInterviews stores new interviews in one transaction, each with an id
// chosen like AddInterview's; an interview with the same company, role and
// start as a stored one is skipped, so importing a file twice adds nothing
// the second time. It returns the ids added (empty for a skipped one, in
// the order given). On any error nothing is stored.
func (s Interviews) AddInterviews(ctx context.Context, ivs []*followup.Interview, now time.Time) ([]string, error) {
	ids := make([]string, len(ivs))
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.LockInterviewIDs(ctx, tx); err != nil {
			return err
		}
		for i, iv := range ivs {
			dup, err := sameInterview(ctx, tx, iv, s.AndAccount("account"))
			if err != nil || dup {
				if err != nil {
					return err
				}
				continue
			}
			if err := addInterview(ctx, tx, iv, now, s.Account()); err != nil {
				return fmt.Errorf("%s %s: %w", iv.Company, iv.Role, err)
			}
			ids[i] = iv.ID
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("add interviews: %w", err)
	}
	return ids, nil
}

func sameInterview(ctx context.Context, tx *sql.Tx, iv *followup.Interview, andAccount string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM interviews WHERE lower(company) = ? AND lower(role) = ? AND start_utc = ?`+andAccount,
		strings.ToLower(iv.Company), strings.ToLower(iv.Role), sqldb.FormatTime(iv.Start)).Scan(&n)
	return n > 0, err
}
