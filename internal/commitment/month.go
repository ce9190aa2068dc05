package commitment

import (
	"github.com/followup-dev/followup/internal/calendar"
)

// DayNumberAt reports whether token k can be a day of the month.
func (p *Parser) DayNumberAt(k int) bool {
	t := p.At(k)
	return (t.Kind == KindNum && t.digits <= 2 || t.Kind == KindOrd) && t.Num >= 1 && t.Num <= 31
}

// OptionalYear reads a four-digit year at k, possibly after a comma.
func (p *Parser) OptionalYear(k int) (year, next int) {
	j := p.Skip(k, ",")
	if t := p.At(j); t.Kind == KindNum && t.digits == 4 && t.Num >= 1900 && t.Num <= 2999 {
		return int(t.Num), j + 1
	}
	return 0, k
}

// NotBeforeRef returns d, or the reference date when d is before it: a part
// of the current month that has already passed means "now".
func (p *Parser) NotBeforeRef(d calendar.Date) calendar.Date {
	if d.Before(p.Ref) {
		return p.Ref
	}
	return d
}
