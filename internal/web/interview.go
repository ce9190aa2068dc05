package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/nextstep"
	"github.com/followup-dev/followup/internal/plan"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

// step is one follow-up on the interview's timeline.
type step struct {
	followup.Action
	Decision string // "snoozed until …", "skipped"; "" without one
	Open     bool   // the user may still send, snooze or skip it
	Undo     bool   // a decision the user may withdraw
	Overdue  bool
}

type interviewData struct {
	IV       *followup.Interview
	Status   followup.Status
	Readings []followup.Reading
	Promise  nextstep.Result
	Steps    []step
	Messages []store.Message
	Replies  []store.Reply
	Outcomes []followup.Outcome
}

// interview is GET /interview/{id}: everything about one interview.
func (s *Server) interview(w http.ResponseWriter, r *http.Request) {
	data, err := s.loadInterview(r, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "interview", data)
}

// getInterview loads one interview; an unknown id is a usage error.
func (s *Server) getInterview(r *http.Request, id string) (*followup.Interview, error) {
	if !followup.ValidID(id) {
		return nil, usage.Errorf("%q is not an interview id", id)
	}
	iv, err := s.svc().Store.GetInterview(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, usage.Errorf("unknown interview %q: it may have been removed", id)
	}
	return iv, err
}

func (s *Server) loadInterview(r *http.Request, id string) (interviewData, error) {
	ctx, st := r.Context(), s.svc().Store
	iv, err := s.getInterview(r, id)
	if err != nil {
		return interviewData{}, err
	}
	iv.Start = iv.Start.In(s.loc())
	d := interviewData{IV: iv, Status: iv.CurrentStatus(s.now()),
		Readings: iv.Signals.Read(strings.TrimSpace(iv.NextSteps) != ""),
		Outcomes: []followup.Outcome{followup.OutcomeOffer, followup.OutcomeRejected, followup.OutcomeWithdrawn}}
	if d.Promise, err = plan.PromiseOf(s.svc().Config, iv); err != nil {
		return d, err
	}
	if d.Steps, err = s.steps(r, iv.ID); err != nil {
		return d, err
	}
	if d.Messages, err = st.Messages(ctx, iv.ID); err != nil {
		return d, err
	}
	d.Replies, err = st.Replies(ctx, iv.ID)
	return d, err
}

// steps is the interview's follow-ups with the user's decisions on them.
func (s *Server) steps(r *http.Request, id string) ([]step, error) {
	st := s.svc().Store
	acs, err := st.Actions(r.Context(), id)
	if err != nil {
		return nil, err
	}
	ovs, err := st.Overrides(r.Context(), id)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := make([]step, 0, len(acs))
	for _, ac := range acs {
		ac.Due = ac.Due.In(s.loc())
		sp := step{Action: ac, Open: ac.State.Open() || ac.State == followup.StateDrafted, Overdue: ac.State.Open() && ac.Due.Before(now)}
		for _, o := range ovs {
			if o.Key == ac.Key && o.InEffect(ac) {
				sp.Decision, sp.Undo = o.Label(s.loc()), true
			}
		}
		out = append(out, sp)
	}
	return out, nil
}
