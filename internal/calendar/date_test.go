package calendar

import (
	"testing"
	"time"
	_ "time/tzdata" // the test needs zones on any machine
)

func d(s string) Date {
	v, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr bool
	}{
		{"2026-11-20", Date{2026, time.November, 20}, false},
		{"2028-02-29", Date{2028, time.February, 29}, false},
		{"2026-02-29", Date{}, true},
		{"2026-13-01", Date{}, true},
		{"20 Nov 2026", Date{}, true},
		{"", Date{}, true},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseDate(%q) = %v, %v, want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestDateString(t *testing.T) {
	tests := []struct {
		in   Date
		want string
	}{
		{Date{2026, time.November, 20}, "2026-11-20"},
		{Date{987, time.January, 2}, "0987-01-02"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDateOfUsesOwnLocation(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	la := time.FixedZone("PST", -8*3600)
	instant := time.Date(2026, time.November, 20, 23, 30, 0, 0, time.UTC)
	tests := []struct {
		in   time.Time
		want Date
	}{
		{instant, d("2026-11-20")},
		{instant.In(tokyo), d("2026-11-21")},
		{instant.In(la), d("2026-11-20")},
		{time.Date(2027, 1, 1, 0, 30, 0, 0, tokyo).In(la), d("2026-12-31")},
	}
	for _, tt := range tests {
		if got := DateOf(tt.in); got != tt.want {
			t.Errorf("DateOf(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestWeekday(t *testing.T) {
	tests := []struct {
		in   string
		want time.Weekday
	}{
		{"2026-11-20", time.Friday},
		{"2026-11-22", time.Sunday},
		{"2026-12-30", time.Wednesday},
		{"2027-01-01", time.Friday},
		{"2028-02-29", time.Tuesday},
	}
	for _, tt := range tests {
		if got := d(tt.in).Weekday(); got != tt.want {
			t.Errorf("%s.Weekday() = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestAddDays(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"2026-11-20", 0, "2026-11-20"},
		{"2026-11-20", 7, "2026-11-27"},
		{"2026-12-30", 3, "2027-01-02"},
		{"2027-01-01", -1, "2026-12-31"},
		{"2028-02-28", 1, "2028-02-29"},
		{"2027-02-28", 1, "2027-03-01"},
	}
	for _, tt := range tests {
		if got := d(tt.in).AddDays(tt.n); got != d(tt.want) {
			t.Errorf("%s.AddDays(%d) = %v, want %v", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestAddMonths(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"2026-11-20", 1, "2026-12-20"},
		{"2026-12-15", 1, "2027-01-15"},
		{"2027-01-31", 1, "2027-02-28"},
		{"2028-01-31", 1, "2028-02-29"},
		{"2026-08-31", 1, "2026-09-30"},
		{"2026-10-31", 4, "2027-02-28"},
		{"2026-03-31", -1, "2026-02-28"},
	}
	for _, tt := range tests {
		if got := d(tt.in).AddMonths(tt.n); got != d(tt.want) {
			t.Errorf("%s.AddMonths(%d) = %v, want %v", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestDaysIn(t *testing.T) {
	tests := []struct {
		year  int
		month time.Month
		want  int
	}{
		{2026, time.February, 28},
		{2028, time.February, 29},
		{2100, time.February, 28},
		{2000, time.February, 29},
		{2026, time.April, 30},
		{2026, time.December, 31},
	}
	for _, tt := range tests {
		if got := DaysIn(tt.year, tt.month); got != tt.want {
			t.Errorf("DaysIn(%d, %v) = %d, want %d", tt.year, tt.month, got, tt.want)
		}
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		a, b                string
		cmp                 int
		before, after, same bool
	}{
		{"2026-11-20", "2026-11-20", 0, false, false, true},
		{"2026-11-20", "2026-11-21", -1, true, false, false},
		{"2026-12-01", "2026-11-30", 1, false, true, false},
		{"2027-01-01", "2026-12-31", 1, false, true, false},
		{"2025-12-31", "2026-01-01", -1, true, false, false},
	}
	for _, tt := range tests {
		a, b := d(tt.a), d(tt.b)
		if got := a.Compare(b); got != tt.cmp {
			t.Errorf("%s.Compare(%s) = %d, want %d", tt.a, tt.b, got, tt.cmp)
		}
		if got := a.Before(b); got != tt.before {
			t.Errorf("%s.Before(%s) = %v, want %v", tt.a, tt.b, got, tt.before)
		}
		if got := a.After(b); got != tt.after {
			t.Errorf("%s.After(%s) = %v, want %v", tt.a, tt.b, got, tt.after)
		}
		if got := a == b; got != tt.same {
			t.Errorf("%s == %s = %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
}

func TestAt(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatalf("LoadLocation(America/New_York) = %v", err)
	}
	tests := []struct {
		date         string
		hour, minute int
		want         time.Time
	}{
		{"2026-11-20", 9, 30, time.Date(2026, 11, 20, 14, 30, 0, 0, time.UTC)},
		{"2026-07-03", 17, 0, time.Date(2026, 7, 3, 21, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		got := d(tt.date).At(tt.hour, tt.minute, ny)
		if !got.Equal(tt.want) || got.Location() != ny {
			t.Errorf("%s.At(%d, %d, New York) = %v, want %v in New York", tt.date, tt.hour, tt.minute, got, tt.want)
		}
	}
}
