package archive

import (
	"fmt"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/followup"
)

// columns maps each field to its column index.
type columns struct {
	index  map[string]int
	header []string
}

func mapColumns(header []string, user map[string]string) (columns, []string, error) {
	byHeader := map[string]string{}
	for h, f := range user {
		if !knownField(f) {
			return columns{}, nil, &Error{Msg: fmt.Sprintf("--map %s=%s: no field %q; fields are %s", h, f, f, strings.Join(Fields, ", "))}
		}
		byHeader[normalize(h)] = f
	}
	c := columns{index: map[string]int{}, header: header}
	var ignored []string
	for i, h := range header {
		field, ok := byHeader[normalize(h)]
		if !ok {
			field, ok = headerNames[normalize(h)]
		}
		if !ok || field == FieldIgnore {
			ignored = append(ignored, h)
			continue
		}
		if j, dup := c.index[field]; dup {
			return columns{}, nil, &Error{Line: 1, Msg: fmt.Sprintf("columns %q and %q both read as %s: keep one with --map %q=ignore", header[j], h, field, h)}
		}
		c.index[field] = i
	}
	for _, f := range []string{FieldCompany, FieldRole, FieldDate} {
		if _, ok := c.index[f]; !ok {
			return columns{}, nil, &Error{Line: 1, Msg: fmt.Sprintf("no column reads as %s (the header has %s): name it with --map COLUMN=%s", f, quoteAll(header), f)}
		}
	}
	return c, ignored, nil
}

func knownField(f string) bool {
	for _, k := range Fields {
		if f == k {
			return true
		}
	}
	return false
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// get is the trimmed value of field in rec, "" when there is no such column.
func (c columns) get(rec []string, field string) string {
	i, ok := c.index[field]
	if !ok || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// colErr names the column a bad value came from.
func (c columns) colErr(field, msg string) error {
	return fmt.Errorf("column %q: %s", c.header[c.index[field]], msg)
}

func (c columns) interview(rec []string, local *time.Location) (*followup.Interview, error) {
	loc := local
	if z := c.get(rec, FieldZone); z != "" {
		l, err := time.LoadLocation(z)
		if err != nil || z == "Local" {
			return nil, c.colErr(FieldZone, fmt.Sprintf("%q is not an IANA time zone such as Europe/Berlin", z))
		}
		loc = l
	}
	start, err := parseWhen(c.get(rec, FieldDate), c.get(rec, FieldTime), loc)
	if err != nil {
		return nil, c.colErr(FieldDate, err.Error())
	}
	iv := &followup.Interview{Company: c.get(rec, FieldCompany), Role: c.get(rec, FieldRole), Start: start,
		Duration: 45 * time.Minute, NextSteps: c.get(rec, FieldNextSteps), Notes: c.get(rec, FieldNotes)}
	if d := c.get(rec, FieldDuration); d != "" {
		if iv.Duration, err = parseLength(d); err != nil {
			return nil, c.colErr(FieldDuration, err.Error())
		}
	}
	if err := c.status(rec, iv); err != nil {
		return nil, err
	}
	if err := c.people(rec, iv); err != nil {
		return nil, err
	}
	if err := iv.Validate(); err != nil {
		return nil, err
	}
	return iv, nil
}

func (c columns) status(rec []string, iv *followup.Interview) error {
	st, out, ok := statusOf(c.get(rec, FieldStatus))
	if !ok {
		return c.colErr(FieldStatus, fmt.Sprintf("%q is not a status followup knows: use applied, interviewing, replied, ghosted, offer, rejected or withdrawn, or leave the column out with --map %q=ignore",
			c.get(rec, FieldStatus), c.header[c.index[FieldStatus]]))
	}
	if o := c.get(rec, FieldOutcome); o != "" {
		_, oo, ok := statusOf(o)
		if !ok || oo == "" {
			return c.colErr(FieldOutcome, fmt.Sprintf("%q is not an outcome: use offer, rejected or withdrawn", o))
		}
		st, out = followup.StatusClosed, oo
	}
	iv.Status, iv.Outcome = st, out
	return nil
}

// statusOf reads the status words of trackers; "" means "work it out from
// the date".
func statusOf(s string) (followup.Status, followup.Outcome, bool) {
	switch strings.ToLower(strings.Join(strings.Fields(s), " ")) {
	case "", "applied", "application", "interview", "interviewing", "interviewed", "scheduled", "phone screen", "screen",
		"screening", "onsite", "on-site", "in progress", "in-progress", "active", "upcoming", "awaiting", "waiting", "wishlist", "saved":
		return "", "", true
	case "replied", "heard back", "responded":
		return followup.StatusReplied, "", true
	case "quiet", "ghosted", "no response", "no reply":
		return followup.StatusQuiet, "", true
	case "offer", "offered", "accepted", "hired":
		return followup.StatusClosed, followup.OutcomeOffer, true
	case "rejected", "rejection", "declined", "not selected", "no offer", "turned down":
		return followup.StatusClosed, followup.OutcomeRejected, true
	case "withdrawn", "withdrew", "withdraw":
		return followup.StatusClosed, followup.OutcomeWithdrawn, true
	case "closed":
		return followup.StatusClosed, "", true
	}
	return "", "", false
}

// people reads the interviewers: the interviewers list, else the contact
// (the person the thank-you goes to); and the contacts list.
func (c columns) people(rec []string, iv *followup.Interview) error {
	var err error
	if iv.Interviewers, err = personListOf(c.get(rec, FieldInterviewers), followup.RoleInterviewer); err != nil {
		return c.colErr(FieldInterviewers, err.Error())
	}
	if iv.Contacts, err = personListOf(c.get(rec, FieldContacts), followup.RoleContact); err != nil {
		return c.colErr(FieldContacts, err.Error())
	}
	if len(iv.Interviewers) > 0 {
		return nil
	}
	name, email := c.get(rec, FieldContactName), c.get(rec, FieldContactEmail)
	if email == "" && strings.Contains(name, "@") {
		name, email = "", name
	}
	if email == "" {
		return fmt.Errorf("no contact email: the thank-you needs an address; fill the email column, or name one with --map COLUMN=contact_email")
	}
	v := email
	if name != "" {
		v = fmt.Sprintf("%q <%s>", name, email)
	}
	p, err := followup.ParsePerson("contact email", v, followup.RoleInterviewer)
	if err != nil {
		return err
	}
	iv.Interviewers = []followup.Person{p}
	return nil
}

func personListOf(s string, role followup.PersonRole) ([]followup.Person, error) {
	var out []followup.Person
	for _, part := range splitOutsideQuotes(s, ';') {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		p, err := followup.ParsePerson(string(role), part, role)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// splitOutsideQuotes splits s at sep where sep is not inside a quoted name.
func splitOutsideQuotes(s string, sep rune) []string {
	var out []string
	var cur strings.Builder
	quoted, escaped := false, false
	for _, r := range s {
		switch {
		case escaped:
			escaped = false
		case r == '\\' && quoted:
			escaped = true
		case r == '"':
			quoted = !quoted
		case r == sep && !quoted:
			out = append(out, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteRune(r)
	}
	return append(out, cur.String())
}
