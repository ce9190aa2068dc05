package calendar

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/rickar/cal/v2"
)

// configuredHoliday is the name IsHoliday reports for a holiday from the configuration.
const configuredHoliday = "holiday (configured)"

// Calendar knows the workdays of the week and the holidays of one user.
// A Calendar is safe for concurrent use.
type Calendar struct {
	workdays   [7]bool
	configured map[Date]string
	country    string
	rules      []*cal.Holiday

	mu    sync.Mutex
	years map[int]map[Date]string // country holidays by year, filled on first use
}

// Default returns a calendar with Monday to Friday as workdays and no holidays.
func Default() *Calendar {
	c, err := New(nil, nil, "")
	if err != nil {
		panic(err) // unreachable: the defaults are valid
	}
	return c
}

// New returns a calendar with the given workdays (nil or empty means Monday
// to Friday), the given extra holidays, and the public holidays of country,
// an ISO 3166 alpha-2 code such as "US" or a subdivision such as "DE-BY"
// (empty for none; see Countries).
func New(workdays []time.Weekday, holidays []Date, country string) (*Calendar, error) {
	c := &Calendar{configured: make(map[Date]string, len(holidays))}
	var errs []error
	if len(workdays) == 0 {
		workdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	}
	for _, w := range workdays {
		if w < time.Sunday || w > time.Saturday {
			errs = append(errs, fmt.Errorf("workday %d is not a weekday (0 = Sunday … 6 = Saturday)", int(w)))
			continue
		}
		c.workdays[w] = true
	}
	for _, h := range holidays {
		if h != MakeDate(h.Year, h.Month, h.Day) {
			errs = append(errs, fmt.Errorf("holiday %s is not a valid date", h))
			continue
		}
		c.configured[h] = configuredHoliday
	}
	if country != "" {
		code := strings.ToUpper(strings.TrimSpace(country))
		rules, ok := countryHolidays[code]
		if !ok {
			errs = append(errs, fmt.Errorf("unknown holiday country %q; supported: %s", country, strings.Join(Countries(), ", ")))
		}
		c.country, c.rules = code, rules
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("new calendar: %w", err)
	}
	return c, nil
}

// Country returns the normalised country code of the calendar, or "" for none.
func (c *Calendar) Country() string { return c.country }

// IsWorkday reports whether d falls on a configured workday of the week,
// regardless of holidays.
func (c *Calendar) IsWorkday(d Date) bool {
	return c.workdays[d.Weekday()]
}

// IsHoliday reports whether d is a configured holiday or a public holiday of
// the calendar's country (on the day itself or the day it is observed), and its name.
func (c *Calendar) IsHoliday(d Date) (name string, ok bool) {
	if name, ok := c.configured[d]; ok {
		return name, true
	}
	if len(c.rules) == 0 {
		return "", false
	}
	name, ok = c.countryYear(d.Year)[d]
	return name, ok
}

// IsBusinessDay reports whether d is a workday and not a holiday.
func (c *Calendar) IsBusinessDay(d Date) bool {
	if !c.IsWorkday(d) {
		return false
	}
	_, holiday := c.IsHoliday(d)
	return !holiday
}

// AddBusinessDays returns the date n business days after d; d itself is not
// counted, so AddBusinessDays(Friday, 1) is the following Monday when both
// are business days. A negative n counts backwards; n == 0 returns d.
func (c *Calendar) AddBusinessDays(d Date, n int) Date {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if c.IsBusinessDay(d) {
			n--
		}
	}
	return d
}

// NextBusinessDay returns the first business day on or after d.
func (c *Calendar) NextBusinessDay(d Date) Date {
	for !c.IsBusinessDay(d) {
		d = d.AddDays(1)
	}
	return d
}

// countryYear returns the country holidays that fall in year, computing them once.
func (c *Calendar) countryYear(year int) map[Date]string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m, ok := c.years[year]; ok {
		return m
	}
	if c.years == nil {
		c.years = make(map[int]map[Date]string)
	}
	m := make(map[Date]string)
	// Observed days can spill into the neighbouring year (1 January on a
	// Saturday is observed on 31 December), so look at both neighbours.
	for y := year - 1; y <= year+1; y++ {
		for _, h := range c.rules {
			actual, observed := h.Calc(y)
			addIn(m, year, actual, h.Name)
			addIn(m, year, observed, h.Name)
		}
	}
	c.years[year] = m
	return m
}

// addIn records t in m under name when t is set and falls in year.
func addIn(m map[Date]string, year int, t time.Time, name string) {
	if t.IsZero() {
		return
	}
	d := DateOf(t)
	if d.Year != year {
		return
	}
	if _, dup := m[d]; !dup {
		m[d] = name
	}
}
