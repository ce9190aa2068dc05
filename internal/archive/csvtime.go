package archive

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// dateLayouts are the date and date-time forms spreadsheets and trackers
// write; slashed dates are tried month first unless the first number is
// above 12.
var dateLayouts = []string{
	"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02",
	"2006/01/02 15:04", "2006/01/02",
	"1/2/2006 15:04", "1/2/2006 3:04 PM", "1/2/2006 3:04PM", "1/2/2006",
	"2.1.2006 15:04", "2.1.2006",
	"Jan 2, 2006 15:04", "Jan 2, 2006 3:04 PM", "Jan 2, 2006", "January 2, 2006", "2 Jan 2006 15:04", "2 Jan 2006",
	"2 January 2006", "02-Jan-2006", "Mon, Jan 2, 2006",
}

var errDate = errors.New(`not a date followup can read: write it as 2026-11-20 14:00 (or 11/20/2026, 20.11.2026, Nov 20, 2026)`)

// parseWhen reads a date, with the time from its own column if there is
// one; a date without a time is at 09:00. A time that does not exist in
// loc (a daylight-saving gap) is refused.
func parseWhen(date, clock string, loc *time.Location) (time.Time, error) {
	if date == "" {
		return time.Time{}, errors.New("empty: every interview needs its date")
	}
	if t, err := time.Parse(time.RFC3339, date); err == nil {
		return t.In(loc), nil
	}
	s := date
	if clock != "" {
		s = date + " " + clock
	}
	s = dayFirst(strings.Join(strings.Fields(s), " "))
	for _, layout := range dateLayouts {
		t, err := time.ParseInLocation(layout, s, loc)
		if err != nil {
			continue
		}
		if !strings.Contains(layout, "15") && !strings.Contains(layout, "3:04") {
			t = time.Date(t.Year(), t.Month(), t.Day(), 9, 0, 0, 0, loc)
		} else if u, _ := time.Parse(layout, s); u.Hour() != t.Hour() || u.Minute() != t.Minute() {
			return time.Time{}, errors.New("this time does not exist in " + loc.String() + " (a daylight-saving change)")
		}
		return t, nil
	}
	return time.Time{}, errDate
}

// dayFirst swaps "20/11/2026" into "11/20/2026", since a first number
// above 12 cannot be a month.
func dayFirst(s string) string {
	parts := strings.SplitN(s, "/", 3)
	if len(parts) != 3 || len(parts[0]) > 2 {
		return s
	}
	if n, err := strconv.Atoi(parts[0]); err == nil && n > 12 {
		return parts[1] + "/" + parts[0] + "/" + parts[2]
	}
	return s
}

// parseLength reads "45", "45m", "1h30m" or "1:30".
func parseLength(s string) (time.Duration, error) {
	var d time.Duration
	if n, err := strconv.Atoi(s); err == nil {
		d = time.Duration(n) * time.Minute
	} else if h, m, ok := strings.Cut(s, ":"); ok {
		hh, err1 := strconv.Atoi(h)
		mm, err2 := strconv.Atoi(m)
		if err1 != nil || err2 != nil {
			return 0, errors.New(`write a length in minutes, such as 45, 1h30m or 1:30`)
		}
		d = time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute
	} else if d, err = time.ParseDuration(s); err != nil {
		return 0, errors.New(`write a length in minutes, such as 45, 1h30m or 1:30`)
	}
	if d < time.Minute || d > 24*time.Hour {
		return 0, errors.New("a length is from 1 minute to 24 hours")
	}
	return d, nil
}
