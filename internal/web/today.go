package web

import (
	"net/http"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/mailer"
	"github.com/followup-dev/followup/internal/store"
)

// line is a follow-up with its interview, for the today view.
type line struct {
	followup.Action
	Company string
	Overdue bool
}

// outLine is an outbox row for the today view.
type outLine struct {
	store.OutboxItem
	Subject string
}

type todayData struct {
	AutoSend bool
	Due      []line    // due by tonight: sent by the daemon with auto_send, else waiting for approval
	Drafted  []line    // drafted, waiting for the user to send
	Outbox   []outLine // queued or deferred: goes out
	Review   []line    // follow-ups held for the user's decision
	Held     []outLine // messages held for review
	Paused   bool
}

// today is GET /today: what goes out, what waits for approval, what needs review.
func (s *Server) today(w http.ResponseWriter, r *http.Request) {
	data, err := s.loadToday(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "today", data)
}

func (s *Server) loadToday(r *http.Request) (todayData, error) {
	ctx, st := r.Context(), s.svc().Store
	d := todayData{AutoSend: s.svc().Config.Policy.AutoSend}
	names, err := s.companies(r)
	if err != nil {
		return d, err
	}
	due, err := st.ActionsDueBefore(ctx, s.endOfToday())
	if err != nil {
		return d, err
	}
	d.Due = s.lines(due, names)
	drafted, err := st.ActionsInState(ctx, followup.StateDrafted)
	if err != nil {
		return d, err
	}
	d.Drafted = s.lines(drafted, names)
	review, err := st.ActionsInState(ctx, followup.StateNeedsReview)
	if err != nil {
		return d, err
	}
	d.Review = s.lines(review, names)
	if d.Outbox, err = outLines(r, st, store.OutboxQueued, store.OutboxDeferred); err != nil {
		return d, err
	}
	if d.Held, err = outLines(r, st, store.OutboxNeedsReview, store.OutboxUnknown); err != nil {
		return d, err
	}
	_, d.Paused, err = s.svc().Outbox.Paused(ctx)
	return d, err
}

// endOfToday is midnight tonight in the user's zone.
func (s *Server) endOfToday() time.Time {
	n := s.now().In(s.loc())
	return time.Date(n.Year(), n.Month(), n.Day()+1, 0, 0, 0, 0, n.Location())
}

// companies maps interview ids to company names.
func (s *Server) companies(r *http.Request) (map[string]string, error) {
	ivs, err := s.svc().Store.ListInterviews(r.Context(), store.Filter{})
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(ivs))
	for _, iv := range ivs {
		m[iv.ID] = iv.Company
	}
	return m, nil
}

func (s *Server) lines(acs []followup.Action, names map[string]string) []line {
	now := s.now()
	out := make([]line, 0, len(acs))
	for _, ac := range acs {
		ac.Due = ac.Due.In(s.loc())
		out = append(out, line{Action: ac, Company: names[ac.InterviewID], Overdue: ac.State.Open() && ac.Due.Before(now)})
	}
	return out
}

func outLines(r *http.Request, st *store.Store, states ...store.OutboxState) ([]outLine, error) {
	rows, err := st.ListOutbox(r.Context(), states...)
	if err != nil {
		return nil, err
	}
	out := make([]outLine, 0, len(rows))
	for _, it := range rows {
		out = append(out, outLine{OutboxItem: it, Subject: subjectOf(it.Raw)})
	}
	return out, nil
}

// subjectOf is a stored message's subject; "" when it cannot be read.
func subjectOf(raw []byte) string {
	m, err := mailer.ReadMessage(raw)
	if err != nil {
		return ""
	}
	return m.Subject
}
