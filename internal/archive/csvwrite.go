package archive

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/followup"
)

// csvHeader are the columns of the CSV export; ReadCSV reads them back.
var csvHeader = []string{"id", "company", "role", "date", "time_zone", "duration_minutes", "status", "outcome",
	"contact_name", "contact_email", "interviewers", "contacts", "next_steps", "notes", "next_follow_up"}

// WriteCSV writes one row per interview, for spreadsheets: its date in its
// own zone, the first interviewer as the contact, every person as
// "Name <address>" separated by "; ", and the next open follow-up. status
// is the status as of now.
func WriteCSV(w io.Writer, doc Document, now time.Time) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	for _, in := range doc.Interviews {
		if err := cw.Write(csvRow(in, now)); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

func csvRow(in Interview, now time.Time) []string {
	date := in.Start
	if t, err := time.Parse(time.RFC3339, in.Start); err == nil {
		date = t.Format("2006-01-02 15:04")
		if loc, err := time.LoadLocation(in.TimeZone); err == nil {
			date = t.In(loc).Format("2006-01-02 15:04")
		}
		if in.Status == string(followup.StatusUpcoming) && !now.Before(t) {
			in.Status = string(followup.StatusAwaiting)
		}
	}
	var name, email string
	if len(in.Interviewers) > 0 {
		name, email = in.Interviewers[0].Name, in.Interviewers[0].Email
	}
	return []string{in.ID, in.Company, in.Role, date, in.TimeZone, strconv.FormatInt(in.DurationSeconds/60, 10),
		in.Status, in.Outcome, name, email, personList(in.Interviewers), personList(in.Contacts),
		in.NextSteps, in.Notes, nextFollowUp(in.Actions)}
}

func personList(ps []followup.Person) string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		if p.Name == "" {
			out = append(out, p.Email)
		} else {
			out = append(out, displayName(p.Name)+" <"+p.Email+">")
		}
	}
	return strings.Join(out, "; ")
}

// nextFollowUp reads like "check-in 2026-11-30 09:00".
func nextFollowUp(acs []Action) string {
	for _, a := range acs {
		if a.State != string(followup.StatePending) {
			continue
		}
		due := a.Due
		if t, err := time.Parse(time.RFC3339, a.Due); err == nil {
			due = t.Format("2006-01-02 15:04")
		}
		return a.Kind + " " + due
	}
	return ""
}

// displayName quotes a name that holds characters with a meaning in an
// address ("Roe, Jane"), as RFC 5322 does, so that it reads back.
func displayName(name string) string {
	if !strings.ContainsAny(name, `,;<>"@()[]:\.`) {
		return name
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(name) + `"`
}
