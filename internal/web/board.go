package web

import (
	"context"
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
	sums, err := st.ListSummaries(ctx)
	if err != nil {
		return boardData{}, err
	}
	now, loc := s.now(), s.loc()
	byStatus := map[followup.Status][]store.Summary{}
	for _, sm := range sums {
		status := sm.CurrentStatus(now)
		byStatus[status] = append(byStatus[status], sm)
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
		data.Columns = append(data.Columns, paginate(status, byStatus[status], page, s.opts.PageSize, now, loc))
	}
	if err := fillCards(ctx, st, data.Columns, now); err != nil {
		return boardData{}, err
	}
	_, data.Paused, err = s.svc().Outbox.Paused(ctx)
	return data, err
}

// fillCards reads the next action of the cards shown, and only of those:
// a board over 10,000 interviews shows a page of each column.
func fillCards(ctx context.Context, st *store.Store, cols []column, now time.Time) error {
	var ids []string
	for _, col := range cols {
		for _, c := range col.Cards {
			ids = append(ids, c.ID)
		}
	}
	next, err := st.NextPendingOf(ctx, ids)
	if err != nil {
		return err
	}
	for _, col := range cols {
		for i := range col.Cards {
			setNext(&col.Cards[i], next[col.Cards[i].ID], now)
		}
	}
	return nil
}

func newCard(sm store.Summary, now time.Time, loc *time.Location) card {
	return card{ID: sm.ID, Company: sm.Company, Role: sm.Role, Start: sm.Start.In(loc),
		DaysSince: int(now.Sub(sm.Start).Hours() / 24)}
}

func setNext(c *card, next followup.Action, now time.Time) {
	if next.ID != 0 {
		next.Due = next.Due.In(c.Start.Location())
		c.Next, c.Overdue = &next, next.Due.Before(now)
	}
}

// paginate is one page of a column, its cards without their next action
// (fillCards reads those).
func paginate(status followup.Status, sums []store.Summary, page, size int, now time.Time, loc *time.Location) column {
	col := column{Status: status, Total: len(sums), Page: page}
	from := min((page-1)*size, len(sums))
	to := min(from+size, len(sums))
	col.More = to < len(sums)
	for _, sm := range sums[from:to] {
		col.Cards = append(col.Cards, newCard(sm, now, loc))
	}
	return col
}

func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return def
	}
	return n
}
