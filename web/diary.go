package web

import (
	"errors"
	"net/http"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// diaryPage is the evening work diary: the day's figures from the records, the person's note on the day
// and plan for tomorrow, and tomorrow's tasks.
func (s *Server) diaryPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	v := s.newView(r, p)
	v.Nav = "home"
	today := domain.Today(v.Now)
	status := http.StatusOK
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
		err := s.store.SaveDiary(r.Context(), p.Staff.ID, today, r.PostFormValue("summary"), r.PostFormValue("plan"))
		switch {
		case textProblem(err) != nil:
			v.Error, status = inputMessage(v.Lang, textProblem(err)), http.StatusBadRequest
		case errors.Is(err, store.ErrInvalid):
			v.Error = v.T("diary.tooLong")
		case err != nil:
			s.serverError(w, r, p, err)
			return
		default:
			http.Redirect(w, r, "/diary?flash=diary", http.StatusSeeOther)
			return
		}
	}
	d, err := s.store.DiaryOf(r.Context(), p.Staff.ID, today)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	tomorrow, err := s.store.TasksBetween(r.Context(), p.Scope, p.Staff.ID, p.Staff.Role, today.AddDays(1), today.AddDays(1), 100)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	v.Data = struct {
		D        store.Diary
		Tomorrow []store.TaskView
	}{d, tomorrow}
	s.render(w, r, status, "diary.html", v)
}
