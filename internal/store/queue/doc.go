// Package queue is the store's tables of outgoing mail: the outbox state
// machine (follow-ups, digests, notices), drafts and the messages
// followup wrote, and the copies still to file in Sent.
package queue

import "github.com/followup-dev/followup/internal/store/sqldb"

// Queue reads and writes those tables of one database.
type Queue struct{ *sqldb.Handle }
