package calfeed

import (
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/apptest"
	"github.com/followup-dev/followup/internal/store"
)

// BenchmarkBuild10k builds the feed of a store of 10,000 interviews, each
// with a thank-you and a check-in pending: the work the daemon does after
// every pass when [calendar] feed is set.
func BenchmarkBuild10k(b *testing.B) {
	st, err := store.Open(b.Context(), b.TempDir()+"/followup.db")
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	now := apptest.Now
	apptest.Seed(b, st, 10_000, func(i int) apptest.Seeded {
		return apptest.Seeded{Status: "awaiting", Start: now.Add(-time.Duration(i%48) * time.Hour),
			ThankYouDue: now.Add(time.Duration(i) * time.Minute), CheckInDue: now.Add(10 * 24 * time.Hour)}
	})
	if _, err := Build(b.Context(), st, now); err != nil { // the first build stamps every item
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Build(b.Context(), st, now); err != nil {
			b.Fatal(err)
		}
	}
}
