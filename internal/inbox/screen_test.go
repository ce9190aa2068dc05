package inbox

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/answer"
	"github.com/followup-dev/followup/internal/apptest"
	"github.com/followup-dev/followup/internal/classify"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/imapwatch"
)

// onlyFields is raw's header cut down to the fields named, as a
// BODY.PEEK[HEADER.FIELDS (...)] FETCH returns it.
func onlyFields(raw []byte, fields []string) []byte {
	raw = bytes.TrimLeft(raw, "\r\n")
	if i := bytes.Index(raw, []byte("\n\n")); i >= 0 && !bytes.Contains(raw[:i], []byte("\r\n\r\n")) {
		raw = raw[:i+1]
	} else if i := bytes.Index(raw, []byte("\r\n\r\n")); i >= 0 {
		raw = raw[:i+2]
	}
	var out []byte
	keep := false
	for _, line := range bytes.SplitAfter(raw, []byte("\n")) {
		if len(line) > 0 && line[0] != ' ' && line[0] != '\t' {
			name, _, _ := strings.Cut(string(line), ":")
			keep = false
			for _, f := range fields {
				keep = keep || strings.EqualFold(strings.TrimSpace(name), f)
			}
		}
		if keep {
			out = append(out, line...)
		}
	}
	return append(out, "\r\n"...)
}

// Seen through only the fields the screen fetches, every bounce fixture of
// the classifier is flagged, and every applicant-tracking fixture of the
// answer reader is one the table still detects.
func TestScreenFieldsKeepBouncesAndATS(t *testing.T) {
	fields := ScreenFields()
	bounces, ats := 0, 0
	for _, p := range fixtures(t, "../classify/testdata/*.eml", "../answer/testdata/*.eml") {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		screened := onlyFields(raw, fields)
		if classify.Classify(raw).Class == classify.Bounce {
			bounces++
			if !classify.Screen(screened).MayBeBounce {
				t.Errorf("%s: a bounce the screen's fields do not flag", p)
			}
		}
		if _, ok := answer.Default().Detect(answer.ParseHeader(raw).Header); ok {
			ats++
			if _, ok := answer.Default().Detect(answer.ParseHeader(screened).Header); !ok || !answer.Default().MayDetect(screened) {
				t.Errorf("%s: applicant-tracking mail the screen's fields do not show", p)
			}
		}
	}
	if bounces < 10 || ats < 10 {
		t.Errorf("%d bounces and %d applicant-tracking fixtures: the test proves little", bounces, ats)
	}
}

func fixtures(t *testing.T, globs ...string) []string {
	t.Helper()
	var all []string
	for _, g := range globs {
		paths, err := filepath.Glob(g)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, paths...)
	}
	return all
}

// stopAfter is a slog handler that cancels a context at the n-th
// "answer recorded" record: a sync stopped there is as if killed.
type stopAfter struct {
	n      *int
	cancel context.CancelFunc
}

func (s stopAfter) Enabled(context.Context, slog.Level) bool { return true }
func (s stopAfter) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "answer recorded" {
		if *s.n--; *s.n == 0 {
			s.cancel()
		}
	}
	return nil
}
func (s stopAfter) WithAttrs([]slog.Attr) slog.Handler { return s }
func (s stopAfter) WithGroup(string) slog.Handler      { return s }

// A catch-up stopped in the middle of a batch, after some of its answers
// were handled, keeps none of the batch (its answers and position are one
// transaction) and is taken up by the next one from the batch's start:
// every answer ends up recorded exactly once and none is missed.
func TestCatchUpStoppedMidBatchRecordsEachAnswerOnce(t *testing.T) {
	e, id, s := watchEnv(t)
	for i := 1; i <= 4; i++ {
		s.Deliver("INBOX", msg("Sale!", "From: shop@shop.example", "Subject: Sale "+strconv.Itoa(i),
			fmt.Sprintf("Message-ID: <sale.%d@shop.example>", i)), testNow)
		s.Deliver("INBOX", msg(fmt.Sprintf("Hi Max,\r\n\r\nnote %d about the next round.\r\n\r\nJane", i),
			"From: Jane Roe <jane@acme.example>", "To: max@example.org", "Subject: Re: Thank you",
			"Date: Fri, 20 Nov 2026 15:30:00 +0000", fmt.Sprintf("Message-ID: <reply.%d@acme.example>", i)), testNow)
	}
	ctx, cancel := context.WithCancel(t.Context())
	left := 2
	e.Log = slog.New(stopAfter{n: &left, cancel: cancel})
	if _, err := e.CatchUp(ctx, nil); err == nil {
		t.Fatal("CatchUp stopped after two answers = nil, want an error")
	}
	if got := replyIDs(t, e); len(got) != 0 {
		t.Fatalf("answers kept of the stopped batch = %q, want none: the batch is one transaction", got)
	}
	if _, last, _, _ := e.Store.IMAPState(t.Context(), "INBOX"); last != 0 {
		t.Errorf("position after the stop = %d, want 0: the batch was not done", last)
	}
	e.Log = nil
	sum, err := e.CatchUp(t.Context(), nil)
	if err != nil {
		t.Fatalf("CatchUp after the stop = %v", err)
	}
	want := []string{"reply.1@acme.example", "reply.2@acme.example", "reply.3@acme.example", "reply.4@acme.example"}
	if got := replyIDs(t, e); !slices.Equal(got, want) {
		t.Errorf("answers recorded = %q, want each of %q once", got, want)
	}
	if sum.Seen["INBOX"] != 8 {
		t.Errorf("second catch-up saw %v, want the whole batch of 8 again", sum.Seen)
	}
	if iv, err := e.Store.GetInterview(t.Context(), id); err != nil || iv.Status != followup.StatusReplied {
		t.Errorf("interview = %v, %v; want replied", iv.Status, err)
	}
}

// replyIDs are the Message-IDs of the replies recorded, sorted.
func replyIDs(t *testing.T, e *Inbox) []string {
	t.Helper()
	rs, err := e.Store.RepliesSince(t.Context(), "reply", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rs {
		ids = append(ids, r.MessageID)
	}
	slices.Sort(ids)
	return ids
}

// The daemon's watcher reads a big mailbox through the same screened
// catch-up, and a reply delivered while it does is found, once.
func TestWatcherFindsReplyArrivingDuringCatchUp(t *testing.T) {
	e, id, s := watchEnv(t)
	for i := range 1500 {
		s.Deliver("INBOX", msg("Sale!", "From: shop@shop.example", fmt.Sprintf("Subject: Sale %d", i),
			fmt.Sprintf("Message-ID: <sale.%d@shop.example>", i)), testNow)
	}
	var once sync.Once
	stop := runWatcher(t, e, imapwatch.WatchOptions{Since: testNow.AddDate(0, 0, -2), Progress: func(p imapwatch.Progress) {
		if p.Mailbox == "INBOX" && p.Done < p.Total {
			once.Do(func() { s.Deliver("INBOX", janeReply, testNow) }) // after the first batch
		}
	}})
	apptest.WaitFor(t, 10*time.Second, "check-in cancelled, status replied", func() (string, bool) { return checkIn(t, e, id) })
	stop()
	if got := replyIDs(t, e); !slices.Equal(got, []string{"reply.1@acme.example"}) {
		t.Errorf("replies recorded = %q, want the one reply once", got)
	}
	if _, last, _, _ := e.Store.IMAPState(t.Context(), "INBOX"); last != 1501 {
		t.Errorf("position = %d, want 1501 (every message read)", last)
	}
}
