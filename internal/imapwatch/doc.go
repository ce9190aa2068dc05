// Package imapwatch watches mailboxes for new mail over connections of
// package imapconn, handing each new message to a handler exactly once per
// successful handling and never setting \Seen; Client, Dial and DialWith
// are imapconn's, named here for the callers that need one connection for
// mailbox operations (AppendDraft, AppendSent, HasMessageID).
//
// Watcher keeps one
// connection per watched mailbox, IDLEs where the server offers it (polls
// otherwise), reconnects with capped exponential backoff and resumes from the
// last UID recorded in a StateStore, so mail that arrived during an outage
// is still found. Before new messages of any other mailbox are handed
// over, the Sent mailbox is read (on that connection), so the user's own
// mail is known before the answers to it.
//
// One connection per mailbox was chosen over one IDLE connection plus
// polling of the others: every mailbox gets prompt notice, and a failure in
// one mailbox does not stall the others. followup watches few mailboxes
// (INBOX and Sent by default), well below the per-user connection limits of
// common servers (Dovecot 10, Gmail 15).
package imapwatch
