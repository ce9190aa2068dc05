package received

import (
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/store/sqldb"
	"github.com/followup-dev/followup/internal/store/storetest"
)

func TestMatchQueriesUseIndexes(t *testing.T) {
	storetest.SkipOnPostgres(t, "EXPLAIN QUERY PLAN")
	h, err := sqldb.Open(t.Context(), t.TempDir()+"/followup.db")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	s := Mail{Handle: h}
	tests := map[string]string{
		threadQuery(2):     "sqlite_autoindex_messages_1",
		personQuery(2, ""): "people_email_lower",
		domainQuery(2, ""): "people_domain",
		seenReplyQuery:     "replies_message",
	}
	for query, index := range tests {
		args := []any{"a", "b", "c"}[:strings.Count(query, "?")]
		rows, err := s.DB().QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+query, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if !strings.Contains(strings.Join(plan, "; "), index) {
			t.Errorf("query plan of %q = %q, want it to use %s", query, plan, index)
		}
	}
}
