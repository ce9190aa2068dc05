package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
)

// card is one interview on the board.
type card struct {
	ID, Company, Role string
	Start             time.Time
	DaysSince         int // days since the interview; negative before it
	Next              *followup.Action
	Overdue           bool
}

// column is the interviews of one status, one page of them.
type column struct {
	Status followup.Status
	Cards  []card
	Total  int
	Page   int // 1-based
	More   bool
}

type boardData struct {
	Columns []column
	Paused  bool
}

// board is GET /: the interviews by status. ?status=S&page=N pages
// through one status.
func (s *Server) board(w http.ResponseWriter, r *http.Request) {
	only, pageNo := r.URL.Query().Get("status"), atoiOr(r.URL.Query().Get("page"), 1)
	data, err := s.loadBoard(r, only, pageNo)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "board", data)
}

func (s *Server) loadBoard(r *http.Request, only string, pageNo int) (boardData, error) {
	ctx, st := r.Context(), s.svc().Store
	ivs, err := st.ListInterviews(ctx, store.Filter{})
	if err != nil {
		return boardData{}, err
	}
	next, err := st.NextPendingByInterview(ctx)
	if err != nil {
		return boardData{}, err
	}
	now, loc := s.now(), s.loc()
	byStatus := map[followup.Status][]card{}
	for _, iv := range ivs {
		c := newCard(iv, next[iv.ID], now, loc)
		status := iv.CurrentStatus(now)
		byStatus[status] = append(byStatus[status], c)
	}
	var data boardData
	for _, status := range followup.Statuses {
		if only != "" && string(status) != only {
			continue
		}
		page := 1
		if only != "" {
			page = pageNo
		}
		data.Columns = append(data.Columns, paginate(status, byStatus[status], page, s.opts.PageSize))
	}
	_, data.Paused, err = s.svc().Outbox.Paused(ctx)
	return data, err
}

func newCard(iv *followup.Interview, next followup.Action, now time.Time, loc *time.Location) card {
	c := card{ID: iv.ID, Company: iv.Company, Role: iv.Role, Start: iv.Start.In(loc),
		DaysSince: int(now.Sub(iv.Start).Hours() / 24)}
	if next.ID != 0 {
		next.Due = next.Due.In(loc)
		c.Next, c.Overdue = &next, next.Due.Before(now)
	}
	return c
}

func paginate(status followup.Status, cards []card, page, size int) column {
	col := column{Status: status, Total: len(cards), Page: page}
	from := (page - 1) * size
	if from > len(cards) {
		from = len(cards)
	}
	to := min(from+size, len(cards))
	col.Cards, col.More = cards[from:to], to < len(cards)
	return col
}

func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return def
	}
	return n
}
