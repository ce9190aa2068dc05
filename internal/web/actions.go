package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/outbox"
	"github.com/followup-dev/followup/internal/plan"
	"github.com/followup-dev/followup/internal/usage"
)

// Every form posts here and is answered with a redirect to the page it
// came from (post/redirect/get), or with a page saying in one line what
// was wrong. Each goes through the same use case as its CLI command.

// close is `followup close ID --outcome O`.
func (s *Server) close(w http.ResponseWriter, r *http.Request) {
	s.saveInterview(w, r, func(iv *followup.Interview) error {
		o, err := followup.ParseOutcome(r.PostFormValue("outcome"))
		if err != nil {
			return err
		}
		iv.Close(o, s.now())
		return nil
	})
}

// edit is `followup edit ID --company --role --next-steps --notes`: the
// fields typed on the interview page; new next steps replan the follow-ups.
func (s *Server) edit(w http.ResponseWriter, r *http.Request) {
	s.saveInterview(w, r, func(iv *followup.Interview) error {
		iv.Company = strings.TrimSpace(r.PostFormValue("company"))
		iv.Role = strings.TrimSpace(r.PostFormValue("role"))
		iv.NextSteps = strings.TrimSpace(r.PostFormValue("next_steps"))
		iv.Notes = strings.TrimSpace(r.PostFormValue("notes"))
		return iv.Validate()
	})
}

// logSignals is `followup log ID`: the five signals.
func (s *Server) logSignals(w http.ResponseWriter, r *http.Request) {
	s.saveInterview(w, r, func(iv *followup.Interview) error {
		return readSignals(r, &iv.Signals)
	})
}

func readSignals(r *http.Request, sig *followup.Signals) error {
	if v := strings.TrimSpace(r.PostFormValue("overrun")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < -600 || n > 600 {
			return &followup.FieldError{Field: "overrun", Value: v, Hint: "minutes past the scheduled end, e.g. 15 or -5"}
		}
		sig.OverrunMinutes = &n
	}
	var err error
	if sig.Engagement, err = followup.ParseLevel("engagement", r.PostFormValue("engagement")); err != nil {
		return err
	}
	if sig.OffScript, err = followup.ParseLevel("off-script", r.PostFormValue("off_script")); err != nil {
		return err
	}
	if sig.NextStepsClarity, err = followup.ParseClarity(r.PostFormValue("clarity")); err != nil {
		return err
	}
	sig.Concerns = r.PostFormValue("concerns")
	return followup.CheckText("concerns", sig.Concerns)
}

// saveInterview loads the interview of the path, changes it with edit and
// stores it with its new plan (plan.Planner.Save, as `followup edit`).
func (s *Server) saveInterview(w http.ResponseWriter, r *http.Request, edit func(*followup.Interview) error) {
	iv, err := s.getInterview(r, r.PathValue("id"))
	if err == nil {
		err = edit(iv)
	}
	if err == nil {
		err = s.svc().Planner.Save(r.Context(), iv)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/interview/"+iv.ID, http.StatusSeeOther)
}

// preview is `followup send ID --dry-run`: the messages as they would go.
func (s *Server) preview(w http.ResponseWriter, r *http.Request) {
	req := outbox.SendRequest{InterviewID: r.PathValue("id")}
	if n, err := strconv.ParseInt(r.PostFormValue("action"), 10, 64); err == nil && n > 0 {
		req = outbox.SendRequest{ActionID: n}
	}
	ap, err := s.svc().Outbox.Approve(r.Context(), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "preview", previewData{ID: r.PathValue("id"), Action: req.ActionID, Messages: previews(ap), Notes: ap.Notes})
}

type previewData struct {
	ID       string
	Action   int64
	Messages []previewMessage
	Notes    []string
}

type previewMessage struct {
	To, Subject, Body string
}

func previews(ap *outbox.Approval) []previewMessage {
	out := make([]previewMessage, 0, len(ap.Messages))
	for _, c := range ap.Messages {
		pm := previewMessage{To: c.To.Email, Subject: c.Subject}
		if m, err := mailer.ReadMessage(c.Raw); err == nil {
			pm.Body = m.Text
		}
		out = append(out, pm)
	}
	return out
}

// send is `followup send ACTION --yes`: approve and send one follow-up now.
func (s *Server) send(w http.ResponseWriter, r *http.Request) {
	id, err := actionID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ob := s.svc().Outbox
	if ob.NewSender == nil {
		s.fail(w, r, usage.Errorf("sending needs the [smtp] section of the config; the daemon drafts instead"))
		return
	}
	ap, err := ob.Approve(r.Context(), outbox.SendRequest{ActionID: id})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err := ob.SendApproved(r.Context(), ap)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	text := fmt.Sprintf("%d sent", rep.Sent)
	if missed := rep.Deferred + rep.Failed + rep.Unknown + rep.NeedsReview; missed > 0 {
		text += fmt.Sprintf(", %d not sent: see the outbox on the today page", missed)
	}
	s.render(w, r, http.StatusOK, "message", message{Title: "Sent", Text: strings.Join(append([]string{text}, ap.Notes...), "; "), Back: back(r)})
}

// snooze is `followup snooze ACTION --until`: for the number of days the
// form gives, from now.
func (s *Server) snooze(w http.ResponseWriter, r *http.Request) {
	days := r.PostFormValue("days")
	n, err := strconv.Atoi(days)
	if err != nil || n < 1 || n > 90 {
		s.fail(w, r, &followup.FieldError{Field: "days", Value: days, Hint: "snooze for 1 to 90 days"})
		return
	}
	s.decide(w, r, plan.Decision{Kind: followup.OverrideSnooze, At: s.now().Add(time.Duration(n) * 24 * time.Hour)}, false)
}

// skip is `followup skip ACTION`.
func (s *Server) skip(w http.ResponseWriter, r *http.Request) {
	s.decide(w, r, plan.Decision{Kind: followup.OverrideSkip}, false)
}

// undo is `followup snooze ACTION --undo`.
func (s *Server) undo(w http.ResponseWriter, r *http.Request) {
	s.decide(w, r, plan.Decision{}, true)
}

func (s *Server) decide(w http.ResponseWriter, r *http.Request, d plan.Decision, forget bool) {
	id, err := actionID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.ActionID = id
	pl := s.svc().Planner
	var ac followup.Action
	if forget {
		ac, err = pl.Forget(r.Context(), id)
	} else {
		ac, err = pl.Decide(r.Context(), d)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/interview/"+ac.InterviewID, http.StatusSeeOther)
}

func actionID(r *http.Request) (int64, error) {
	v := r.PathValue("n")
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, &followup.FieldError{Field: "follow-up number", Value: v, Hint: "use a number from the interview page"}
	}
	return n, nil
}

// pause is `followup pause`; resume is `followup resume`.
func (s *Server) pause(w http.ResponseWriter, r *http.Request) {
	s.afterward(w, r, s.svc().Outbox.Pause(r.Context()))
}

func (s *Server) resume(w http.ResponseWriter, r *http.Request) {
	s.afterward(w, r, s.svc().Outbox.Resume(r.Context()))
}

func (s *Server) afterward(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, back(r), http.StatusSeeOther)
}
