package mail

// What the tests of package mail_test need from the inside.

type (
	OutboxView = outboxView
	SyncView   = syncView
)

var (
	SyncSummary     = syncSummary
	ProgressPrinter = progressPrinter
)
