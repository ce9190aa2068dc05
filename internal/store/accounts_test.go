package store

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/classify"
	"github.com/followup-dev/followup/internal/followup"
)

// accounts is one store seen by two accounts, each with an interview at a
// company where Jane works (the same person, two job seekers).
func accounts(t *testing.T) (all, a, b *Store, aID, bID string) {
	t.Helper()
	all = openTemp(t)
	var err error
	if a, err = all.ForAccount("personal"); err != nil {
		t.Fatal(err)
	}
	if b, err = all.ForAccount("uni"); err != nil {
		t.Fatal(err)
	}
	if aID, err = a.AddInterview(t.Context(), sample("Acme"), now); err != nil {
		t.Fatal(err)
	}
	labs := sample("Acme Labs")
	labs.Interviewers = append(labs.Interviewers, followup.Person{Name: "Kim Lo", Email: "kim@labs.example", Role: followup.RoleInterviewer})
	if bID, err = b.AddInterview(t.Context(), labs, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	return all, a, b, aID, bID
}

// TestAccountsSeeTheirOwnRows: what one account reads is its own, what it
// writes is its own; the unscoped store sees both.
func TestAccountsSeeTheirOwnRows(t *testing.T) {
	all, a, b, aID, bID := accounts(t)
	ctx := t.Context()
	for name, tt := range map[string]struct {
		s    *Store
		want []string
	}{"personal": {a, []string{aID}}, "uni": {b, []string{bID}}, "all": {all, []string{aID, bID}}} {
		list, err := tt.s.ListInterviews(ctx, Filter{})
		var got []string
		for _, iv := range list {
			got = append(got, iv.ID)
		}
		if err != nil || strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s: ListInterviews = %v, %v; want %v", name, got, err, tt.want)
		}
		if n, _ := tt.s.CountInterviews(ctx); n != len(tt.want) {
			t.Errorf("%s: CountInterviews = %d, want %d", name, n, len(tt.want))
		}
		if sums, _ := tt.s.ListSummaries(ctx); len(sums) != len(tt.want) {
			t.Errorf("%s: ListSummaries = %d rows, want %d", name, len(sums), len(tt.want))
		}
	}
	if _, err := a.GetInterview(ctx, bID); !errors.Is(err, ErrNotFound) {
		t.Errorf("personal: GetInterview(uni's) = %v, want ErrNotFound", err)
	}
	if err := a.DeleteInterview(ctx, bID, now); !errors.Is(err, ErrNotFound) {
		t.Errorf("personal: DeleteInterview(uni's) = %v, want ErrNotFound", err)
	}
	iv, _ := b.GetInterview(ctx, bID)
	iv.Notes = "overwritten by the other account"
	if err := a.UpdateInterview(ctx, iv, now); !errors.Is(err, ErrNotFound) {
		t.Errorf("personal: UpdateInterview(uni's) = %v, want ErrNotFound", err)
	}
}

// TestAccountsMatchTheirOwnMail: Jane's answer read in one account's
// mailbox is matched to that account's interview.
func TestAccountsMatchTheirOwnMail(t *testing.T) {
	_, a, b, aID, bID := accounts(t)
	r := classify.Result{Class: classify.Reply, Message: classify.Message{MessageID: "x@acme.example", From: []string{"jane@acme.example"}, Date: now}}
	for name, tt := range map[string]struct {
		s    *Store
		want string
	}{"personal": {a, aID}, "uni": {b, bID}} {
		m, err := tt.s.MatchMessage(t.Context(), r, MatchOptions{})
		if err != nil || m.InterviewID != tt.want {
			t.Errorf("%s: MatchMessage(from jane) = %+v, %v; want %s", name, m, err, tt.want)
		}
	}
	keys, err := a.LoadScreenKeys(t.Context())
	if err != nil || len(keys.People) != 3 || strings.Contains(strings.Join(keys.People, ","), "kim@") {
		t.Errorf("personal: screen keys = %+v, %v; want its own 3 people, not uni's Kim", keys, err)
	}
	if m, _ := a.MatchMessage(t.Context(), classify.Result{Class: classify.Reply, Message: classify.Message{MessageID: "y@labs.example", From: []string{"kim@labs.example"}, Date: now}}, MatchOptions{}); m.InterviewID != "" {
		t.Errorf("personal: MatchMessage(from uni's Kim) = %+v, want no match", m)
	}
}

// TestAccountsKeepTheirOwnQueueAndState: the outbox, the cap, the mailbox
// positions, meta rows, leases and events are each account's own.
func TestAccountsKeepTheirOwnQueueAndState(t *testing.T) {
	all, a, b, aID, _ := accounts(t)
	ctx := t.Context()
	if _, err := a.EnqueueOutbox(ctx, OutboxItem{InterviewID: aID, MessageID: "m1@me.example", Recipient: "jane@acme.example", Raw: rawMessage("m1")}, now); err != nil {
		t.Fatal(err)
	}
	if _, err := b.EnqueueOutbox(ctx, OutboxItem{MessageID: "digest@me.example", Recipient: "me@uni.example", Raw: rawMessage("d"), Purpose: PurposeDigest}, now); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.ClaimOutbox(ctx, now, 0); len(got) != 1 || got[0].MessageID != "digest@me.example" {
		t.Errorf("uni: ClaimOutbox = %+v, want its digest only", got)
	}
	if got, _ := a.ClaimOutbox(ctx, now, 0); len(got) != 1 || got[0].MessageID != "m1@me.example" {
		t.Errorf("personal: ClaimOutbox = %+v, want its follow-up only", got)
	}
	if list, _ := all.ListOutbox(ctx); len(list) != 2 {
		t.Errorf("all: ListOutbox = %d rows, want 2", len(list))
	}
	if n, _ := b.SentToday(ctx, now.Add(-time.Hour)); n != 0 {
		t.Errorf("uni: SentToday = %d, want 0: personal's follow-up is not on uni's cap", n)
	}
	if err := a.SetIMAPState(ctx, "INBOX", 7, 42, now, "ok"); err != nil {
		t.Fatal(err)
	}
	if _, _, ok, _ := b.IMAPState(ctx, "INBOX"); ok {
		t.Error("uni: IMAPState(INBOX) is personal's position")
	}
	if v, l, ok, _ := a.IMAPState(ctx, "INBOX"); !ok || v != 7 || l != 42 {
		t.Errorf("personal: IMAPState(INBOX) = %d %d %v", v, l, ok)
	}
	if err := a.SetMeta(ctx, "paused", "yes"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := b.Meta(ctx, "paused"); ok {
		t.Error("uni: Meta(paused) is personal's")
	}
	for name, s := range map[string]*Store{"personal": a, "uni": b} {
		if _, ok, err := s.AcquireLease(ctx, Lease{PID: 1, Host: name, Started: now}, now, time.Minute); err != nil || !ok {
			t.Errorf("%s: AcquireLease = %v, %v; want each account's daemon its own lease", name, ok, err)
		}
	}
	if err := a.AddEvent(ctx, Event{At: now, Kind: "notice", Detail: "personal's"}); err != nil {
		t.Fatal(err)
	}
	if evs, _ := b.EventsSince(ctx, now.Add(-time.Hour)); len(evs) != 0 {
		t.Errorf("uni: EventsSince = %+v, want none of personal's", evs)
	}
	if evs, _ := all.EventsSince(ctx, now.Add(-time.Hour)); len(evs) != 1 {
		t.Errorf("all: EventsSince = %d events, want 1", len(evs))
	}
}

// TestAccountsExportAndRestoreTheirOwn: an account's dump holds its data
// only, and restoring it into another account of the store is refused.
func TestAccountsExportAndRestoreTheirOwn(t *testing.T) {
	_, a, b, aID, _ := accounts(t)
	ctx := t.Context()
	acs := []followup.Action{{Key: "check-in:1", Kind: followup.KindCheckIn, To: []string{"jane@acme.example"}, Due: now.Add(48 * time.Hour), Zone: "UTC", State: followup.StatePending}}
	if err := a.SyncActions(ctx, aID, acs, now); err != nil {
		t.Fatal(err)
	}
	d, err := a.Dump(ctx)
	if err != nil || len(d.Interviews) != 1 || d.Interviews[0].ID != aID || len(d.Actions) != 1 {
		t.Fatalf("personal: Dump = %d interviews, %d actions, %v; want its 1 and 1", len(d.Interviews), len(d.Actions), err)
	}
	if _, err := b.Restore(ctx, d); err == nil || !strings.Contains(err.Error(), "belongs to another account") {
		t.Errorf("uni: Restore(personal's dump) = %v, want it refused", err)
	}
	if _, err := a.Restore(ctx, d); err != nil {
		t.Errorf("personal: Restore(its own dump) = %v", err)
	}
}

func TestForAccountRefusesBadNames(t *testing.T) {
	s := openTemp(t)
	for _, name := range []string{"Personal", "a b", "x'; DROP TABLE interviews; --", strings.Repeat("a", 41), "-x"} {
		if _, err := s.ForAccount(name); err == nil {
			t.Errorf("ForAccount(%q) = nil error, want a refusal", name)
		}
	}
}

// TestDeleteAccountRemovesOnlyItsRows: one person's deletion leaves the
// other's data whole.
func TestDeleteAccountRemovesOnlyItsRows(t *testing.T) {
	all, a, b, aID, bID := accounts(t)
	ctx := t.Context()
	if _, err := a.EnqueueOutbox(ctx, OutboxItem{InterviewID: aID, MessageID: "m1@me.example", Recipient: "jane@acme.example", Raw: rawMessage("m1")}, now); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Store{a, b} {
		if err := s.SetMeta(ctx, "paused", "yes"); err != nil {
			t.Fatal(err)
		}
		if err := s.SetIMAPState(ctx, "INBOX", 1, 2, now, "ok"); err != nil {
			t.Fatal(err)
		}
		if err := s.AddEvent(ctx, Event{At: now, Kind: "notice"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := all.SetMeta(ctx, "paused", "default's"); err != nil {
		t.Fatal(err)
	}
	d, err := all.DeleteAccount(ctx, "personal")
	if err != nil || d.Interviews != 1 || d.Outbox != 1 || d.Events != 1 {
		t.Fatalf("DeleteAccount(personal) = %+v, %v; want 1 interview, 1 outbox row, 1 event", d, err)
	}
	if n, _ := a.CountInterviews(ctx); n != 0 {
		t.Errorf("personal has %d interviews after its deletion", n)
	}
	if _, ok, _ := a.Meta(ctx, "paused"); ok {
		t.Error("personal's meta row is left")
	}
	if _, _, ok, _ := a.IMAPState(ctx, "INBOX"); ok {
		t.Error("personal's mailbox position is left")
	}
	if iv, err := b.GetInterview(ctx, bID); err != nil || iv == nil {
		t.Errorf("uni's interview after personal's deletion: %v", err)
	}
	if v, ok, _ := b.Meta(ctx, "paused"); !ok || v != "yes" {
		t.Error("uni's meta row went with personal's")
	}
	if v, ok, _ := all.Meta(ctx, "paused"); !ok || v != "default's" {
		t.Error("the default account's meta row went with personal's")
	}
	if _, _, ok, _ := b.IMAPState(ctx, "INBOX"); !ok {
		t.Error("uni's mailbox position went with personal's")
	}
}

// TestDefaultAccountSeesItsOwnBesideOthers: the default account's view
// (ForAccount("")) holds the rows written without an account, alone.
func TestDefaultAccountSeesItsOwnBesideOthers(t *testing.T) {
	all, _, _, _, _ := accounts(t)
	id, err := all.AddInterview(t.Context(), sample("Initech"), now)
	if err != nil {
		t.Fatal(err)
	}
	def, err := all.ForAccount("")
	if err != nil {
		t.Fatal(err)
	}
	list, err := def.ListInterviews(t.Context(), Filter{})
	if err != nil || len(list) != 1 || list[0].ID != id {
		t.Errorf("default account: ListInterviews = %d interviews, %v; want its own %s alone", len(list), err, id)
	}
}

// TestAccountsWakeForTheirOwnChanges: an account's change monitor, and its
// watcher of a shared feed, move for its own account's writes — not for
// another account's (its daemon's heartbeat, its user's edits), which on a
// store of many accounts would wake every daemon every few seconds.
func TestAccountsWakeForTheirOwnChanges(t *testing.T) {
	all, a, b, aID, _ := accounts(t)
	ctx := t.Context()
	monA, err := a.NewChangeMonitor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer monA.Close()
	feed, err := all.NewChangeFeed(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wA := feed.Watcher("personal")
	if _, ok, err := b.AcquireLease(ctx, Lease{PID: 7, Host: "h", Started: now}, now, time.Minute); err != nil || !ok {
		t.Fatal(err)
	}
	if _, err := b.AddInterview(ctx, sample("Globex"), now); err != nil {
		t.Fatal(err)
	}
	if err := feed.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	if changed, _ := monA.Changed(ctx); changed {
		t.Error("personal's monitor moved for uni's lease and interview")
	}
	if changed, _ := wA.Changed(ctx); changed {
		t.Error("personal's watcher moved for uni's lease and interview")
	}
	iv, _ := a.GetInterview(ctx, aID)
	iv.Notes = "edited"
	if err := a.UpdateInterview(ctx, iv, now); err != nil {
		t.Fatal(err)
	}
	if err := feed.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	if changed, _ := monA.Changed(ctx); !changed {
		t.Error("personal's monitor did not move for personal's edit")
	}
	if changed, _ := wA.Changed(ctx); !changed {
		t.Error("personal's watcher did not move for personal's edit")
	}
	if changed, _ := wA.Changed(ctx); changed {
		t.Error("personal's watcher moved twice for one edit")
	}
}

// TestAccountMonitorSeesAutocommitWrites: a write outside a transaction
// (`followup resume` clearing the pause) wakes the account's daemon too.
func TestAccountMonitorSeesAutocommitWrites(t *testing.T) {
	all := openTemp(t)
	def, err := all.ForAccount("")
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	mon, err := def.NewChangeMonitor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer mon.Close()
	other, err := def.Reopen(ctx) // the CLI, in another process
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.SetMeta(ctx, "paused", ""); err != nil {
		t.Fatal(err)
	}
	if changed, err := mon.Changed(ctx); err != nil || !changed {
		t.Errorf("Changed after another process's SetMeta = %v, %v; want true", changed, err)
	}
}

// TestHeartbeatIsNoNewsForTheAccount: a daemon's lease writes do not move
// its account's change count (they would wake it every heartbeat).
func TestHeartbeatIsNoNewsForTheAccount(t *testing.T) {
	all, a, _, _, _ := accounts(t)
	ctx := t.Context()
	feed, err := all.NewChangeFeed(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w := feed.Watcher("personal")
	l := Lease{PID: 1, Host: "h", Started: now}
	if _, ok, err := a.AcquireLease(ctx, l, now, time.Minute); err != nil || !ok {
		t.Fatal(err)
	}
	if err := a.RenewLease(ctx, l, now.Add(10*time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := feed.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	if changed, _ := w.Changed(ctx); changed {
		t.Error("personal's watcher moved for its own lease heartbeat")
	}
}

// TestUnchangedPositionIsNoNews: a sync that finds nothing new writes
// nothing, so it moves no change count either.
func TestUnchangedPositionIsNoNews(t *testing.T) {
	_, a, _, _, _ := accounts(t)
	ctx := t.Context()
	if err := a.SetIMAPState(ctx, "INBOX", 7, 42, now, "ok"); err != nil {
		t.Fatal(err)
	}
	mon, err := a.NewChangeMonitor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer mon.Close()
	other, err := a.Reopen(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.SetIMAPState(ctx, "INBOX", 7, 42, now.Add(time.Minute), "ok"); err != nil {
		t.Fatal(err)
	}
	if changed, _ := mon.Changed(ctx); changed {
		t.Error("an unchanged mailbox position moved the account's change count: the idle check wrote")
	}
}

// TestAccountsAddTheSameInterviewAtOnce: two accounts adding interviews of
// the same company, role and time at the same moment each get ids of
// their own (on PostgreSQL their writes go side by side, the choice of an
// id does not).
func TestAccountsAddTheSameInterviewAtOnce(t *testing.T) {
	all := openTemp(t)
	const each = 10
	ids := make(chan string, 2*each)
	var wg sync.WaitGroup
	for _, name := range []string{"ana", "ben"} {
		st, err := all.ForAccount(name)
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			for range each {
				id, err := st.AddInterview(t.Context(), sample("Acme"), now)
				if err != nil {
					t.Errorf("%s: AddInterview = %v", name, err)
					return
				}
				ids <- id
			}
		})
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		if seen[id] {
			t.Errorf("id %s given twice", id)
		}
		seen[id] = true
	}
	if len(seen) != 2*each {
		t.Errorf("%d interviews added, want %d", len(seen), 2*each)
	}
}
