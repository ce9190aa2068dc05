package interviews

import (
	"context"
	"database/sql"
	"fmt"
)

// AccountDeletion counts what DeleteAccount removed.
type AccountDeletion struct {
	Interviews, Outbox, Events int64
}

// DeleteAccount removes everything the store keeps for account ("" the
// default account's) in one transaction: its interviews with their
// people, follow-ups, messages, answers and decisions, its outbox rows
// (sent ones too), events, invitations, mailbox positions and meta rows.
// The caller makes sure no daemon of the account runs.
func (s Interviews) DeleteAccount(ctx context.Context, account string) (AccountDeletion, error) {
	var d AccountDeletion
	metaKeys, metaArg := "key LIKE ? ESCAPE '!'", "%!@"+escapeLike(account)
	if account == "" {
		metaKeys, metaArg = "key NOT LIKE ? ESCAPE '!'", "%!@%"
	}
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		steps := []struct {
			query string
			arg   any
			n     *int64
		}{
			{"DELETE FROM outbox WHERE account = ?", account, &d.Outbox},
			{"DELETE FROM events WHERE account = ?", account, &d.Events},
			{"DELETE FROM invites WHERE account = ?", account, nil},
			{"DELETE FROM imap_state WHERE account = ?", account, nil},
			{"DELETE FROM calendar_items WHERE account = ?", account, nil},
			{"DELETE FROM meta WHERE " + metaKeys, metaArg, nil},
			{"DELETE FROM interviews WHERE account = ?", account, &d.Interviews},
		}
		for _, st := range steps {
			res, err := tx.ExecContext(ctx, st.query, st.arg)
			if err != nil {
				return err
			}
			if st.n != nil {
				*st.n, _ = res.RowsAffected()
			}
		}
		return nil
	})
	if err != nil {
		return AccountDeletion{}, fmt.Errorf("delete account: %w", err)
	}
	return d, nil
}

// escapeLike is s for a LIKE pattern escaped with '!'.
func escapeLike(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '%' || c == '_' || c == '!' {
			out = append(out, '!')
		}
		out = append(out, s[i])
	}
	return string(out)
}
