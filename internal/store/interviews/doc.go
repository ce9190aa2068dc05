// Package interviews is the store's tables of interviews and their plans:
// interviews, people, actions and their overrides, the calendar feed's
// memory, the messages and replies read per interview, and the lossless
// dump and restore of all of them.
package interviews

import "github.com/followup-dev/followup/internal/store/sqldb"

// Interviews reads and writes those tables of one database.
type Interviews struct{ *sqldb.Handle }
