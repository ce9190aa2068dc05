// Package received is the store's tables of received mail: matching a
// message to an interview, recording replies and their effect, each
// mailbox's sync position and the calendar invitations found in mail.
package received

import "github.com/followup-dev/followup/internal/store/sqldb"

// Mail reads and writes those tables of one database.
type Mail struct{ *sqldb.Handle }
