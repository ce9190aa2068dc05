package followup

import (
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/calendar"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

func everyDay(t *testing.T) *calendar.Calendar {
	t.Helper()
	c, err := calendar.New([]time.Weekday{0, 1, 2, 3, 4, 5, 6}, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestPlace(t *testing.T) {
	officeHours := Window{Start: 9 * 60, End: 17 * 60}
	early := Window{Start: 2*60 + 30, End: 17 * 60}
	nyEarly := Window{Start: 1*60 + 30, End: 17 * 60}
	holidays, err := calendar.New(nil, []calendar.Date{calendar.MakeDate(2026, 12, 24)}, "US")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		zone   string
		window Window
		cal    *calendar.Calendar
		in     string
		want   string
	}{
		{"inside the window", "Europe/Berlin", officeHours, nil, "2026-11-23T10:15:00Z", "2026-11-23T10:15:00Z"},
		{"before the window", "Europe/Berlin", officeHours, nil, "2026-11-23T05:00:00Z", "2026-11-23T08:00:00Z"},
		{"at the window's end", "Europe/Berlin", officeHours, nil, "2026-11-23T16:00:00Z", "2026-11-24T08:00:00Z"},
		{"friday evening", "Europe/Berlin", officeHours, nil, "2026-11-20T18:00:00Z", "2026-11-23T08:00:00Z"},
		{"3 am on a weekday", "Europe/Berlin", officeHours, nil, "2026-11-24T02:00:00Z", "2026-11-24T08:00:00Z"},
		{"holidays in the way", "America/New_York", officeHours, holidays, "2026-12-24T00:00:00Z", "2026-12-28T14:00:00Z"},
		{"berlin spring forward weekend", "Europe/Berlin", officeHours, nil, "2026-03-27T18:00:00Z", "2026-03-30T07:00:00Z"},
		{"berlin fall back weekend", "Europe/Berlin", officeHours, nil, "2026-10-23T17:00:00Z", "2026-10-26T08:00:00Z"},
		{"new york spring forward weekend", "America/New_York", officeHours, nil, "2026-03-07T00:00:00Z", "2026-03-09T13:00:00Z"},
		{"new york fall back weekend", "America/New_York", officeHours, nil, "2026-10-30T23:00:00Z", "2026-11-02T14:00:00Z"},
		{"berlin window start in the gap", "Europe/Berlin", early, everyDay(t), "2026-03-28T23:30:00Z", "2026-03-29T01:00:00Z"},
		{"berlin window start in the repeated hour", "Europe/Berlin", early, everyDay(t), "2026-10-24T22:30:00Z", "2026-10-25T00:30:00Z"},
		{"berlin second pass of the repeated hour", "Europe/Berlin", early, everyDay(t), "2026-10-25T01:10:00Z", "2026-10-25T01:30:00Z"},
		{"new york window start in the gap", "America/New_York", early, everyDay(t), "2026-03-08T05:30:00Z", "2026-03-08T07:00:00Z"},
		{"new york window start in the repeated hour", "America/New_York", nyEarly, everyDay(t), "2026-11-01T04:30:00Z", "2026-11-01T05:30:00Z"},
		{"inside the repeated hour stays put", "America/New_York", nyEarly, everyDay(t), "2026-11-01T05:45:00Z", "2026-11-01T05:45:00Z"},
		{"new york second pass of the repeated hour", "America/New_York", nyEarly, everyDay(t), "2026-11-01T06:15:00Z", "2026-11-01T06:30:00Z"},
		{"whole-day window", "Europe/Berlin", Window{}, nil, "2026-11-24T02:00:00Z", "2026-11-24T02:00:00Z"},
		{"whole-day window on a weekend", "Europe/Berlin", Window{}, nil, "2026-11-21T12:00:00Z", "2026-11-22T23:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Placer{Window: tt.window, Calendar: tt.cal, Location: mustZone(t, tt.zone)}
			got := p.Place(utc(tt.in))
			if !got.Equal(utc(tt.want)) {
				t.Errorf("Place(%s) = %s, want %s", tt.in, got.UTC().Format(time.RFC3339), tt.want)
			}
			if got.Location() != p.Location {
				t.Errorf("Place(%s) zone = %s, want %s", tt.in, got.Location(), p.Location)
			}
			if got.Before(utc(tt.in)) {
				t.Errorf("Place(%s) = %s, earlier than the due time", tt.in, got.UTC().Format(time.RFC3339))
			}
		})
	}
}

func TestWallClock(t *testing.T) {
	tests := []struct {
		zone         string
		date         calendar.Date
		hour, minute int
		want         string
	}{
		{"Europe/Berlin", calendar.MakeDate(2026, 3, 29), 2, 30, "2026-03-29T01:00:00Z"},  // gap: first minute after it, 03:00 CEST
		{"Europe/Berlin", calendar.MakeDate(2026, 3, 29), 2, 0, "2026-03-29T01:00:00Z"},   // gap start
		{"Europe/Berlin", calendar.MakeDate(2026, 3, 29), 3, 0, "2026-03-29T01:00:00Z"},   // right after the gap
		{"Europe/Berlin", calendar.MakeDate(2026, 10, 25), 2, 30, "2026-10-25T00:30:00Z"}, // repeated: first occurrence, CEST
		{"America/New_York", calendar.MakeDate(2026, 3, 8), 2, 15, "2026-03-08T07:00:00Z"},
		{"America/New_York", calendar.MakeDate(2026, 11, 1), 1, 30, "2026-11-01T05:30:00Z"},
		{"America/New_York", calendar.MakeDate(2026, 11, 1), 9, 0, "2026-11-01T14:00:00Z"},
	}
	for _, tt := range tests {
		got := WallClock(tt.date, tt.hour, tt.minute, mustZone(t, tt.zone))
		if !got.Equal(utc(tt.want)) {
			t.Errorf("WallClock(%s, %02d:%02d, %s) = %s, want %s", tt.date, tt.hour, tt.minute, tt.zone, got.UTC().Format(time.RFC3339), tt.want)
		}
	}
}

func TestAddWall(t *testing.T) {
	berlin := mustZone(t, "Europe/Berlin")
	tests := []struct {
		in   string
		d    time.Duration
		want string
	}{
		{"2026-03-16T08:00:00Z", 14 * 24 * time.Hour, "2026-03-30T07:00:00Z"}, // 09:00 CET → 09:00 CEST
		{"2026-10-19T07:00:00Z", 7 * 24 * time.Hour, "2026-10-26T08:00:00Z"},  // 09:00 CEST → 09:00 CET
		{"2026-03-15T01:30:00Z", 14 * 24 * time.Hour, "2026-03-29T01:00:00Z"}, // 02:30 lands in the gap → 03:00 CEST
		{"2026-03-28T12:00:00Z", 2 * time.Hour, "2026-03-28T14:00:00Z"},       // not whole days: elapsed time
	}
	for _, tt := range tests {
		got := addWall(utc(tt.in), tt.d, berlin)
		if !got.Equal(utc(tt.want)) {
			t.Errorf("addWall(%s, %s) = %s, want %s", tt.in, tt.d, got.UTC().Format(time.RFC3339), tt.want)
		}
	}
}
