package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/followup"
)

// addForm is the add form's fields, as typed, and the one problem found.
type addForm struct {
	Company, Role, At, Zone, Minutes string
	Interviewers, Contacts           string // "Name <email>", one a line
	NextSteps, Notes                 string
	Problem                          string
}

// addForm is GET /add.
func (s *Server) addForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "add", addForm{Zone: s.loc().String(), Minutes: "45"})
}

// add is `followup add`: POST /add stores the interview with its plan
// (plan.Planner.Add) and opens it; a bad field shows the form again with
// what was typed and what is wrong.
func (s *Server) add(w http.ResponseWriter, r *http.Request) {
	f := addForm{Company: r.PostFormValue("company"), Role: r.PostFormValue("role"), At: r.PostFormValue("at"),
		Zone: r.PostFormValue("zone"), Minutes: r.PostFormValue("minutes"),
		Interviewers: r.PostFormValue("interviewers"), Contacts: r.PostFormValue("contacts"),
		NextSteps: r.PostFormValue("next_steps"), Notes: r.PostFormValue("notes")}
	iv, err := f.interview(s.now())
	var id string
	if err == nil {
		id, err = s.svc().Planner.Add(r.Context(), iv)
	}
	if err != nil {
		if fe := (*followup.FieldError)(nil); asField(err, &fe) {
			f.Problem = err.Error()
			s.render(w, r, http.StatusUnprocessableEntity, "add", f)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/interview/"+id, http.StatusSeeOther)
}

// interview reads the form into an interview, checking each field.
func (f addForm) interview(now time.Time) (*followup.Interview, error) {
	loc, err := time.LoadLocation(strings.TrimSpace(f.Zone))
	if err != nil || strings.TrimSpace(f.Zone) == "" || f.Zone == "Local" {
		return nil, &followup.FieldError{Field: "time zone", Value: f.Zone, Hint: `use an IANA name such as "Europe/Berlin"`}
	}
	start, err := time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(f.At), loc)
	if err != nil {
		return nil, &followup.FieldError{Field: "start", Value: f.At, Hint: "pick a date and a time"}
	}
	if start.Before(now.AddDate(-10, 0, 0)) || start.After(now.AddDate(10, 0, 0)) {
		return nil, &followup.FieldError{Field: "start", Value: f.At, Hint: "more than 10 years from today; check the year"}
	}
	mins, err := strconv.Atoi(strings.TrimSpace(f.Minutes))
	if err != nil || mins < 1 || mins > 24*60 {
		return nil, &followup.FieldError{Field: "length", Value: f.Minutes, Hint: "minutes, from 1 to 1440"}
	}
	ivs, err := people("interviewer", f.Interviewers, followup.RoleInterviewer)
	if err != nil {
		return nil, err
	}
	contacts, err := people("contact", f.Contacts, followup.RoleContact)
	if err != nil {
		return nil, err
	}
	iv := &followup.Interview{Company: strings.TrimSpace(f.Company), Role: strings.TrimSpace(f.Role), Start: start,
		Duration: time.Duration(mins) * time.Minute, Interviewers: ivs, Contacts: contacts,
		NextSteps: strings.TrimSpace(f.NextSteps), Notes: strings.TrimSpace(f.Notes)}
	return iv, iv.Validate()
}

// people reads "Name <email>" lines.
func people(field, text string, role followup.PersonRole) ([]followup.Person, error) {
	var out []followup.Person
	for l := range strings.Lines(text) {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		p, err := followup.ParsePerson(field, l, role)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func asField(err error, target **followup.FieldError) bool { return errors.As(err, target) }
