package nextstep

import (
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/calendar"
	"github.com/followup-dev/followup/internal/commitment"
)

func TestParseMatch(t *testing.T) {
	tests := []struct {
		text, match string
	}{
		{"we'll get back to you in 4-5 working days, thanks!", "in 4-5 working days"},
		{"They said BY FRIDAY at the latest", "BY FRIDAY"},
		{"close of business Wednesday", "close of business Wednesday"},
		{"We’ll be in touch by the end of next week", "by the end of next week"},
		{"Décision: within 2 weeks", "within 2 weeks"},
		{"hear back in 5—7 business days", "in 5—7 business days"},
		{"expect news\u00a0by\u00a0Monday", "by\u00a0Monday"},
		{"see you Friday, December 4.", "Friday, December 4"},
		{"no date here", ""},
	}
	ref := refTime("2026-11-20")
	for _, tt := range tests {
		if got := Parse(tt.text, ref, nil); got.Match != tt.match {
			t.Errorf("Parse(%q).Match = %q, want %q", tt.text, got.Match, tt.match)
		}
	}
}

func TestParseUsesDateInRefZone(t *testing.T) {
	// 22:30 in New York on Friday 20 November is already Saturday in UTC.
	ref := time.Date(2026, 11, 20, 22, 30, 0, 0, zone)
	tests := []struct {
		ref  time.Time
		want string
	}{
		{ref, "2026-11-21"},
		{ref.UTC(), "2026-11-22"},
	}
	for _, tt := range tests {
		if got := Parse("tomorrow", tt.ref, nil); got.Latest != date(tt.want) {
			t.Errorf("Parse(%q, %v) = %v, want %s", "tomorrow", tt.ref, got.Latest, tt.want)
		}
	}
}

func TestParsePastExplicitDates(t *testing.T) {
	for _, text := range []string{"we met on November 3, 2026", "2026-11-19", "late October 2026", "since 2025-01-01", "December 3, 2100", "mid-June 2099"} {
		if got := Parse(text, refTime("2026-11-20"), nil); got.Found {
			t.Errorf("Parse(%q) = %v %s, want nothing (a promise is never in the past nor decades ahead)", text, got.Latest, got.Rule)
		}
	}
}

func TestParseCountryCalendar(t *testing.T) {
	gb, err := calendar.New(nil, nil, "GB")
	if err != nil {
		t.Fatal(err)
	}
	// Christmas Fri 25, Boxing Day Sat 26 observed Mon 28 December 2026.
	got := Parse("within 2 working days", refTime("2026-12-24"), gb)
	if want := date("2026-12-30"); got.Latest != want {
		t.Errorf("Parse(%q, Thu 24 Dec, GB) = %v, want %v", "within 2 working days", got.Latest, want)
	}
}

func TestDescribe(t *testing.T) {
	ref := refTime("2026-11-20")
	tests := []struct {
		text, want string
	}{
		{"in 5 business days", "by Fri 27 Nov 2026 (5 business days after Fri 20 Nov)"},
		{"we'll get back to you in 4-5 working days", "by Fri 27 Nov 2026, earliest Thu 26 Nov (4-5 business days after Fri 20 Nov)"},
		{"tomorrow", "by Sat 21 Nov 2026 (1 day after Fri 20 Nov)"},
		{"in a week", "by Fri 27 Nov 2026 (1 week after Fri 20 Nov)"},
		{"within 48 hours", "by Sun 22 Nov 2026 (48 hours after Fri 20 Nov)"},
		{"in a month", "by Sun 20 Dec 2026 (1 month after Fri 20 Nov)"},
		{"by Monday", `by Mon 23 Nov 2026 ("by Monday")`},
		{"EOD", `by Fri 20 Nov 2026 ("EOD", the same day)`},
		{"we'll be in touch", "no date promised"},
	}
	for _, tt := range tests {
		if got := Parse(tt.text, ref, nil).Describe(ref); got != tt.want {
			t.Errorf("Parse(%q).Describe(ref) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestParseNoneResult(t *testing.T) {
	got := Parse("we'll be in touch", refTime("2026-11-20"), nil)
	want := Result{Rule: commitment.RuleNone}
	if got != want {
		t.Errorf("Parse(%q) = %+v, want %+v", "we'll be in touch", got, want)
	}
}

// adversarial returns about size bytes of text built to make a scanner
// backtrack: long runs of prefixes, numbers, list separators and parts.
func adversarial(size int) string {
	pieces := []string{
		"in within about around the next up to no more than ",
		"a couple of a few several 4-5-6-7-8 to or and ",
		"monday or tuesday / wed - thu, fri or ",
		"the end of the middle of the beginning of early mid- late ",
		"december 3 3rd the 3rd of the 2026-12- 2026 / 12 / ",
		"business working calendar days weeks or two or so ",
		"close of business end of day eod cob today tomorrow the day after ",
	}
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		b.WriteString(pieces[i%len(pieces)])
	}
	return b.String()[:size]
}

// maxStepsPerToken bounds the token inspections per input token: every
// matcher looks at a bounded window, so the work is linear in the input.
const maxStepsPerToken = 150

func TestParseWorkIsLinear(t *testing.T) {
	ref := refTime("2026-11-20")
	inputs := map[string]string{
		"adversarial 1 KB":  adversarial(1 << 10),
		"adversarial 10 KB": adversarial(10 << 10),
		"one word 10 KB":    strings.Repeat("monday ", 10<<10/7),
		"digits 10 KB":      strings.Repeat("1-", 10<<10/2),
		"corpus 10 KB":      corpusText(10 << 10),
		"over the cap":      adversarial(3 * MaxInput),
	}
	for name, in := range inputs {
		_, steps := parse(in, ref, nil)
		tokens := commitment.NewParser(in[:min(len(in), MaxInput)], calendar.Date{}, nil).Len()
		if tokens == 0 || steps > maxStepsPerToken*tokens {
			t.Errorf("%s: parse made %d steps for %d tokens, want at most %d per token", name, steps, tokens, maxStepsPerToken)
		}
		t.Logf("%s: %d tokens, %d steps, %.1f steps/token", name, tokens, steps, float64(steps)/float64(tokens))
	}
}

func corpusText(size int) string {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		b.WriteString(corpus[i%len(corpus)].text)
		b.WriteString(". ")
	}
	return b.String()[:size]
}

func FuzzParse(f *testing.F) {
	for _, p := range corpus {
		f.Add(p.text, int64(0))
	}
	f.Add(adversarial(2000), int64(86400*3))
	base := refTime("2026-11-20")
	known := map[string]bool{commitment.RuleBusinessDays: true, commitment.RuleCalendarDays: true, commitment.RuleHours: true, commitment.RuleWeeks: true,
		commitment.RuleMonth: true, commitment.RuleWeekday: true, commitment.RuleThisWeek: true, commitment.RuleNextWeek: true, commitment.RuleMonthEnd: true,
		commitment.RuleMonthPart: true, commitment.RuleDate: true, commitment.RuleDayOfMonth: true, commitment.RuleToday: true, commitment.RuleHoliday: true,
		commitment.RuleNthWeekday: true, commitment.RuleQuarter: true}
	f.Fuzz(func(t *testing.T, text string, shift int64) {
		ref := base.Add(time.Duration(shift%(86400*3650)) * time.Second)
		r := Parse(text, ref, nil)
		refDate := calendar.DateOf(ref)
		if !r.Found {
			if r != (Result{Rule: commitment.RuleNone, SetAside: r.SetAside}) {
				t.Fatalf("Parse(%q) = %+v, want the empty result (SetAside aside)", text, r)
			}
			return
		}
		if !known[r.Rule] || r.Earliest.After(r.Latest) || r.Earliest.Before(refDate) ||
			r.Latest.After(refDate.AddDays(9*366)) || !strings.Contains(text, r.Match) || r.Match == "" {
			t.Fatalf("Parse(%q, %v) = %+v: want a known rule, ref <= Earliest <= Latest within 9 years, Match from the text", text, ref, r)
		}
		if d := r.Describe(ref); !strings.HasPrefix(d, "by ") {
			t.Fatalf("Parse(%q).Describe() = %q, want it to start with \"by \"", text, d)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	cals := testCalendars()
	refs := make([]time.Time, len(corpus))
	for i, p := range corpus {
		refs[i] = refTime(p.ref)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i, p := range corpus {
			Parse(p.text, refs[i], cals[p.cal])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(corpus)), "ns/phrase")
}
